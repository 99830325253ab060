"""Tense and modality: whether a statement is told as a fact or as a forecast or a
possibility ("the repairs cost 4 million" vs "the repairs will cost 4 million"), and whether
a weekday in a sentence points forward ("would restart on Thursday") or back ("met on
Thursday").

The modal verbs come from spaCy (``resources/modals.json``, written by
``tools/modal_words.py``); the tagger and the parser confirm each case in its sentence, and
run only where a changed word is a modal or a weekday has no tense word near it, and where
the words themselves do not decide (``resources/word_tags.json``: words the tagger almost
never tags another way, written by ``tools/word_tags.py``). English only: the project ships
no tagger for other languages.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ..memo import Memo

_FACT_TAGS = frozenset(("VBD", "VBZ", "VBP", "VBN"))  # past, present, a participle after "has"
_MAX_CHARS = 400  # a sentence window parsed around a word


@lru_cache(maxsize=1)
def _modals() -> dict[str, frozenset]:
    with resources.files("newslineage.resources").joinpath("modals.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {lang: frozenset(ws) for lang, ws in data.items() if not lang.startswith("_")}


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, frozenset]:
    with resources.files("newslineage.resources").joinpath("word_tags.json").open(encoding="utf-8") as fh:
        data = json.load(fh)["en"]
    return {k: frozenset(ws) for k, ws in data.items()}


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(text: str, start: int, end: int) -> list[str]:
    return _WORD.findall(text[start:end].lower())


def modal_words(lang: str | None) -> frozenset:
    """The modal verbs of a language (empty when the project has no tagger for it)."""
    return _modals().get((lang or "en").split("-")[0].lower(), frozenset())


def is_modal(word: str, lang: str | None) -> bool:
    """A lower-cased word that is or ends in a modal ("will", "they'll")."""
    mods = modal_words(lang)
    if word in mods:
        return True
    return "'" in word and "'" + word.rsplit("'", 1)[1] in mods


_PARSED_MAX = 4096  # sentence windows kept parsed (a window is ~150 characters)
_parsed = Memo(_PARSED_MAX)  # window text -> its spaCy parse
_deferring = False
_ROUNDS = 6  # parse rounds of ``batched``; a check rarely parses more than two windows


class ParseNeeded(Exception):
    """Raised instead of parsing while ``batched`` runs its calls: the window to parse."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _keep(text: str, doc) -> None:
    _parsed.put(text, doc)


def _doc(text: str):
    doc = _parsed.get(text)
    if doc is None:
        if _deferring:
            raise ParseNeeded(text)
        from ..quotes.speakers import nlp  # the project's one spaCy loader

        doc = nlp()(text, disable=["ner"])
        _keep(text, doc)
    return doc


def batched(calls: list) -> list:
    """The results of ``calls`` (functions of no argument), with every sentence they parse
    parsed in batches: spaCy parses a batch of windows in half the time of one call each.
    A call that needs a window not parsed yet stops (``ParseNeeded``) and runs again once a
    round's windows are parsed; the checks are pure, so a re-run gives what one run gives."""
    global _deferring
    from ..quotes.speakers import nlp

    results: list = [None] * len(calls)
    pending = list(range(len(calls)))
    for _ in range(_ROUNDS):
        if not pending:
            break
        wanted: dict[str, None] = {}
        again = []
        _deferring = True
        try:
            for i in pending:
                try:
                    results[i] = calls[i]()
                except ParseNeeded as need:
                    wanted[need.text] = None
                    again.append(i)
        finally:
            _deferring = False
        if wanted:
            texts = list(wanted)[:_PARSED_MAX // 2]  # what this round parses stays kept
            for text, doc in zip(texts, nlp().pipe(texts, disable=["ner"], batch_size=64)):
                _keep(text, doc)
        pending = again
    for i in pending:  # a call still asking after the rounds parses as it goes
        results[i] = calls[i]()
    return results


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], at most ~_MAX_CHARS long."""
    lo = max(0, start - _MAX_CHARS // 2)
    for stop in (". ", "\n", "? ", "! "):
        at = text.rfind(stop, lo, start)
        if at >= 0:
            lo = max(lo, at + len(stop))
    hi = min(len(text), end + _MAX_CHARS // 2)
    for stop in (". ", "\n", "? ", "! "):
        at = text.find(stop, end, hi)
        if at >= 0:
            hi = min(hi, at + 1)
    return lo, hi


def _tokens(text: str, start: int, end: int):
    """The parsed tokens of the sentence around [start, end) and the window's offset."""
    lo, hi = _window(text, start, end)
    return _doc(text[lo:hi]), lo


def _span(text: str, start: int, end: int):
    """The parsed sentence around [start, end) and its tokens that start inside the span."""
    doc, lo = _tokens(text, start, end)
    return doc, [t for t in doc if start <= t.idx + lo < end]


def verb_form(text: str, start: int, end: int, lang: str | None) -> str | None:
    """How the words at [start, end) tell their statement: "modal" (a modal verb among them
    or on their verb), "fact" (a past or present verb), or None (no verb, or a language
    without a tagger)."""
    if not modal_words(lang):
        return None
    if not _word_tags()["modal"].isdisjoint(_words(text, start, end)):
        return "modal"
    _, toks = _span(text, start, end)
    if any(t.tag_ == "MD" for t in toks):
        return "modal"
    for t in toks:
        if t.tag_.startswith("VB"):
            verb = t if t.dep_ not in ("aux", "auxpass") else t.head
            if any(c.tag_ == "MD" for c in verb.children):
                return "modal"
            if any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children):
                return None  # "is to review", "plans to cut": an intention, not a fact
            if t.tag_ in _FACT_TAGS:
                return "fact"
    return None


def future_reference(text: str, start: int, end: int, lang: str | None) -> bool | None:
    """Whether the date words at [start, end) (a bare weekday) point after the time of
    writing: their verb has a modal ("would restart on Thursday"), is a bare infinitive
    ("expects to resume on Monday") or a present tense ("the vote is on Thursday", "is
    meeting on Friday"); False for a past verb ("met on Monday"); None when it cannot tell."""
    if not modal_words(lang):
        return None
    _, at = _span(text, start, end)
    if not at:
        return None
    t = at[0]
    for _ in range(6):  # up to the verb the date words hang from
        if t.tag_.startswith("VB") or t.tag_ == "MD" or t.head is t:
            break
        t = t.head
    if not (t.tag_.startswith("VB") or t.tag_ == "MD"):
        return None
    kids = list(t.children)
    if t.tag_ == "MD" or any(c.tag_ == "MD" for c in kids):
        return True
    if t.tag_ in ("VBD", "VBN"):
        if t.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in kids):
            return True  # "is scheduled on Friday"
        return False
    if t.tag_ == "VBG":
        aux = [c for c in kids if c.dep_ == "aux"]
        return True if any(c.tag_ in ("VBZ", "VBP") for c in aux) else (False if aux else None)
    return True  # a bare infinitive or a present tense: a plan or a schedule


def approximator(text: str, start: int, end: int, lang: str | None) -> bool:
    """The words at [start, end) qualify the number right after them ("about 20", "some
    300", "around 900,000"): the parser reads them as its quantity or adverb modifier. One
    such qualifier in place of another ("about 20" -> "roughly 20") changes no claim."""
    if not modal_words(lang) or start >= end:
        return False
    doc, toks = _span(text, start, end)
    if not toks:
        return False
    last = toks[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    return (nxt is not None and nxt.like_num and last.dep_ in ("quantmod", "advmod")
            and (last.head.i == nxt.i or last.head.like_num))


def modal_of(text: str, start: int, end: int, lang: str | None) -> str | None:
    """The modal verb among the words at [start, end), lower-cased, as the tagger reads it
    (not "May" the month, not "the will of the people"); None when there is none."""
    if not modal_words(lang) or start >= end:
        return None
    words = _words(text, start, end)
    if words and words[0] in _word_tags()["modal"]:
        return words[0]
    return next((t.lower_ for t in _span(text, start, end)[1] if t.tag_ == "MD"), None)


_ADJ_TAGS = frozenset(("JJ", "JJR", "JJS", "VBN"))


def describes(text: str, start: int, end: int, lang: str | None) -> bool:
    """The words at [start, end) are an adjective phrase ("much-criticised", "embattled"):
    adjectives and participles, with adverbs and hyphens between them."""
    if not modal_words(lang) or start >= end:
        return False
    if not _word_tags()["not_describing"].isdisjoint(_words(text, start, end)):
        return False  # "the", "says", "magazine": no adjective phrase holds one
    _, toks = _span(text, start, end)
    if any(c.dep_ in ("aux", "auxpass") for t in toks if t.tag_ in ("VBN", "VBD") for c in t.children):
        return False  # a verb with its auxiliary ("has accused"), not a participle describing
    return (bool(toks) and all(t.tag_ in _ADJ_TAGS or t.tag_ in ("RB", "HYPH") for t in toks)
            and any(t.tag_ in _ADJ_TAGS for t in toks))


_NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))


def modifies_noun(text: str, start: int, end: int, lang: str | None) -> str | None:
    """The word at [start, end) is an adjective (or a participle used as one) on a noun or
    name after it ("the hapless watchdog", "the struggling explorer"), not a verb ("has
    attacked") nor a predicate ("they were unhappy"): the noun, lower-cased, else None."""
    if not modal_words(lang) or start >= end:
        return None
    _, toks = _span(text, start, end)
    if not toks:
        return None
    t = toks[0]
    if t.tag_ not in _ADJ_TAGS and t.tag_ != "VBG":
        return None
    head = t.head
    ok = t.dep_ in ("amod", "compound", "nmod") and head.i > t.i and head.tag_ in _NOUN_TAGS
    return head.lower_ if ok else None
