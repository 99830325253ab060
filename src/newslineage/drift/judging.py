"""Whether a word put before a name judges it ("fickle", "embattled", "the arrogant
Chelsea") or only classifies it ("former", "new", "south", "chief", "third-placed"): a copy
that adds or drops a judgement has drifted, one that adds or drops a house word has not.

Two signals, both from data rather than a list of the words met: a sentiment lexicon
(VADER's, ``valence``) rates a word strongly enough, or real news (the BBC articles counted
by tools/news_words.py) writes the word so rarely that it is a writer's choice rather than a
house word of the beat. A hyphenated word judges when a part is rated or rare and no number
("much-hyped", "scandal-hit"; not "third-placed", "two-time"). Words that place a person in
time or office (resources/modifiers.json: "outgoing", "interim") never judge. Both
thresholds are chosen by leave-one-family-out on the tune families
(benchmarks/drift_epithets_cv.py). English only: other languages keep the word-class rule.
"""
from __future__ import annotations

import json
from functools import lru_cache

from ..words import RESOURCES, number_words
from . import valence

# chosen by leave-one-family-out on the tune families (benchmarks/drift_epithets_cv.py)
RATED_MIN = 0.5  # VADER's |valence| from which a word judges, however often news writes it
COMMON_MIN = 3  # lower-case occurrences in real news from which an unrated word is a house word


@lru_cache(maxsize=1)
def news_counts() -> dict[str, int]:
    """{word: times real news writes it in lower case}, for words written 3 times or more."""
    data = json.loads((RESOURCES / "news_words.json").read_text(encoding="utf-8"))
    return {w: int(c) for c, ws in data["en"].items() for w in ws.split()}


@lru_cache(maxsize=1)
def _never() -> frozenset[str]:
    data = json.loads((RESOURCES / "modifiers.json").read_text(encoding="utf-8"))
    nw = number_words("en")
    return frozenset(data["en"]) | frozenset(nw["cardinals"]) | frozenset(nw["ordinals"])


def _rated(word: str) -> bool:
    v = valence.valence(word, "en")
    return v is not None and abs(v) >= RATED_MIN


def _rare(word: str) -> bool:
    return news_counts().get(word, 0) < COMMON_MIN and word not in _never()


def judges(word: str, lang: str | None) -> bool:
    """Whether the lower-case ``word``, put before a name, judges what it names."""
    if lang and not lang.startswith("en"):
        return True  # no lexicon nor counts for the language: any adjective, as before
    w = word.replace("’", "'")
    if w in _never():
        return False
    parts = [p for p in w.split("-") if p]
    if any(map(_rated, parts)) or _rated(w):
        return True
    if len(parts) > 1:
        return news_counts().get(w, 0) < COMMON_MIN and any(map(_rare, parts))
    return _rare(w)
