// Banshi Meilisearch search: the query path of search/query.json (the one `banshi search` runs), with the search-only key.
import { Meilisearch } from "./vendor/meilisearch-0.62.0.mjs";

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

export class MeiliBackend {
  constructor(config, pageUrl) {
    this.index = config.meili.index;
    this.client = new Meilisearch({ host: new URL(config.meili.url, pageUrl).href, apiKey: config.meili.key, timeout: config.timeoutMs });
    this.ready = Promise.all([fetchJSON(new URL(config.query, pageUrl)), fetchJSON(new URL(config.pinyin, pageUrl))]).then(([spec, pinyin]) => {
      this.spec = spec;
      this.pinyin = pinyin;
    });
  }

  request(query, filters, limit) {
    const body = structuredClone(this.spec.body);
    const pinyin = queryPinyin(query, this.pinyin);
    const filter = filterExpression(filters);
    body.federation.limit = limit;
    body.federation.facetsByIndex = { [this.index]: this.spec.facets };
    body.queries = body.queries.filter((q) => q.q !== "{pinyin}" || (pinyin && pinyin !== query.trim().toLowerCase()));
    for (const q of body.queries) {
      q.indexUid = this.index;
      q.q = q.q === "{pinyin}" ? pinyin : q.q.replace("{query}", query);
      if (filter.length) q.filter = filter;
    }
    return body;
  }

  async search(query, filters, { limit = 20, signal } = {}) {
    await this.ready;
    const result = await this.client.multiSearch(this.request(query, filters, limit), signal ? { signal } : undefined);
    const { pre, post } = this.spec.highlight;
    return { hits: result.hits, total: result.estimatedTotalHits ?? result.hits.length, facets: result.facetDistribution || {}, pre, post };
  }
}
