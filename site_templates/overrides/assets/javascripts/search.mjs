// Banshi search page: results as you type, highlighted matches, facets, filters in the URL, keyboard navigation,
// suggestions (an ARIA 1.2 combobox), the reader's region preferred, a zero-result page that still helps.
// Meilisearch when configured and reachable; otherwise the static index (search-static.mjs), said quietly, while
// the page checks Meilisearch in the background and switches back when it answers.
import { currentRegion } from "./region.mjs";


const root = document.getElementById("bs-search");
const config = JSON.parse(root.dataset.config || "{}");
const pageUrl = new URL(".", location.href);
const siteRoot = new URL(root.dataset.root || "../", pageUrl);
const input = root.querySelector("#bs-search-q");
const status = root.querySelector(".bs-search__status");
const modeNote = root.querySelector(".bs-search__mode");
const facetsBox = root.querySelector(".bs-facets");
const facetGroups = root.querySelector(".bs-facets__groups");
const results = root.querySelector(".bs-results");
const help = root.querySelector(".bs-search__help");
const suggest = root.querySelector(".bs-search__suggest");
const regionNote = root.querySelector(".bs-search__region");
const listbox = root.querySelector("#bs-suggest-list");
const servicePage = root.dataset.servicePage || ""; // a service's page, "CODE" standing for its basic code (address/paths.py)

const FACETS = [
  ["tier", "层级"],
  ["county", "县区"],
  ["item_type", "事项类型"],
  ["fully_online", "全程网办"],
  ["onsite_visits", "到现场次数"],
  ["fee", "是否收费"],
  ["case_type", "办件类型"],
];
const FACET_NAMES = new Set(FACETS.map(([f]) => f));
// Plain words beside the official terms (generator/model/plain.py, in data-plain): filters and badges say both.
const PLAIN = JSON.parse(root.dataset.plain || "{}");
const FACET_TERMS = { tier: "行使层级", case_type: "办件类型" };
const plainOf = (term, value) => PLAIN.values?.[term]?.[value] || "";
const FACET_LIMIT = 8;
const DEBOUNCE_MS = 150;
const SUGGEST_LIMIT = 8;
const RETRY_MS = [2000, 5000, 10000, 20000, 30000]; // background checks of Meilisearch while on the static index

const state = { q: "", filters: {} };
let backend = null; // {kind: "meili"|"static", ...}
let meiliEngine = null; // kept while on the static index, to retry
let retryTimer = 0;
let staticIndex = null;
let sequence = 0;
let controller = null;
let facetBody = null; // the Meilisearch search whose filter counts the panel shows (loadFacets)
let querySpec = null; // search/query.json: the query length cap (maxQueryChars, tooLong) both backends share

const escapeHTML = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Mark every character of text covered by one of the (normalized) tokens, escaping the rest. */
function highlightTokens(text, tokens) {
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

function facetLabel(facet, value) {
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
function renderHits(hits, nameHTML, query, chain) {
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

/** The filter panel was opened on an answer given without counts: ask for them (the same search, no hits). */
async function loadFacets() {
  if (backend?.kind !== "meili" || !facetBody || facetGroups.childElementCount) return;
  const mine = sequence;
  try {
    const counts = await backend.engine.facetCounts(facetBody, controller?.signal);
    if (mine === sequence) renderFacets(counts);
  } catch {
    // the counts stay out; the results are still shown
  }
}

function renderFacets(distribution) {
  const groups = [];
  for (const [facet, label] of FACETS) {
    const counts = distribution[facet] || {};
    const selected = state.filters[facet] || [];
    const values = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    const shown = values.slice(0, FACET_LIMIT);
    for (const v of selected) if (!shown.some(([s]) => s === v)) shown.push([v, counts[v] ?? 0]);
    if (!shown.length || (shown.length === 1 && !selected.length && values.length === 1 && facet !== "fully_online")) continue;
    const options = shown
      .map(([value, count]) => {
        const checked = selected.includes(value) ? " checked" : "";
        return `<li><label><input type="checkbox" data-facet="${escapeHTML(facet)}" value="${escapeHTML(value)}"${checked}> ${escapeHTML(facetLabel(facet, value))} <span class="bs-count">${count}</span></label></li>`;
      })
      .join("");
    groups.push(`<fieldset class="bs-facet" data-facet-group="${escapeHTML(facet)}"><legend>${escapeHTML(label)}${FACET_TERMS[facet] && PLAIN.terms?.[FACET_TERMS[facet]] ? `<span class="bs-plain-term">${escapeHTML(PLAIN.terms[FACET_TERMS[facet]])}</span>` : ""}</legend><ul>${options}</ul></fieldset>`);
  }
  facetGroups.innerHTML = groups.join("");
  facetsBox.hidden = !groups.length;
}

/** Official names closest to the query: most shared characters (of the query and of its understood words) first. */
/** Official names that share a word with the query: the catalog's vocabulary words found in it (the understanding
 * step's segments, two characters or more), never a single shared character (火星移民 suggests nothing rather than
 * 户口迁移 for 移). */
async function closestNames(query, understanding) {
  if (!understanding.vocabulary) return [];
  const { Understander } = await import("./search-understand.mjs");
  const words = new Set(new Understander(understanding).understand(query).segments.filter((w) => w.length >= 2 && /[\u3400-\u9fff]/.test(w)));
  const scored = [];
  for (const [name, kind] of understanding.suggest || []) {
    if (kind !== "item") continue;
    const shared = [...words].filter((w) => name.includes(w)).reduce((n, w) => n + w.length, 0);
    if (shared) scored.push([shared, name]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].length - b[1].length || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, 6).map(([, name]) => name);
}

async function showHelp(query) {
  let understanding = {};
  try {
    understanding = await staticIndexOf().json("understand.json");
  } catch {
    // no suggestions then
  }
  const terms = await closestNames(query, understanding);
  suggest.innerHTML = terms.length
    ? "试试规范名称：" + terms.map((t) => `<a href="?q=${encodeURIComponent(t)}" data-suggest="${escapeHTML(t)}">${escapeHTML(t)}</a>`).join("、")
    : "换个说法试试，比如用事项的正式名称，或只输入关键的两三个字。";
  help.hidden = false;
}

function staticIndexOf() {
  if (!staticIndex) staticIndex = import("./search-static.mjs").then(({ StaticIndex }) => new StaticIndex(new URL(config.static || "static/", pageUrl)));
  return {
    json: (rel) => staticIndex.then((s) => s.json(rel)),
    search: (q, options) => staticIndex.then((s) => s.search(q, options)),
  };
}

/** Did the search's deadline (search-meili.mjs) end it? The client wraps the abort in its own error. */
function timedOut(error) {
  for (let e = error, depth = 0; e && depth < 4; e = e.cause, depth++) if (e.name === "TimeoutError") return true;
  return false;
}

function useStatic(reason) {
  backend = { kind: "static" };
  modeNote.textContent = modeNote.dataset.lead + (reason ? `（${reason}）` : "") + modeNote.dataset.rest; // text: search.html.j2
  modeNote.hidden = false;
  facetsBox.hidden = true;
  if (meiliEngine) scheduleRetry(0);
}

/** While on the static index: ask Meilisearch's /health with growing pauses; when it answers, switch back. */
function scheduleRetry(attempt) {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    if (backend.kind !== "static" || !meiliEngine) return;
    if (await meiliEngine.healthy()) {
      backend = { kind: "meili", engine: meiliEngine };
      modeNote.hidden = true;
      modeNote.textContent = "";
      root.dataset.backend = "meili";
      schedule(0);
      return;
    }
    scheduleRetry(attempt + 1);
  }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
}

/** The shared query path's limits (search/query.json), fetched once; {} when unavailable (the search still works). */
function limits() {
  querySpec ||= fetch(new URL(config.query || "query.json", pageUrl))
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return querySpec;
}

/** The cap's message for a query over maxQueryChars characters (after NFKC, trimmed, as generator/search/query.py counts), else "". */
async function tooLong(query) {
  const spec = await limits();
  const max = spec.maxQueryChars;
  return max && [...query.normalize("NFKC").trim()].length > max ? String(spec.tooLong || "").replaceAll("{max}", String(max)) : "";
}

async function chooseBackend() {
  if (config.meili && config.meili.url && config.meili.key) {
    try {
      const { MeiliBackend } = await import("./search-meili.mjs");
      meiliEngine = new MeiliBackend(config, pageUrl);
      backend = { kind: "meili", engine: meiliEngine };
      await meiliEngine.ready;
      return;
    } catch {
      meiliEngine = null;
      useStatic("在线搜索暂不可用");
      return;
    }
  }
  useStatic("");
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  const region = currentRegion();
  if (region) params.set("region", region); // the reader's region stays in the URL (region.mjs)
  for (const [facet] of FACETS) for (const v of state.filters[facet] || []) params.append(facet, v);
  const query = params.toString();
  const url = location.pathname + (query ? "?" + query : "");
  if (url !== location.pathname + location.search) history.replaceState(null, "", url);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.q = params.get("q") || "";
  state.region = currentRegion();
  state.filters = {};
  for (const [facet, value] of params) if (FACET_NAMES.has(facet)) (state.filters[facet] ||= []).push(value);
  input.value = state.q;
}

const hasFilters = () => Object.values(state.filters).some((v) => v.length);

async function run() {
  if (!backend) return; // typed before the backend is chosen: the first run() after choosing uses state.q
  const mine = ++sequence;
  controller?.abort();
  controller = new AbortController();
  writeUrl();
  const query = state.q.trim();
  help.hidden = true;
  if (!query && !(backend.kind === "meili" && hasFilters())) {
    regionNote.hidden = true;
    results.innerHTML = "";
    status.textContent = "输入要办的事，例如“驾照”“开饭店”“身份证丢了”。";
    if (backend.kind === "meili") facetsBox.hidden = true;
    return;
  }
  const refusal = await tooLong(query);
  if (mine !== sequence) return;
  if (refusal) {
    // not searched: a query this long is no citizen's question, and would only cost the reader's phone time
    regionNote.hidden = true;
    results.innerHTML = "";
    results.dataset.query = query;
    facetsBox.hidden = true;
    status.textContent = refusal;
    root.dataset.refused = "too-long";
    return;
  }
  delete root.dataset.refused;
  status.textContent = "正在搜索…";
  if (backend.kind === "meili") {
    try {
      // filter counts only when the filter panel is open (closed by default on phones) or a filter is set:
      // opening it later asks for them (loadFacets)
      const r = await backend.engine.search(query, state.filters, { signal: controller.signal, region: state.region, facets: facetsBox.open || hasFilters() });
      if (mine !== sequence) return;
      const shown = renderHits(r.hits, (hit) => highlightTokens(hit.name, r.tokens), query, r.understood?.chain);
      facetBody = r.facetBody;
      if (r.facets) renderFacets(r.facets);
      else {
        facetGroups.innerHTML = "";
        facetsBox.hidden = !r.hits.length;
      }
      root.dataset.backend = "meili";
      finish(query, r.total, shown, r.understood, r.match);
      return;
    } catch (error) {
      if (mine !== sequence || controller.signal.aborted) return;
      useStatic(timedOut(error) ? "在线搜索没有及时回应" : "在线搜索暂不可用");
    }
  }
  try {
    const r = await staticIndexOf().search(query, { region: state.region });
    if (mine !== sequence) return;
    const shown = renderHits(r.hits, (hit) => highlightTokens(hit.name, r.tokens), query, r.understood?.chain);
    root.dataset.backend = "static";
    finish(query, r.total, shown, r.understood, r.match);
  } catch {
    if (mine !== sequence) return;
    results.innerHTML = "";
    status.textContent = "搜索暂时不可用，请稍后再试，或通过下面的链接浏览事项。";
    help.hidden = false;
  }
}

async function regionName(code) {
  try {
    const understanding = await staticIndexOf().json("understand.json");
    return understanding.regions[code]?.[0] || "";
  } catch {
    return "";
  }
}

async function finish(query, total, shown, understood, match) {
  const chain = understood?.chain || [];
  if (!total) {
    root.dataset.match = "none";
    status.textContent = query ? `没有找到与“${query}”相关的事项。` : "没有符合筛选条件的事项。";
    results.innerHTML = "";
    results.dataset.query = query;
    regionNote.hidden = true;
    showHelp(query);
    return;
  }
  root.dataset.match = match || "exact"; // exact | related (understand.py verdict); tests read it
  if (match === "related") {
    // the query holds words the catalog does not know: say so, and where to ask (the help box's hotline and links)
    status.textContent = `没有完全符合“${query}”的事项，以下可能相关：`;
    suggest.innerHTML = "";
    help.hidden = false;
  } else if (shown.folded) status.textContent = `最相关的 ${total} 个事项，属于 ${shown.cards} 项服务`; // one card per service: offices come with the region
  else status.textContent = total > shown.cards ? `最相关的 ${total} 个事项，显示前 ${shown.cards} 个` : `最相关的 ${total} 个事项`;
  const name = chain.length ? await regionName(chain[0]) : "";
  regionNote.hidden = !name;
  regionNote.textContent = name ? `优先显示${name}的办理点，其次是上级地区的，其他地区的排在后面。` : "";
  regionNote.dataset.region = chain[0] || "";
}

// Suggestions as you type: item and bundle names, an ARIA 1.2 combobox with a listbox popup.
let options = [];
let active = -1;

function closeSuggestions() {
  listbox.hidden = true;
  listbox.innerHTML = "";
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  options = [];
  active = -1;
}

function setActive(index) {
  active = index;
  listbox.querySelectorAll("[role=option]").forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
  if (index >= 0) input.setAttribute("aria-activedescendant", `bs-suggest-${index}`);
  else input.removeAttribute("aria-activedescendant");
}

async function showSuggestions() {
  const raw = input.value.trim();
  if (!raw) return closeSuggestions();
  let understanding;
  try {
    understanding = await staticIndexOf().json("understand.json");
  } catch {
    return closeSuggestions();
  }
  if (input.value.trim() !== raw) return; // typed on meanwhile
  const q = [...raw.normalize("NFKC").toLowerCase()].map((c) => understanding.t2s?.[c] ?? c).join("");
  const found = [];
  for (const [name, kind] of understanding.suggest || []) {
    const at = name.toLowerCase().indexOf(q);
    if (at >= 0 && name !== raw) found.push([at === 0 ? 0 : 1, name.length, name, kind]);
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  options = found.slice(0, SUGGEST_LIMIT).map(([, , name, kind]) => ({ name, kind }));
  if (!options.length) return closeSuggestions();
  listbox.innerHTML = options
    .map((o, i) => `<li id="bs-suggest-${i}" role="option" aria-selected="false" data-value="${escapeHTML(o.name)}">${escapeHTML(o.name)}${o.kind === "bundle" ? '<span class="bs-suggest__kind">一件事</span>' : ""}</li>`)
    .join("");
  listbox.hidden = false;
  input.setAttribute("aria-expanded", "true");
  active = -1;
}

function choose(name) {
  input.value = state.q = name;
  closeSuggestions();
  schedule(0);
  input.focus();
}

listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
listbox.addEventListener("click", (event) => {
  const li = event.target.closest("[role=option]");
  if (li) choose(li.dataset.value);
});
input.addEventListener("blur", () => setTimeout(closeSuggestions, 0));

let timer = 0;
function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

input.addEventListener("input", (event) => {
  if (event.isComposing) return;
  state.q = input.value;
  schedule();
  showSuggestions();
});
input.addEventListener("compositionend", () => {
  state.q = input.value;
  schedule();
  showSuggestions();
});
root.querySelector(".bs-search__form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.q = input.value;
  closeSuggestions();
  schedule(0);
});
facetGroups.addEventListener("change", (event) => {
  const box = event.target.closest("input[data-facet]");
  if (!box) return;
  const facet = box.dataset.facet;
  const values = new Set(state.filters[facet] || []);
  if (box.checked) values.add(box.value);
  else values.delete(box.value);
  state.filters[facet] = [...values];
  schedule(0);
});
suggest.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-suggest]");
  if (!link) return;
  event.preventDefault();
  input.value = state.q = link.dataset.suggest;
  schedule(0);
  input.focus();
});

// Keyboard: ArrowDown from the box enters the results, arrows move, Enter follows the link, Escape returns.
function links() {
  return [...results.querySelectorAll("a.bs-result__link")];
}
input.addEventListener("keydown", (event) => {
  if (!listbox.hidden && options.length) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      let next = active + step; // cycles through the options and back to the box itself (-1)
      if (next >= options.length) next = -1;
      if (next < -1) next = options.length - 1;
      setActive(next);
      return;
    }
    if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(options[active].name);
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      closeSuggestions();
      return;
    }
  }
  if (event.key === "ArrowDown" && links().length) {
    event.preventDefault();
    links()[0].focus();
  }
});
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

window.addEventListener("popstate", () => {
  readUrl();
  schedule(0);
});

facetsBox.open = window.matchMedia("(min-width: 60em)").matches;
facetsBox.addEventListener("toggle", () => {
  if (facetsBox.open) loadFacets();
});
readUrl();
root.classList.add("bs-search--ready");
limits();
await chooseBackend();
if (backend.kind === "static") staticIndexOf();
run();
