"""Profiles: what the story index keeps of an article (term ids, figures, time), and the
vocabularies that give the ids (``Vocabulary``, a part of ``StoryIndex``)."""
from __future__ import annotations

import operator
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import chain, compress, repeat
from typing import Iterable

import numpy as np

from ..times import When, parse_time
from ..model import Article
from .features import (_INNER_CAPS, _INNER_CAPS_ASCII, _KEYS_MAX, _WORDS, _WORDS_ASCII,
                       _ascii_letters, _name_key, _name_keys, _word_key, numbers, place)

_NO_DAY = np.iinfo(np.int32).min  # an undated article: any day
# One empty set for every profile without figures or a dateline place (an empty frozenset is a
# new 216-byte object each time in CPython).
_EMPTY = frozenset()
# Term ids are numpy's index type (int32 ids cost a conversion at each of the many look-ups
# by id: stories CPU +9% at 10k); an article's word counts are int32 (a count stays far below
# 2**31), half of float64; a story as a whole keeps float64 counts (``_whole``).
_IDS = np.intp
_COUNTS = np.int32


@dataclass
class Profile:
    """What the story index keeps of one article (or of a story as a whole): term ids into the
    index's vocabularies, sorted, so pairs are scored with array operations."""
    id: str
    names: np.ndarray  # name ids (sorted, unique)
    words: np.ndarray  # content-word ids (sorted, unique)
    counts: np.ndarray  # occurrences of each word (aligned with words; int32, float64 for a story)
    numbers: frozenset
    when: When | None
    title: str | None
    vec: np.ndarray | None = None  # the lead vector, once the cascade asked for it
    day: int = _NO_DAY
    ts: float = 0.0
    t: tuple | None = None  # when as integers, for gap_days (see _times)
    tf: np.ndarray | None = None  # 1 + log(counts) of a story as a whole (see _tf)
    place: frozenset = frozenset()  # the dateline's place, as name keys (features.place)


# 1 + log(n) for the counts n of words, by table look-up: the same values as computing it
# (np.log of the same float64), and nothing kept per article profile (a cached array was
# 1.1 KiB an article at 10k, as much as the word ids). Every count is a whole number (a story
# as a whole sums its members' counts). Grows by doubling; entry 0 is never read.
with np.errstate(divide="ignore"):
    _TF = 1 + np.log(np.arange(1024, dtype=np.float64))


def _tf_of(counts: np.ndarray) -> np.ndarray:
    global _TF
    at = counts.astype(np.intp)
    try:
        return _TF[at]
    except IndexError:
        with np.errstate(divide="ignore"):
            _TF = 1 + np.log(np.arange(2 * int(at.max()) + 2, dtype=np.float64))
        return _TF[at]


def _tf(q: Profile) -> np.ndarray:
    if q.tf is not None:
        return q.tf
    if q.counts.dtype.kind == "i":  # an article's counts: not kept
        return _tf_of(q.counts)
    q.tf = _tf_of(q.counts)  # a story as a whole (kept with it)
    return q.tf


def _tfs(qs: list[Profile]) -> np.ndarray:
    """np.concatenate([_tf(q) for q in qs]) in one look-up."""
    return _tf_of(np.concatenate([q.counts for q in qs]))


def _figures(text: str) -> frozenset:
    """numbers(text), each figure's string interned (the same figures recur across a corpus)."""
    found = numbers(text)
    return frozenset(map(sys.intern, found)) if found else _EMPTY


_EPOCH = datetime(1970, 1, 1)


def _times(when: When) -> tuple:
    """(aware, microseconds since 1970 in UTC if aware else as written, as written, date
    ordinal, precise): what gap_days needs, read once per article instead of once per pair."""
    at = when.at
    d = at.replace(tzinfo=None) - _EPOCH
    wall = (d.days * 86400 + d.seconds) * 10**6 + d.microseconds
    aware = at.tzinfo is not None
    utc = wall
    if aware:
        off = at.utcoffset()
        utc -= (off.days * 86400 + off.seconds) * 10**6 + off.microseconds
    return aware, utc, wall, at.date().toordinal(), when.precise


class _Grow:
    """A numpy array that grows by doubling (document frequencies, days by article)."""

    def __init__(self, dtype, fill=0):
        self.a = np.full(1024, fill, dtype=dtype)
        self.fill = fill

    def ensure(self, n: int) -> np.ndarray:
        if n > len(self.a):
            extra = np.full(max(n, 2 * len(self.a)) - len(self.a), self.fill, dtype=self.a.dtype)
            self.a = np.concatenate([self.a, extra])
        return self.a


def _dated(article: Article):
    """(parsed publication time, day ordinal, UTC timestamp, its time tuple) of an article;
    (None, _NO_DAY, 0.0, None) when it has no date."""
    when = parse_time(article.published)
    if when is None:
        return None, _NO_DAY, 0.0, None
    at = when.at if when.at.tzinfo else when.at.replace(tzinfo=timezone.utc)
    return when, when.at.date().toordinal(), at.timestamp(), _times(when)


class Vocabulary:
    """The term vocabularies, document frequencies and postings of a ``StoryIndex``, and the
    profiles built over them (its state is set up by ``StoryIndex.__init__``)."""

    def _log1(self, df: np.ndarray) -> np.ndarray:
        """np.log(df + 1.0) by table look-up (a document frequency is at most the number of
        articles indexed; the table grows by doubling)."""
        need = len(self._order) + 2
        if len(self._logdf) < need:
            self._logdf = np.log(np.arange(max(need, 2 * len(self._logdf), 1024)) + 1.0)
        return self._logdf[df]

    def _ids(self, terms: Iterable[str], vocab: dict[str, int], post: list, df: _Grow,
             keep: list | None = None) -> list[int]:
        out = []
        for t in terms:
            i = vocab.get(t)
            if i is None:
                i = vocab[t] = len(vocab)
                post.append(array("i"))
                if keep is not None:
                    keep.append(t)
            out.append(i)
        df.ensure(len(vocab))
        return out

    def _word_counts(self, text: str, ascii_letters: bool) -> tuple[np.ndarray, np.ndarray]:
        """words(text) as sorted word ids and counts, through a token -> id map (each distinct
        token of the corpus is folded and looked up once)."""
        tokens = self._token_ids
        found = Counter((_WORDS_ASCII if ascii_letters else _WORDS).findall(text))
        ids = list(map(tokens.get, found))
        if None in ids:  # tokens new to the index, in order of first occurrence
            new = list(compress(found, map(operator.not_, map(tokens.__contains__, found))))
            if len(tokens) + len(new) >= _KEYS_MAX:
                tokens.clear()
            for tok in new:
                f = _word_key(tok)
                tokens[tok] = self._ids([f], self._word_ids, self._wpost, self._wdf)[0] if f else -1
            ids = list(map(tokens.__getitem__, found))
        ids_a = np.array(ids, dtype=np.int64)
        cnt = np.fromiter(found.values(), dtype=np.float64, count=len(found))
        keep = ids_a >= 0
        uniq, inv = np.unique(ids_a[keep], return_inverse=True)
        return uniq, np.bincount(inv, cnt[keep], minlength=len(uniq)).astype(_COUNTS)

    def profile(self, article: Article, vec: np.ndarray | None = None) -> Profile:
        """The article's profile (its terms enter the vocabularies; frequencies change on add)."""
        text = f"{article.title or ''}\n{article.text or ''}"
        ascii_letters = _ascii_letters(text)
        wid, counts = self._word_counts(text, ascii_letters)
        nid = np.array(sorted(self._ids(_name_keys(text, ascii_letters), self._name_ids, self._npost,
                                        self._ndf, self._name_list)), dtype=_IDS)
        when, day, ts, times = _dated(article)
        return Profile(article.id, nid, wid, counts, _figures(text), when, article.title,
                       vec, day, ts, times, place=place(article.text) or _EMPTY)

    def _profiles(self, articles: list[Article], chunk: int = 1024) -> dict[str, Profile]:
        """Profiles of a batch at once, the same as profile() article by article in this order
        (terms get the same ids, in order of first occurrence): the texts are scanned one by one,
        but the token -> id look-ups and the per-article arrays are done over ``chunk`` articles
        at a time (memory stays bounded on a big batch)."""
        seen = set(self.story_of)  # add() profiles an article once, at its first occurrence
        todo = [a for a in articles if a.id not in seen and not seen.add(a.id)]
        out: dict[str, Profile] = {}
        for start in range(0, len(todo), chunk):
            out.update(self._profile_chunk(todo[start:start + chunk]))
        return out

    def _profile_chunk(self, todo: list[Article]) -> dict[str, Profile]:
        n = len(todo)
        texts = [f"{a.title or ''}\n{a.text or ''}" for a in todo]
        asc = list(map(_ascii_letters, texts))
        # words: every token of the batch looked up in one pass, counted per article in one sort
        found = [(_WORDS_ASCII if x else _WORDS).findall(t) for t, x in zip(texts, asc)]
        toks = list(chain.from_iterable(found))
        tokens = self._token_ids
        vocab, post = self._word_ids, self._wpost
        for tok in compress(d := list(dict.fromkeys(toks)), map(operator.not_, map(tokens.__contains__, d))):
            f = _word_key(tok)
            if not f:
                tokens[tok] = -1
                continue
            i = vocab.get(f)
            if i is None:
                i = vocab[f] = len(vocab)
                post.append(array("i"))
            tokens[tok] = i
        self._wdf.ensure(len(vocab))
        ids = np.fromiter(map(tokens.__getitem__, toks), dtype=np.int64, count=len(toks))
        if len(tokens) >= _KEYS_MAX:
            tokens.clear()
        art = np.repeat(np.arange(n, dtype=np.int64), list(map(len, found)))
        keep = ids >= 0
        width = len(vocab) + 1
        key, wcount = np.unique(art[keep] * width + ids[keep], return_counts=True)
        wcount = wcount.astype(_COUNTS)
        wids = key % width
        woff = np.searchsorted(key // width, np.arange(n + 1)).tolist()
        # names: every match of the names scan folded in one pass ('' where not a name), ids in
        # order of first occurrence, distinct and sorted per article in one sort
        found = [(_INNER_CAPS_ASCII if x else _INNER_CAPS).findall(". " + t) for t, x in zip(texts, asc)]
        caps = list(chain.from_iterable(found))
        fold = dict(zip(d := list(dict.fromkeys(caps)), map(_name_key, d)))  # each distinct match once
        keys = list(map(fold.__getitem__, caps))
        vocab, post = self._name_ids, self._npost
        for k in compress(d := list(dict.fromkeys(keys)), map(operator.not_, map(vocab.__contains__, d))):
            if k:
                vocab[k] = len(vocab)
                post.append(array("i"))
                self._name_list.append(k)
        self._ndf.ensure(len(vocab))
        width = len(vocab) + 1
        ids = np.fromiter(map(vocab.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        keep = ids >= 0
        nkey = np.unique(np.repeat(np.arange(n, dtype=np.int64), list(map(len, found)))[keep] * width + ids[keep])
        nids = nkey % width
        noff = np.searchsorted(nkey // width, np.arange(n + 1)).tolist()
        out = {}
        for j, (a, text) in enumerate(zip(todo, texts)):
            when, day, ts, times = _dated(a)
            lo, hi = woff[j], woff[j + 1]
            out[a.id] = Profile(a.id, nids[noff[j]:noff[j + 1]], wids[lo:hi], wcount[lo:hi],
                                _figures(text), when, a.title, None, day, ts, times,
                                place=place(a.text) or _EMPTY)
        return out

    def _n1(self) -> float:
        # a floor on the corpus size keeps early articles' terms from all looking rare
        return float(max(len(self.profiles), 20) + 1)
