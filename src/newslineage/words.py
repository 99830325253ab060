"""Word lists per language, the one place the stages take them from.

- Calendar words, from babel's CLDR data (month and weekday names, wide and abbreviated,
  lower case): every stage that reads a date or must not take "March" or "Friday" for a name.
  English is what the date readers of drift, quotes and stories parse; ``months(lang)``
  serves the others.
- Function words by the rule that reads them (``stop_words(use)``), from
  ``resources/stop_words.json``: spaCy's stop words of each language, chosen per rule (the
  file says which words spaCy's lists lack); honorifics and titles likewise (``titles``).
- Number words (``number_words``), spelling variants (``spelling``) and the calendar forms
  babel lacks, from their files in ``resources/``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"


@lru_cache(maxsize=None)
def months(lang: str = "en", width: str = "wide") -> tuple[str, ...]:
    """The twelve month names, January first ("wide" or "abbreviated")."""
    from babel.dates import get_month_names
    names = get_month_names(width, locale=lang)
    return tuple(names[i].lower().rstrip(".") for i in range(1, 13))


@lru_cache(maxsize=None)
def weekdays(lang: str = "en", width: str = "wide") -> tuple[str, ...]:
    """The seven weekday names, Monday first."""
    from babel.dates import get_day_names
    names = get_day_names(width, locale=lang)
    return tuple(names[i].lower().rstrip(".") for i in range(7))


@lru_cache(maxsize=1)
def _calendar_forms() -> dict:
    return json.loads((RESOURCES / "calendar.json").read_text(encoding="utf-8"))


def month_numbers(langs: tuple[str, ...], abbreviated: tuple[str, ...] = (),
                  forms: tuple[str, ...] | None = None) -> dict[str, int]:
    """Month name -> number (January 1): babel's wide names of ``langs`` (as a date writes
    them and as they stand alone: "января", "январь"), its abbreviations of ``abbreviated``,
    and the forms resources/calendar.json adds for ``forms`` (by default ``langs``)."""
    from babel.dates import get_month_names
    out: dict[str, int] = {}
    for lang, width in [(lang, "wide") for lang in langs] + [(lang, "abbreviated") for lang in abbreviated]:
        for context in ("format", "stand-alone"):
            for i, name in get_month_names(width, context, locale=lang).items():
                out.setdefault(name.lower().rstrip("."), i)
    for lang in langs if forms is None else forms:
        for name, i in _calendar_forms()["months"].get(lang, {}).items():
            out.setdefault(name, i)
    return out


def weekday_names(langs: tuple[str, ...], abbreviated: tuple[str, ...] = (),
                  forms: tuple[str, ...] | None = None) -> frozenset[str]:
    """Weekday names: babel's wide names of ``langs`` (both contexts), its abbreviations of
    ``abbreviated``, and the forms resources/calendar.json adds for ``forms`` (by default
    ``langs``)."""
    from babel.dates import get_day_names
    out = set()
    for lang, width in [(lang, "wide") for lang in langs] + [(lang, "abbreviated") for lang in abbreviated]:
        for context in ("format", "stand-alone"):
            out.update(n.lower().rstrip(".") for n in get_day_names(width, context, locale=lang).values())
    for lang in langs if forms is None else forms:
        out.update(_calendar_forms()["weekdays"].get(lang, {}))
    return frozenset(out)


def calendar_names(lang: str = "en") -> frozenset[str]:
    """Month and weekday names in full: capitalised words that are no one's name."""
    return frozenset(months(lang) + weekdays(lang))


@lru_cache(maxsize=None)
def _lists(name: str) -> dict:
    return json.loads((RESOURCES / f"{name}.json").read_text(encoding="utf-8"))


def _of(name: str, use: str, langs: tuple[str, ...] | None) -> frozenset[str]:
    by_lang = _lists(name)[use]
    return frozenset(w for lang, ws in by_lang.items()
                     if not lang.startswith("_") and (langs is None or lang in langs) for w in ws)


def stop_words(use: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """The function words of list ``use`` (see resources/stop_words.json), of ``langs`` or of
    every language the list has."""
    return _of("stop_words", use, langs)


def name_words(use: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """The words of list ``use`` that tell what a run of capitalised words names
    (resources/name_words.json), of ``langs`` or of every language the list has."""
    return _of("name_words", use, langs)


def titles(use: str, langs: tuple[str, ...] | None = None) -> frozenset[str]:
    """The honorifics and titles of list ``use`` (resources/titles.json), of ``langs`` or of
    every language the list has."""
    return _of("titles", use, langs)


@lru_cache(maxsize=None)
def number_words(lang: str = "en") -> dict:
    """The number words of ``lang`` (resources/number_words.json): ``cardinals``,
    ``fractions`` (None: no value), ``scales``, ``abbreviated_scales`` as word -> value,
    ``ordinals`` in order, and ``facts``, the words the sentence-pair facts read. Read-only."""
    data = json.loads((RESOURCES / "number_words.json").read_text(encoding="utf-8"))
    return data.get(lang, {})


def number_values(lang: str = "en") -> dict[str, int | float]:
    """Word -> value of the cardinals, the fractions that have one and the scales."""
    nw = number_words(lang)
    return {**nw["cardinals"], **{w: v for w, v in nw["fractions"].items() if v is not None},
            **nw["scales"]}


@lru_cache(maxsize=None)
def spelling(lang: str = "en") -> dict:
    """The spelling variants of ``lang`` (resources/spelling.json): ``whole_words`` (variant ->
    the one form), ``keep`` (words the suffix rules leave alone), ``candidates`` (the pairs
    MinHash folds). Read-only."""
    data = json.loads((RESOURCES / "spelling.json").read_text(encoding="utf-8"))
    return data.get(lang, {})


@lru_cache(maxsize=None)
def capitalised(lang: str = "en") -> bool:
    """Whether the language writes its month names with a capital ("January", "Januar"; not
    "enero", "januari"): there, a lower-case "may" or "march" is no month."""
    from babel.dates import get_month_names
    first = get_month_names("wide", locale=lang)[1]
    return first[:1].isupper()


def trie_pattern(words) -> str:
    """A regex alternative of ``words`` written as a trie ("sev(?:en(?:t(?:een|y))?)"): it
    matches as the words tried longest first do, but tests each character once instead of
    trying every word in turn."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
