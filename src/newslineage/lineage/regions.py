"""Where the text an article shares with another comes from, read off a family's forest: the
spans one relation aligns on one side, how far two sets of spans overlap, the spans of an
article shared with one tree of the forest, and the source a partner has a shared text from.
``fam`` is a ``forest.Family`` (its ``parents`` and ``ancestors``)."""
from __future__ import annotations

from ..model import Relation


def region_source(fam, p: str, x: str, by_pair, by_art) -> str | None:
    """Where p has the text it shares with x from: the top of p's tree, going up through
    each merge on the way by the parent whose passages in the merge overlap most the
    passages it shares with the article below it (a rewrite hung below a merge has the
    merge's text of one source, whichever source the merge's first parent is)."""
    if not fam.parents(p):
        return None
    prev, cur, seen = x, p, set()
    while cur not in seen:
        seen.add(cur)
        ps = fam.parents(cur)
        if not ps:
            break
        q = ps[0]
        if len(ps) > 1:
            rx = by_pair.get(frozenset((cur, prev)))
            if rx is not None:
                mine = span_on(rx, cur)
                q = max(ps, key=lambda c: (overlap(mine, tree_spans(fam, c, cur, by_art)), c == ps[0]))
        prev, cur = cur, q
    return cur


def elsewhere(fam, p: str, x: str, src: str, by_pair, by_art) -> bool:
    """Whether most of the text x shares with p is text p shares with another tree of the
    forest than src's, and little of it text p shares with src's other descendants."""
    mine = span_on(by_pair[frozenset((p, x))], p)
    theirs, other = [], []
    for y, r in by_art.get(p, ()):
        if y == x or p in fam.ancestors(y):
            continue
        (theirs if y == src or src in fam.ancestors(y) else other).extend(span_on(r, p))
    return bool(theirs) and overlap(mine, theirs) <= 0.5 and overlap(mine, other) > 0.5


def tree_spans(fam, top: str, x: str, by_art) -> list[tuple[int, int]]:
    """The spans of x shared with the members of the tree below ``top`` (top included),
    x's own descendants left out: what they share with x they have from x, whichever tree
    x hangs in (a rewrite of a merge's first source, hung below the merge, made the
    merge's text from that source look like its second source's)."""
    out = []
    for y, r in by_art.get(x, ()):
        if (y == top or top in fam.ancestors(y)) and x not in fam.ancestors(y):
            out += span_on(r, x)
    return out


def span_on(rel: Relation, side_id: str) -> list[tuple[int, int]]:
    side = "a" if rel.a == side_id else "b"
    return [tuple(getattr(p, side)) for p in rel.passages]


def overlap(xs: list[tuple[int, int]], ys: list[tuple[int, int]]) -> float:
    """Share of the characters of xs that ys cover too."""
    n = sum(e - s for s, e in xs)
    both = sum(max(0, min(e, f) - max(s, t)) for s, e in xs for t, f in ys)
    return both / n if n else 1.0
