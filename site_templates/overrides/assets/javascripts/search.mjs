// Banshi search page: results as you type, highlighted matches, facets, filters in the URL, keyboard navigation,
// suggestions (an ARIA 1.2 combobox), the reader's region preferred, a zero-result page that still helps.
// Meilisearch when configured and reachable; otherwise the static index (search-static.mjs), said quietly, while
// the page checks Meilisearch in the background and switches back when it answers.
import { currentRegion } from "./region.mjs";
import { HAN_CLASS } from "./rules.mjs";
import { escapeHTML, FACET_TERMS, facetLabel, highlightTokens, links, PLAIN, renderHits } from "./search-results.mjs";
import { suggestions } from "./search-suggest.mjs";


const root = document.getElementById("bs-search");
const config = JSON.parse(root.dataset.config || "{}");
const pageUrl = new URL(".", location.href);
const HAN_ONE = new RegExp(`[${HAN_CLASS}]`);
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
const FACET_LIMIT = 8;
const DEBOUNCE_MS = 150;
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
  const words = new Set(new Understander(understanding).understand(query).segments.filter((w) => w.length >= 2 && HAN_ONE.test(w)));
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

// keepTyped: at start-up, words typed into the box before this module ran (a slow phone) are kept, not wiped
function readUrl(keepTyped = false) {
  const params = new URLSearchParams(location.search);
  state.q = params.get("q") || (keepTyped ? input.value : "");
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

// Suggestions as you type (search-suggest.mjs): choosing one searches it.
const suggestBox = suggestions(input, listbox, () => staticIndexOf().json("understand.json"), (name) => {
  input.value = state.q = name;
  schedule(0);
  input.focus();
});

let timer = 0;
function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

input.addEventListener("input", (event) => {
  if (event.isComposing) return;
  state.q = input.value;
  schedule();
  suggestBox.show();
});
input.addEventListener("compositionend", () => {
  state.q = input.value;
  schedule();
  suggestBox.show();
});
root.querySelector(".bs-search__form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.q = input.value;
  suggestBox.close();
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

// Keyboard: the suggestions take their keys first; ArrowDown from the box enters the results (search-results.mjs).
input.addEventListener("keydown", (event) => {
  if (suggestBox.keydown(event)) return;
  if (event.key === "ArrowDown" && links().length) {
    event.preventDefault();
    links()[0].focus();
  }
});

window.addEventListener("popstate", () => {
  readUrl();
  schedule(0);
});

facetsBox.open = window.matchMedia("(min-width: 60em)").matches;
facetsBox.addEventListener("toggle", () => {
  if (facetsBox.open) loadFacets();
});
readUrl(true);
root.classList.add("bs-search--ready");
limits();
await chooseBackend();
if (backend.kind === "static") staticIndexOf();
run();
