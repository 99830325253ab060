"""Date expressions resolved against an article's publication date, so "On Friday" in a
story of Monday 19 May and "on May 16" in another compare as the same day."""
from __future__ import annotations

import datetime as dt
import re

from ..words import month_numbers, trie_pattern, weekdays
from .modality import future_reference

_WEEKDAYS = list(weekdays("en"))
_MONTHS = month_numbers(("en",), abbreviated=("en",))  # names, abbreviations and "sept"
_MON = "(?:" + trie_pattern(_MONTHS) + r")\.?"
_WD = "(?:" + trie_pattern(_WEEKDAYS) + ")"

DATE_RX = re.compile(
    r"\b(?=[\dacdfjlmnopstwy])"  # a digit or a date word's first letter: other words fail at once
    r"(?:(?P<md_m>" + _MON + r")\s+(?P<md_d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<md_y>\d{4}))?"
    r"|(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>" + _MON + r")(?:,?\s+(?P<dm_y>\d{4}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>" + _WD + r")"
    r"|(?P<day>yesterday|today|tomorrow|tonight))\b",
    re.IGNORECASE)

_FUTURE = re.compile(r"\b(?:will|'ll|’ll|shall|is to|are to|scheduled|expected to|plans? to|"
                     r"planned|ahead of|upcoming|due to|set to|going to)\b", re.IGNORECASE)


def published_date(value: str | None) -> dt.date | None:
    """The date part of an ISO 8601 publication time ("2025-05-19T09:11:00+05:30")."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def find_dates(text: str, published: dt.date | None, offset: int = 0):
    """[(start, end, expression, (month, day) or date or None)] for the date expressions in
    ``text``. Relative expressions resolve only when ``published`` is known; absolute
    month-day dates without a year take the publication year when there is one."""
    return dates_of_matches(list(DATE_RX.finditer(text)), text, published, offset)


def dates_of_matches(found: list[re.Match], text: str, published: dt.date | None, offset: int = 0):
    """``find_dates`` from the matches of ``DATE_RX`` in ``text`` (found once for a text
    that is read against several publication dates)."""
    return [(m.start() + offset, m.end() + offset, m.group(0), _resolve(m, text, published))
            for m in found]


def _resolve(m: re.Match, text: str, pub: dt.date | None):
    g = m.groupdict()
    if g["iso"]:
        y, mo, d = map(int, g["iso"].split("-"))
        return _date(y, mo, d)
    if g["md_m"] or g["dm_m"]:
        word = (g["md_m"] or g["dm_m"]).lower().rstrip(".")
        mon = _MONTHS.get(word) or _MONTHS[word[:3]]
        day = int(g["md_d"] or g["dm_d"])
        year = g["md_y"] or g["dm_y"]
        if year:
            return _date(int(year), mon, day)
        if pub:
            d = _date(pub.year, mon, day)
            # a date well after publication is last year's ("on Dec 30" in a January story)
            if d and (d - pub).days > 180:
                d = _date(pub.year - 1, mon, day)
            return d
        return (mon, day)
    if pub is None:
        return None
    if g["day"]:
        word = g["day"].lower()
        return pub + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    wd = _WEEKDAYS.index(g["wd"].lower())
    rel = (g["rel"] or "").lower()
    back = (pub.weekday() - wd) % 7  # days back to the most recent such weekday (0: today)
    if rel in ("last", "past"):
        if back == 0:
            return pub - dt.timedelta(days=7)
        # "last Monday" said on a Tuesday: yesterday's Monday or the week before's
        return [pub - dt.timedelta(days=back), pub - dt.timedelta(days=back + 7)]
    if rel in ("next", "coming"):
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
    if rel == "this":
        return pub + dt.timedelta(days=wd - pub.weekday())
    # a bare weekday: the tense of the verb it hangs from says which way it points (the
    # parse, for English), else a future word near it
    ahead = future_reference(text, m.start(), m.end(), "en")
    if ahead is None:
        ahead = bool(_FUTURE.search(_sentence(text, m.start())))
    if ahead:
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    return pub - dt.timedelta(days=back)


_BREAK = re.compile(r"[.!?][\"”’»)]*\s|\n")


def _sentence(text: str, pos: int) -> str:
    """The sentence around ``pos``, up to a few words after it (tense is in the verb near
    the weekday: "will meet on Monday", "met on Monday")."""
    lo = 0
    for m in _BREAK.finditer(text, 0, pos):
        lo = m.end()
    m = _BREAK.search(text, pos)
    hi = m.start() if m else len(text)
    return text[max(lo, pos - 40):min(hi, pos + 40)]


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def same_day(x, y) -> bool | None:
    """True/False when both resolved, comparing month and day only if a year is missing;
    None when either could not be resolved."""
    if x is None or y is None:
        return None
    if isinstance(x, list) or isinstance(y, list):  # ambiguous: any reading matches
        xs = x if isinstance(x, list) else [x]
        ys = y if isinstance(y, list) else [y]
        return any(same_day(p, q) for p in xs for q in ys)
    if isinstance(x, dt.date) and isinstance(y, dt.date):
        return x == y
    mx = (x.month, x.day) if isinstance(x, dt.date) else x
    my = (y.month, y.day) if isinstance(y, dt.date) else y
    return mx == my


def show(x) -> str:
    if isinstance(x, list):
        return " or ".join(show(v) for v in x)
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, tuple):
        return f"{x[0]:02d}-{x[1]:02d}"
    return "?"
