// The reader's region (选择所在地区): `?region=<division code>` in the URL wins, then the device's memory.
// One home for the rule, imported by every script that favours the reader's region.
const KEY = "banshi.region";
const NAME_KEY = "banshi.region.name";
const CODE = /^\d{6}(\d{3})?$/;
export const PARAM = "region";

function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function currentRegion() {
  const fromUrl = new URLSearchParams(location.search).get(PARAM);
  if (fromUrl && CODE.test(fromUrl)) return fromUrl;
  const saved = stored(KEY);
  return saved && CODE.test(saved) ? saved : null;
}

/** The chosen region's name as remembered with it (shown without fetching the region list). */
export function currentRegionName() {
  const code = currentRegion();
  return code && stored(KEY) === code ? stored(NAME_KEY) : null;
}

export function setRegion(code, name) {
  try {
    if (code && CODE.test(code)) {
      if (localStorage.getItem(KEY) !== code && !name) localStorage.removeItem(NAME_KEY);
      localStorage.setItem(KEY, code);
      if (name) localStorage.setItem(NAME_KEY, name);
    } else {
      localStorage.removeItem(KEY);
      localStorage.removeItem(NAME_KEY);
    }
  } catch {
    /* storage may be disabled: the URL still carries the region */
  }
}

/** The region, then its parents up to the city: 410225101 -> [410225101, 410225, 410200]. `parents` maps a code
 *  to its parent's (the catalog's regions: assets/regions.json via parentsOf(), or understand.json), never the code's
 *  digits. The one rule of the browser; its Python twin is region_chain in generator/model/catalog.py
 *  (tests/browser/test_twins_parity.py). */
export function regionChain(code, parents) {
  const out = [];
  while (code && !out.includes(code)) {
    out.push(code);
    code = parents.get(code) ?? null;
  }
  return out;
}

/** code -> parent code, from assets/regions.json's rows [code, name, parent]. */
export function parentsOf(rows) {
  return new Map(rows.map(([code, , parent]) => [code, parent || null]));
}

/** A same-site URL with the reader's region in it (other sites, files and in-page anchors are left alone). */
export function withRegion(href, code = currentRegion()) {
  if (!code) return href;
  let url;
  try {
    url = new URL(href, location.href);
  } catch {
    return href;
  }
  if (url.origin !== location.origin || !url.pathname.endsWith("/")) return href;
  url.searchParams.set(PARAM, code);
  return url.href;
}

/** Keep the region on every internal link and search form of the page, and in the page's own URL. */
export function keepRegion(root = document) {
  const code = currentRegion();
  if (!code) return;
  const here = new URL(location.href);
  if (here.searchParams.get(PARAM) !== code) {
    here.searchParams.set(PARAM, code);
    history.replaceState(history.state, "", here.href);
  }
  for (const a of root.querySelectorAll("a[href]")) {
    const raw = a.getAttribute("href");
    if (!raw || raw.startsWith("#") || raw.startsWith("tel:") || a.hasAttribute("data-region-link")) continue;
    const next = withRegion(raw, code);
    if (next !== raw) a.setAttribute("href", next);
  }
  for (const form of root.querySelectorAll('form[role="search"]')) {
    let field = form.querySelector(`input[name="${PARAM}"]`);
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = PARAM;
      form.append(field);
    }
    field.value = code;
  }
}
