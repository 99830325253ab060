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

from functools import partial
from typing import Callable, Sequence

from . import align
from .model import Article, Passage, Relation

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


def _substantial(pa: align.Prepared, pb: align.Prepared, edges: list[align.Edge]) -> bool:
    """Is there enough evidence for a relation? One copied sentence of some length is (unless
    it is a quotation: two outlets may quote one statement independently; three are enough);
    a paraphrase needs two sentence pairs, unless a text is that short."""
    solid = [e for e in edges if not (pa.banal[e.i] or pb.banal[e.j])]
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


def _relate_batch(pairs: Sequence[tuple[Article, Article]], embeddings: bool = True
                  ) -> list[Relation | None]:
    return [relate_one(a, b, embeddings) for a, b in pairs]


def relate_pairs(articles: list[Article], pairs: Sequence[tuple[int, int]],
                 embeddings: bool = True, workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[Relation]:
    """Relations for candidate ``pairs`` (indices into ``articles``), in pair order.

    Many pairs go to a process pool in batches (an article meeting several partners in one
    batch is shipped once); few pairs, or ``workers=1``, run in this process.
    """
    from .parallel import map_batches

    items = [(articles[i], articles[j]) for i, j in pairs]
    results = map_batches(partial(_relate_batch, embeddings=embeddings), items,
                          workers=workers, batch_size=64, progress=progress)
    return [r for r in results if r is not None]
