// Banshi Meilisearch search: the query path of search/query.json (the one `banshi search` runs), with the search-only key:
// the query understood (search-understand.mjs), one search with facets (with a region, a second one at the same time
// for the region's implementations), a pinyin search only when the first finds too little
// (see generator/search/query.py). Configured with remotes (a sharded deployment), each search is one federated
// /multi-search over every remote (search-federation.mjs).
import { Meilisearch } from "./vendor/meilisearch-0.62.0.mjs";
import { federatedBody, singleAnswer } from "./search-federation.mjs";
import { Understander, preferRegion } from "./search-understand.mjs";

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** pinyin(query) as search/query.json describes it: one syllable per mapped Han character, ASCII runs as words. */
export function queryPinyin(text, table) {
  const words = [];
  let latin = "";
  let han = false;
  for (const ch of text) {
    if (/^[0-9A-Za-z]$/.test(ch)) {
      latin += ch.toLowerCase();
      continue;
    }
    if (latin) {
      words.push(latin);
      latin = "";
    }
    const syllable = table[ch];
    if (syllable) {
      words.push(syllable);
      han = true;
    }
  }
  if (latin) words.push(latin);
  return han ? words.join(" ") : "";
}

const quote = (value) => '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';

/** Filters {facet: [values]} -> a Meilisearch filter array: OR inside a facet, AND across facets. */
export function filterExpression(filters) {
  const out = [];
  for (const [facet, values] of Object.entries(filters)) {
    if (!/^[a-z_]+$/.test(facet) || !values.length) continue;
    out.push(values.map((v) => `${facet} = ${quote(v)}`));
  }
  return out;
}

/** The region search's extra filter: the region (and below it), its county and the city (query.py region_filter). */
export function regionFilter(chain) {
  return `county_code = ${JSON.stringify(chain[0])} OR region_code IN [${chain.map((c) => JSON.stringify(c)).join(", ")}]`;
}

export class MeiliBackend {
  constructor(config, pageUrl) {
    this.index = config.meili.index;
    this.remotes = config.meili.remotes?.length ? config.meili.remotes : null;
    this.timeoutMs = config.timeoutMs;
    this.client = new Meilisearch({ host: new URL(config.meili.url, pageUrl).href, apiKey: config.meili.key, timeout: config.timeoutMs });
    const staticBase = new URL(config.static || "static/", pageUrl);
    this.ready = Promise.all([
      fetchJSON(new URL(config.query, pageUrl)),
      fetchJSON(new URL(config.pinyin, pageUrl)),
      fetchJSON(new URL("understand.json", staticBase)),
    ]).then(([spec, pinyin, understanding]) => {
      this.spec = spec;
      this.pinyin = pinyin;
      this.understander = new Understander(understanding);
    });
  }

  /** Is the server answering? (GET /health, for the page's background retry; federated, a one-hit search over every
   * remote: the entry instance alone may be healthy while a remote is down.) */
  async healthy() {
    try {
      if (this.remotes) {
        await this.ready;
        await this.post({ q: "", limit: 1, attributesToRetrieve: ["id"] }, this.deadline());
      } else await this.client.health();
      return true;
    } catch {
      return false;
    }
  }

  /** The search body for the raw query (spec.body) or, when `pinyin` is given, for the pinyin search (spec.pinyinBody). */
  request(query, filters, limit, pinyin = null, facets = true) {
    const body = structuredClone(pinyin === null ? this.spec.body : this.spec.pinyinBody);
    const filter = filterExpression(filters);
    body.q = pinyin === null ? query : pinyin;
    body.limit = limit;
    body.facets = facets ? this.spec.facets : [];
    if (filter.length) body.filter = filter;
    return body;
  }

  /** The filter counts of an answer given without them: its `facetBody` again with the facets. The same limit, as
   * the score threshold is applied as far as the limit (limit 0 would count the weak tail too); only ids come back. */
  async facetCounts(facetBody, signal) {
    await this.ready;
    return (await this.post({ ...facetBody, attributesToRetrieve: ["id"], facets: this.spec.facets }, this.deadline(signal))).facetDistribution || {};
  }

  /** The caller's signal joined with one deadline for everything a search asks (config.timeoutMs). The client's own
   * `timeout` does not apply once a signal is passed, so a server that accepts and never answers would hold the
   * page on "正在搜索…"; with the deadline the search fails and the page falls back to the offline index. */
  deadline(signal) {
    const timer = AbortSignal.timeout(this.timeoutMs);
    return signal ? AbortSignal.any([signal, timer]) : timer;
  }

  async post(body, signal) {
    if (this.remotes) {
      const spec = this.spec.federation;
      const answer = await this.client.multiSearch(federatedBody(body, this.index, this.remotes, spec), { signal });
      return singleAnswer(answer, body.offset ?? 0, body.limit ?? spec.defaultLimit, spec);
    }
    const { q, ...options } = body;
    return this.client.index(this.index).search(q, options, { signal });
  }

  /** facets: false leaves the filter counts out (the page's filter panel is closed); the answer's `facetBody` is the
   * search whose counts the panel shows, for facetCounts() when it is opened. */
  async search(rawQuery, filters, { limit = 20, signal: callerSignal, region = null, facets: withFacets = true } = {}) {
    await this.ready;
    const signal = this.deadline(callerSignal); // the whole search, all its requests, within config.timeoutMs
    const understood = rawQuery.trim() ? this.understander.understand(rawQuery) : { words: [], region: null, text: "" };
    const chain = this.understander.chain(understood.region || region);
    const query = understood.text;
    const body = this.request(query, filters, limit, null, withFacets);
    let facetBody = body;
    // With a region, the region's implementations are asked for at the same time (two searches: the site's proxy
    // passes the page's own bodies only, one search or one federated search each).
    const regional = chain.length ? this.post({ ...body, filter: [...(body.filter || []), regionFilter(chain)], facets: [] }, signal) : null;
    regional?.catch(() => null); // a failed region search must not go unhandled if the main one fails first
    let first = await this.post(body, signal);
    const local = regional ? ((await regional)?.hits ?? []) : [];
    let hits = first.hits;
    let total = first.estimatedTotalHits ?? hits.length;
    let facets = first.facetDistribution || {};
    const pinyin = queryPinyin(query, this.pinyin);
    if (hits.length < this.spec.pinyinBelow && pinyin && pinyin !== query.trim().toLowerCase()) {
      const secondBody = this.request(query, filters, limit, pinyin, withFacets);
      const second = await this.post(secondBody, signal);
      const seen = new Set(hits.map((h) => h.id));
      const extra = second.hits.filter((h) => !seen.has(h.id));
      hits = hits.concat(extra).slice(0, limit);
      total += extra.length;
      if (!first.hits.length) {
        facets = second.facetDistribution || {};
        facetBody = secondBody;
      }
    }
    if (!hits.length && query) {
      // nothing above the threshold: the weak matches rather than nothing (query.py does the same)
      const { rankingScoreThreshold, ...relaxed } = body;
      first = await this.post(relaxed, signal);
      hits = first.hits;
      total = first.estimatedTotalHits ?? hits.length;
      facets = first.facetDistribution || {};
      facetBody = relaxed;
    }
    const seen = new Set(hits.map((h) => h.id));
    hits = preferRegion(hits.concat(local.filter((h) => !seen.has(h.id))), chain).slice(0, limit);
    const answered = this.understander.journeysFirst(hits, understood.journeys || []);
    total += answered.length - hits.length;
    hits = answered.slice(0, limit);
    // the page marks these words in each name, as it marks the static index's tokens (query.json: no _formatted)
    const tokens = understood.words.map((w) => w.normalize("NFKC").toLowerCase());
    const match = understood.words.length ? this.understander.verdict(understood, hits, this.pinyin) : hits.length ? "exact" : "none";
    return { hits, total, match, facets: withFacets ? facets : null, facetBody, tokens, understood: { ...understood, region: understood.region || region, chain } };
  }
}
