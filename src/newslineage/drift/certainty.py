"""How sure a statement is told: one modal or hedge put for another of a different strength
("will expand" -> "should expand", "is to cut" -> "could cut", "expected to sell" -> "will
sell"). ``hedges`` and ``modality`` flag a hedge or a modal present on one side only; this
check reads the edits where both sides hold one (``hedges`` leaves them to it), graded on
the ordinal scale of ``resources/certainty.json`` (3 certain, 2 probable, 1 possible), and
flags a change of at least ``STEP`` grades. "can" is not graded: it tells an ability, a fact
about now, as "is able to" does. Forms of one grade ("will" / "would", "may" / "might") are no change.
A negated form ("will not", "could not", "won't") is skipped: its strength is that of a denial,
and the negation check reads a negation added or dropped."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .sides import Side, arrow, phrase
from .tokens import Op

STEP = 1  # grades apart for a finding (chosen by leave-one-family-out, benchmarks/drift_certainty_cv.py)
SMALL = 6  # words: a larger edit is a rewrite, not a form put for another
_NOT = frozenset(("not", "never", "no", "hardly", "unlikely", "nothing"))


@lru_cache(maxsize=1)
def grades() -> dict[str, dict[tuple[str, ...], int]]:
    """{language: {form as lower-cased words: grade}}."""
    with resources.files("newslineage.resources").joinpath("certainty.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {lang: {tuple(f.split()): int(g) for g, forms in table.items() for f in forms}
            for lang, table in data.items() if not lang.startswith("_")}


def _table(lang: str | None) -> dict[tuple[str, ...], int]:
    return grades().get((lang or "en").split("-")[0].lower(), {})


def _grade_at(low: list[str], i: int, table: dict, longest: int) -> tuple[int, int] | None:
    """(length, grade) of the longest graded form starting at word i."""
    for n in range(min(longest, len(low) - i), 0, -1):
        g = table.get(tuple(low[i:i + n]))
        if g is not None:
            return n, g
    w = low[i]
    if "'" in w:  # "they'll": a contracted modal on its subject
        g = table.get(("'" + w.rsplit("'", 1)[1],))
        if g is not None:
            return 1, g
    return None


def graded(low: list[str], lo: int, hi: int, lang: str | None) -> list[tuple[int, int, int]]:
    """The graded forms (start, end, grade) that touch words [lo, hi), read from two words
    before them ("is" unchanged before "expected to" -> "set to"); negated ones left out."""
    table = _table(lang)
    if not table or hi <= lo:
        return []
    longest = max(len(k) for k in table)
    out, i = [], max(0, lo - 3)
    while i < min(len(low), hi):
        got = _grade_at(low, i, table, longest)
        if got is None:
            i += 1
            continue
        n, g = got
        if i + n > lo:
            nxt = low[i + n] if i + n < len(low) else ""
            if not (nxt in _NOT or low[i].endswith("n't") or low[i] == "cannot"
                    or (i and low[i - 1] in _NOT)):
                out.append((i, i + n, g))
        i += n
    return out


def both_graded(a: Side, b: Side, op: Op) -> tuple | None:
    """The graded forms ((a0, a1, grade), (b0, b1, grade)) an edit puts one for the other,
    when both of its sides hold one (a small replacement); else None. ``hedges`` and
    ``modality`` leave such an edit to ``strength``: forms of one grade are no change."""
    if op.tag != "replace" or op.a1 - op.a0 > SMALL or op.b1 - op.b0 > SMALL:
        return None
    if not _table(a.lang) or not _table(b.lang):
        return None
    ga = graded(a.low, op.a0, op.a1, a.lang)
    gb = graded(b.low, op.b0, op.b1, b.lang) if ga else None
    return (ga[0], gb[0]) if ga and gb else None


def strength(a: Side, b: Side, pair: tuple, direction, shown: tuple[str, str]):
    """The finding for a graded form put for another (``both_graded``), None when their grades
    are fewer than ``STEP`` apart; ``shown`` is what each side shows of its claim."""
    (a0, a1, x), (b0, b1, y) = pair
    if abs(x - y) < STEP:
        return None
    at, bt = shown
    fa, fb = " ".join(a.low[a0:a1]), " ".join(b.low[b0:b1])
    if direction == "a-from-b":
        what = f"'{fb}' -> '{fa}'"
    elif direction == "b-from-a":
        what = f"'{fa}' -> '{fb}'"
    else:
        what = f"'{fa}' in {a.name}, '{fb}' in {b.name}"
    if direction:
        first, then = (y, x) if direction == "a-from-b" else (x, y)
        told = f"a claim told as {_NAMES[first]}, then as {_NAMES[then]}"
    else:
        told = f"a claim told as {_NAMES[x]} and as {_NAMES[y]}"
    return ("hedge", at, bt, f"modal {what} ({told}): {arrow(a, b, at, bt, direction)}")


_NAMES = {3: "certain", 2: "probable", 1: "possible"}
