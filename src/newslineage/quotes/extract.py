"""Quotes of one article: spans from the quote marks (and, on request, reported speech),
speakers from the speech cue around each quote, else a parse of its sentence; names
resolved to the article's first full mention, roles ("the minister") to the person named
with that role, pronouns to the previous speaker."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..memo import Memo, memoized
from ..model import Article, Quote, QuoteVariant
from ..words import name_words, stop_words
from . import speakers
from .cues import ORG_WORDS, SPEECH_FORMS_ALL, cue_speaker, may_name_person, person_mentions
from .marks import find_quote_spans
from .reported import find_reported

# Quotes longer than this (in words) are replaced by a placeholder in the parsed frame:
# the speaker is outside the quote, and parsing the quote's own words costs time and
# confuses the parser.
_INLINE_WORDS = 12
_PLACEHOLDER = "it is so"


@dataclass
class Found:
    """A quote in one article, before linking."""
    article: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    continued: bool = False  # recovered after a dash: the previous quote's speaker goes on
    frame: tuple | None = None  # (sentence around the quote, quote start, quote end in it)
    cue: tuple | None = None  # the speech cue's (who, kind); None: the cue is not plain
    reported: bool = False  # reported speech without quote marks (the clause said)


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _paragraph_end(text: str, pos: int) -> int:
    hi = text.find("\n", pos)
    return len(text) if hi < 0 else hi


def _frames(article: Article, spans):
    """(frame text, quote start/end inside the frame) for each quote span."""
    text = article.text
    out = []
    prev_end = 0
    for q in spans:
        floor = max(_paragraph_start(text, q.start), prev_end)
        p_hi = _paragraph_end(text, max(q.end - 1, q.start))
        lo, hi = speakers.frame_bounds(text, q.start, q.end, floor, p_hi)
        inner = text[q.start:q.end]
        # (split no further than the count asks: long quotes are most of the text)
        if len(inner.split(None, _INLINE_WORDS)) > _INLINE_WORDS or "\n" in inner:
            inner = _PLACEHOLDER
        pre, post = text[lo:q.start], text[q.end:hi]
        frame = pre + inner + post
        out.append((frame, len(pre), len(pre) + len(inner)))
        prev_end = q.end + 1
    return out


# Parses of attribution sentences, by sentence: the same wire sentence recurs in every copy
# of a story, in this batch and the next.
_PARSED_MAX = 50_000
_PARSED = Memo(_PARSED_MAX)


def _parse(jobs) -> dict[tuple[str, int, int], tuple]:
    """(speaker, kind, person names outside the quote) for each (frame, lo, hi), parsing
    each distinct frame once with the components the speaker rules read."""
    todo = list(dict.fromkeys(j for j in jobs if j not in _PARSED))
    if todo:
        _PARSED.make_room(len(todo))
        nlp = speakers.nlp()
        with nlp.select_pipes(disable=["ner"]):
            docs = list(nlp.pipe([j[0] for j in todo], batch_size=64))
        named = [d for d in docs if may_name_person(d)]
        for _ in nlp.get_pipe("ner").pipe(named, batch_size=64):
            pass  # sets each doc's entities in place
        for (frame, lo, hi), doc in zip(todo, docs):
            names = [speakers.strip_title(e.text) for e in doc.ents
                     if e.label_ == "PERSON" and not (lo <= e.start_char < hi)]
            _PARSED[(frame, lo, hi)] = (*speakers.speaker_from_doc(doc, lo, hi), names)
    return {j: _PARSED[j] for j in jobs}


# The cue of each distinct sentence read once: copies of a story repeat its sentences.
_cue = memoized(1 << 15)(cue_speaker)

_FIRST_WORD = re.compile(r"[\s\"“”„‘’'«»‹›,]*([^\W\d_]+)")


def _opens_with_cue(post: str) -> bool:
    m = _FIRST_WORD.match(post)
    return bool(m) and m.group(1).casefold() in SPEECH_FORMS_ALL


def find_all(articles: list[Article], reported: bool = False) -> dict[str, list[Found]]:
    """The quotes of each article with the speech cue read around each one (no parse);
    with ``reported``, English reported speech too ("X said the plan would fail")."""
    found: dict[str, list[Found]] = {}
    first: dict[tuple[str, bool], list[Found]] = {}  # exact copies of a text are read once
    for a in articles:
        english = _is_english(a)
        seen = first.get((a.text, english))
        if seen is not None:
            found[a.id] = [replace(f, article=a.id) for f in seen]
        else:
            found[a.id] = first[(a.text, english)] = _read(a, english, reported)
    return found


def _read(a: Article, english: bool, reported: bool) -> list[Found]:
    spans = find_quote_spans(a.text)
    fs = [Found(a.id, q.start, q.end, a.text[q.start:q.end], continued=not q.open_mark) for q in spans]
    if spans:
        for f, frame in zip(fs, _frames(a, spans)):
            f.frame = frame
            text, lo, hi = frame
            # a quote closed by a full stop ends its sentence: what follows is another
            # one, unless it opens with a speech verb ('…." said Martin Pyykkonen')
            post = text[hi:]
            if f.text.endswith(".") and not f.text.endswith("..") and not _opens_with_cue(post):
                post = ""
            f.cue = _cue(text[:lo], post, english)
    if reported and english:
        fs += [Found(a.id, s, e, a.text[s:e], cue=who, reported=True)
               for s, e, who in find_reported(a.text, [(q.start, q.end) for q in spans])]
        fs.sort(key=lambda f: f.start)
    return fs


def attribute(articles: list[Article], found: dict[str, list[Found]], parse: bool = True,
              which: set[tuple[str, int]] | None = None) -> None:
    """Set each quote's speaker: the speech cue, else (``parse``) a spaCy parse of its
    sentence for English quotes in ``which`` ((article id, index) pairs; None: all); names
    resolved to the article's full mention, roles and pronouns to the person meant."""
    jobs = {}
    if parse:
        for a in articles:
            if not _is_english(a):
                continue
            for i, f in enumerate(found.get(a.id, [])):
                if f.cue is None and f.frame and (which is None or (a.id, i) in which):
                    jobs[(a.id, i)] = f.frame
    parsed = _parse(list(jobs.values())) if jobs else {}
    for a in articles:
        fs = found.get(a.id, [])
        known = []
        for i, f in enumerate(fs):
            if (a.id, i) in jobs:
                for name in parsed[jobs[(a.id, i)]][2]:
                    if " " in name and name not in known:
                        known.append(name)
        last_named = None
        for i, f in enumerate(fs):
            f.speaker = None
            raw = f.cue if f.cue is not None else (parsed[jobs[(a.id, i)]][:2] if (a.id, i) in jobs else (None, None))
            who, kind = raw
            if kind == "name" and who and " " not in who and f.cue is not None and _common_word(who, a.text):
                f.speaker = None  # "Analysts said": a capitalised common noun, no name
            elif kind == "name" and who:
                f.speaker = speakers.full_name(who, known, a.text)
                if f.cue is not None and f.speaker == who and who.endswith("s") and " " not in who:
                    f.speaker = None  # "Economists at Hansa Bank said": a plural noun, no name
            elif kind == "pronoun" and who in ("he", "she"):
                lo = fs[i - 1].end if i else 0
                # the subject of a speech verb since the last quote, else the last person
                # named since it ("Mayor X walked ... “…,” he said"), else the last speaker
                f.speaker = (_previous_subject(a.text, lo, f.start, known)
                             or _last_person(a.text, lo, f.start, known) or last_named)
            elif kind == "role" and who:
                f.speaker = role_name(a.text, who, f.start, known)
            elif f.continued and i > 0 and who is None:
                f.speaker = fs[i - 1].speaker
            elif who is None and i > 0 and fs[i - 1].speaker and _continues(a.text, fs[i - 1], f):
                f.speaker = fs[i - 1].speaker
            if f.speaker:
                last_named = f.speaker


def _common_word(word: str, text: str) -> bool:
    """The word also stands in lower case in the text: a common noun or adjective, not a
    name (German capitalises nouns: such articles are not asked)."""
    low = word.lower()
    if low == word or not low:
        return False
    at = text.find(low)
    while at >= 0:  # an occurrence not inside a longer word (hyphens join words)
        end = at + len(low)
        if not (at and _joins(text[at - 1])) and not (end < len(text) and _joins(text[end])):
            return True
        at = text.find(low, at + 1)
    return False


def _joins(c: str) -> bool:
    return c.isalnum() or c in "_-"


def extract_many(articles: list[Article], parse: bool = True, reported: bool = False) -> dict[str, list[Found]]:
    """Quotes of each article with their speakers, keyed by article id (``reported``: and
    reported speech, marked ``Found.reported``)."""
    found = find_all(articles, reported)
    attribute(articles, found, parse)
    return found


_ROLE_HEAD = re.compile(r"^(?i:the)\s+(?:[\w'’-]+\s+){0,3}?([a-z][\w-]+)$")


def role_name(text: str, role: str, before: int, known: list[str]) -> str | None:
    """The person a definite role mention means ("the minister" -> "Education Minister
    Sofia Lindqvist" or "Sofia Lindqvist, the education minister" earlier in the text)."""
    m = _ROLE_HEAD.match(role.strip())
    if not m:
        return None  # "a spokesperson", "one man": anonymous
    if m.group(1).casefold() in ORG_WORDS | _NOT_PERSON_ROLES:
        return None  # "the magazine reported": an organisation, no person
    best, at = None, -1
    for rx in _role_patterns(m.group(1)):
        for hit in rx.finditer(text, 0, before):
            cand = speakers.strip_title(hit.group(1))
            if " " in cand and hit.start() > at and cand.split()[0].lower() not in _NOT_FIRST_WORD:
                best, at = cand, hit.start()
    return speakers.full_name(best, known, text) if best else None


@memoized(1024)
def _role_patterns(role_head: str) -> tuple[re.Pattern, re.Pattern]:
    """"Education Minister Sofia Lindqvist" and "Sofia Lindqvist, the education minister"."""
    head = re.escape(role_head)
    name = r"((?:[A-Z][\w'’-]+\s+|[A-Z]\.\s+){0,2}[A-Z][\w'’-]+)"
    return (re.compile(r"(?i:\b" + head + r")\s+" + name),
            re.compile(name + r",\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,4}?(?i:" + head + r")\b"))


_NOT_PERSON_ROLES = name_words("not_person_roles")
_NOT_FIRST_WORD = stop_words("subject_not_first")


_SUBJECT = re.compile(r"((?:[A-Z][\w'’.-]+\s+){1,4}[A-Z][\w'’-]+),?\s+(?:" +
                      "|".join(sorted(speakers.SPEECH_FORMS, key=len, reverse=True)) + r")\b")


def _previous_subject(text: str, lo: int, hi: int, known: list[str]) -> str | None:
    """For "she said": the last person named as the subject of a speech verb between the
    previous quote and this one ("Minister Ingrid Vaaland said … . “…,” she told")."""
    last = None
    for m in _SUBJECT.finditer(text, lo, hi):
        name = speakers.strip_title(m.group(1))
        if name:
            last = speakers.full_name(name, known, text)
    return last


def _last_person(text: str, lo: int, hi: int, known: list[str]) -> str | None:
    """For "he said" with no speech verb since the previous quote: the last person named in
    between (a full or titled name, or the surname of one the article names in full)."""
    surnames = {k.split()[-1] for k in known}
    last = None
    for name, full in person_mentions(text[lo:hi]):
        if full or name in surnames:
            last = name
    return speakers.full_name(last, known, text) if last else None


def _continues(text: str, prev: Found, f: Found) -> bool:
    """A quote with no cue of its own that goes on from the previous one: it opens its
    sentence, in the same paragraph or the next, and nobody else is named in between
    ("“…,” said Arne Strand, a carpenter. “I have called the neighbours.”")."""
    if prev.reported or f.reported or not f.frame:
        return False
    frame, q_lo, _ = f.frame
    if frame[:q_lo].strip(" \"“”„‘’'«»\n"):
        return False  # words before it in its sentence: a quoted phrase, not a statement
    between = text[prev.end:f.start]
    if between.count("\n\n") > 1 or between.replace("\n\n", "").count("\n") > 1:
        return False  # a paragraph or more in between
    own = set(prev.speaker.split())
    return all(set(name.split()) <= own for name, _ in person_mentions(between))


def _is_english(a: Article) -> bool:
    return (a.language or "en").lower().startswith("en")


def extract_quotes(article: Article, reported: bool = False) -> list[Quote]:
    """The direct quotes of one article (``reported``: and its reported speech), each a
    Quote with one variant and its speaker (a full name, or None when no speaker could be
    resolved)."""
    return [Quote(speaker=f.speaker, variants=[QuoteVariant(article.id, f.text, (f.start, f.end))])
            for f in extract_many([article], reported=reported)[article.id]]
