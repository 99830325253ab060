"""Prepare: the tokens, shingles and facts of each sentence of an article, once per article
(an article meets many partners) and once per sentence text (copies share sentences)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import itemgetter

import numpy as np

from .. import normalize
from ..memo import Memo
from ..model import Article, Span
from ..words import number_values, number_words

MIN_TOKENS = 5            # fewer normalised tokens: a banal sentence ("He said.")
MIN_CONTENT = 3           # fewer content words: banal


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


# number word -> the figure number_facts writes for it ("two" -> "2", "half" -> "0.5")
_NUMBER_WORDS = {w: (str(int(v)) if float(v).is_integer() else str(v))
                 for w, v in ((w, number_values("en")[w]) for w in number_words("en")["facts"])}
_BANAL = re.compile(r"^\W*(read more|related|advertisement|click here|share this|"
                    r"sign up|subscribe|follow us|photo|credit|image)\b", re.I)

_SPACES = np.array([ord(c) for c in " \t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003"
                    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f"
                    "\u205f\u3000"], dtype=np.uint32)

# Code point -> not a space (one table lookup per character; every code point past the last
# space character is solid).
_SOLID = np.ones(int(_SPACES.max()) + 2, dtype=bool)
_SOLID[_SPACES] = False

# ~130 KiB per prepared article: relate orders pairs so that a small cache serves them.
_CACHE_MAX = 1024
_cache = Memo(_CACHE_MAX)


def prepare(article: Article) -> Prepared:
    """Tokens, shingles and facts of each sentence of ``article``, which the segment stage has
    split into sentences (``segment.segment``); an unsegmented article is an error."""
    key = (article.id, len(article.text), hash(article.text))
    hit = _cache.get(key)
    if hit is not None:
        return hit
    if not article._sentences and article.text.strip():
        raise ValueError(f"article {article.id!r} has no sentences: segment it first "
                         "(newslineage.segment.segment) before aligning it")
    p = _prepare(article.text, list(article._sentences))
    return _cache.put(key, p)


def prepare_text(text: str, sents: list[Span]) -> Prepared:
    return _prepare(text, sents)


def whole(text: str) -> Prepared:
    """A text prepared as one sentence (a sentence pair of ``compare --pairs``, or a text
    the same-content features read as a whole)."""
    s, e = 0, len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return prepare_text(text, [(s, e)] if e > s else [])


# Sentence text -> its tokens and facts (offsets relative to the sentence). Copies of one
# text share most sentences, so most of a reprint's preparation is a lookup.
_SENTENCE_CACHE_MAX = 50_000
_sentence_cache = Memo(_SENTENCE_CACHE_MAX)


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
    return _sentence_cache.put(sent, info)


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
