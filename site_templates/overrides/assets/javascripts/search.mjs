// Banshi search page: results as you type, highlighted matches, facets, filters in the URL, keyboard navigation.
// Meilisearch when configured and reachable; otherwise the static index (search-static.mjs), said quietly.

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

const state = { q: "", filters: {} };
let backend = null; // {kind: "meili"|"static", ...}
let staticIndex = null;
let sequence = 0;
let controller = null;

const escapeHTML = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Escape first, then turn Meilisearch's sentinel tags into <mark>; stray sentinels are dropped. */
function highlightSentinels(text, pre, post) {
  const escaped = escapeHTML(text);
  const paired = escaped.replace(new RegExp(`${pre}([^${pre}${post}]*)${post}`, "gu"), "<mark>$1</mark>");
  return paired.replace(new RegExp(`[${pre}${post}]`, "gu"), "");
}

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
  return value;
}

function badges(hit) {
  const out = [];
  if (hit.kind === "bundle") out.push("一件事一次办");
  if (hit.tier) out.push(`${hit.tier}级`);
  if (hit.fully_online) out.push("全程网办");
  else if (hit.onsite_visits === 0) out.push("不用跑现场");
  if (hit.promised_limit) out.push(`承诺 ${hit.promised_limit}`);
  if (hit.fee) out.push(hit.fee);
  return out.map((b) => `<span class="bs-badge">${escapeHTML(b)}</span>`).join("");
}

function renderHits(hits, nameHTML, query) {
  const focused = [...results.querySelectorAll("a.bs-result__link")].indexOf(document.activeElement);
  results.innerHTML = hits
    .map((hit) => {
      const href = safeHref(hit.url);
      if (!href) return "";
      const meta = [hit.region, hit.department].filter(Boolean).map(escapeHTML).join(" · ");
      return `<li class="bs-result"><a class="bs-result__link" href="${escapeHTML(href)}"><span class="bs-result__name">${nameHTML(hit)}</span><span class="bs-result__meta">${meta}</span><span class="bs-badges">${badges(hit)}</span></a></li>`;
    })
    .join("");
  results.dataset.query = query; // which query these results answer (tests wait on it)
  const links = results.querySelectorAll("a.bs-result__link");
  if (focused >= 0 && links.length) links[Math.min(focused, links.length - 1)].focus(); // keep keyboard position
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
    groups.push(`<fieldset class="bs-facet" data-facet-group="${escapeHTML(facet)}"><legend>${escapeHTML(label)}</legend><ul>${options}</ul></fieldset>`);
  }
  facetGroups.innerHTML = groups.join("");
  facetsBox.hidden = !groups.length;
}

function officialSuggestions(query, synonyms) {
  const q = query.replace(/\s+/g, "");
  const out = new Set();
  for (const [word, officials] of Object.entries(synonyms)) {
    const shares = [...q].some((c, i) => i + 1 < q.length && word.includes(q.slice(i, i + 2)));
    if (word.includes(q) || q.includes(word) || shares) officials.forEach((o) => out.add(o));
  }
  return [...out].slice(0, 6);
}

async function showHelp(query) {
  let synonyms = {};
  try {
    synonyms = await staticIndexOf().json("synonyms.json");
  } catch {
    // no suggestions then
  }
  const terms = officialSuggestions(query, synonyms);
  suggest.innerHTML = terms.length
    ? "试试规范名称：" + terms.map((t) => `<a href="?q=${encodeURIComponent(t)}" data-suggest="${escapeHTML(t)}">${escapeHTML(t)}</a>`).join("、")
    : "换个说法试试，比如用事项的正式名称，或只输入关键的两三个字。";
  help.hidden = false;
}

function staticIndexOf() {
  if (!staticIndex) staticIndex = import("./search-static.mjs").then(({ StaticIndex }) => new StaticIndex(new URL(config.static || "static/", pageUrl)));
  return {
    json: (rel) => staticIndex.then((s) => s.json(rel)),
    search: (q) => staticIndex.then((s) => s.search(q)),
  };
}

function useStatic(reason) {
  backend = { kind: "static" };
  modeNote.textContent = "当前使用离线索引" + (reason ? `（${reason}）` : "") + "，结果可能不如在线搜索全面，也暂不支持筛选。";
  modeNote.hidden = false;
  facetsBox.hidden = true;
}

async function chooseBackend() {
  if (config.meili && config.meili.url && config.meili.key) {
    try {
      const { MeiliBackend } = await import("./search-meili.mjs");
      backend = { kind: "meili", engine: new MeiliBackend(config, pageUrl) };
      await backend.engine.ready;
      return;
    } catch {
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
  state.filters = {};
  for (const [facet, value] of params) if (FACET_NAMES.has(facet)) (state.filters[facet] ||= []).push(value);
  input.value = state.q;
}

const hasFilters = () => Object.values(state.filters).some((v) => v.length);

async function run() {
  const mine = ++sequence;
  controller?.abort();
  controller = new AbortController();
  writeUrl();
  const query = state.q.trim();
  help.hidden = true;
  if (!query && !(backend.kind === "meili" && hasFilters())) {
    results.innerHTML = "";
    status.textContent = "输入要办的事，例如“驾照”“开饭店”“身份证丢了”。";
    if (backend.kind === "meili") facetsBox.hidden = true;
    return;
  }
  status.textContent = "正在搜索…";
  if (backend.kind === "meili") {
    try {
      const r = await backend.engine.search(query, state.filters, { signal: controller.signal });
      if (mine !== sequence) return;
      renderHits(r.hits, (hit) => highlightSentinels(hit._formatted?.name ?? hit.name, r.pre, r.post), query);
      renderFacets(r.facets);
      finish(query, r.total, r.hits.length);
      return;
    } catch (error) {
      if (mine !== sequence || controller.signal.aborted) return;
      useStatic("在线搜索暂不可用");
    }
  }
  try {
    const r = await staticIndexOf().search(query);
    if (mine !== sequence) return;
    renderHits(r.hits, (hit) => highlightTokens(hit.name, r.tokens), query);
    finish(query, r.total, r.hits.length);
  } catch {
    if (mine !== sequence) return;
    results.innerHTML = "";
    status.textContent = "搜索暂时不可用，请稍后再试，或通过下面的链接浏览事项。";
    help.hidden = false;
  }
}

function finish(query, total, shown) {
  if (!total) {
    status.textContent = query ? `没有找到与“${query}”相关的事项。` : "没有符合筛选条件的事项。";
    results.innerHTML = "";
    results.dataset.query = query;
    showHelp(query);
    return;
  }
  status.textContent = total > shown ? `找到约 ${total} 个事项，显示前 ${shown} 个` : `找到 ${total} 个事项`;
}

let timer = 0;
function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

input.addEventListener("input", (event) => {
  if (event.isComposing) return;
  state.q = input.value;
  schedule();
});
input.addEventListener("compositionend", () => {
  state.q = input.value;
  schedule();
});
root.querySelector(".bs-search__form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.q = input.value;
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
window.addEventListener("popstate", () => {
  readUrl();
  schedule(0);
});

facetsBox.open = window.matchMedia("(min-width: 60em)").matches;
readUrl();
root.classList.add("bs-search--ready");
await chooseBackend();
if (backend.kind === "static") staticIndexOf();
run();
