// Banshi query understanding: the browser twin of generator/search/understand.py (keep the two in step; a test
// runs both on the same queries in Chromium). Data: the site's search/static/understand.json.
import { regionChain } from "./region.mjs";
import { HAN_CLASS } from "./rules.mjs";

const longest = (text, at, table, max) => {
  for (let size = Math.min(max, text.length - at); size > 0; size--) if (Object.hasOwn(table, text.slice(at, at + size))) return size;
  return 0;
};
const isAscii = (ch) => ch.charCodeAt(0) < 128;
const HAN_RUN = new RegExp(`[${HAN_CLASS}]`);
const maxLen = (keys) => keys.reduce((m, k) => Math.max(m, [...k].length, k.length), 0);

/** Name or short form -> region code, leaving out forms two regions share (understand.py region_forms). */
export function regionForms(regions, suffixes) {
  const seen = new Map();
  for (const [code, [name]] of Object.entries(regions)) {
    const forms = new Set([name]);
    for (const suffix of suffixes) {
      if (name.endsWith(suffix) && [...name].length - [...suffix].length >= 2) {
        const stem = name.slice(0, name.length - suffix.length);
        forms.add(stem);
        if (suffix === "回族区") forms.add(stem + "区");
      }
    }
    for (const form of forms) {
      if (!seen.has(form)) seen.set(form, new Set());
      seen.get(form).add(code);
    }
  }
  const out = {};
  for (const [form, codes] of seen) if (codes.size === 1) out[form] = [...codes][0];
  return out;
}

/** A bundle's result card from understand.json (understand.py journey_hit). */
const journeyHit = (id, name, url, region) => ({
  id: `bundle-${id}`, kind: "bundle", name, url, region, department: "一件事一次办", basic_code: "", region_code: "", county: "", county_code: "",
});

export class Understander {
  constructor(data) {
    this.data = data;
    this.t2s = data.t2s || {};
    this.framing = Object.fromEntries(data.framing.map((w) => [w, true]));
    this.english = new Set(data.englishFraming);
    this.phrases = data.phrases;
    this.regionForms = regionForms(data.regions, data.regionSuffixes);
    this.punctuation = new Set([...data.punctuation]);
    this.maxPhrase = maxLen(Object.keys(this.phrases));
    this.maxRegion = maxLen(Object.keys(this.regionForms));
    this.maxFraming = maxLen(data.framing);
    this.parents = new Map(Object.entries(data.regions).map(([code, value]) => [code, value[1] ?? null]));
    this.vocabulary = Object.fromEntries((data.vocabulary || []).map((w) => [w, true]));
    this.maxWord = maxLen(data.vocabulary || []);
    this.journeyWords = data.journeys?.keywords || {};
    this.journeyCards = data.journeys?.bundles || {};
    this.maxJourney = maxLen(Object.keys(this.journeyWords));
  }

  /** The bundles named in the normalized text: the longest name or keyword at each position (understand.py journeys). */
  journeys(text) {
    const found = [];
    let at = 0;
    while (at < text.length) {
      const size = longest(text, at, this.journeyWords, this.maxJourney);
      if (size) {
        for (const id of this.journeyWords[text.slice(at, at + size)]) if (!found.includes(id)) found.push(id);
        at += size;
      } else at += 1;
    }
    return found;
  }

  /** The answer with the query's journeys first: found bundles moved up, the others made from understand.json
   * (understand.py journeys_first). */
  journeysFirst(hits, journeys) {
    const cards = journeys.filter((id) => Object.hasOwn(this.journeyCards, id)).map((id) => [id, ...this.journeyCards[id]]);
    const urls = new Set(cards.map((card) => card[2]));
    const found = new Map(hits.filter((h) => h.kind === "bundle" && urls.has(h.url)).map((h) => [h.url, h]));
    const first = cards.map(([id, name, url, regions]) => found.get(url) || journeyHit(id, name, url, regions));
    return [...first, ...hits.filter((h) => !urls.has(h.url) || h.kind !== "bundle")];
  }

  /** Runs of two or more Han characters of the query's own words (not its official terms) that no vocabulary word
   * covers (understand.py uncovered). */
  uncovered(understood) {
    const runs = [];
    for (const word of understood.words) {
      if (understood.terms.includes(word) || !HAN_RUN.test(word)) continue;
      const covered = new Array(word.length).fill(false);
      let at = 0;
      while (at < word.length) {
        const size = longest(word, at, this.vocabulary, this.maxWord);
        if (size >= 2) {
          covered.fill(true, at, at + size);
          at += size;
        } else at += 1;
      }
      const masked = word.split("").map((ch, i) => (covered[i] || !HAN_RUN.test(ch) ? "\u0000" : ch)).join(""); // UTF-16 units, as `covered`
      runs.push(...(masked.match(/[^\u0000]{2,}/g) || []));
    }
    return runs;
  }

  /** The uncovered runs that do not sound like a catalog word either: words the catalog does not know. */
  unknown(understood, pinyin) {
    return this.uncovered(understood).filter((run) => !this.heard(run, pinyin));
  }

  /** Does the run sound like part of a catalog word (understand.py heard)? */
  heard(run, pinyin) {
    if (!this.sounds) {
      this.sounds = new Set();
      for (const word of [...Object.keys(this.vocabulary), ...Object.keys(this.phrases)]) {
        const syllables = [...word].map((ch) => pinyin[ch] ?? ch);
        for (let size = 2; size <= syllables.length; size++) {
          for (let start = 0; start + size <= syllables.length; start++) this.sounds.add(syllables.slice(start, start + size).join(" "));
        }
      }
    }
    return this.sounds.has([...run].map((ch) => pinyin[ch] ?? ch).join(" "));
  }

  /** "exact", "related" or "none": does the answer answer the query (understand.py verdict)? */
  verdict(understood, hits, pinyin) {
    if (!hits.length) return "none";
    return this.unknown(understood, pinyin).length ? "related" : "exact";
  }

  /** A word with Han characters -> the vocabulary words in it, longest first from the left (understand.py segment). */
  segment(word) {
    if (!HAN_RUN.test(word)) return [word];
    const out = [];
    let at = 0;
    while (at < word.length) {
      const size = longest(word, at, this.vocabulary, this.maxWord);
      if (size >= 2) {
        out.push(word.slice(at, at + size));
        at += size;
      } else at += 1;
    }
    return out;
  }

  normalize(text) {
    return [...String(text).normalize("NFKC").toLowerCase()].map((c) => this.t2s[c] ?? c).join("");
  }

  // Python slices by code point; every character of the data is in the BMP, so UTF-16 indexes agree here.
  // The first pass drops framing words, keeps the rest joined (a phrase they split is found in the second pass) and
  // records where they were in `breaks`; the second takes phrases and regions and splits the rest at the breaks.
  scan(text, terms, regions, breaks, second) {
    let kept = "";
    let at = 0;
    while (at < text.length) {
      const phrase = longest(text, at, this.phrases, this.maxPhrase);
      const place = longest(text, at, this.regionForms, this.maxRegion);
      const framing = second || isAscii(text[at]) ? 0 : longest(text, at, this.framing, this.maxFraming);
      if (phrase && phrase >= place && phrase >= framing) {
        if (second) {
          for (const t of this.phrases[text.slice(at, at + phrase)]) if (!terms.includes(t)) terms.push(t);
          kept += " ";
        } else kept += text.slice(at, at + phrase);
        at += phrase;
      } else if (place && place >= framing) {
        if (second) {
          regions.push(this.regionForms[text.slice(at, at + place)]);
          kept += " ";
        } else kept += text.slice(at, at + place);
        at += place;
      } else if (framing) {
        breaks.add(kept.length);
        at += framing;
      } else {
        if (second && breaks.has(at)) kept += " ";
        kept += this.punctuation.has(text[at]) ? " " : text[at];
        at += 1;
      }
    }
    return kept;
  }

  understand(query) {
    const text = this.normalize(query).trim();
    const terms = [];
    const found = [];
    const breaks = new Set();
    let kept = this.scan(text, terms, [], breaks, false);
    kept = this.scan(kept, terms, found, breaks, true);
    let rest = kept.split(/\s+/).filter(Boolean);
    const content = rest.filter((w) => !this.english.has(w));
    if (content.length || terms.length) rest = content;
    let words = [...terms, ...rest];
    if (!words.length) words = [...text].map((c) => (this.punctuation.has(c) ? " " : c)).join("").split(/\s+/).filter(Boolean);
    const segments = [...terms, ...rest.flatMap((w) => this.segment(w))];
    return { words, region: found.length ? found[0] : null, terms, segments, journeys: this.journeys(text), text: words.join(" ") };
  }

  /** The region, then its parents up to the city (region.mjs regionChain, the one rule). */
  chain(region) {
    return regionChain(region, this.parents);
  }
}

/** 0: in the chosen region (or one of its townships); 1..: its county, the city; chain.length: elsewhere. */
export function proximity(hit, chain) {
  if (chain.length && (hit.region_code === chain[0] || hit.county_code === chain[0])) return 0;
  const at = chain.indexOf(hit.region_code);
  return at >= 0 ? at : chain.length;
}

const serviceOf = (hit) => String(hit.basic_code || hit.url || hit.name || "");

/** One hit per service (basic code) first, in the given order, then the other implementations in that order. */
export function distinctFirst(hits) {
  const seen = new Set();
  const first = [];
  const rest = [];
  for (const hit of hits) {
    const service = serviceOf(hit);
    (seen.has(service) ? rest : first).push(hit);
    seen.add(service);
  }
  return first.concat(rest);
}

/** The region's implementations first, then its county's, then the city's, then the rest; relevance order within;
 * then distinct services first (static_query.prefer_region). */
export function preferRegion(hits, chain) {
  const placed = !chain.length
    ? hits.slice()
    : hits
        .map((hit, i) => [proximity(hit, chain), i, hit])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([, , hit]) => hit);
  return distinctFirst(placed);
}
