"""Query understanding, shared by both search backends: what a citizen typed -> the words to search and a region.

The rules are data: search/understanding.json (framing words of questions, English filler words, region suffixes,
punctuation) plus, from the catalog, the synonyms and intent phrases of items/_catalog/synonyms.yaml, the official
names of the directory and the region names. The build writes them, merged, to the site's search/understand.json;
the browser runs the same steps in search-understand.mjs (a test compares the two in Chromium).

Steps, on the NFKC-normalized, lower-cased text with traditional characters mapped to simplified (t2s-chars.json):
1. one left-to-right scan: at each position take the longest of (a) a phrase (colloquial word or intent phrase ->
   its official terms; an official name -> itself), (b) a region name or short form (-> region preference),
   (c) a framing word (dropped); a phrase or region wins a tie with a framing word; anything else is kept;
2. words = the official terms of the phrases found (in order, without repeats), then the kept text split at
   punctuation; English filler words are dropped when other words remain;
3. if nothing is left (the query was only framing words or a region), the words are the normalized text itself;
4. segments = the words with each Han word cut into the catalog's vocabulary words (left to right, longest first;
   other characters left out): what the static index tries when the words match nothing whole;
5. journeys = the 一件事 (bundles) whose name or keywords occur in the normalized text, found in a scan of their own
   beside the rewrite (开饭店 is rewritten to 食品经营许可 and still finds 开办餐饮店一件事): both backends put these
   journeys first in their answer (journeys_first), then the services the words found.

The match verdict (verdict()): whether the answer answers the query. "none" without results; "related" when the
query holds words the catalog does not know (unknown(): a run of two or more Han characters outside every phrase,
region, framing word and vocabulary word, and not a homophone of a catalog word: 渔船 in 渔船登记, 注销 in
营业执照注销), so the results rest on part of it only; else "exact". The same rule runs in the browser.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.address.links import page_url
from generator.assets import SEARCH_DIR
from generator.model.catalog import Catalog, region_chain
from generator.model.records import Bundle
from generator.model.values import HAN_RUN
from generator.search import segments

UNDERSTANDING_FILE = SEARCH_DIR / "understanding.json"
T2S_FILE = SEARCH_DIR / "t2s-chars.json"
SITE_FILE = "understand.json"  # in the built site's search/ folder
VERSION = 4


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(UNDERSTANDING_FILE.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def t2s_map() -> dict[str, str]:
    data: dict[str, str] = json.loads(T2S_FILE.read_text(encoding="utf-8")) if T2S_FILE.is_file() else {}
    return data


def build_t2s_map() -> dict[str, str]:
    """Traditional -> simplified for every Big5 Han character that OpenCC maps to one different character."""
    import opencc

    convert = opencc.OpenCC("t2s").convert
    out = {}
    for high in range(0xA4, 0xFA):
        for low in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                ch = bytes([high, low]).decode("big5")
            except UnicodeDecodeError:
                continue
            simple = convert(ch)
            if len(simple) == 1 and simple != ch:
                out[ch] = simple
    return dict(sorted(out.items()))


def region_forms(names: Iterable[tuple[str, str]], suffixes: Sequence[str]) -> dict[str, str]:
    """Name or short form -> region code, from (code, name) pairs, leaving out forms two regions share (城关镇).
    Computed by each reader from the shipped names (regionForms() in search-understand.mjs is the same rule): the
    forms are not shipped, they would double the file a first fallback search downloads in a large province."""
    seen: dict[str, set[str]] = {}
    for code, name in names:
        forms = {name}
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                stem = name[: -len(suffix)]
                forms.add(stem)
                if suffix == "回族区":
                    forms.add(stem + "区")
        for form in forms:
            seen.setdefault(form, set()).add(code)
    return {form: next(iter(codes)) for form, codes in sorted(seen.items()) if len(codes) == 1}


def journeys_data(bundles: Sequence[Bundle], region_names: Mapping[str, str]) -> dict[str, Any]:
    """The bundles as the query step needs them: normalized name or keyword -> bundle ids, and id -> [name, page
    address, the regions it is offered in]."""
    keywords: dict[str, list[str]] = {}
    cards: dict[str, list[str]] = {}
    for bundle in sorted(bundles, key=lambda b: b.id):
        for word in (bundle.name, *bundle.keywords):
            ids = keywords.setdefault(normalize(word), [])
            if bundle.id not in ids:
                ids.append(bundle.id)
        cards[bundle.id] = [bundle.name, page_url(f"bundles/{bundle.id}.md"), "、".join(region_names[c] for c in bundle.regions if c in region_names)]
    return {"keywords": dict(sorted(keywords.items())), "bundles": cards}


def understanding_data(catalog: Catalog, official_names: list[str], bundle_names: list[str] | None = None, bundles: Sequence[Bundle] = ()) -> dict[str, Any]:
    """Everything the browser needs to understand a query, as one JSON object (the site's search/understand.json)."""
    base = rules()
    phrases: dict[str, list[str]] = {}
    for name in official_names:
        phrases.setdefault(normalize(name), [name])
    for entry in catalog.synonyms:
        phrases.setdefault(normalize(entry.official), [entry.official])
        for word in entry.colloquial:
            targets = phrases.setdefault(normalize(word), [])
            if entry.official not in targets:
                targets.append(entry.official)
    # code -> [name] or [name, parent]: the compact form (a province has thousands of townships)
    regions = {r.code: [r.name, r.parent] if r.parent else [r.name] for r in sorted(catalog.regions.values(), key=lambda r: r.code)}
    texts = [*official_names, *(w for e in catalog.synonyms for w in (e.official, *e.colloquial))]
    texts += [w for d in catalog.directory.values() for w in (d.name, *d.keywords)]
    return {
        "version": VERSION,
        "framing": sorted({normalize(w) for w in base["framing"]}),
        "englishFraming": sorted({normalize(w) for w in base["englishFraming"]}),
        "punctuation": base["punctuation"],
        "phrases": dict(sorted(phrases.items())),
        "regionSuffixes": base["regionSuffixes"],
        "regions": regions,
        "t2s": t2s_map(),
        "vocabulary": vocabulary(texts),
        "suggest": [[name, "item"] for name in sorted(set(official_names))] + [[name, "bundle"] for name in sorted(set(bundle_names or []))],
        "journeys": journeys_data(bundles, {r.code: r.name for r in catalog.regions.values()}),
    }


def vocabulary(texts: list[str]) -> list[str]:
    """The catalog's words (jieba segments of two Han characters or more of names, keywords and synonyms): a query
    text that matches nothing whole is matched word by word against these (老人每月有补贴 -> 老人, 补贴)."""
    words: set[str] = set()
    for text in texts:
        for run in HAN_RUN.findall(normalize(text)):
            words.update(w for w in (*segments.search(run), *segments.words(run)) if len(w) >= 2)
    return sorted(words)


def normalize(text: str, t2s: Mapping[str, str] | None = None) -> str:
    table = t2s_map() if t2s is None else t2s
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFKC", text).lower())


@dataclass
class Understood:
    words: list[str]
    region: str | None = None
    terms: list[str] = field(default_factory=list)  # official terms the query was mapped to
    segments: list[str] = field(default_factory=list)  # words, the Han ones cut into the catalog's vocabulary words
    journeys: list[str] = field(default_factory=list)  # ids of the bundles whose name or keywords the query holds

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _longest(text: str, at: int, table: Container[str], longest: int) -> int:
    for size in range(min(longest, len(text) - at), 0, -1):
        if text[at : at + size] in table:
            return size
    return 0


@dataclass
class Understander:
    data: dict[str, Any]
    t2s: Mapping[str, str]

    def __post_init__(self) -> None:
        self.framing = set(self.data["framing"])
        self.english = set(self.data["englishFraming"])
        self.phrases: dict[str, list[str]] = self.data["phrases"]
        regions: dict[str, list[str]] = self.data["regions"]
        self.region_forms = region_forms(((code, value[0]) for code, value in regions.items()), self.data["regionSuffixes"])
        self.punctuation = set(self.data["punctuation"])
        self.max_phrase = max(map(len, self.phrases), default=0)
        self.max_region = max(map(len, self.region_forms), default=0)
        self.max_framing = max(map(len, self.framing), default=0)
        self.parents = {code: value[1] if len(value) > 1 else None for code, value in regions.items()}
        self.vocabulary = set(self.data.get("vocabulary", []))
        self.max_word = max(map(len, self.vocabulary), default=0)
        journeys = self.data.get("journeys") or {}
        self.journey_words: dict[str, list[str]] = journeys.get("keywords", {})
        self.journey_cards: dict[str, list[str]] = journeys.get("bundles", {})
        self.max_journey = max(map(len, self.journey_words), default=0)
        self._sounds: set[str] | None = None  # syllables of every part of the catalog's words (heard())

    def __call__(self, query: str) -> Understood:
        text = normalize(query, self.t2s).strip()
        terms: list[str] = []
        region = None
        breaks: set[int] = set()
        kept = self._scan(text, terms, [], breaks)
        found: list[str] = []
        kept = self._scan(kept, terms, found, breaks, second=True)  # phrases a framing word split (看病怎么报销)
        region = found[0] if found else None
        rest = [w for w in kept.split() if w]
        content = [w for w in rest if w not in self.english]
        if content or terms:
            rest = content
        words = [*terms, *rest]
        if not words:
            words = [w for w in "".join(" " if c in self.punctuation else c for c in text).split() if w]
        segments = [*terms, *(s for w in rest for s in self.segment(w))]
        return Understood(words=words, region=region, terms=terms, segments=segments, journeys=self.journeys(text))

    def journeys(self, text: str) -> list[str]:
        """The bundles named in the normalized text: at each position the longest name or keyword, left to right."""
        found: list[str] = []
        at = 0
        while at < len(text):
            size = _longest(text, at, self.journey_words, self.max_journey)
            if size:
                found.extend(i for i in self.journey_words[text[at : at + size]] if i not in found)
                at += size
            else:
                at += 1
        return found

    def journeys_first(self, hits: Sequence[dict[str, Any]], journeys: Sequence[str]) -> list[dict[str, Any]]:
        """The answer with the query's journeys first: a bundle the search found is moved up, one it did not find is
        put there from understand.json (name, page, regions), so both backends answer alike."""
        cards = [(j, *self.journey_cards[j]) for j in journeys if j in self.journey_cards]
        urls = {card[2] for card in cards}
        found = {h.get("url"): h for h in hits if h.get("kind") == "bundle" and h.get("url") in urls}
        first = [found.get(url) or journey_hit(j, name, url, regions) for j, name, url, regions in cards]
        return [*first, *(h for h in hits if h.get("url") not in urls or h.get("kind") != "bundle")]

    def uncovered(self, understood: Understood) -> list[str]:
        """Runs of two or more Han characters of the query's own words (not the official terms it was mapped to) that
        no vocabulary word covers."""
        runs: list[str] = []
        for word in understood.words:
            if word in understood.terms or not HAN_RUN.search(word):
                continue
            covered = [False] * len(word)
            at = 0
            while at < len(word):
                size = _longest(word, at, self.vocabulary, self.max_word)
                if size >= 2:
                    covered[at : at + size] = [True] * size
                    at += size
                else:
                    at += 1
            masked = "".join("\x00" if c or not HAN_RUN.fullmatch(ch) else ch for ch, c in zip(word, covered, strict=True))
            runs.extend(re.findall(r"[^\x00]{2,}", masked))
        return runs

    def unknown(self, understood: Understood, pinyin: Mapping[str, str]) -> list[str]:
        """The uncovered runs that do not sound like a catalog word either (身分证, 结昏 are typed for 身份证, 结婚):
        words the catalog does not know."""
        return [run for run in self.uncovered(understood) if not self.heard(run, pinyin)]

    def heard(self, run: str, pinyin: Mapping[str, str]) -> bool:
        """Does the run sound like part of a catalog word (the same syllables, one per character)?"""
        if self._sounds is None:
            self._sounds = set()
            for word in (*self.vocabulary, *self.phrases):
                syllables = [pinyin.get(ch, ch) for ch in word]
                for size in range(2, len(word) + 1):
                    for start in range(len(word) - size + 1):
                        self._sounds.add(" ".join(syllables[start : start + size]))
        return " ".join(pinyin.get(ch, ch) for ch in run) in self._sounds

    def verdict(self, understood: Understood, hits: Sequence[Mapping[str, Any]], pinyin: Mapping[str, str]) -> str:
        """ "exact", "related" or "none": does the answer answer the query (see the module's docstring)?"""
        if not hits:
            return "none"
        return "related" if self.unknown(understood, pinyin) else "exact"

    def segment(self, word: str) -> list[str]:
        """A word with Han characters -> the vocabulary words in it, longest first from the left (characters in no
        vocabulary word are left out: 老人每月有补贴 -> 老人, 补贴); other words stay whole."""
        if not HAN_RUN.search(word):
            return [word]
        out: list[str] = []
        at = 0
        while at < len(word):
            size = _longest(word, at, self.vocabulary, self.max_word)
            if size >= 2:
                out.append(word[at : at + size])
                at += size
            else:
                at += 1
        return out

    def _scan(self, text: str, terms: list[str], regions: list[str], breaks: set[int], second: bool = False) -> str:
        """One left-to-right pass: phrases -> terms, region names -> regions, framing words dropped. The first pass
        (second=False) drops framing words and leaves the rest joined, so that a phrase split by them is found in
        the second pass, and records in `breaks` where they were; the second pass takes phrases and regions and
        splits the remaining text into words at those breaks (丢了怎么补办 -> 丢, 补)."""
        kept = ""
        at = 0
        while at < len(text):
            phrase = _longest(text, at, self.phrases, self.max_phrase)
            place = _longest(text, at, self.region_forms, self.max_region)
            framing = 0 if second or text[at].isascii() else _longest(text, at, self.framing, self.max_framing)
            if phrase and phrase >= place and phrase >= framing:
                if second:
                    terms.extend(t for t in self.phrases[text[at : at + phrase]] if t not in terms)
                    kept += " "
                else:
                    kept += text[at : at + phrase]
                at += phrase
            elif place and place >= framing:
                if second:
                    regions.append(self.region_forms[text[at : at + place]])
                    kept += " "
                else:
                    kept += text[at : at + place]
                at += place
            elif framing:
                breaks.add(len(kept))
                at += framing
            else:
                if second and at in breaks:
                    kept += " "
                kept += " " if text[at] in self.punctuation else text[at]
                at += 1
        return kept

    def chain(self, region: str | None) -> list[str]:
        """The region, then its parents up to the city: the order implementations are preferred in."""
        return region_chain(region, self.parents.get)


def journey_hit(bundle_id: str, name: str, url: str, regions: str) -> dict[str, Any]:
    """A bundle's result card made from understand.json, with the fields both backends' hits have (the id as in
    search/documents.py bundle_document)."""
    return {
        "id": f"bundle-{bundle_id}",
        "kind": "bundle",
        "name": name,
        "url": url,
        "region": regions,
        "department": "一件事一次办",
        "basic_code": "",
        "region_code": "",
        "county": "",
        "county_code": "",
    }


def understander(data: dict[str, Any]) -> Understander:
    return Understander(data, data.get("t2s") or {})


def catalog_understanding(catalog: Catalog, items: Any) -> dict[str, Any]:
    """understanding_data() for a validated project (items: objects with a `.name`); bundle names (the catalog's
    `bundles`, when the project has them) are offered as suggestions too."""
    bundles = getattr(catalog, "bundles", None) or {}
    values = bundles.values() if isinstance(bundles, dict) else bundles
    bundle_names = sorted({str(b.name) for b in values if getattr(b, "name", None)})
    return understanding_data(catalog, sorted({item.name for item in items}), bundle_names, list(values))
