"""Align: the passages two articles share, sentence by sentence.

A cascade, cheapest first:

1. Lexical. Sentences are compared on normalised tokens (``normalize``): an inverted index of
   token 3-gram shingles proposes sentence pairs, the longest common token subsequence scores
   them. This finds verbatim and lightly edited text, one sentence split into two or two
   merged into one (containment), with no model at all. A near-duplicate pair ends here.
2. Embeddings, only for the sentences left unaligned, and only when the pair can hold a
   paraphrase or a translation (languages differ, or the lexical step found an anchor, or the
   articles share enough content words). USE cosine proposes pairs; a sentence pair counts as
   a paraphrase only when the cosine agrees with the words that carry facts: content-word
   overlap, numbers ("2" is not "20") and names. Embeddings alone call "sanguine" and
   "optimistic" the same. multilingual-e5 gives a second opinion on the pairs USE is unsure of.

Aligned sentence pairs then merge into passages: runs of adjacent sentences on both sides
(reordering between runs is allowed), typed verbatim / near-verbatim / paraphrase /
translation, with a word-level diff.

Everything here is a pure function of two articles (plus cached models), so pairs can be
aligned in any process.
"""
from __future__ import annotations

import re
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter

import numpy as np
from rapidfuzz.distance import LCSseq, Levenshtein

from .. import normalize
from ..clean.language import detect
from ..model import Article, Passage, Span
from ..segment import segment_article

# --- thresholds (sentence-pair level) ------------------------------------------------------
NEAR_VERBATIM = 0.70      # token similarity (2*LCS / (la+lb)) of a lightly edited sentence
LEXICAL_MIN = 0.55        # below this a sentence pair needs embeddings to count
CONTAINED = 0.80          # share of the shorter sentence found in order in the longer (splits)
MIN_TOKENS = 5            # fewer normalised tokens: a banal sentence ("He said.")
MIN_CONTENT = 3           # fewer content words: banal
USE_CANDIDATE = 0.62      # USE cosine worth a closer look (same language)
USE_TRANSLATION = 0.60    # ... across languages
PARAPHRASE = 0.5          # combined paraphrase score to accept a sentence pair
UNSURE = (0.4, 0.6)       # combined scores for which e5 is asked ...
E5_MAX_PAIRS = 4          # ... for at most this many sentence pairs of an article pair
E5_MAX_CHARS = 400        # e5 cost grows with length; the start of a sentence is enough


# --- per-article preparation (cached: an article meets many partners) ---------------------

@dataclass
class Prepared:
    text: str
    sents: list[Span]
    # Token k of sentence i: norms[i][k], text[starts[i][k]:ends[i][k]] (int32 arrays, so a
    # prepared article holds a few dozen objects, not one per word).
    starts: list[np.ndarray]
    ends: list[np.ndarray]
    norms: list[tuple[str, ...]]  # (columns: sequences; some filled on first read)
    surface: list[tuple[str, ...]]
    content: list[frozenset]
    numbers: list[frozenset]
    names: list[frozenset]
    banal: list[bool]
    shingles: list[set]
    nonspace: np.ndarray = field(repr=False)  # prefix sums of non-space characters
    quoted: list[bool] = field(default_factory=list)  # mostly a quotation
    keys: list[int] = field(default_factory=list)  # hash(surface[i]), for exact copies
    # keys -> the sentences (with words) holding it; built on first use (``_exact_index``).
    exact: dict | None = field(default=None, repr=False)


def _exact_index(p: Prepared) -> dict[int, list[int]]:
    if p.exact is None:
        index: dict[int, list[int]] = {}
        for j, (k, nm) in enumerate(zip(p.keys, p.norms)):
            if nm:
                index.setdefault(k, []).append(j)
        p.exact = index
    return p.exact


_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
                 "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
                 "hundred": "100", "thousand": "1000", "million": "1000000",
                 "billion": "1000000000", "dozen": "12", "half": "0.5"}
_BANAL = re.compile(r"^\W*(read more|related|advertisement|click here|share this|"
                    r"sign up|subscribe|follow us|photo|credit|image)\b", re.I)

_SPACES = np.array([ord(c) for c in " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003"
                    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f"
                    "\u205f\u3000"], dtype=np.uint32)

# Code point -> not a space (one table lookup per character; every code point past the last
# space character is solid).
_SOLID = np.ones(int(_SPACES.max()) + 2, dtype=bool)
_SOLID[_SPACES] = False

_cache: "OrderedDict[tuple, Prepared]" = OrderedDict()
# ~130 KiB per prepared article: relate orders pairs so that a small cache serves them.
_CACHE_MAX = 1024


def prepare(article: Article) -> Prepared:
    """Tokens, shingles and facts of each sentence of ``article`` (segmenting it if needed)."""
    key = (article.id, len(article.text), hash(article.text))
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    if not article._sentences and article.text.strip():
        segment_article(article)
    p = _prepare(article.text, list(article._sentences))
    _cache[key] = p
    if len(_cache) > _CACHE_MAX:
        _cache.popitem(last=False)
    return p


def prepare_text(text: str, sents: list[Span]) -> Prepared:
    return _prepare(text, sents)


# Sentence text -> its tokens and facts (offsets relative to the sentence). Copies of one
# text share most sentences, so most of a reprint's preparation is a lookup.
_sentence_cache: dict[str, tuple] = {}
_SENTENCE_CACHE_MAX = 50_000


_name_form = itemgetter(2)
_chain = chain.from_iterable


# Slots of a sentence record. The facts only some sentences need (shingles: sentences not
# copied word for word; numbers: sentence pairs judged on their facts; names: sentence pairs
# an encoder proposes) are filled on first read (``_Column``): most sentences of a reprint
# never need them.
_NM, _SF, _BOUNDS, _CW, _NUM, _NAMES, _BANAL_, _SH, _QUOTED, _KEY, _TEXT = range(11)
# The token offsets (relative to the sentence) in one int32 array: token k starts at
# bounds[2k + 1] and ends at bounds[2k + 2], as in the running sum of the lengths of the
# sentence's words and the gaps around them (``normalize.word_columns``).
_STARTS, _ENDS = slice(1, -1, 2), slice(2, None, 2)


def _sentence(sent: str) -> list:
    hit = _sentence_cache.get(sent)
    if hit is not None:
        return hit
    parts, sf, nm, _, content = normalize.word_columns(sent)
    if None in nm:  # an honorific: left out of the normalised tokens and their offsets
        _, nm, _, st, en = normalize.word_forms(sent)
        bounds = np.asarray([0, *_chain(zip(st, en)), 0], np.int32)
    else:
        bounds = np.fromiter(accumulate(map(len, parts), initial=0), np.int32, len(parts) + 1)
    nm = tuple(nm)
    cw = frozenset(filter(None, content))  # (a word's forms are never "")
    banal = len(nm) < MIN_TOKENS or len(cw) < MIN_CONTENT or bool(_BANAL.match(sent))
    info = [nm, sf, bounds, cw, None, None, banal, None, _quoted_share(sent) >= 0.7,
            hash(sf), sent]
    if len(_sentence_cache) >= _SENTENCE_CACHE_MAX:
        _sentence_cache.clear()
    _sentence_cache[sent] = info
    return info


def _fill_names(rec: list) -> frozenset:
    # A capitalised word not opening the sentence: a name (or an acronym).
    names = set(map(_name_form, normalize.word_forms(rec[_TEXT])[0][1:]))
    names.discard(None)
    return frozenset(names)


def _fill_numbers(rec: list) -> frozenset:
    return number_facts(rec[_TEXT], rec[_NM])


def _fill_shingles(rec: list) -> set:
    return _shingles(rec[_NM])


class _Column:
    """One lazily filled fact of each sentence of a text: computed on first read and kept in
    the sentence's record (shared by every text holding that sentence)."""
    __slots__ = ("recs", "slot", "fill")

    def __init__(self, recs: list, slot: int, fill) -> None:
        self.recs, self.slot, self.fill = recs, slot, fill

    def __getitem__(self, i: int):
        rec = self.recs[i]
        v = rec[self.slot]
        if v is None:
            v = rec[self.slot] = self.fill(rec)
        return v

    def __len__(self) -> int:
        return len(self.recs)

    def __iter__(self):
        return (self[i] for i in range(len(self.recs)))


class _Offsets:
    """Token starts (or ends) of each sentence in the text: the record's sentence-relative
    offsets shifted by the sentence's start, on read (only passages with edits need them)."""
    __slots__ = ("recs", "which", "sents")

    def __init__(self, recs: list, which: slice, sents: list) -> None:
        self.recs, self.which, self.sents = recs, which, sents

    def __getitem__(self, i: int) -> np.ndarray:
        return self.recs[i][_BOUNDS][self.which] + self.sents[i][0]

    def __len__(self) -> int:
        return len(self.recs)

    def __iter__(self):
        return (self[i] for i in range(len(self.recs)))


def _prepare(text: str, sents: list[Span]) -> Prepared:
    recs = [_sentence(text[s:e]) for s, e in sents]
    cols = list(zip(*recs)) if recs else [()] * 11
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    solid = _SOLID[np.minimum(codes, len(_SOLID) - 1)]
    nonspace = np.concatenate([[0], np.cumsum(solid, dtype=np.int64)])
    return Prepared(text, sents, _Offsets(recs, _STARTS, sents), _Offsets(recs, _ENDS, sents),
                    cols[_NM], cols[_SF], cols[_CW], _Column(recs, _NUM, _fill_numbers),
                    _Column(recs, _NAMES, _fill_names), cols[_BANAL_],
                    _Column(recs, _SH, _fill_shingles), nonspace, cols[_QUOTED], cols[_KEY])


_NUMBER_RUN = re.compile(r"\d+(?:[.,:'\u2019\u00a0\u202f ]\d+)*")


_NON_DIGITS = re.compile(r"\D+")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)


def number_facts(sentence: str, norms: tuple[str, ...] = ()) -> frozenset:
    """The numbers a sentence states, written one way whatever the locale: "900,000",
    "900.000" and "900 000" are 900000; "7:40" and "7.40" are 7|40; "two" is 2."""
    out = set()
    for run in _NUMBER_RUN.findall(sentence):
        groups = _NON_DIGITS.split(run)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
            out.add("".join(groups))
        else:
            out.add("|".join(g.lstrip("0") or "0" for g in groups))
    if not _NUMBER_WORD_SET.isdisjoint(norms):
        out.update(_NUMBER_WORDS[w] for w in _NUMBER_WORD_SET.intersection(norms))
    return frozenset(out)


_QUOTATION = re.compile(r"[\"\u201c\u201e\u00ab\u00bb]([^\"\u201c\u201d\u201e\u00ab\u00bb]+)"
                        r"[\"\u201d\u201c\u00bb\u00ab]")


_QUOTE_MARK = re.compile(r"[\"\u201c\u201e\u00ab\u00bb]")


def _quoted_share(sentence: str) -> float:
    """Share of a sentence inside quotation marks (a quoted statement two outlets may carry
    independently: on its own it is no evidence that one copied the other)."""
    if not _QUOTE_MARK.search(sentence):
        return 0.0
    inside = sum(len(m.group(1)) for m in _QUOTATION.finditer(sentence))
    return inside / max(1, len(sentence))


def _shingles(nm: tuple[str, ...], k: int = 3) -> set:
    if len(nm) < k:
        return {hash(nm)} if nm else set()
    if k == 3:  # the tuples zip makes are the slices nm[i:i + 3]: equal, so equal hashes
        return set(map(hash, zip(nm, nm[1:], nm[2:])))
    return {hash(nm[i:i + k]) for i in range(len(nm) - k + 1)}


# --- sentence-pair features ----------------------------------------------------------------

def lexical(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, float, float]:
    """(similarity, share of a in b, share of b in a) over the longest common subsequence."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    lcs = LCSseq.similarity(a, b)
    return 2 * lcs / (len(a) + len(b)), lcs / len(a), lcs / len(b)


def _jaccard(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x or y else 1.0


def agreement(x: frozenset, y: frozenset) -> float:
    """1 when both sides state the same facts (or none), 0 when they state only different ones;
    a side that omits some is not a disagreement, a fact replaced by another is."""
    if not x or not y:
        return 1.0
    return len(x & y) / min(len(x), len(y))


def _unit(p: Prepared, idx: list[int]) -> tuple:
    """The words and facts of one sentence, or of adjacent sentences read as one."""
    if len(idx) == 1:
        k = idx[0]
        return p.norms[k], p.content[k], p.numbers[k], p.names[k]
    return (sum((p.norms[k] for k in idx), ()), frozenset().union(*(p.content[k] for k in idx)),
            frozenset().union(*(p.numbers[k] for k in idx)),
            frozenset().union(*(p.names[k] for k in idx)))


def unit_features(ua: tuple, ub: tuple, cos: float) -> dict:
    sym, ca, cb = lexical(ua[0], ub[0])
    la, lb = len(ua[0]), len(ub[0])
    return {"cos": cos, "sym": sym, "contain": max(ca, cb),
            "content": _jaccard(ua[1], ub[1]),
            "numbers": agreement(ua[2], ub[2]),
            "names": agreement(ua[3], ub[3]),
            "length": min(la, lb) / max(la, lb, 1)}


def features(pa: Prepared, i: int, pb: Prepared, j: int, cos: float) -> dict:
    """Features of sentence i of ``pa`` against sentence j of ``pb``, given their cosine."""
    return unit_features(_unit(pa, [i]), _unit(pb, [j]), cos)


def paraphrase_score(f: dict, translation: bool = False) -> float:
    """How sure we are that two sentences say the same thing, in [0, 1].

    The cosine says "same topic, maybe same meaning"; the words that carry facts decide.
    A number or a name replaced by another caps the score: that is a different statement.
    """
    if translation:
        # No shared words to check across languages; numbers and names still must agree.
        s = (f["cos"] - USE_TRANSLATION) / 0.20
    else:
        s = (1.6 * (f["cos"] - USE_CANDIDATE) / (0.95 - USE_CANDIDATE)
             + 1.2 * f["content"] + 0.6 * f["sym"] - 0.45)
    s *= 0.5 + 0.5 * f["length"] ** 0.5
    s = 1.0 / (1.0 + np.exp(-4.0 * (s - PARAPHRASE)))  # a confidence: 0.5 at the line
    if f["numbers"] < 1.0:
        # A figure replaced by another makes a different statement, unless the sentences
        # otherwise match closely and still share other figures and all their names: then it
        # is the same statement with an edited figure (drift), kept just above the line.
        edited = f["numbers"] > 0.0 and f["names"] == 1.0 and s >= 0.8
        s = min(s, PARAPHRASE + 0.1) if edited else min(s, 0.3 + 0.2 * f["numbers"])
    # Across languages capitals mark nouns too (German), so only a clean miss counts there.
    if f["names"] < (0.01 if translation else 0.5):
        s = min(s, 0.4)
    return float(max(0.0, min(1.0, s)))


# --- the alignment ---------------------------------------------------------------------------

@dataclass
class Edge:
    i: int
    j: int
    kind: str      # verbatim | near-verbatim | paraphrase | translation
    score: float
    split: str = ""  # "a": several b sentences share this a sentence; "b": the reverse


def _lexical_edges(pa: Prepared, pb: Prepared) -> list[Edge]:
    # Sentences copied word for word pair up by a dictionary lookup; only the others go
    # through shingles and the token LCS (most sentences of a reprint are exact copies).
    # (Keyed by the hash of each sentence's words, computed once per sentence text: hashing
    # the word tuples again for every pair was most of this function's time.)
    exact_b = _exact_index(pb)  # an article meets several partners: built once
    edges = []
    matched_b = set()
    rest_a = []
    surf_b = pb.surface
    for i, (k, nm) in enumerate(zip(pa.keys, pa.norms)):
        if not nm:
            continue
        js = exact_b.get(k)
        if js:
            sf = pa.surface[i]
            js = [j for j in js if surf_b[j] == sf]  # two texts may share a hash
        if js:
            if len(js) == 1:
                edges.append(Edge(i, js[0], "verbatim", 1.0))
            else:
                edges.extend(Edge(i, j, "verbatim", 1.0) for j in js)
            matched_b.update(js)
        else:
            rest_a.append(i)
    if not rest_a or len(matched_b) == len(pb.surface):
        return edges
    js = [j for j in range(len(pb.norms)) if j not in matched_b]
    sets = [pb.shingles[j] for j in js]
    held = set().union(*sets)
    # Few sentences left over (a reprint): set operations per pair at C speed. Many on both
    # sides (two long edited texts): a shingle -> sentences index, so the work follows the
    # shingles shared, not every pair (1 MB against 1 MB was 10^8 pairs). Same hits, same order.
    index = _shingle_index(js, sets) if len(rest_a) * len(js) > _PAIRS_BY_SETS else None
    for i in rest_a:
        sh = pa.shingles[i]
        if held.isdisjoint(sh):  # most sentences left over share no shingle
            continue
        long_a = len(sh) > 2
        for j, c in (_shared(sh, js, sets) if index is None else _shared_by_index(sh, index)):
            if c < 2 and long_a and len(pb.shingles[j]) > 2:  # one shared shingle of longer ones
                continue
            sym, ca, cb = lexical(pa.norms[i], pb.norms[j])
            la, lb = len(pa.norms[i]), len(pb.norms[j])
            # One side may hold the other: a sentence split in two, or two merged.
            # (The held part must be a real sentence: short formula-like pieces such as
            # "P(B|A) is the probability of B given A" sit inside many sentences.)
            contained = (max(ca, cb) >= CONTAINED and min(la, lb) >= 8
                         and len(pa.content[i] & pb.content[j]) >= 4)
            split = ("a" if lb < la else "b") if contained and min(la, lb) < 0.8 * max(la, lb) else ""
            if pa.surface[i] == pb.surface[j]:
                edges.append(Edge(i, j, "verbatim", 1.0))
            elif contained and split:
                # Copied word for word when the shorter one appears whole inside the longer.
                short, long_, k, m = (pb, pa, j, i) if split == "a" else (pa, pb, i, j)
                exact = f" {' '.join(short.surface[k])} " in f" {' '.join(long_.surface[m])} "
                edges.append(Edge(i, j, "verbatim" if exact else "near-verbatim",
                                  1.0 if exact else max(ca, cb), split=split))
            elif sym >= NEAR_VERBATIM or contained:
                edges.append(Edge(i, j, "near-verbatim", max(sym, min(ca, cb))))
            elif sym >= LEXICAL_MIN:
                edges.append(Edge(i, j, "paraphrase", sym))
    return edges


_PAIRS_BY_SETS = 20_000


def _shingle_index(js: list[int], sets: list[set]) -> dict:
    """shingle -> the sentences ``js`` that hold it, in ascending order."""
    index: dict = {}
    for j, shb in zip(js, sets):
        for h in shb:
            index.setdefault(h, []).append(j)
    return index


def _shared_by_index(sh: set, index: dict) -> list[tuple[int, int]]:
    """``_shared`` through the index: j first met at its earliest shingle of ``sh``, then
    by j, as ``_shared`` orders them."""
    counts: dict[int, int] = {}
    get = counts.get
    for h in sh:
        for j in index.get(h, ()):
            counts[j] = get(j, 0) + 1
    return list(counts.items())


def _shared(sh: set, js: list[int], sets: list[set]) -> list[tuple[int, int]]:
    """(sentence j, shingles of ``sh`` it holds) for the sentences ``js`` (shingle sets
    ``sets``) that hold some, in the order a shingle -> sentences index read along ``sh``
    would meet them: by the first shingle of ``sh`` each holds, then by j (ties in ``_select``
    keep that order). Set operations at C speed, no index per pair: most sentences hold none."""
    hits = [(j, shb) for j, shb in zip(js, sets) if not sh.isdisjoint(shb)]
    if len(hits) > 1:
        at = {h: n for n, h in enumerate(sh)}
        hits.sort(key=lambda hit: min(map(at.__getitem__, sh & hit[1])))
    return [(j, len(sh & shb)) for j, shb in hits]


def _script(s: str) -> str:
    for ch in s:
        if ch.isalpha():
            o = ord(ch)
            if o < 0x250:
                return "latin"
            if 0x400 <= o < 0x530:
                return "cyrillic"
            if 0x3040 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0:
                return "cjk"
            return f"other{o >> 8}"
    return ""


def different_language(pa: Prepared, i: int, pb: Prepared, j: int, cross: bool | None) -> bool:
    """Article languages when known; else a per-sentence check (script, function words)."""
    if cross is not None:
        return cross
    sa, sb = pa.text[pa.sents[i][0]:pa.sents[i][1]], pb.text[pb.sents[j][0]:pb.sents[j][1]]
    if _script(sa) != _script(sb):
        return True
    fa = {w for w in pa.norms[i] if w in normalize.STOPWORDS}
    fb = {w for w in pb.norms[j] if w in normalize.STOPWORDS}
    # Two English sentences of some length share function words; other languages have none.
    return bool(len(pa.norms[i]) >= 8 and len(pb.norms[j]) >= 8 and (not fa) != (not fb))


def cross_language(a: Article, b: Article) -> bool | None:
    """Are the two articles in different languages? None when that cannot be told."""
    la, lb = (a.language or "").split("-")[0].lower(), (b.language or "").split("-")[0].lower()
    # an article that has not been through clean has no language yet
    if not la:
        la = detect(a.text) or ""
    if not lb:
        lb = detect(b.text) or ""
    if la and lb:
        return la != lb
    return None


# A paraphrased sentence keeps some of its content words: every paraphrase the embedding step
# accepts on the seeds and the example corpus shares >= 2 of them and >= 0.42 of the smaller
# sentence's (translations aside). Sentence pairs below this cannot be a paraphrase worth USE.
REWORD_MIN_SHARED = 2
REWORD_MIN_OVERLAP = 0.4
# Without any lexical anchor, a same-language pair is embedded only when enough of one side
# has such a partner (at >= 0.5) to make a rewrite: a rewrite rewords most of an article.
REWRITE_SHARE = 0.5


def _reworded(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
              min_overlap: float = REWORD_MIN_OVERLAP) -> list[tuple[int, int]]:
    """Leftover sentence pairs that share enough content words to be a paraphrase."""
    index: dict[str, list[int]] = defaultdict(list)
    for j in left_b:
        for w in pb.content[j]:
            index[w].append(j)
    out = []
    for i in left_a:
        ca = pa.content[i]
        counts = Counter(_chain(filter(None, map(index.get, ca))))
        for j, c in counts.items():
            if c >= REWORD_MIN_SHARED and c >= min_overlap * min(len(ca), len(pb.content[j])):
                out.append((i, j))
    return out


def _outcome(pa: Prepared, pb: Prepared, lexical: list[Edge], extra: list[tuple[int, int]]
             ) -> str | None:
    """The relation kind (None: no relation) if ``extra`` sentence pairs were paraphrases."""
    from .relate import coverage, relation_kind  # relate builds on align; only its rules here

    edges = lexical + [Edge(i, j, "paraphrase", 1.0) for i, j in extra]
    if not extra:
        from .relate import _substantial
        if not edges or not _substantial(pa, pb, edges):
            return None
    elif len(edges) < 2:
        return None
    ps = [Passage(a=pa.sents[e.i], b=pb.sents[e.j], kind=e.kind, score=e.score) for e in edges]
    return relation_kind(ps, coverage(pa, [p.a for p in ps]), coverage(pb, [p.b for p in ps]))


def _embedding_plan(pa: Prepared, pb: Prepared, chosen: list[Edge], weak: list[Edge],
                    left_a: list[int], left_b: list[int], cross: bool | None
                    ) -> tuple[list[int], list[int]] | None:
    """The leftover sentences worth encoding with USE, or None when none are.

    Across languages there are no shared words to check: all leftovers. In one language, only
    leftover sentences with a partner that shares content words (or matched weakly), and only
    when, were those pairs all paraphrases, the relation would differ from what the lexical
    step already decided: a copy's leftovers (an excerpt's cut, a merge's other source) rarely
    are, and most pairs of a news corpus are such copies. When the lexical step found no
    relation (no anchor, or one shared sentence), enough of one side must have a partner to
    make a rewrite.
    """
    if cross or (cross is None and _script(pa.text) != _script(pb.text)):
        return left_a, left_b
    sa, sb = set(left_a), set(left_b)
    cand = set(_reworded(pa, pb, left_a, left_b))
    cand.update((e.i, e.j) for e in weak if e.i in sa and e.j in sb)
    if not cand:
        return None
    plan = sorted({i for i, _ in cand}), sorted({j for _, j in cand})
    lexical = _outcome(pa, pb, chosen, []) if chosen else None
    if lexical is None:
        strong = [(i, j) for i, j in cand if len(pa.content[i] & pb.content[j])
                  >= 0.5 * min(len(pa.content[i]), len(pb.content[j]))]
        share_a = len({i for i, _ in strong}) / max(1, sum(not b for b in pa.banal))
        share_b = len({j for _, j in strong}) / max(1, sum(not b for b in pb.banal))
        return plan if max(share_a, share_b) >= REWRITE_SHARE else None
    # The best partner of each leftover sentence, as if it were a paraphrase.
    best: dict[int, tuple[int, int]] = {}
    for i, j in cand:
        k = len(pa.content[i] & pb.content[j])
        if i not in best or k > best[i][0]:
            best[i] = (k, j)
    extra = [(i, j) for i, (_, j) in best.items()]
    extra += [(min(i for i, j2 in cand if j2 == j), j) for j in {j for _, j in cand}
              if j not in {j2 for _, j2 in extra}]
    return plan if _outcome(pa, pb, chosen, extra) != lexical else None


_e5_cache: "OrderedDict[str, np.ndarray]" = OrderedDict()


def encode_e5(texts: list[str]) -> np.ndarray:
    """e5 vectors, each distinct text encoded once per process (a source sentence meets many
    partners, and e5 costs ~30 ms a sentence)."""
    from .. import embed

    todo = [t for t in dict.fromkeys(texts) if t not in _e5_cache]
    if todo:
        _e5_cache.update(zip(todo, embed.encode_e5(todo)))
        while len(_e5_cache) > 50_000:
            _e5_cache.popitem(last=False)
    if not texts:
        return np.zeros((0, 384), np.float32)
    return np.stack([_e5_cache[t] if t in _e5_cache else embed.encode_e5([t])[0] for t in texts])


def _embedding_edges(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
                     cross: bool | None, use_e5: bool = True) -> list[Edge]:
    from .. import embed

    ta = [pa.text[slice(*pa.sents[i])] for i in left_a]
    tb = [pb.text[slice(*pb.sents[j])] for j in left_b]
    va, vb = embed.encode(ta), embed.encode(tb)
    cos = va @ vb.T
    floor = min(USE_CANDIDATE, USE_TRANSLATION)
    cand = []
    for x, y in zip(*np.nonzero(cos >= floor)):
        i, j = left_a[x], left_b[y]
        trans = different_language(pa, i, pb, j, cross)
        if not trans and cos[x, y] < USE_CANDIDATE:
            continue
        f = features(pa, i, pb, j, float(cos[x, y]))
        cand.append([i, j, trans, f, paraphrase_score(f, trans), x, y])
    # The doubtful pairs closest to the line first; e5 is ~20x slower than USE.
    unsure = sorted((c for c in cand if UNSURE[0] <= c[4] < UNSURE[1]),
                    key=lambda c: abs(c[4] - PARAPHRASE))[:E5_MAX_PAIRS]
    if use_e5 and unsure:
        xs = sorted({c[5] for c in unsure})
        ys = sorted({c[6] for c in unsure})
        ea = dict(zip(xs, encode_e5([ta[x][:E5_MAX_CHARS] for x in xs])))
        eb = dict(zip(ys, encode_e5([tb[y][:E5_MAX_CHARS] for y in ys])))
        for c in unsure:
            e5 = float(ea[c[5]] @ eb[c[6]])
            # e5 cosines sit higher than USE's (0.85 for sentences on one topic, 0.95 for a
            # close paraphrase): map them onto USE's scale and average the two opinions.
            f = dict(c[3], cos=(c[3]["cos"] + USE_CANDIDATE + (e5 - 0.85) * 3.3) / 2)
            c[4] = paraphrase_score(f, c[2])
    return [Edge(c[0], c[1], "translation" if c[2] else "paraphrase", c[4])
            for c in cand if c[4] >= PARAPHRASE]


def _merged_edges(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
                  cross: bool | None) -> list[Edge]:
    """Two adjacent unaligned sentences of one side against one of the other side."""
    from .. import embed

    def pairs(left):
        s = set(left)
        return [[k, k + 1] for k in left if k + 1 in s]

    out = []
    for p_many, p_one, many_idx, one_idx, split in (
            (pa, pb, pairs(left_a), left_b, "b"), (pb, pa, pairs(left_b), left_a, "a")):
        if not many_idx or not one_idx:
            continue
        many_txt = [p_many.text[p_many.sents[m[0]][0]:p_many.sents[m[1]][1]] for m in many_idx]
        one_txt = [p_one.text[slice(*p_one.sents[k])] for k in one_idx]
        cos = embed.encode(many_txt) @ embed.encode(one_txt).T
        for x, y in zip(*np.nonzero(cos >= min(USE_CANDIDATE, USE_TRANSLATION))):
            m, k = many_idx[x], one_idx[y]
            a_idx, b_idx = (m, [k]) if split == "b" else ([k], m)
            trans = different_language(pa, a_idx[0], pb, b_idx[0], cross)
            f = unit_features(_unit(pa, a_idx), _unit(pb, b_idx), float(cos[x, y]))
            sc = paraphrase_score(f, trans)
            if sc >= PARAPHRASE and (trans or cos[x, y] >= USE_CANDIDATE):
                kind = "translation" if trans else "paraphrase"
                out.extend(Edge(i, j, kind, sc, split=split) for i in a_idx for j in b_idx)
    return out


def _select(edges: list[Edge], pa: Prepared, pb: Prepared) -> list[Edge]:
    """Greedy one-to-one choice, best first; a sentence may take a second partner when it was
    split (or merged) and the partner sits next to its first one."""
    rank = {"verbatim": 3, "near-verbatim": 2, "paraphrase": 1, "translation": 1}
    edges = sorted(edges, key=lambda e: (rank[e.kind], e.score), reverse=True)
    used_a: dict[int, list[int]] = defaultdict(list)
    used_b: dict[int, list[int]] = defaultdict(list)
    out = []
    for e in edges:
        ok_a = not used_a[e.i] or (e.split == "a" and any(abs(j - e.j) == 1 for j in used_a[e.i])
                                   and len(used_a[e.i]) < 3)
        ok_b = not used_b[e.j] or (e.split == "b" and any(abs(i - e.i) == 1 for i in used_b[e.j])
                                   and len(used_b[e.j]) < 3)
        if ok_a and ok_b:
            used_a[e.i].append(e.j)
            used_b[e.j].append(e.i)
            out.append(e)
    return out


def _drop_lone_banal(edges: list[Edge], pa: Prepared, pb: Prepared) -> list[Edge]:
    """A banal sentence pair ("He said.") stays only inside a run of substantial ones."""
    solid = {(e.i, e.j) for e in edges if not (pa.banal[e.i] or pb.banal[e.j])}
    out = []
    for e in edges:
        if (e.i, e.j) in solid:
            out.append(e)
        elif any((e.i + di, e.j + dj) in solid for di in (-1, 1) for dj in (-1, 1)):
            out.append(e)
    return out


def align_prepared(pa: Prepared, pb: Prepared, embeddings: bool = True,
                   cross: bool | None = None) -> list[Edge]:
    """The aligned sentence pairs of two prepared texts."""
    edges = _lexical_edges(pa, pb)
    # Weak lexical matches are paraphrase candidates: embeddings confirm them when available.
    strong = [e for e in edges if e.kind != "paraphrase"]
    weak = [e for e in edges if e.kind == "paraphrase"]
    chosen = _select(strong, pa, pb)
    if embeddings:
        done_a = {e.i for e in chosen}
        done_b = {e.j for e in chosen}
        left_a = [i for i in range(len(pa.sents)) if i not in done_a and not pa.banal[i]]
        left_b = [j for j in range(len(pb.sents)) if j not in done_b and not pb.banal[j]]
        plan = (_embedding_plan(pa, pb, chosen, weak, left_a, left_b, cross)
                if left_a and left_b else None)
        if plan:
            left_a, left_b = plan
            emb = _embedding_edges(pa, pb, left_a, left_b, cross)
            chosen = _select(chosen + emb, pa, pb)
            if emb:
                # Sentences split or merged by the rewrite or the translation.
                done_a = {e.i for e in chosen}
                done_b = {e.j for e in chosen}
                left_a = [i for i in left_a if i not in done_a]
                left_b = [j for j in left_b if j not in done_b]
                if left_a and left_b:
                    chosen = _select(chosen + _merged_edges(pa, pb, left_a, left_b, cross),
                                     pa, pb)
    else:
        # No model: a weak lexical match counts when its content words agree too.
        extra = []
        for e in weak:
            f = features(pa, e.i, pb, e.j, 0.0)
            if f["content"] >= 0.45 and f["numbers"] == 1.0 and f["names"] >= 0.5:
                extra.append(Edge(e.i, e.j, "paraphrase", e.score))
        chosen = _select(chosen + extra, pa, pb)
    return _drop_lone_banal(chosen, pa, pb)


# --- passages ---------------------------------------------------------------------------------

_FAMILY = {"verbatim": "lexical", "near-verbatim": "lexical", "paraphrase": "paraphrase",
           "translation": "translation"}


def passages(pa: Prepared, pb: Prepared, edges: list[Edge]) -> list[Passage]:
    """Merge aligned sentence pairs into passages: runs adjacent on both sides."""
    runs: list[list[Edge]] = []
    for e in sorted(edges, key=lambda e: (e.i, e.j)):
        if runs:
            last = runs[-1][-1]
            if (_FAMILY[last.kind] == _FAMILY[e.kind] and e.i - last.i in (0, 1)
                    and e.j - last.j in (0, 1) and (e.i, e.j) != (last.i, last.j)):
                runs[-1].append(e)
                continue
        runs.append([e])
    out = []
    for run in runs:
        ia = sorted({e.i for e in run})
        jb = sorted({e.j for e in run})
        sa = (pa.sents[ia[0]][0], pa.sents[ia[-1]][1])
        sb = (pb.sents[jb[0]][0], pb.sents[jb[-1]][1])
        kinds = {e.kind for e in run}
        if kinds == {"verbatim"}:
            kind = "verbatim"
        elif kinds <= {"verbatim", "near-verbatim"}:
            kind = "near-verbatim"
        else:
            kind = run[0].kind
        weight = [pa.sents[e.i][1] - pa.sents[e.i][0] for e in run]
        score = sum(w * e.score for w, e in zip(weight, run)) / max(1, sum(weight))
        out.append(Passage(a=sa, b=sb, kind=kind, score=round(float(score), 3),
                           diff=diff(pa, ia, pb, jb, kind)))
    return out


def _word_bounds(p: Prepared, idx: list[int]) -> tuple[int, int]:
    """Start of the first normalised word and end of the last one of sentences ``idx``."""
    first = next(i for i in idx if p.norms[i])  # a sentence's tokens are its norms
    last = next(i for i in reversed(idx) if p.norms[i])
    return (p.sents[first][0] + int(p.starts.recs[first][_BOUNDS][1]),
            p.sents[last][0] + int(p.ends.recs[last][_BOUNDS][-2]))


def diff(pa: Prepared, ia: list[int], pb: Prepared, jb: list[int], kind: str) -> list:
    """Word-level diff of a passage: [[op, a_text, b_text], ...] over normalised tokens, the
    texts being the original words (so "defences"/"defenses" is an "equal" with two spellings)."""
    if (kind != "translation" and len(ia) == len(jb) and any(pa.norms[i] for i in ia)
            and all(pa.norms[i] == pb.norms[j] for i, j in zip(ia, jb))):
        # A copy sentence for sentence (most passages): the words are equal without joining
        # them; one "equal" from the first word to the last.
        a0, a1 = _word_bounds(pa, ia)
        b0, b1 = _word_bounds(pb, jb)
        return [["equal", pa.text[a0:a1], pb.text[b0:b1]]]
    na = [w for i in ia for w in pa.norms[i]]
    nb = [w for j in jb for w in pb.norms[j]]
    if kind == "translation" or not na or not nb:
        return [["replace", pa.text[pa.sents[ia[0]][0]:pa.sents[ia[-1]][1]],
                 pb.text[pb.sents[jb[0]][0]:pb.sents[jb[-1]][1]]]]
    if na == nb:  # a copy (most passages): one "equal" from the first word to the last
        a0, a1 = _word_bounds(pa, ia)
        b0, b1 = _word_bounds(pb, jb)
        return [["equal", pa.text[a0:a1], pb.text[b0:b1]]]
    sa = np.concatenate([pa.starts[i] for i in ia]).tolist()
    ea = np.concatenate([pa.ends[i] for i in ia]).tolist()
    sb = np.concatenate([pb.starts[j] for j in jb]).tolist()
    eb = np.concatenate([pb.ends[j] for j in jb]).tolist()
    out = []
    for op in Levenshtein.opcodes(na, nb):
        a_txt = pa.text[sa[op.src_start]:ea[op.src_end - 1]] if op.src_end > op.src_start else ""
        b_txt = pb.text[sb[op.dest_start]:eb[op.dest_end - 1]] if op.dest_end > op.dest_start else ""
        out.append([op.tag, a_txt, b_txt])
    return out


def align(a: Article, b: Article, embeddings: bool = True) -> list[Passage]:
    """The passages articles ``a`` and ``b`` share (empty when none)."""
    pa, pb = prepare(a), prepare(b)
    if not pa.sents or not pb.sents:
        return []
    return passages(pa, pb, align_prepared(pa, pb, embeddings, cross_language(a, b)))
