"""One record per change: a change found between one article and each copy of its source
is the same change, carried by several articles."""
from __future__ import annotations

import dataclasses

from ..model import Drift


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _near(x: str, y: str) -> bool:
    """The same wording, or one holding the other (a passage cut at another sentence)."""
    return x == y or (min(len(x), len(y)) >= 8 and (x in y or y in x))


def group(findings: list[Drift]) -> list[Drift]:
    """Findings of one type with the same words on a shared article and the same on the other
    side (the rewrite against the source and against each of its copies) become the first of
    them, with ``articles`` listing every article that carries the change or its other
    version (a and b first)."""
    out: list[Drift] = []
    members: list[list[str]] = []
    sides: list[list[tuple[str, str, str]]] = []  # (article, its text, the other side's)
    at: dict[tuple[str, str], list[int]] = {}  # (type, article) -> groups holding it
    for d in findings:
        ta, tb = _fold(d.a_text), _fold(d.b_text)
        hit = None
        for g in dict.fromkeys(at.get((d.type, d.a), []) + at.get((d.type, d.b), [])):
            if any((art == d.a and _near(t, ta) and _near(o, tb)) or
                   (art == d.b and _near(t, tb) and _near(o, ta)) for art, t, o in sides[g]):
                hit = g
                break
        if hit is None:
            hit = len(out)
            out.append(d)
            members.append(list(d.articles))
            sides.append([])
        for art in (d.a, d.b):
            if art not in members[hit]:
                members[hit].append(art)
            at.setdefault((d.type, art), []).append(hit)
        sides[hit] += [(d.a, ta, tb), (d.b, tb, ta)]
    return [dataclasses.replace(d, articles=m) for d, m in zip(out, members)]
