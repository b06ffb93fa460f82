// Banshi static fallback search: the browser twin of query() in generator/search/static_query.py (keep the two in
// step; a test compares them in Chromium). Fetches the manifest, understand.json, one postings shard per query
// token, pinyin-chars.json only for homophone matching, and the metadata chunks of the hits.
import { HAN_CLASS } from "./rules.mjs";
import { Understander, preferRegion } from "./search-understand.mjs";

const HAN = new RegExp(`[${HAN_CLASS}]+`, "g");
const HAN_ONE = new RegExp(`[${HAN_CLASS}]`);
const ASCII_WORD = /[a-z0-9]+/g;
const PINYIN_BELOW = 3;
const ROW_FIELDS = [
  "name", "region", "department", "url", "tier", "item_type", "fully_online", "fee", "promised_limit", "onsite_visits",
  "basic_code", "region_code", "county", "county_code", "kind",
];
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

function wordTokens(word) {
  const out = [];
  for (const run of word.match(HAN) || []) {
    if (run.length === 1) out.push(run);
    else for (let i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
  }
  out.push(...(word.match(ASCII_WORD) || []));
  return out;
}

const isAsciiWord = (w) => [...w].every((c) => c.charCodeAt(0) < 128);

/**
 * The token lists a query tries (static_index.Alternatives): all words' tokens; for several ASCII words, the words
 * joined ("hu zhao" = "huzhao"); then without the last word, the last two, ... Each list without the last words is a
 * prefix of `tokens` (distinct tokens in order of first occurrence), so only the prefix lengths are kept (`cuts`,
 * longest first): linear in the query, where listing every alternative is quadratic.
 */
export function alternativesOf(words) {
  const tokens = [];
  const seen = new Set();
  const ends = [];
  for (const word of words) {
    for (const token of wordTokens(word)) {
      if (!seen.has(token)) {
        seen.add(token);
        tokens.push(token);
      }
    }
    ends.push(tokens.length);
  }
  const cuts = [...new Set(ends.reverse())].filter((end) => end > 0);
  const joined = words.length > 1 && words.every(isAsciiWord) ? words.join("") : "";
  return { tokens, cuts, joined: tokens.length === 1 && tokens[0] === joined ? "" : joined };
}

/** All tokens, else the joined word: the first list tried. */
const firstTokens = (alts) => (alts.tokens.length ? alts.tokens : alts.joined ? [alts.joined] : []);

/** Every token the alternatives need, each once. */
export const allTokens = (alts) => [...new Set(alts.joined ? [...alts.tokens, alts.joined] : alts.tokens)];

/** [cut, doc -> weight sum] of the longest prefix tokens[:cut] some docs match fully; one pass, each token's postings once. */
function longestPrefix(alts, lookup) {
  const cuts = new Set(alts.cuts);
  let best = [0, new Map()];
  let current = null;
  for (let i = 0; i < alts.tokens.length; i++) {
    const narrowed = new Map();
    for (const value of lookup.get(alts.tokens[i]) || []) {
      const doc = Math.floor(value / 4);
      if (current === null || current.has(doc)) narrowed.set(doc, (current === null ? 0 : current.get(doc)) + (value % 4));
    }
    if (!narrowed.size) break;
    current = narrowed;
    if (cuts.has(i + 1)) best = [i + 1, current];
  }
  return best;
}

function syllableGrams(text, table) {
  const out = [];
  for (const run of normalize(text).match(HAN) || []) {
    const syllables = [...run].map((c) => table[c] ?? c);
    for (let i = 0; i + 1 < syllables.length; i++) out.push("~" + syllables[i] + syllables[i + 1]);
  }
  return out;
}

function homophoneTokens(words, table) {
  return [...new Set(words.flatMap((w) => syllableGrams(w, table)))];
}

function fullMatches(tokens, lookup) {
  const counts = new Map();
  for (const token of tokens) {
    for (const value of lookup.get(token) || []) {
      const doc = Math.floor(value / 4);
      const c = counts.get(doc) || [0, 0];
      c[0] += 1;
      c[1] += value % 4;
      counts.set(doc, c);
    }
  }
  const out = new Map();
  for (const [doc, [matched, weight]] of counts) if (matched === tokens.length) out.set(doc, weight);
  return out;
}

function halfMatches(tokens, lookup) {
  const counts = new Map();
  for (const token of tokens) for (const value of lookup.get(token) || []) counts.set(Math.floor(value / 4), (counts.get(Math.floor(value / 4)) || 0) + 1);
  const out = new Map();
  for (const [doc, n] of counts) if (n * 2 >= tokens.length && n > 0) out.set(doc, n);
  return out;
}

const ordered = (scored) => [...scored.keys()].sort((a, b) => scored.get(b) - scored.get(a) || a - b);

/** Docs holding at least one of the words whole: most matched characters, then weights, then id (static_index.word_matches). */
export function wordMatches(words, lookup) {
  const scores = new Map();
  for (const word of new Set(words)) {
    for (const [doc, weight] of fullMatches(wordTokens(word), lookup)) {
      const score = scores.get(doc) || [0, 0];
      score[0] += [...word].length;
      score[1] += weight;
      scores.set(doc, score);
    }
  }
  return [...scores.keys()].sort((a, b) => scores.get(b)[0] - scores.get(a)[0] || scores.get(b)[1] - scores.get(a)[1] || a - b);
}

export function rank(alternatives, homophones, lookup, segments = []) {
  const ids = [];
  const has = new Set();
  const push = (d) => {
    if (!has.has(d)) {
      has.add(d);
      ids.push(d);
    }
  };
  // first_full: all tokens (then the joined word's docs too, for several ASCII tokens), else the joined word, else the longest prefix
  const [cut, found] = longestPrefix(alternatives, lookup);
  const all = found.size > 0 && cut === alternatives.tokens.length;
  if (all) ordered(found).forEach(push);
  if (alternatives.joined && (!all || alternatives.tokens.length > 1)) ordered(fullMatches([alternatives.joined], lookup)).forEach(push);
  if (!ids.length) ordered(found).forEach(push);
  const whole = ids.length > 0;
  if (ids.length < PINYIN_BELOW && homophones.length) ordered(fullMatches(homophones, lookup)).forEach(push);
  if (!whole && segments.length && ids.length < PINYIN_BELOW) wordMatches(segments, lookup).forEach(push);
  if (!ids.length && firstTokens(alternatives).length) ordered(halfMatches(firstTokens(alternatives), lookup)).forEach(push);
  return ids;
}

export function regionTokens(chain) {
  return chain.length ? ["^" + chain[0], ...chain.slice(1).map((c) => "@" + c)] : [];
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
    this.understanding = await this.json("understand.json");
    this.understander = new Understander(this.understanding);
  }

  async search(query, { limit = 20, region = null } = {}) {
    await this.ready;
    const understood = this.understander.understand(query);
    const chain = this.understander.chain(understood.region || region);
    const lookup = new Map();
    const load = async (tokens) => {
      const wanted = [...new Set(tokens)].filter((t) => !lookup.has(t));
      const shards = await Promise.all(wanted.map((t) => this.json(`postings/${fnv1a(t) % this.manifest.shards}.json`)));
      wanted.forEach((t, i) => lookup.set(t, Object.hasOwn(shards[i], t) ? decode(shards[i][t]) : []));
    };
    const alternatives = alternativesOf(understood.words);
    const same = understood.segments.length === understood.words.length && understood.segments.every((w, i) => w === understood.words[i]);
    const segments = same ? [] : understood.segments;
    await load(allTokens(alternatives).concat(segments.flatMap(wordTokens)));
    let homophones = [];
    if (understood.words.some((w) => HAN_ONE.test(w)) && rank(alternatives, [], lookup).length < PINYIN_BELOW) {
      homophones = homophoneTokens(understood.words, await this.json("../pinyin-chars.json"));
      await load(homophones);
    }
    const ids = rank(alternatives, homophones, lookup, segments);
    let candidates = ids.slice(0, limit);
    if (chain.length) {
      await load(regionTokens(chain));
      const local = new Set(regionTokens(chain).flatMap((t) => lookup.get(t).map((v) => Math.floor(v / 4))));
      candidates = candidates.concat(ids.slice(limit).filter((d) => local.has(d)).slice(0, limit));
    }
    const chunk = this.manifest.chunk;
    const rows = await Promise.all(candidates.map((id) => this.json(`docs/${Math.floor(id / chunk)}.json`).then((c) => c[id % chunk])));
    const placed = preferRegion(rows.map((row) => Object.fromEntries(ROW_FIELDS.map((f, i) => [f, row[i]]))), chain).slice(0, limit);
    for (const hit of placed) hit.fully_online = hit.fully_online === 1;
    const answered = this.understander.journeysFirst(placed, understood.journeys);
    const hits = answered.slice(0, limit);
    // the verdict needs the syllables only when the query has words the catalog's vocabulary does not cover
    const plain = !hits.length || !this.understander.uncovered(understood).length;
    const match = plain ? (hits.length ? "exact" : "none") : this.understander.verdict(understood, hits, await this.json("../pinyin-chars.json"));
    return { hits, total: ids.length + answered.length - placed.length, match, tokens: allTokens(alternatives), understood: { ...understood, region: understood.region || region, chain } };
  }
}
