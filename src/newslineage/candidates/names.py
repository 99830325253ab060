"""A cheap signal that survives paraphrase and translation: the names and figures an article
keeps.

A rewrite changes the words but keeps "Alexander Stubb", "Gaza", "1.13bn" and "2005"; a
translation keeps most of them too. Each article gets a small set of such features; an inverted
index over the rare ones (shared by few articles) pairs articles that share several, scored by
the summed rarity (idf) of what they share.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
import zlib

import numpy as np

from ..memo import Memo

# Every uppercase letter Python knows (re has no \p{Lu}): names in Latin, Greek, Cyrillic...
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and not 0xD800 <= c < 0xE000)
_CAP = f"[{re.escape(_UPPER)}][\\w'\u2019-]*"
NAME_RE = re.compile(f"{_CAP}(?:[ \u00a0]{_CAP})*")
NUMBER_RE = re.compile(r"\d[\d.,\u00a0\u202f' ]*\d|\d")

MAX_FEATURES = 40    # per article: the rarest this many are indexed
_CODE_SLICE = 1 << 18  # bucket pairs coded at a time in ``pairs``


class _FoldCache(Memo):
    """Name run -> lower case without accents, computed once per distinct run."""

    def __missing__(self, s: str) -> str:
        f = unicodedata.normalize("NFKD", s.lower())
        if not f.isascii():
            f = "".join(c for c in f if not unicodedata.combining(c))
        f = f.replace("\u2019", "'")
        return self.put(s, f)


_fold = _FoldCache(500_000).__getitem__


def _crc(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


class _NameFeatures(Memo):
    """Name run as written -> the hashes of its features, computed once per distinct run."""

    def __missing__(self, s: str) -> tuple[int, ...]:
        run = _fold(s)
        out = ["n:" + run] if len(run) >= 3 else []
        words = run.split()
        if len(words) > 1:
            out.extend("n:" + w for w in words if len(w) >= 4)
        return self.put(s, tuple(map(_crc, out)))


_NON_DIGIT = re.compile(r"\D")


class _NumberFeatures(Memo):
    """Number as written -> the hash of its digits (none for a single digit), cached."""

    def __missing__(self, s: str) -> tuple[int, ...]:
        digits = _NON_DIGIT.sub("", s)
        f = (_crc("d:" + (digits.lstrip("0")[:12] or "0")),) if len(digits) >= 2 else ()
        return self.put(s, f)


_name_features = _NameFeatures(500_000).__getitem__
_number_features = _NumberFeatures(500_000).__getitem__
_chain = itertools.chain.from_iterable


def features(text: str) -> np.ndarray:
    """uint32 hashes of the article's name and number features (unique, unsorted).

    Names: runs of capitalised words ("Time Warner", "Warner") folded to lower case without
    accents, plus each word of a run of 4+ letters. Numbers: the digits only, so "1,000",
    "1 000" and "1.000" agree; single digits are too common to mean anything. Each distinct
    run or number is worked out once per process (a dict lookup afterwards).
    """
    out = set(_chain(map(_name_features, NAME_RE.findall(text))))
    out.update(_chain(map(_number_features, NUMBER_RE.findall(text))))
    return np.fromiter(out, dtype=np.uint32, count=len(out))


def feature_batch(texts: list[str]) -> list[np.ndarray]:
    return [features(t) for t in texts]


def pairs(feats: list[np.ndarray], max_df: int = 50, min_shared: int = 3,
          min_score: float = 0.0, min_overlap: float = 0.0, details: bool = False):
    """Article pairs sharing at least ``min_shared`` rare features and at least
    ``min_overlap`` of the smaller side's indexed features: ((m, 2) int64, scores), and with
    ``details`` also the shared count and the overlap of each pair.

    A feature is rare when 2 <= df <= ``max_df``; each article indexes only its
    ``MAX_FEATURES`` rarest, which bounds the work at about n * MAX_FEATURES * max_df.
    The score of a pair is the summed idf, log(n / df), of the features it shares.
    """
    from .minhash import bucket_pairs, unique_counts

    n = len(feats)
    lens = np.fromiter((len(f) for f in feats), dtype=np.int64, count=n)
    none = (np.zeros((0, 2), np.int64), np.zeros(0)) + ((np.zeros(0, np.int64), np.zeros(0))
                                                         if details else ())
    if n < 2 or lens.sum() == 0:
        return none
    key = np.concatenate(feats).astype(np.uint64)
    art = np.repeat(np.arange(n, dtype=np.int64), lens)
    _, inv, df = unique_counts(key)
    fdf = df[inv]
    keep = (fdf >= 2) & (fdf <= max_df)
    key, art, fdf = key[keep], art[keep], fdf[keep]
    # The rarest MAX_FEATURES of each article.
    order = np.lexsort((key, fdf, art))  # ties by key: the same features in every process
    key, art, fdf = key[order], art[order], fdf[order]
    first = np.searchsorted(art, art, side="left")
    rank = np.arange(len(art)) - first
    keep = rank < MAX_FEATURES
    key, art, fdf = key[keep], art[keep], fdf[keep]
    indexed = np.bincount(art, minlength=n)
    rows = bucket_pairs(key, art, max_bucket=max_df)
    if len(rows) == 0:
        return none
    # The pairs' codes are made a slice of rows at a time and the rows go before the codes
    # are counted: the bucket pairs are the largest arrays of the stage (up to n *
    # MAX_FEATURES * max_df / 2), and whole-array temporaries of them made this the client's
    # high point of candidates (traced peak 165 -> 97 MiB at 10k articles, same pairs).
    pk = np.empty(len(rows), np.int64)
    for lo in range(0, len(rows), _CODE_SLICE):
        a, b = art[rows[lo:lo + _CODE_SLICE, 0]], art[rows[lo:lo + _CODE_SLICE, 1]]
        pk[lo:lo + len(a)] = np.minimum(a, b) * n + np.maximum(a, b)
    idf = np.log(n / fdf[rows[:, 0]])  # (in one call, as the scores were always made)
    del rows, a, b
    upk, pinv, shared = unique_counts(pk)
    del pk
    score = np.bincount(pinv, weights=idf)
    pa, pb = upk // n, upk % n
    overlap = shared / np.maximum(1, np.minimum(indexed[pa], indexed[pb]))
    ok = (shared >= min_shared) & (score >= min_score) & (overlap >= min_overlap)
    out = (np.stack([pa[ok], pb[ok]], axis=1), score[ok])
    return out + ((shared[ok], overlap[ok]) if details else ())
