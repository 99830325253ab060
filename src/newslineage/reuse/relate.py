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

from ..model import Article, Relation
from .align import align_many, cross_language
from .passages import passages as merge_passages
from .prepare import prepare
from .rules import confidence, coverage, relation_kind, substantial
from ..settings import ReuseSettings


def relate_one(a: Article, b: Article, embeddings: bool = True,
               settings: ReuseSettings | None = None) -> Relation | None:
    """The relation between two segmented articles, or None when they share no passage."""
    return relate_many([(a, b)], embeddings, settings)[0]


def relate_many(pairs: Sequence[tuple[Article, Article]], embeddings: bool = True,
                settings: ReuseSettings | None = None) -> list[Relation | None]:
    """``relate_one`` of each pair, aligned together (``align_many``: one encoder call for
    the sentences all of them leave between aligned places)."""
    prepared = [(a, b, prepare(a), prepare(b)) for a, b in pairs]
    todo = [k for k, (_, _, pa, pb) in enumerate(prepared) if pa.sents and pb.sents]
    edges = align_many([(prepared[k][2], prepared[k][3], cross_language(*pairs[k])) for k in todo],
                       embeddings, settings)
    out: list[Relation | None] = [None] * len(pairs)
    for k, e in zip(todo, edges):
        a, b, pa, pb = prepared[k]
        out[k] = _relation(a, b, pa, pb, e)
    return out


def _relation(a: Article, b: Article, pa, pb, edges) -> Relation | None:
    if not edges or not substantial(pa, pb, edges):
        return None
    passages = merge_passages(pa, pb, edges)
    cov_a = coverage(pa, [p.a for p in passages])
    cov_b = coverage(pb, [p.b for p in passages])
    return Relation(a=a.id, b=b.id, kind=relation_kind(passages, cov_a, cov_b),
                    coverage={"a": cov_a, "b": cov_b}, passages=passages,
                    score=confidence(edges))


def _relate_batch(pairs: Sequence[tuple[int, int]], embeddings: bool = True,
                  settings: ReuseSettings | None = None) -> list[Relation | None]:
    from ..parallel import shared
    articles = shared()
    return relate_many([(articles[i], articles[j]) for i, j in pairs], embeddings, settings)


def _articles_of(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """The article positions a batch of pairs reads (``map_batches``' ``needs``)."""
    return [k for pair in pairs for k in pair]


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
                 progress: Callable[[int, int], None] | None = None,
                 settings: ReuseSettings | None = None) -> list[Relation]:
    """Relations for candidate ``pairs`` (indices into ``articles``), in pair order.

    Many pairs go to a process pool in batches of article indices; the articles reach each
    worker once (``parallel.map_batches(shared=...)``: copy-on-write under fork), and each
    worker takes a run of neighbouring batches (``local``: an article's pairs sit together,
    so it is prepared and its sentences encoded in one worker, not both). Few pairs, or
    ``workers=1``, run in this process.
    """
    from ..parallel import map_batches, no_gc

    pairs = [(int(i), int(j)) for i, j in pairs]
    order = _by_component(pairs)
    # No collection between batches either: each one would walk the whole corpus and the
    # alignment caches (relating makes no reference cycles).
    with no_gc():
        results = map_batches(partial(_relate_batch, embeddings=embeddings, settings=settings),
                              [pairs[k] for k in order], workers=workers, batch_size=64,
                              progress=progress, shared=articles, needs=_articles_of,
                              local=True)
    by_pos: list[Relation | None] = [None] * len(pairs)
    for k, r in zip(order, results):
        by_pos[k] = r
    return [r for r in by_pos if r is not None]
