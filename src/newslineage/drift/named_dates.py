"""A month or a weekday named in place of another ("in September" -> "in October", "el
miércoles" -> "el jueves", "in januari" -> "in december"): ``dates.py`` resolves English
day-level expressions against the publication date; a month or weekday named alone, in any
language babel names them in, is compared here by name."""
from __future__ import annotations

from functools import lru_cache

from ..clean.language import LANGUAGES
from ..words import capitalised, months, weekdays
from .sides import Side, arrow, phrase
from .tokens import Op

MOST = 3  # words on a side of an edit: a larger edit re-tells the sentence


@lru_cache(maxsize=None)
def _languages() -> tuple[str, ...]:
    out = []
    for lang in LANGUAGES:
        try:
            months(lang)
        except Exception:  # a code babel has no calendar for
            continue
        out.append(lang)
    return tuple(out)


@lru_cache(maxsize=None)
def names(lang: str) -> dict[str, tuple[str, int, bool]]:
    """{lower-case name: ("month" | "weekday", its number, written with a capital)} of one
    language (of every language babel knows when ``lang`` is not one of them)."""
    out: dict[str, tuple[str, int, bool]] = {}
    for code in ((lang,) if lang in _languages() else _languages()):
        for kind, seq in (("month", months(code)), ("weekday", weekdays(code))):
            for i, w in enumerate(seq):
                got = out.setdefault(w, (kind, i, capitalised(code)))
                if got[:2] == (kind, i) and not capitalised(code):
                    out[w] = (kind, i, False)  # "december" is Dutch as written
    return out


@lru_cache(maxsize=1)
def every_name() -> frozenset[str]:
    """Month and weekday names of every language: the words that may start this check."""
    return frozenset(names(""))


def _named(s: Side, i: int, table: dict) -> tuple[str, int] | None:
    got = table.get(s.low[i])
    if got is None or (got[2] and not s.words[i][:1].isupper()):
        return None  # "may", "march": a verb, where months take a capital
    return got[:2]


def named_dates(a: Side, b: Side, ops: list[Op], direction) -> list[tuple[str, str, str, str]]:
    """A month named in place of another month, a weekday in place of another weekday, in a
    small edit of two stretches of one language."""
    ta, tb = names(a.lang), names(b.lang)
    out = []
    for op in ops:
        if op.tag != "replace" or op.a1 - op.a0 > MOST or op.b1 - op.b0 > MOST:
            continue
        xa = [(i, _named(a, i, ta)) for i in range(op.a0, op.a1)]
        xb = [(j, _named(b, j, tb)) for j in range(op.b0, op.b1)]
        pair = next(((i, j) for i, x in xa if x for j, y in xb
                     if y and x[0] == y[0] and x[1] != y[1]), None)
        if pair is None:
            continue
        i, j = pair
        at, bt = phrase(a, i, i + 1, 2, 1), phrase(b, j, j + 1, 2, 1)
        out.append(("date", at, bt, f"date changed: {arrow(a, b, a.words[i], b.words[j], direction)}"))
    return out
