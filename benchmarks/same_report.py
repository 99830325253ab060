"""Features tried for the same-content decision (MRPC round 6, ``same_round6.py sets --sets
report``; not kept: +0.0008 accuracy, within noise): how a sentence reports its fact: the attribution
("..., he said", "according to X"), the reporting verb, the time it names, and who does it.

MRPC's annotators call two sentences different when one side adds a clause that attributes the
claim or a quote, when they name different times, or when the subject differs; the lexical
overlap of such pairs stays high. Features over the two texts and their aligner tokens
(``newslineage.same_align.tokens``); every feature is symmetric in the two sides.
"""
from __future__ import annotations

import re

from newslineage.quotes.verbs import LEMMAS as SPEECH_VERBS
from newslineage.words import month_numbers, trie_pattern, weekdays

FEATURES = (
    "rep_attr_diff", "rep_attr_xor", "rep_tail_diff", "rep_verb_jacc", "rep_verb_xor",
    "rep_quote_xor", "time_agree", "time_only_max", "time_xor",
    "subj_head_same", "subj_jacc", "subj_pron_xor",
)

# "according to X", and a reporting verb ("said", "told") in a short comma-bounded clause
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_QUOTE = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]|``|''")
_TIME = re.compile(r"\b(?:" + trie_pattern([*month_numbers(("en",), abbreviated=("en",)), *weekdays("en"),
                                             "yesterday", "today", "tomorrow", "tonight"])
                   + r"|(?:last|next|this|earlier this|later this)\s+(?:week|month|year|night|"
                   r"morning|afternoon|evening|quarter|weekend|spring|summer|fall|autumn|winter)"
                   r"|(?:19|20)\d\d|\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
                   r"|(?:first|second|third|fourth)[- ]quarter|noon|midnight)\b", re.I)
_PRON = frozenset({"he", "she", "it", "they", "we", "i", "you", "this", "that", "who"})
TAIL_WORDS = 10


def _reporting(toks) -> frozenset[str]:
    return frozenset(t.lemma for t in toks if t.pos == "VERB" and t.lemma in SPEECH_VERBS)


def _tail(toks) -> int:
    """Words of the attribution clause: a comma-bounded piece of at most TAIL_WORDS words at
    the start or the end of the sentence holding a speech verb ("..., officials said.")."""
    pieces, cur = [], []
    for t in toks:
        if t.low in (",", ";", ":", "--", "\u2014") and cur:
            pieces.append(cur)
            cur = []
        elif not t.punct:
            cur.append(t)
    if cur:
        pieces.append(cur)
    if len(pieces) < 2:
        return 0
    n = 0
    for piece in (pieces[0], pieces[-1]):
        if len(piece) <= TAIL_WORDS and (piece[0].low == "according" or any(
                t.lemma in SPEECH_VERBS and t.pos == "VERB" for t in piece)):
            n += len(piece)
    return n


def _subject(toks) -> tuple[str, frozenset[str], bool]:
    """The root's subject: its head lemma, the content lemmas of its phrase, whether it is a
    pronoun (empty when the root has no subject)."""
    root = next((i for i, t in enumerate(toks) if t.dep == "ROOT"), None)
    if root is None:
        return "", frozenset(), False
    subj = next((i for i, t in enumerate(toks) if t.head == root and i != root
                 and t.dep in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return "", frozenset(), False
    span = {subj}
    changed = True
    while changed:  # the subject's phrase: every token whose head chain reaches it
        changed = False
        for i, t in enumerate(toks):
            if i not in span and t.head in span and t.head != i:
                span.add(i)
                changed = True
    words = frozenset(toks[i].lemma for i in span if toks[i].content)
    return toks[subj].lemma, words, toks[subj].low in _PRON


def _times(text: str) -> frozenset[str]:
    """The time expressions of a text, a month or weekday by its first three letters
    ("Sept." and "September" agree)."""
    keys = (" ".join(m.lower().split()) for m in _TIME.findall(text))
    return frozenset(k[:3] if k.isalpha() else k for k in keys)


def _jacc(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x or y else 1.0


def features(a: str, b: str, ta, tb) -> list[float]:
    """The feature row (order of ``FEATURES``) of two texts and their aligner tokens."""
    attr_a = len(_ACCORDING.findall(a)) + len(_reporting(ta))
    attr_b = len(_ACCORDING.findall(b)) + len(_reporting(tb))
    ra, rb = _reporting(ta), _reporting(tb)
    qa, qb = bool(_QUOTE.search(a)), bool(_QUOTE.search(b))
    ma, mb = _times(a), _times(b)
    if ma and mb:
        time_agree = _jacc(ma, mb)
    else:
        time_agree = 1.0 if not ma and not mb else 0.5
    ha, wa, pa = _subject(ta)
    hb, wb, pb = _subject(tb)
    return [abs(attr_a - attr_b), float((attr_a > 0) != (attr_b > 0)), abs(_tail(ta) - _tail(tb)),
            _jacc(ra, rb) if ra and rb else (1.0 if not ra and not rb else 0.5),
            float(bool(ra) != bool(rb)), float(qa != qb),
            time_agree, max(len(ma - mb), len(mb - ma)), float(bool(ma) != bool(mb)),
            (1.0 if ha == hb else 0.0) if ha and hb else 0.5, _jacc(wa, wb), float(pa != pb)]
