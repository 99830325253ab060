"""Paraphrase and translation candidates: lead vectors in an approximate-nearest-neighbour index.

One vector per article, the USE vector of its title and first sentence read as one text
(``summary``), because a rewrite or a translation keeps the lead's content even when it keeps
no word. One text per article is one encoder call's worth of work; on the example corpus it
separates related articles (cosine 0.68-0.96) from unrelated ones on the same subject
(<= 0.50) better than the mean of the first two sentences did (0.53-1.0 against <= 0.44).
Encoding is the expensive step of the candidate stage, so the caller decides which articles get
a vector (see ``candidates.find``): all of them in a small corpus, otherwise the ones the cheap
signals left without a candidate and the ones that share names with those.
"""
from __future__ import annotations

import bisect
import itertools
import re

import numpy as np

LEAD_SENTENCES = 2
LEAD_CHARS = 600
_SENT_END = re.compile(r"(?<=[.!?\u3002])[\"'\u201d\u00bb]?\s+")


def lead(text: str, spans: list[tuple[int, int]], sentences: list[tuple[int, int]] | None = None,
         n: int = LEAD_SENTENCES) -> list[str]:
    """The first ``n`` sentences of the article's text-bearing passages (``spans``).

    Linear in the article: the scan stops at the n-th sentence found, and whether a sentence
    starts inside a passage is one binary search (a single-line article of 50 MB has
    hundreds of thousands of sentences and passages).
    """
    out: list[str] = []
    if sentences:
        if spans:
            ordered = sorted(spans)
            starts = [s for s, _ in ordered]
            reach = list(itertools.accumulate((e for _, e in ordered), max))
            for s, e in sentences:
                i = bisect.bisect_right(starts, s) - 1
                if i >= 0 and reach[i] > s:  # some passage starting at or before s covers it
                    out.append(text[s:e].strip())
                    if len(out) >= n:
                        break
        else:
            out = [text[s:e].strip() for s, e in sentences[:n]]
    else:
        for s, e in spans:
            span = text[s:e]
            start = len(span) - len(span.lstrip())
            for m in itertools.chain(_SENT_END.finditer(span, start), [None]):
                end = m.start() if m is not None else len(span.rstrip())
                sent = span[start:end]
                if m is not None:
                    start = m.end()
                if len(sent.split(None, 4)) >= 4:
                    out.append(sent[:LEAD_CHARS])
                if len(out) >= n or m is None:
                    break
            if len(out) >= n:
                break
    return [s for s in out if s][:n]


def summary(title: str | None, lead_sentences: list[str]) -> str:
    """The text that stands for an article in the embedding signal: title + first sentence."""
    first = lead_sentences[0][:LEAD_CHARS] if lead_sentences else ""
    return "\n".join(x for x in ((title or "").strip(), first) if x)


def summary_vectors(texts: list[str]) -> np.ndarray:
    """(len(texts), 512) float32 L2-normalised USE vectors, in one batched encoder call."""
    from .. import embed

    return embed.encode(texts) if texts else np.zeros((0, 512), np.float32)


def index(vectors: np.ndarray):
    """A faiss inner-product index (cosine on normalised rows): exact up to 100k vectors,
    HNSW beyond, where exact search would cost n^2."""
    import faiss

    d = vectors.shape[1]
    if len(vectors) <= 100_000:
        idx = faiss.IndexFlatIP(d)
    else:
        idx = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
        idx.hnsw.efSearch = 64
    idx.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return idx


def neighbours(vectors: np.ndarray, queries: np.ndarray, k: int, min_cos: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (query row, vector row) with cosine >= ``min_cos``, up to ``k`` per query,
    self-matches left out: ((m, 2) int64, cosines)."""
    if len(vectors) < 2 or len(queries) == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.float32)
    idx = index(vectors)
    sims, ids = idx.search(np.ascontiguousarray(vectors[queries], dtype=np.float32),
                           min(k + 1, len(vectors)))
    q = np.repeat(queries, ids.shape[1])
    ids, sims = ids.ravel(), sims.ravel()
    ok = (ids >= 0) & (ids != q) & (sims >= min_cos)
    return np.stack([q[ok], ids[ok]], axis=1).astype(np.int64), sims[ok]
