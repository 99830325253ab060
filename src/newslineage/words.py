"""Calendar words per language, from babel's CLDR data (month and weekday names, wide and
abbreviated, lower case): the one source for every stage that reads a date or must not take
"March" or "Friday" for a name. English is what the date readers of drift, quotes and stories
parse; ``months(lang)`` serves the others."""
from __future__ import annotations

from functools import lru_cache


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


def calendar_names(lang: str = "en") -> frozenset[str]:
    """Month and weekday names in full: capitalised words that are no one's name."""
    return frozenset(months(lang) + weekdays(lang))
