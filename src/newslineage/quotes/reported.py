"""Reported speech without quote marks: "Lemaire said about 800 workers would be offered
jobs", "The union would ask for funding, he said", "X told Reuters that …".

English only, read off the words of one sentence with the same subject rules as the speech
cues (``cues``). Only the plainest verbs of saying count (say, tell, add): "warned that",
"announced that" report an act more than they quote words, and the clause must be long enough
to be a statement. A sentence that holds a direct quote is left to the quote marks.
"""
from __future__ import annotations

import re

from . import verbs
from ..words import name_words, stop_words
from .cues import _WORD, ORG_WORDS, _pick

_VERBS = verbs.reported_forms()  # said says told tells added adds
_TOLD = verbs.reported_forms(["tell"])
_AUX = stop_words("reported_subject_trailers")
_OBJECTS = name_words("speech_objects")
# Common nouns for organisations: "the club said" is an institution's statement.
_INSTITUTIONS = name_words("institutions")
_MIN_CLAUSE = 4  # words
_MAX_SUBJECT = 12
# Sentence ends inside a paragraph (not after an initial or "Mr").
_SENT = re.compile(r"[^\n]+?(?:(?<![A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)(?<!\bSt)[.!?][\"”’»)]*(?=\s|$)|$)")
_SINGLE_MARK = re.compile(r"(?:^|\s)['‘]\w")


def _sentences(text: str):
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            yield s, e


def find_reported(text: str, quote_spans: list[tuple[int, int]]):
    """[(start, end, (who, kind))] of reported clauses in ``text`` (English), skipping the
    sentences that hold a direct quote (``quote_spans``)."""
    out = []
    for s, e in _sentences(text):
        if any(qs < e and s < qe + 1 for qs, qe in quote_spans):
            continue
        sent = text[s:e]
        if any(c in sent for c in "\"“”«»„") or _SINGLE_MARK.search(sent):
            continue  # a quote the marks did not close: not reported speech
        toks = [(m.group(0), m.start() + s, m.end() + s) for m in _WORD.finditer(sent)]
        found = _subject_first(toks) or _clause_first(toks)
        if found:
            out.append(found)
    return out


def _clause(toks, i):
    """The reported clause from token i to the sentence end (its full stop excluded)."""
    j = len(toks)
    while j > i and toks[j - 1][0] in ".!?":
        j -= 1
    words = [t for t in toks[i:j] if t[0] not in ",;:"]
    if len(words) < _MIN_CLAUSE or toks[i][0].casefold() in ("to", "by", "so", "goodbye", "nothing"):
        return None
    if any(t[0] in ";:" for t in toks[i:j]):
        return None
    return toks[i][1], toks[j - 1][2]


def _subject_first(toks):
    """SUBJECT said/told X (that) CLAUSE."""
    for k, (w, _, _) in enumerate(toks[:_MAX_SUBJECT + 1]):
        low = w.casefold()
        if low not in _VERBS:
            continue
        if k == 0:
            return None
        subj = [t[0] for t in toks[:k]]
        while subj and subj[-1].casefold() in _AUX:
            subj = subj[:-1]
        if not subj:
            return None
        who = _pick(subj, True)  # "Pryce, whose carrier flies 40 routes, said …" too
        if who is None:
            return None
        i = k + 1
        if low in _TOLD:  # the person told: "told Reuters", "told the Lusaka Times", "told reporters"
            if i < len(toks) and toks[i][0].casefold() in _OBJECTS:
                i += 1
            else:
                if i < len(toks) and toks[i][0].casefold() == "the":
                    i += 1
                start = i
                while i < len(toks) and toks[i][0][:1].isupper():
                    i += 1
                if i == start:
                    return None
        # "on Friday", "in a statement": an adverbial, then "that" must open the clause
        rest = [t[0].casefold() for t in toks[i:i + 8]]
        if i < len(toks) and rest and rest[0] in ("on", "in", "at", "during", "after", "last", "this", "earlier"):
            if "that" not in rest:
                return None
            i += rest.index("that") + 1
        elif i < len(toks) and rest and rest[0] == "that":
            i += 1
        elif i < len(toks) and toks[i][0] == ",":
            return None
        span = _clause(toks, i)
        return (*span, who) if span else None
    return None


def _clause_first(toks):
    """CLAUSE, SUBJECT said (on Friday)."""
    commas = [i for i, t in enumerate(toks) if t[0] == ","]
    for c in reversed(commas):
        tail = toks[c + 1:]
        verb = next((k for k, t in enumerate(tail[:9]) if t[0].casefold() in _VERBS), None)
        if verb is None:
            continue
        after = [t[0] for t in tail[verb + 1:] if t[0] not in ".!?"]
        if len(after) > 7:
            return None
        if verb == 0:  # "…, said Hugo Lemaire."
            who = _pick(after[:6], True)
        else:
            subj = [t[0] for t in tail[:verb]]
            while subj and subj[-1].casefold() in _AUX:
                subj = subj[:-1]
            who = _pick(subj, True) if subj else None
        # a person says it; "…, the club said" attributes a fact to an organisation
        if who is None or not (who[1] in ("name", "pronoun") or who[1] == "role" and who[0].casefold().startswith("the ")
                               and who[0].split()[-1].casefold() not in _INSTITUTIONS | ORG_WORDS):
            return None
        words = [t for t in toks[:c] if t[0] not in ",;:"]
        if len(words) < _MIN_CLAUSE + 1:
            return None
        return toks[0][1], toks[c - 1][2], who
    return None
