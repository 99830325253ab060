"""Numbers in a text as values with units, so "five" and "5", "1,000" and "1000",
"5 per cent" and "5%" compare equal and "2" vs "20" or "5 km" vs "5 miles" do not."""
from __future__ import annotations

import re

from ..words import number_words, trie_pattern

_NW = number_words("en")
_UNITS_WORDS = {**_NW["cardinals"], **_NW["fractions"]}
# ordinals count too ("his third cap" -> "his fourth cap", "the ninth Budget" -> "the eighth"):
# a value with the unit "th", so that an ordinal never equals a count of another unit
ORDINALS = {w: i + 1 for i, w in enumerate(_NW["ordinals"])}
_SCALES = {w: float(v) for w, v in {**_NW["scales"], **_NW["abbreviated_scales"]}.items()}
_PERCENT = {"%", "percent", "per cent", "pct", "percentage points", "points"}
UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "pct": "%",
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "mi", "mile": "mi", "m": "m", "metres": "m", "meters": "m", "feet": "ft", "ft": "ft",
    "kg": "kg", "kilograms": "kg", "tonnes": "t", "tons": "t", "pounds": "lb", "lbs": "lb",
    "hours": "h", "hour": "h", "days": "d", "day": "d", "weeks": "wk", "week": "wk",
    "months": "mo", "month": "mo", "years": "yr", "year": "yr", "minutes": "min",
    "dollars": "$", "$": "$", "usd": "$", "euros": "€", "€": "€", "eur": "€", "pounds sterling": "£",
    "£": "£", "gbp": "£", "yen": "¥", "¥": "¥", "rubles": "rub", "roubles": "rub",
    "hryvnias": "uah", "rupees": "inr", "₹": "inr",
}
_NUM = re.compile(
    r"(?=[$€£¥₹\s\d])"  # a figure starts so: any other character fails here at once
    r"(?P<cur>[$€£¥₹])?\s?(?P<num>\d{1,2}:\d{2}\b|\d{1,3}(?:[,.\s]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|mln|billion|bn|trillion|tn)\b)?"
    r"(?:\s?(?P<unit>%|(?:per cent|percent|pct|km|kilomet(?:re|er)s?|miles?|metres|meters|feet|kg|"
    r"kilograms|tonnes|tons|pounds|hours?|days?|weeks?|months?|years?|minutes|dollars|euros|"
    r"rubles|roubles|hryvnias|rupees)\b))?"
    r"|\b(?P<word>" + trie_pattern(w for w in _UNITS_WORDS if _UNITS_WORDS[w]) +
    r")(?:[\s-](?P<word2>one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s(?P<wscale>thousand|million|billion|trillion)\b)?"
    r"(?:\s(?P<wunit>per cent|percent|km|kilomet(?:re|er)s|miles|hours|days|weeks|months|years|dollars|euros)\b)?\b"
    r"|\b(?P<ord>" + trie_pattern(ORDINALS) + r")\b",
    re.IGNORECASE)


def find_numbers(text: str, offset: int = 0, skip: list[tuple[int, int]] = ()):
    """[(start, end, expression, value, unit)] for numbers in ``text``, skipping spans in
    ``skip`` (dates, which are compared as dates)."""
    out = []
    for m in _NUM.finditer(text):
        s, e = m.start() + offset, m.end() + offset
        if any(s < b and a < e for a, b in skip):
            continue
        g = m.groupdict()
        if g["ord"]:
            word = g["ord"].lower()
            before = text[max(0, m.start() - 4):m.start()].lower()
            if word == "second" and text[m.end():m.end() + 1] == "s" or (
                    before.endswith(("a ", "one ")) and text[m.end():m.end() + 4].lower() == " of "):
                continue  # "seconds", "a third of": a time or a share, not a rank
            out.append((s, e, m.group(0), float(ORDINALS[word]), "th"))
            continue
        if g["num"]:
            raw = g["num"].strip()
            value = _parse_digits(raw)
            if value is None:
                continue
            scale = _SCALES.get((g["scale"] or "").lower(), 1)
            unit = UNITS.get((g["unit"] or "").lower()) or UNITS.get(g["cur"] or "")
        else:
            value = _UNITS_WORDS[g["word"].lower()]
            if g["word2"]:
                value += _UNITS_WORDS[g["word2"].lower()]
            scale = _SCALES.get((g["wscale"] or "").lower(), 1)
            unit = UNITS.get((g["wunit"] or "").lower())
            if g["word"].lower() == "one" and not (g["wscale"] or g["wunit"]):
                continue  # "one of", "no one": rarely a count
        out.append((s, e, m.group(0).strip(), round(value * scale, 6), unit))
    return out


def _parse_digits(raw: str) -> float | None:
    raw = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,2}:\d{2}", raw):  # a clock time: 7:40 = 7.40
        return float(raw.replace(":", "."))
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", raw):  # thousands separators
        return float(re.sub(r"[,.]", "", raw))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", raw):
        return float(raw.replace(",", ""))
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None
