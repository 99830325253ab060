"""Language of an article's body (ISO 639-1), with lingua.

The detector is built once per process, on first use, for the languages news corpora mostly
hold; it reads the first 600 characters only (enough for a confident call, and fast).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..words import stop_words

# Detection time grows with the number of candidate languages and the sample length: 27
# languages on 600 characters take about 2-3 ms an article (41 on 1,000 took 7-10 ms).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "sv", "da", "nb",
             "fi", "tr", "ar", "zh", "ja", "ko", "hi", "id", "ro", "hu", "el", "he", "fa")
SAMPLE_CHARS = 600


@lru_cache(maxsize=1)
def detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES if hasattr(IsoCode639_1, c.upper())]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


# A cascade: the commonest function words of a few Latin-script languages settle most
# articles in microseconds; lingua decides whatever they leave open. Each list holds words
# frequent in its language and rare in the others listed.
_FUNCTION_WORDS = {lang: sorted(stop_words("language_cues", (lang,)))
                   for lang in ("en", "de", "fr", "es", "it", "pt", "nl")}
_WORD_LANG: dict[str, list[str]] = {}
for _code, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _WORD_LANG.setdefault(_w, []).append(_code)
_WORD = re.compile(r"[^\W\d_]+")
# In ASCII text the letters are a-z (once case-folded): every other character turned into a
# space, a plain split gives the same words as ``_WORD`` several times faster.
_ASCII_NON_LETTERS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# The winner needs this many hits and this share of all hits to stand without lingua.
_FAST_MIN_HITS = 12
_FAST_MIN_SHARE = 0.8


def _letter_runs(folded: str) -> list[str]:
    """The words (letter runs) of a case-folded sample: ``_WORD.findall(folded)``."""
    if not folded.isascii():
        # typographic quotes, dashes and currency signs are no letters: as spaces they leave
        # an ASCII text with the same words
        for ch in set(_NON_ASCII.findall(folded)):
            if _WORD.match(ch):
                return _WORD.findall(folded)
            folded = folded.replace(ch, " ")
    return folded.translate(_ASCII_NON_LETTERS).split()


def _by_function_words(sample: str) -> str | None:
    words = _letter_runs(sample.casefold())
    counts: dict[str, int] = {}
    total = 0
    # a winner holds at least 80% of the hits, so it is unique and the order of the count
    # cannot change it
    for codes in filter(None, map(_WORD_LANG.get, words)):  # the function words only
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
        total += len(codes)
    if not counts:
        return None
    code, hits = max(counts.items(), key=lambda kv: kv[1])
    return code if hits >= _FAST_MIN_HITS and hits >= _FAST_MIN_SHARE * total else None


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when too little text to tell."""
    sample = text[:SAMPLE_CHARS].strip()
    if len(sample) < 20:
        return None
    fast = _by_function_words(sample)
    if fast:
        return fast
    lang = detector().detect_language_of(sample)
    if lang is None:
        return None
    code = lang.iso_code_639_1.name.lower()
    return code
