// Banshi federated search (one Meilisearch per shard, joined by Meilisearch's own network feature): the page's twin of
// generator/search/federation.py's federated_body and single_answer. The values (which parameters belong to the whole
// answer, the score quantum, the tier order) come from search/query.json's `federation`, written from the Python;
// tests/browser/test_twins_parity.py runs both twins on the same inputs.

/** A remote that did not answer: the search fails (the page falls back to the offline index), never half a list. */
export class RemoteError extends Error {
  constructor(remote, message) {
    super(`Meilisearch remote ${remote}: ${message}`);
    this.name = "RemoteError";
    this.remote = remote;
  }
}

/** One single-search body as one /multi-search body asking every remote (federation.py federated_body). */
export function federatedBody(body, index, remotes, spec) {
  const level = new Set(spec.federationLevel);
  const query = Object.fromEntries(Object.entries(body).filter(([key]) => !level.has(key)));
  query.showRankingScore = true;
  const wanted = (Math.trunc(body.offset ?? 0) + Math.trunc(body.limit ?? spec.defaultLimit)) * remotes.length;
  const federation = { limit: wanted, offset: 0 };
  if (body.facets?.length) {
    federation.facetsByIndex = { [index]: [...body.facets] };
    federation.mergeFacets = {};
  }
  return { federation, queries: remotes.map((remote) => ({ ...query, indexUid: index, federationOptions: { remote } })) };
}

/** Python's str order: by code point (JS compares UTF-16 units, which puts U+E000..U+FFFF after astral characters). */
function compareText(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** static_index.py order_key: name length (code points), name, tier (its place in spec.tiers, others last), region, id. */
function orderKey(hit, tiers) {
  const name = hit.name ?? "";
  const tier = tiers.indexOf(hit.tier);
  return [Array.from(name).length, name, tier >= 0 ? tier : tiers.length, hit.region_code ?? "", hit.id ?? ""];
}

/** federation.py tie_order: the quantized ranking score (higher first), then order_key. */
export function tieCompare(spec) {
  const score = (hit) => Math.floor((hit._rankingScore ?? 0) * spec.scoreQuantum + 0.5);
  return (a, b) => {
    const byScore = score(b) - score(a);
    if (byScore) return byScore;
    const [x, y] = [orderKey(a, spec.tiers), orderKey(b, spec.tiers)];
    for (let i = 0; i < x.length; i++) {
      const d = typeof x[i] === "number" ? x[i] - y[i] : compareText(x[i], y[i]);
      if (d) return d;
    }
    return 0;
  };
}

/** A federated answer in a single search's shape (federation.py single_answer); a failed remote throws RemoteError. */
export function singleAnswer(answer, offset, limit, spec) {
  const failed = Object.entries(answer.remoteErrors || {});
  if (failed.length) throw new RemoteError(failed[0][0], failed[0][1]?.message ?? "");
  const ranked = [...(answer.hits || [])].sort(tieCompare(spec)).slice(offset, offset + limit);
  const hits = ranked.map(({ _federation, _rankingScore, ...hit }) => hit);
  const out = { hits, estimatedTotalHits: answer.estimatedTotalHits ?? hits.length };
  if ("facetDistribution" in answer) out.facetDistribution = answer.facetDistribution;
  return out;
}
