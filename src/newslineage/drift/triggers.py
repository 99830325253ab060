"""The words a drift check can react to, and the cheap test that two stretches hold none of
them among the words that differ (``may_drift``): most aligned passages skip the checks."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..wording import spelling_key
from ..words import calendar_names, months, stop_words
from . import certainty, lexicon, valence
from .modality import modal_words
from .named_dates import every_name
from .numbers import _SCALES, _UNITS_WORDS, ORDINALS, UNITS, compound_rank, every_number_word
from .tokens import WORD

NEGATIONS = stop_words("negations")
# Words that negate without a negation word: counted so "lacks" ~ "does not have".
IMPLICIT_NEGATIVES = frozenset("""lack lacks lacked lacking fail fails failed refuse refuses
refused unable unwilling absent neglect neglected""".split())
_COPULAS = frozenset("is are was were be to".split())
NOT_NAMES = stop_words("drift_not_names") | calendar_names("en")

# Words that can make or change a date expression or a number (see dates.py, numbers.py).
DATE_WORDS = (calendar_names("en") | frozenset(months("en", "abbreviated")) | frozenset(
    "sept yesterday today tomorrow tonight last next this past coming".split()))
NUMBER_WORDS = frozenset(list(_UNITS_WORDS) + list(_SCALES) + ["%", "per", "cent", "percent"]
                         + list(UNITS) + list(ORDINALS)) | every_number_word()


@lru_cache(maxsize=1)
def _triggers() -> tuple[frozenset, dict]:
    """The words a check can react to, as spelling keys: negations, stance and antonym words,
    date and number words; and the hedge and label phrases by their longest word (a phrase
    counts only when all of its words changed: "is expected to")."""
    words = (set(NEGATIONS) | IMPLICIT_NEGATIVES | DATE_WORDS | NUMBER_WORDS | set(modal_words("en"))
             | every_name())
    classes, _ = lexicon.stance()
    words.update(classes)
    # a graded modal or hedge ("is set to", "expected to") by its longest word: one put for
    # another of a different strength (certainty.py); "is to" has only function words
    words.update(w for form in certainty.grades().get("en", {}) for w in [max(form, key=len)]
                 if w not in _COPULAS)
    # rated words strong enough for a label on their own (valence.py; off unless LABEL_MIN
    # is finite): a stance change needs two rated words, one out and one in (``_rated``)
    words.update(w for w, v in valence.lexicon().items() if abs(v) >= valence.LABEL_MIN)
    for pair in lexicon.antonyms():
        words.update(pair)
    phrases: dict[str, list] = {}
    for table in (lexicon.hedges(), lexicon.labels()):
        for ph in table:
            keys = tuple(spelling_key(w) for w in ph)
            phrases.setdefault(max(keys, key=len), []).append(keys)
    return frozenset(words | {spelling_key(w) for w in words}), phrases


@lru_cache(maxsize=1)
def _reporting() -> frozenset[str]:
    """Spelling keys of the verbs of saying and of the words that open a citation ("according
    to"): what ``attribution.attributions`` reads."""
    from .attribution import SAYING, _citing
    words = set(SAYING) | {w for ph in _citing("") for w in ph if len(w) >= 5}
    return frozenset(spelling_key(w) for w in words)


def _least() -> float:
    """How strong the stronger word of a swapped pair must be for the stance check to fire."""
    return min(valence.FLIP_MIN, valence.GAP_MIN)


def may_drift(text_a: str, text_b: str) -> bool:
    """False when no check could find anything between two stretches of one language: the
    words that differ (as multisets of spelling keys) hold no hedge or label phrase, no
    negation, stance, date or number word, no digit and no capitalised name. A word moved
    within the stretch is no edit either. Cheap: words and counts only, no diff."""
    ca, cb = Counter(WORD.findall(text_a)), Counter(WORD.findall(text_b))
    if ca == cb:
        return False
    # the words whose counts differ (set operations in C), then their net count per
    # spelling key: "defence" +1 and "defense" -1 cancel
    net: dict[str, int] = {}
    for w in {w for w, _ in set(ca.items()) ^ set(cb.items())}:
        k = spelling_key(w)
        net[k] = net.get(k, 0) + ca.get(w, 0) - cb.get(w, 0)
    changed = {k for k, n in net.items() if n}
    if not changed:
        return False
    words, phrases = _triggers()
    for k in changed:
        if k in words or k.endswith("n't") or any(c.isdigit() for c in k):
            return True
        if "-" in k and any(p in words for p in k.split("-")) or len(k) > 8 and compound_rank(k):
            return True  # a rank in a compound: "second-largest", "zweitgrößte" -> "drittgrößte"
        if any(all(w in changed for w in ph) for ph in phrases.get(k, ())):
            return True
    said = [net[k] for k in changed if k in _reporting()]
    if said and (min(said) > 0 or max(said) < 0):
        return True  # words that say who says so, on one side only: an attribution may be gone
    rated = valence.lexicon()
    swapped = [(net[k], abs(rated[k])) for k in changed if k in rated]
    if (len(swapped) > 1 and min(swapped)[0] < 0 < max(swapped)[0]
            and max(v for _, v in swapped) >= _least()):
        return True  # a rated word out and one in, one of them strong: a stance may have turned
    # a changed word written with a capital somewhere, where it reads as a name
    caps = {w for c in (ca, cb) for w in c if w[:1].isupper() and spelling_key(w) in changed}
    if caps and any(m.group(0) in caps and _name_like(text, m)
                    for text in (text_a, text_b) for m in WORD.finditer(text)):
        return True
    # a word put on one side right before a name ("the tiresome Malian band", "some fickle
    # Liverpool supporters"): an epithet may be new, whatever else the passage holds
    return any(_before_name(text, w) for c, text, sign in ((ca, text_a, 1), (cb, text_b, -1))
               for w in c if w[:1].islower() and net.get(spelling_key(w), 0) * sign > 0
               and w.casefold() not in NOT_NAMES)


_NAME_AHEAD = re.compile(r"\s+[A-Z]")


def _before_name(text: str, word: str) -> bool:
    """``word`` stands somewhere in ``text`` right before a capitalised word (what
    ``epithets.new_epithets`` reads)."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and _NAME_AHEAD.match(text, end):
            return True
        i = text.find(word, end)
    return False


def _name_like(text: str, m) -> bool:
    """A capitalised word that ``entities`` would read as a name: not a function word and
    not the first word of a sentence."""
    if m.group(0).casefold() in NOT_NAMES or len(m.group(0)) < 2:
        return False
    i = m.start() - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] not in ".!?\"“-–"
