"""Numbers in a text as values with units, so "five" and "5", "1,000" and "1000",
"5 per cent" and "5%" compare equal and "2" vs "20" or "5 km" vs "5 miles" do not. The words
are read in the article's language ("douze", "zwölf"); English when it is unknown."""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

from ..words import RESOURCES, number_words, trie_pattern

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
# a figure in digits, and the unit after it: the parts other languages' readers share (_reader)
_DIGITS = (
    r"(?=[$€£¥₹\s\d])"  # a figure starts so: any other character fails here at once
    r"(?P<cur>[$€£¥₹])?\s?(?P<num>\d{1,2}:\d{2}\b|\d{1,3}(?:[,.\s]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)")
_UNIT_RX = (
    r"(?:\s?(?P<unit>%|(?:per cent|percent|pct|km|kilomet(?:re|er)s?|miles?|metres|meters|feet|kg|"
    r"kilograms|tonnes|tons|pounds|hours?|days?|weeks?|months?|years?|minutes|dollars|euros|"
    r"rubles|roubles|hryvnias|rupees)\b))?")
_NUM = re.compile(
    _DIGITS + r"(?:\s?(?P<scale>thousand|million|mln|billion|bn|trillion|tn)\b)?" + _UNIT_RX +
    r"|\b(?P<word>" + trie_pattern(w for w in _UNITS_WORDS if _UNITS_WORDS[w]) +
    r")(?:[\s-](?P<word2>one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s(?P<wscale>thousand|million|billion|trillion)\b)?"
    r"(?:\s(?P<wunit>per cent|percent|km|kilomet(?:re|er)s|miles|hours|days|weeks|months|years|dollars|euros)\b)?\b"
    r"|\b(?P<ord>" + trie_pattern(ORDINALS) + r")\b",
    re.IGNORECASE)


@lru_cache(maxsize=None)
def _reader(lang: str):
    """(pattern, word values, scales, ordinals) of ``lang``: English's when the language has
    no number words. Another language's words are single ("zweiundzwanzig", "vingt-deux"),
    its scales follow digits or words ("12 millions"), units and symbols stay the shared ones."""
    nw = number_words(lang) if lang and lang != "en" else {}
    if not nw.get("cardinals"):
        return _NUM, _UNITS_WORDS, _SCALES, ORDINALS
    words = {w: v for w, v in nw["cardinals"].items()}
    scales = {w: float(v) for w, v in nw["scales"].items()}
    ordinals = {w: i + 1 for i, w in enumerate(nw["ordinals"])}
    scale_rx = trie_pattern(scales)
    rx = re.compile(
        _DIGITS + r"(?:\s?(?P<scale>" + scale_rx + r")\b)?" + _UNIT_RX +
        r"|\b(?P<word>" + trie_pattern(words) + r")(?P<word2>(?!))?"
        r"(?:\s(?P<wscale>" + scale_rx + r")\b)?(?P<wunit>(?!))?\b"
        # an ordinal before a function word is no rank: "secondo il ministro" (according to),
        # "segundo o relatório"; "la terza volta", "le troisième trimestre" are
        r"|\b(?P<ord>" + trie_pattern(ordinals) + r")\b(?!\s+(?:" + trie_pattern(_function_words(lang)) + r")\b)"
        # an ordinal joined to a superlative in one word: "zweitgrößte", "derdegrootste"
        r"|\b(?P<ordc>" + trie_pattern(_stems(ordinals)) + r")(?=[^\W\d_]{3,}(?:s|ß)te[nmrs]?\b)[^\W\d_]+",
        re.IGNORECASE)
    return rx, words, scales, ordinals


def _stems(ordinals: dict[str, int]) -> dict[str, int]:
    """Each ordinal as written at the head of a compound: whole, and without a closing -e
    ("zweit-", "dritt-"; Dutch "tweede-" keeps it)."""
    out = dict(ordinals)
    out.update({w[:-1]: v for w, v in ordinals.items() if w.endswith("e") and len(w) > 4})
    return out


def _function_words(lang: str) -> frozenset[str]:
    """The short stop words of ``lang`` in spaCy's list (articles, prepositions, pronouns:
    "il", "o", "cui"; the long ones hold content words too: Italian "titolo", "consiglio")."""
    try:
        stop = importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    except ModuleNotFoundError:
        return frozenset()
    return frozenset(w for w in stop if len(w) <= 3)


@lru_cache(maxsize=1)
def every_number_word() -> frozenset[str]:
    """The words of every language's cardinals, scales and ordinals but English's (split at
    spaces and hyphens): what may make or change a number in some article's language."""
    import json
    langs = json.loads((RESOURCES / "number_words.json").read_text(encoding="utf-8"))
    out = set()
    for lang in langs:
        if lang.startswith("_") or lang == "en":
            continue
        nw = number_words(lang)
        entries = {w.lower() for w in [*nw["cardinals"], *nw["scales"], *nw["ordinals"]]}
        # "vingt et un", "vinte e dois": the parts that are numbers ("et", "e" are not)
        out.update(p for w in entries for p in re.split(r"[\s-]+", w) if p in entries or p == w)
    return frozenset(out)


@lru_cache(maxsize=None)
def _rank_noun(lang: str) -> re.Pattern:
    """The language's noun for a rank right before a figure ("world number one", "No 1",
    "la numero uno"): a whole noun before a word or digits, an abbreviation before digits."""
    nouns = number_words(lang).get("rank_nouns") or number_words("en")["rank_nouns"]
    full = [re.escape(n) for n in nouns if len(n.strip(".")) > 2]
    short = [re.escape(n.rstrip(".")) for n in nouns if len(n.strip(".")) <= 2]
    rx = r"(?<![^\W_])(?:(?P<full>" + "|".join(full or ["(?!)"]) + r")|(?P<short>" + "|".join(short or ["(?!)"]) + r")\.?)\s*$"
    return re.compile(rx, re.IGNORECASE)


def _ranked(text: str, start: int, digits: bool, lang: str) -> int | None:
    """Where a rank noun right before ``start`` begins ("number" in "number two"), or None."""
    m = _rank_noun(lang).search(text, max(0, start - 12), start)
    return m.start() if m and (m.group("full") or digits) else None


@lru_cache(maxsize=1)
def _compound_ranks() -> re.Pattern:
    stems = {}
    for lang in ("de", "es", "fr", "it", "nl", "pt"):
        stems.update(_stems({w: i for i, w in enumerate(number_words(lang).get("ordinals", []))}))
    return re.compile(r"(?:" + trie_pattern(stems) + r")[^\W\d_]{3,}(?:s|ß)te[nmrs]?", re.IGNORECASE)


def compound_rank(word: str) -> bool:
    """``word`` is an ordinal joined to a superlative ("zweitgrößte", "derdegrootste"): a
    rank some language writes in one word (what the drift pre-check lets through)."""
    return _compound_ranks().fullmatch(word) is not None


def find_numbers(text: str, offset: int = 0, skip: list[tuple[int, int]] = (), lang: str = "en"):
    """[(start, end, expression, value, unit)] for numbers in ``text``, skipping spans in
    ``skip`` (dates, which are compared as dates), with the number words of ``lang``. A
    figure after a rank noun ("number one", "No 2", "numero uno") is a rank, as an ordinal."""
    rx, words, scales, ordinals = _reader(lang)
    out = []
    for m in rx.finditer(text):
        s, e = m.start() + offset, m.end() + offset
        if any(s < b and a < e for a, b in skip):
            continue
        g = m.groupdict()
        if not g["ord"] and m.start() and not (g["scale"] or g["wscale"] or g["unit"] or g["wunit"]):
            r = _ranked(text, m.start(), bool(g["num"]), lang)
            value = (_parse_digits(g["num"].strip()) if g["num"] else words[g["word"].lower()]
                     + (words[g["word2"].lower()] if g["word2"] else 0)) if r is not None else None
            if value is not None and value == int(value) and not g["cur"]:
                out.append((r + offset, e, text[r:m.end()].strip(), float(value), "th"))
                continue
        if g.get("ordc"):
            stem = g["ordc"].lower()
            out.append((s, e, m.group(0), float(_stems(ordinals)[stem]), "th"))
            continue
        if g["ord"]:
            word = g["ord"].lower()
            before = text[max(0, m.start() - 4):m.start()].lower()
            if word == "second" and text[m.end():m.end() + 1] == "s" or (
                    before.endswith(("a ", "one ")) and text[m.end():m.end() + 4].lower() == " of "):
                continue  # "seconds", "a third of": a time or a share, not a rank
            out.append((s, e, m.group(0), float(ordinals[word]), "th"))
            continue
        if g["num"]:
            raw = g["num"].strip()
            value = _parse_digits(raw)
            if value is None:
                continue
            scale = scales.get((g["scale"] or "").lower(), 1)
            unit = UNITS.get((g["unit"] or "").lower()) or UNITS.get(g["cur"] or "")
        else:
            value = words[g["word"].lower()]
            if g["word2"]:
                value += words[g["word2"].lower()]
            scale = scales.get((g["wscale"] or "").lower(), 1)
            unit = UNITS.get((g["wunit"] or "").lower())
            if value == 1 and not (g["wscale"] or g["wunit"]):
                continue  # "one of", "no one", "un", "uno": rarely a count
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
