"""Dates and times as news pages print them, to ISO 8601.

A fast parser for the common shapes ("May 19 2025 | 9:11 AM IST", "14 October 2025, 14:20 CEST",
"14.10.2025, 16:30 Uhr", "2025-05-19T09:11:00Z", "19 de mayo de 2025") in several languages,
with dateparser as the fallback for anything else that states a year. Time-zone abbreviations
go through a fixed table: dateparser reads "IST" as Israel, news pages in English mostly mean
India.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from ..words import month_numbers, months

# Month name -> number in the languages dated pages are read in (babel's names, its
# abbreviations where pages print those, and resources/calendar.json's further forms).
MONTHS = month_numbers(("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk"), abbreviated=("en", "es", "it"))

# Offsets of the zone abbreviations news pages print (the reading common in news).
TZ = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120,
    "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240,
    "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540,
    "HST": -600, "SGT": 480, "HKT": 480, "PHT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "ACST": 570, "NZST": 720, "NZDT": 780, "WIB": 420, "ICT": 420,
    "PKT": 300, "GST": 240, "AST": 180, "TRT": 180, "SAST": 120, "EAT": 180, "WAT": 60, "CAT": 120,
    "BRT": -180, "ART": -180,
}

_MON = r"(?P<mon>[^\W\d_]{3,12})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?"
_TIME = (r"(?:[\s,|·•\-–—]*(?:at|um|à|a las|alle|às|om|в|о)?\s*"
         r"(?P<hh>[0-2]?\d)[:.h](?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
         r"(?:\s*(?:uhr|h|hrs|год\.?|ч\.?))?"
         r"(?:\s*\(?(?P<tz>[A-Z]{1,5})(?P<tzoff>[+-]\d{1,2}(?::?\d\d)?)?\)?)?)?")
_PATTERNS = [
    # 2025-05-19, 2025-05-19T09:11:00+05:30
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)"
               r"(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?(?:\.\d+)?"
               r"(?P<iso_tz>Z|[+-]\d\d:?\d\d)?)?"),
    # May 19 2025, May 19, 2025, Oct. 15, 2025
    re.compile(_MON + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, re.I),
    # 19 May 2025, 19. Mai 2025, 19 de mayo de 2025
    re.compile(_DAY + r"\s*(?:de\s+)?" + _MON + r"\s*,?\s*(?:de\s+)?" + _YEAR + r"(?:\s*(?:р\.|г\.|року|года))?" + _TIME, re.I),
    # 14.10.2025, 19/05/2025
    re.compile(r"(?<![\d.])(?P<d1>[0-3]?\d)[./](?P<d2>[01]?\d)[./]" + _YEAR + r"(?![\d.]\d)" + _TIME, re.I),
]
_PARTIAL = [
    re.compile(r"\b" + _MON + r"\s+" + r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d\d)", re.I),
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + _MON + r"\b(?!\s*,?\s*(?:de\s+)?(?:19|20)\d\d)", re.I),
]


def _offset(m: re.Match) -> timezone | None:
    g = m.groupdict()
    if g.get("iso_tz"):
        z = g["iso_tz"]
        if z == "Z":
            return timezone.utc
        sign = -1 if z[0] == "-" else 1
        z = z[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(z[:2]), minutes=int(z[2:4] or 0)))
    tz = g.get("tz")
    if tz and tz.upper() in TZ:
        minutes = TZ[tz.upper()]
        if g.get("tzoff"):  # GMT+5:30, UTC-4
            off = g["tzoff"]
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            hh, mm = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
            minutes += sign * (int(hh) * 60 + int(mm))
        return timezone(timedelta(minutes=minutes))
    return None


def _build(m: re.Match) -> str | None:
    g = m.groupdict()
    try:
        year = int(g["year"])
        if g.get("mnum"):
            month, day = int(g["mnum"]), int(g["day"])
        elif g.get("mon"):
            month = MONTHS.get(g["mon"].casefold().rstrip("."))
            if month is None:
                return None
            day = int(g["day"])
        else:  # numeric: day first, unless the first number cannot be a month's day order
            d1, d2 = int(g["d1"]), int(g["d2"])
            day, month = (d1, d2) if d2 <= 12 else (d2, d1)
        d = date(year, month, day)
    except (ValueError, TypeError):
        return None
    if g.get("hh") is None:
        return d.isoformat()
    hh, mm, ss = int(g["hh"]), int(g["mm"]), int(g.get("ss") or 0)
    ampm = (g.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hh < 12:
        hh += 12
    elif ampm == "am" and hh == 12:
        hh = 0
    if hh > 23:
        return d.isoformat()
    tz = _offset(m)
    dt = datetime(d.year, d.month, d.day, hh, mm, ss, tzinfo=tz)
    return dt.isoformat()


# Every full-date pattern (and the fallback) needs a year: most lines have none.
_YEARISH = re.compile(r"(?:19|20)\d\d")


def find_date(text: str, fallback: bool = True) -> str | None:
    """The first full date (with a year) in ``text`` as ISO 8601, with time and offset when
    stated; None when ``text`` states no year."""
    if not _YEARISH.search(text):
        return None
    best = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            iso = _build(m)
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), iso)
            if iso:
                break
    if best:
        return best[1]
    if fallback and re.search(r"\b(?:19|20)\d\d\b", text):
        return _dateparser(text)
    return None


def _dateparser(text: str) -> str | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - pinned dependency
        return None
    dt = dateparser.parse(text[:80], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month", "day"]})
    if dt is None:
        return None
    return dt.isoformat() if (dt.hour or dt.minute) else dt.date().isoformat()


_ENGLISH = set(months("en"))


def find_month_day(text: str) -> tuple[int, int] | None:
    """A (month, day) stated without a year ("on May 19", "le 19 mai"), or None.

    Only full month names count here (a bare "out 5" or "set 3" is no date), and English
    ones only when capitalised ("may" is a verb)."""
    for pat in _PARTIAL:
        for m in pat.finditer(text):
            name = m.group("mon")
            key = name.casefold()
            if (len(key) < 4 and key not in ("may", "mai", "mei", "мая", "май")) or key not in MONTHS or (key in _ENGLISH and not name[0].isupper()):
                continue
            day = int(m.group("day"))
            try:
                date(2000, MONTHS[key], day)
            except ValueError:
                continue
            return MONTHS[key], day
    return None
