"""Relate: for a pair of articles, the passages they share, how much of each side they cover,
and what kind of reuse that is.

Kinds (the report contract):
- duplicate: the same text on both sides (verbatim, nearly all of each).
- near-verbatim: lightly edited copies of each other (most of both sides, lexical).
- excerpt: one side is mostly inside the other, which is longer (a reprint cut short).
- rewrite: most of one side is a paraphrase of the other.
- translation: the passages are translations (the languages differ).
- partial: some passages, none of the above.
Lineage is left to the lineage stage.
"""
from __future__ import annotations

from collections import deque
from functools import partial
from typing import Callable, Sequence

from . import align
from ..model import Article, Passage, Relation

LEXICAL = frozenset({"verbatim", "near-verbatim"})


def coverage(p: align.Prepared, spans: Sequence[tuple[int, int]]) -> float:
    """Share of the non-space characters of a text inside the union of ``spans``."""
    total = int(p.nonspace[-1])
    if not total:
        return 0.0
    covered, end = 0, -1
    for s, e in sorted(spans):
        s = max(s, end)
        if e > s:
            covered += int(p.nonspace[e] - p.nonspace[s])
            end = e
    return round(min(1.0, covered / total), 4)


def relation_kind(passages: list[Passage], cov_a: float, cov_b: float) -> str:
    size = {k: 0 for k in ("verbatim", "near-verbatim", "paraphrase", "translation")}
    for p in passages:
        size[p.kind] += p.a[1] - p.a[0]
    total = sum(size.values()) or 1
    lexical = (size["verbatim"] + size["near-verbatim"]) / total
    hi, lo = max(cov_a, cov_b), min(cov_a, cov_b)
    if size["translation"] / total >= 0.5:
        return "translation"
    if lexical >= 0.7:
        if lo >= 0.9 and size["verbatim"] / total >= 0.9:
            return "duplicate"
        if lo >= 0.8:
            return "near-verbatim"
        if hi >= 0.75:
            return "excerpt"
        return "partial"
    return "rewrite" if hi >= 0.5 else "partial"


# One shared sentence that is under this share of both articles is a stock line (a bio line,
# a team list, a background sentence both took from elsewhere), not evidence that one article
# took text from the other. On the 10k synthetic corpus such lone sentences made 333 of 391
# false relations and 18 of 7,987 true ones (none between a copy and its source).
LONE_SENTENCE_SHARE = 0.15


def _substantial(pa: align.Prepared, pb: align.Prepared, edges: list[align.Edge]) -> bool:
    """Is there enough evidence for a relation? One copied sentence of some length is (unless
    it is a quotation: two outlets may quote one statement independently; three are enough;
    or unless it is a small part of both texts); a paraphrase needs two sentence pairs,
    unless a text is that short."""
    solid = [e for e in edges if not (pa.banal[e.i] or pb.banal[e.j])]
    if len({e.i for e in solid}) == 1 and max(
            coverage(pa, [pa.sents[e.i] for e in solid]),
            coverage(pb, [pb.sents[e.j] for e in solid])) < LONE_SENTENCE_SHARE:
        return False
    copied = [e for e in solid
              if e.kind in LEXICAL and min(len(pa.norms[e.i]), len(pb.norms[e.j])) >= 8]
    if any(not (pa.quoted[e.i] and pb.quoted[e.j]) for e in copied) or len(copied) >= 3:
        return True
    solid = [e for e in solid if not (pa.quoted[e.i] and pb.quoted[e.j])]
    strong = [e for e in solid if e.score >= 0.5]
    short = min(sum(not b for b in pa.banal), sum(not b for b in pb.banal))
    return len(strong) >= min(2, max(1, short))


def confidence(edges: list[align.Edge]) -> float:
    """1 - prod(1 - evidence): every aligned sentence adds evidence, lexical ones more."""
    doubt = 1.0
    for e in edges:
        doubt *= 1.0 - e.score * (0.9 if e.kind in LEXICAL else 0.6)
    return round(1.0 - doubt, 3)


def relate_one(a: Article, b: Article, embeddings: bool = True) -> Relation | None:
    """The relation between two segmented articles, or None when they share no passage."""
    pa, pb = align.prepare(a), align.prepare(b)
    if not pa.sents or not pb.sents:
        return None
    edges = align.align_prepared(pa, pb, embeddings, align.cross_language(a, b))
    if not edges or not _substantial(pa, pb, edges):
        return None
    passages = align.passages(pa, pb, edges)
    cov_a = coverage(pa, [p.a for p in passages])
    cov_b = coverage(pb, [p.b for p in passages])
    return Relation(a=a.id, b=b.id, kind=relation_kind(passages, cov_a, cov_b),
                    coverage={"a": cov_a, "b": cov_b}, passages=passages,
                    score=confidence(edges))


def _relate_batch(pairs: Sequence[tuple[int, int]], embeddings: bool = True
                  ) -> list[Relation | None]:
    from ..parallel import no_gc, shared
    articles = shared()
    with no_gc():
        return [relate_one(articles[i], articles[j], embeddings) for i, j in pairs]


def _by_component(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """Positions of ``pairs`` in breadth-first order over the graph they draw: an article's
    pairs come together and its neighbours' pairs soon after, so each article is prepared
    (tokenised, hashed) about once per worker while the per-process cache of prepared
    articles stays small. (Grouping by connected component alone is not enough: at 100k
    articles chance overlaps join most pairs into one component, and ordering its pairs by
    index made nearly every pair prepare an article again.)"""
    neighbours: dict[int, list[int]] = {}
    for i, j in pairs:
        neighbours.setdefault(i, []).append(j)
        neighbours.setdefault(j, []).append(i)
    rank: dict[int, int] = {}
    for start in sorted(neighbours):
        if start in rank:
            continue
        rank[start] = len(rank)
        queue = deque([start])
        while queue:
            for n in neighbours[queue.popleft()]:
                if n not in rank:
                    rank[n] = len(rank)
                    queue.append(n)
    return sorted(range(len(pairs)),
                  key=lambda k: (min(rank[pairs[k][0]], rank[pairs[k][1]]),
                                 max(rank[pairs[k][0]], rank[pairs[k][1]])))


def relate_pairs(articles: list[Article], pairs: Sequence[tuple[int, int]],
                 embeddings: bool = True, workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[Relation]:
    """Relations for candidate ``pairs`` (indices into ``articles``), in pair order.

    Many pairs go to a process pool in batches of article indices; the articles reach each
    worker once (``parallel.map_batches(shared=...)``: copy-on-write under fork). Few pairs,
    or ``workers=1``, run in this process.
    """
    from ..parallel import map_batches, no_gc

    pairs = [(int(i), int(j)) for i, j in pairs]
    order = _by_component(pairs)
    # No collection between batches either: each one would walk the whole corpus and the
    # alignment caches (relating makes no reference cycles).
    with no_gc():
        results = map_batches(partial(_relate_batch, embeddings=embeddings),
                              [pairs[k] for k in order], workers=workers, batch_size=64,
                              progress=progress, shared=articles)
    by_pos: list[Relation | None] = [None] * len(pairs)
    for k, r in zip(order, results):
        by_pos[k] = r
    return [r for r in by_pos if r is not None]
