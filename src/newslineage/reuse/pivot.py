"""Relations through a shared partner: two articles that render the same stretch of a third.

A paraphrase and a translation of one wire share the wire's content but hardly a word or a
sentence shape, so aligning them directly often finds too little. Each of them is aligned
with the wire's reprint, though: where their passages land on the same stretch of the
reprint, both render that stretch, and so render each other there. The composed passage maps
the matching part of each side (proportionally within the passages); its score is the
weaker of the two alignments times the share of the stretch they have in common.

Only the pairs the aligner was asked about and did not relate are composed (the sibling
round's pairs), so a direct alignment always wins.
"""
from __future__ import annotations

from typing import Sequence

from ..model import Article, Passage, Relation
from .rules import relation_kind


def _side(rel: Relation, aid: str) -> str:
    return "a" if rel.a == aid else "b"


def _part(span: tuple[int, int], within: tuple[int, int], lo: int, hi: int) -> tuple[int, int]:
    """The part of ``span`` that renders [lo, hi) of ``within`` (linear within the passage)."""
    s, e = span
    ws, we = within
    n = max(we - ws, 1)
    return (s + (e - s) * (lo - ws) // n, s + (e - s) * (hi - ws) // n)


def _coverage(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the non-space characters of ``text`` inside the union of ``spans``."""
    total = sum(not c.isspace() for c in text)
    if not total:
        return 0.0
    covered, end = 0, 0
    for s, e in sorted(spans):
        s = max(s, end)
        if e > s:
            covered += sum(not c.isspace() for c in text[s:e])
            end = e
    return round(min(1.0, covered / total), 4)


def _composed(x: str, y: str, r1: Relation, r2: Relation, p: str, min_share: float
              ) -> list[Passage]:
    sx, p1, sy, p2 = _side(r1, x), _side(r1, p), _side(r2, y), _side(r2, p)
    out = []
    for q1 in r1.passages:
        t1 = tuple(getattr(q1, p1))
        for q2 in r2.passages:
            t2 = tuple(getattr(q2, p2))
            lo, hi = max(t1[0], t2[0]), min(t1[1], t2[1])
            if hi <= lo or (hi - lo) < min_share * max(t1[1] - t1[0], t2[1] - t2[0]):
                continue
            share = (hi - lo) / max(t1[1] - t1[0], t2[1] - t2[0], 1)
            a = _part(tuple(getattr(q1, sx)), t1, lo, hi)
            b = _part(tuple(getattr(q2, sy)), t2, lo, hi)
            if a[1] > a[0] and b[1] > b[0]:
                out.append(Passage(a=a, b=b, kind="translation", score=round(min(q1.score, q2.score) * share, 3)))
    return out


def through_partners(articles: Sequence[Article], relations: list[Relation],
                     pairs: Sequence[tuple[int, int]], min_share: float = 0.5,
                     min_coverage: float = 0.15, min_score: float = 0.9) -> list[Relation]:
    """Relations for ``pairs`` (indices into ``articles``) composed through a partner both
    are related to with a confidence of ``min_score`` or more (a doubtful relation would
    pass its doubt on). A composed passage needs the two stretches of the partner to overlap
    by ``min_share`` of the longer; a relation needs ``min_coverage`` of each side."""
    by_pair: dict[frozenset, Relation] = {}
    partners: dict[str, set[str]] = {}
    for r in relations:
        if r.kind == "same-story" or r.score < min_score:
            continue
        by_pair[frozenset((r.a, r.b))] = r
        partners.setdefault(r.a, set()).add(r.b)
        partners.setdefault(r.b, set()).add(r.a)
    related = {frozenset((r.a, r.b)) for r in relations}
    out = []
    for i, j in pairs:
        x, y = articles[i], articles[j]
        if frozenset((x.id, y.id)) in related:
            continue
        best = None
        for p in sorted(partners.get(x.id, set()) & partners.get(y.id, set())):
            ps = _composed(x.id, y.id, by_pair[frozenset((x.id, p))], by_pair[frozenset((y.id, p))], p, min_share)
            if not ps:
                continue
            cov = (_coverage(x.text, [q.a for q in ps]), _coverage(y.text, [q.b for q in ps]))
            if min(cov) >= min_coverage and (best is None or sum(cov) > sum(best[1])):
                best = (ps, cov, p)
        if best is None:
            continue
        ps, (ca, cb), p = best
        same_language = bool(x.language) and x.language == y.language
        for q in ps:
            q.kind = "paraphrase" if same_language else "translation"
        ps.sort(key=lambda q: q.a)
        out.append(Relation(a=x.id, b=y.id, kind=relation_kind(ps, ca, cb), coverage={"a": ca, "b": cb},
                            passages=ps, score=round(max(q.score for q in ps), 3)))
    return out
