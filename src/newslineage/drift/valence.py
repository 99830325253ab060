"""Evaluative words and their strength from a published sentiment lexicon: VADER's
(Hutto & Gilbert 2014; ~7,500 English words rated -4..+4 by ten raters each, shipped in the
``vaderSentiment`` package and read from there, never copied).

Two uses in drift: a word swapped for one of the opposite polarity or of a much different
strength ("welcomed" -> "criticised", "furious" -> "unhappy") changes a stance, and an
evaluative adjective put before a name or a noun ("the hapless watchdog") is a label. The
thresholds are chosen on the tune families and checked family by family left out
(``benchmarks/drift_valence_cv.py``); English only, as the lexicon is.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..wording import spelling_key

# the setting best on the tune families (benchmarks/drift_valence_cv.py): of the 9 families
# where the lexicon finds anything, 8 folds chose flip 1.2 and 5 gap 0.7; out of fold the
# choice found 0 true and 10 false findings, as each stance change of the tune families
# sits in one family only (figures in benchmarks/RESULTS-quotes.md)
FLIP_MIN = 1.2  # both words at least this strong, of opposite signs: a stance turned round
GAP_MIN = 0.7  # the same sign, strengths this far apart: "furious" for "unhappy"
# an adjective this strong put on a noun both sides name is a label: off, as every fold
# chose: on the tune families such adjectives were dropped or swapped by re-wordings
# ("an improved offer", "a disputed comment") more often than added as labels ("hapless")
LABEL_MIN = float("inf")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """{spelling key: mean valence} of VADER's single words (its emoticons left out)."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0][:1].isalpha() or not parts[0].replace("-", "").isalpha():
            continue
        out[spelling_key(parts[0])] = float(parts[1])
    return out


def valence(word: str, lang: str | None) -> float | None:
    """The mean valence of a lower-cased English word, None when VADER does not rate it."""
    if lang and not lang.startswith("en"):
        return None
    return lexicon().get(spelling_key(word))


def stance_change(wa: str, wb: str, lang_a: str | None, lang_b: str | None) -> str | None:
    """Why swapping ``wa`` for ``wb`` changes a stance ("opposite polarity", "much weaker"),
    or None when both read alike or either is unrated."""
    va, vb = valence(wa, lang_a), valence(wb, lang_b)
    if va is None or vb is None or _inflections(wa, wb):
        return None
    if va * vb < 0 and min(abs(va), abs(vb)) >= FLIP_MIN:
        return f"opposite polarity, {va:+.1f} vs {vb:+.1f}"
    if va * vb > 0 and abs(abs(va) - abs(vb)) >= GAP_MIN:
        return f"{'stronger' if abs(va) > abs(vb) else 'weaker'} wording, {va:+.1f} vs {vb:+.1f}"
    return None


_ENDINGS = ("", "s", "es", "d", "ed", "ing", "ly", "r", "er", "st", "est")


def _inflections(wa: str, wb: str) -> bool:
    """Two forms of one word ("collapse", "collapses"): the lexicon rates forms apart, but a
    form for another turns no stance."""
    short, long_ = sorted((wa, wb), key=len)
    return long_.startswith(short) and long_[len(short):] in _ENDINGS


def evaluative(word: str, lang: str | None) -> bool:
    """A word rated at least ``LABEL_MIN`` either way: it judges what it describes."""
    v = valence(word, lang)
    return v is not None and abs(v) >= LABEL_MIN
