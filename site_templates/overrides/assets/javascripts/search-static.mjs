// Banshi static fallback search: the browser twin of generator/search/static_index.py (keep the two in step).
// Fetches the manifest, the synonyms, one postings shard per query token and the metadata chunks of the hits.

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const ASCII_WORD = /[a-z0-9]+/g;
const encoder = new TextEncoder();

export const normalize = (text) => text.normalize("NFKC").toLowerCase();

export function fnv1a(token) {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(token)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function decode(text) {
  const out = [];
  let acc = 0;
  for (const part of text.split(",")) {
    acc += parseInt(part, 36);
    out.push(acc);
  }
  return out;
}

/** Alternatives (the query itself, then with synonyms applied); each is a list of tokens that must all match. */
export function tokenSets(query, synonyms) {
  const q = normalize(query).trim();
  if (!q) return [];
  const variants = [q];
  const compact = q.replace(/\s+/g, "");
  for (const word of Object.keys(synonyms).sort((a, b) => b.length - a.length)) {
    if (compact.includes(word)) for (const official of synonyms[word]) variants.push(compact.split(word).join(" " + official + " "));
  }
  const alternatives = [];
  const seen = new Set();
  for (const variant of variants) {
    const tokens = [];
    for (const run of variant.match(HAN) || []) {
      if (run.length === 1) tokens.push(run);
      else for (let i = 0; i < run.length - 1; i++) tokens.push(run.slice(i, i + 2));
    }
    HAN.lastIndex = 0;
    const asciiOnly = !/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(variant);
    const words = variant.match(ASCII_WORD) || [];
    if (asciiOnly) tokens.push(words.join(""));
    else tokens.push(...words);
    const unique = [...new Set(tokens.filter(Boolean))];
    const key = unique.join("\u0000");
    if (unique.length && !seen.has(key)) {
      seen.add(key);
      alternatives.push(unique);
    }
  }
  return alternatives;
}

function rank(alternatives, lookup) {
  const scores = new Map();
  alternatives.forEach((tokens, altNumber) => {
    const counts = new Map();
    for (const token of tokens) {
      for (const value of lookup.get(token) || []) {
        const doc = Math.floor(value / 2);
        const c = counts.get(doc) || [0, 0];
        c[0] += 1;
        c[1] += value % 2;
        counts.set(doc, c);
      }
    }
    const need = tokens.length;
    for (const [doc, [matched, inName]] of counts) {
      if (matched * 2 < need) continue;
      const group = matched === need && altNumber === 0 ? 3 : matched === need ? 2 : 1;
      const score = group * 1000 + Math.floor((1000 * inName) / need);
      if (score > (scores.has(doc) ? scores.get(doc) : -1)) scores.set(doc, score);
    }
  });
  let ids = [...scores.keys()].filter((d) => scores.get(d) >= 2000);
  if (!ids.length) ids = [...scores.keys()];
  ids.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
  return ids;
}

export class StaticIndex {
  constructor(baseUrl) {
    this.base = new URL(baseUrl);
    this.cache = new Map();
    this.ready = this.load();
  }

  json(rel) {
    if (!this.cache.has(rel)) {
      const url = new URL(rel, this.base);
      if (this.manifest) url.searchParams.set("v", this.manifest.version);
      const promise = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${rel}: HTTP ${r.status}`);
        return r.json();
      });
      promise.catch(() => this.cache.delete(rel));
      this.cache.set(rel, promise);
    }
    return this.cache.get(rel);
  }

  async load() {
    this.manifest = await this.json("manifest.json");
    this.synonyms = await this.json("synonyms.json");
  }

  /** Tokens of the query and its synonym forms (for highlighting). */
  async tokens(query) {
    await this.ready;
    return tokenSets(query, this.synonyms).flat();
  }

  async search(query, limit = 20) {
    await this.ready;
    const alternatives = tokenSets(query, this.synonyms);
    const tokens = [...new Set(alternatives.flat())];
    const shards = await Promise.all(tokens.map((t) => this.json(`postings/${fnv1a(t) % this.manifest.shards}.json`)));
    const lookup = new Map();
    tokens.forEach((t, i) => {
      if (Object.hasOwn(shards[i], t)) lookup.set(t, decode(shards[i][t]));
    });
    const ids = rank(alternatives, lookup);
    const chunk = this.manifest.chunk;
    const top = ids.slice(0, limit);
    const rows = await Promise.all(top.map((id) => this.json(`docs/${Math.floor(id / chunk)}.json`).then((c) => c[id % chunk])));
    const hits = rows.map(([name, region, department, url, tier, itemType, fullyOnline, fee, limit_, visits, kind]) => ({
      name, region, department, url, tier, item_type: itemType, fully_online: fullyOnline === 1, fee, promised_limit: limit_, onsite_visits: visits, kind,
    }));
    return { hits, total: ids.length, tokens };
  }
}
