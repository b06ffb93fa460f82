// The search page's result list: the cards (one per service until the reader's region is chosen), highlighted names,
// badges and the filter values' labels (with the plain words beside the official terms), and the list's own keys
// (arrows move, Escape returns to the box) and its region choice. search.mjs decides what to show.
const root = document.getElementById("bs-search");
const siteRoot = new URL(root.dataset.root || "../", new URL(".", location.href));
const input = root.querySelector("#bs-search-q");
const results = root.querySelector(".bs-results");
const servicePage = root.dataset.servicePage || ""; // a service's page, "CODE" standing for its basic code (address/paths.py)

// Plain words beside the official terms (generator/model/plain.py, in data-plain): filters and badges say both.
export const PLAIN = JSON.parse(root.dataset.plain || "{}");
export const FACET_TERMS = { tier: "行使层级", case_type: "办件类型" };
const plainOf = (term, value) => PLAIN.values?.[term]?.[value] || "";

export const escapeHTML = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Mark every character of text covered by one of the (normalized) tokens, escaping the rest. */
export function highlightTokens(text, tokens) {
  const chars = [...String(text)];
  const lower = chars.map((c) => c.normalize("NFKC").toLowerCase());
  const marked = new Array(chars.length).fill(false);
  for (const token of tokens) {
    const t = [...token];
    for (let i = 0; i + t.length <= lower.length; i++) {
      if (t.every((c, k) => lower[i + k] === c)) for (let k = 0; k < t.length; k++) marked[i + k] = true;
    }
  }
  let out = "";
  let open = false;
  chars.forEach((c, i) => {
    if (marked[i] !== open) {
      out += open ? "</mark>" : "<mark>";
      open = marked[i];
    }
    out += escapeHTML(c);
  });
  return open ? out + "</mark>" : out;
}

function safeHref(url) {
  try {
    const target = new URL(String(url), siteRoot);
    return target.origin === location.origin ? target.href : null;
  } catch {
    return null;
  }
}

export function facetLabel(facet, value) {
  if (facet === "fully_online") return value === "true" ? "全程网办" : "需线下办理";
  if (facet === "onsite_visits") return value === "0" ? "不用跑现场" : `跑 ${value} 次`;
  if (facet === "tier") return [`${value}级`, plainOf("行使层级", value)].filter(Boolean).join(" · ");
  if (FACET_TERMS[facet]) return [value, plainOf(FACET_TERMS[facet], value)].filter(Boolean).join(" · ");
  return value;
}

function badges(hit) {
  const out = [];
  if (hit.kind === "bundle") out.push("一件事一次办");
  if (hit.tier) out.push(plainOf("行使层级", hit.tier) || `${hit.tier}级`);
  if (hit.fully_online) out.push("全程网办");
  else if (hit.onsite_visits === 0) out.push("不用跑现场");
  if (hit.promised_limit) out.push(`承诺 ${hit.promised_limit}`);
  if (hit.fee) out.push(hit.fee);
  return out.map((b) => `<span class="bs-badge">${escapeHTML(b)}</span>`).join("");
}

/** Without a chosen region, one card per service: the same service in several regions is one result that leads to
 * its service page (every office, the reader's first once chosen) and asks for the reader's region, instead of
 * the first region's office picked silently. `places` is how many regions of the answer offer it. */
function oneCardPerService(hits) {
  const cards = new Map();
  for (const hit of hits) {
    const key = hit.kind === "bundle" || !hit.basic_code ? hit.url : `${hit.basic_code}\u0000${hit.name}`;
    const card = cards.get(key);
    if (card) card.places += 1;
    else cards.set(key, { ...hit, places: 1 });
  }
  return [...cards.values()];
}

/** The answer as result cards; returns how many cards and whether services were folded into one card each. */
export function renderHits(hits, nameHTML, query, chain) {
  const focused = [...results.querySelectorAll("a.bs-result__link")].indexOf(document.activeElement);
  const cards = chain?.length ? hits : oneCardPerService(hits);
  results.innerHTML = cards
    .map((hit) => {
      const several = hit.places > 1 && servicePage;
      const href = safeHref(several ? servicePage.replace("CODE", encodeURIComponent(hit.basic_code)) : hit.url);
      if (!href) return "";
      // one card for many offices: only what is true of all of them (no office's department, time limit or fee)
      const meta = (several ? [`${hit.places} 个地区可办理`] : [hit.region, hit.department]).filter(Boolean).map(escapeHTML).join(" · ");
      const facts = several ? "" : `<span class="bs-badges">${badges(hit)}</span>`;
      const choose = several ? `<button type="button" class="bs-result__choose" data-choose-region>选择您所在的县区</button>` : "";
      const kind = several ? " bs-result--several" : "";
      return `<li class="bs-result${kind}"><a class="bs-result__link" href="${escapeHTML(href)}"><span class="bs-result__name">${nameHTML(hit)}</span><span class="bs-result__meta">${meta}</span>${facts}</a>${choose}</li>`;
    })
    .join("");
  results.dataset.query = query; // which query these results answer (tests wait on it)
  const links = results.querySelectorAll("a.bs-result__link");
  if (focused >= 0 && links.length) links[Math.min(focused, links.length - 1)].focus(); // keep keyboard position
  return { cards: cards.length, folded: cards.length < hits.length };
}

// Keyboard: ArrowDown from the box enters the results (search.mjs), arrows move, Enter follows the link, Escape returns.
export function links() {
  return [...results.querySelectorAll("a.bs-result__link")];
}
results.addEventListener("keydown", (event) => {
  const all = links();
  const at = all.indexOf(document.activeElement);
  if (at < 0) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  } else if (event.key === "Escape") {
    input.focus();
  }
});
// 选择您所在的县区 on a result: the header's region picker (journey.mjs); choosing reloads with the region, kept.
results.addEventListener("click", (event) => {
  if (!event.target.closest("[data-choose-region]")) return;
  document.querySelector("[data-region-open]")?.click();
});
