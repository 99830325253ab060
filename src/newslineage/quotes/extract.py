"""Quotes of one article: spans from the quote marks, speakers from a parse of the sentence
around each quote, names resolved to the article's first full mention."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Quote, QuoteVariant
from . import speakers
from .marks import find_quote_spans

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


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, (len(text) if hi < 0 else hi)


def _frames(article: Article, spans):
    """(frame text, quote start/end inside the frame) for each quote span."""
    text = article.text
    out = []
    prev_end = 0
    for q in spans:
        p_lo, _ = _paragraph_bounds(text, q.start)
        _, p_hi = _paragraph_bounds(text, max(q.end - 1, q.start))
        floor = max(p_lo, prev_end)
        lo, hi = speakers.frame_bounds(text, q.start, q.end, floor, p_hi)
        inner = text[q.start:q.end]
        if len(inner.split()) > _INLINE_WORDS or "\n" in inner:
            inner = _PLACEHOLDER
        pre, post = text[lo:q.start], text[q.end:hi]
        frame = pre + inner + post
        out.append((frame, len(pre), len(pre) + len(inner)))
        prev_end = q.end + 1
    return out


def extract_many(articles: list[Article], parse: bool = True) -> dict[str, list[Found]]:
    """Quotes of each article, keyed by article id; one spaCy pass over all frames."""
    spans_by = {a.id: find_quote_spans(a.text) for a in articles}
    found: dict[str, list[Found]] = {}
    jobs = []  # (article, index, frame, q_lo, q_hi)
    for a in articles:
        found[a.id] = [Found(a.id, q.start, q.end, a.text[q.start:q.end], continued=not q.open_mark)
                       for q in spans_by[a.id]]
        if parse and _is_english(a) and spans_by[a.id]:
            for i, (frame, lo, hi) in enumerate(_frames(a, spans_by[a.id])):
                jobs.append((a, i, frame, lo, hi))
    if not jobs:
        return found
    nlp = speakers.nlp()
    known: dict[str, list[str]] = {}
    raw: dict[tuple[str, int], tuple] = {}
    for (a, i, frame, lo, hi), doc in zip(jobs, nlp.pipe([j[2] for j in jobs], batch_size=64)):
        for e in doc.ents:
            if e.label_ == "PERSON" and not (lo <= e.start_char < hi):
                name = speakers.strip_title(e.text)
                if " " in name and name not in known.setdefault(a.id, []):
                    known[a.id].append(name)
        raw[(a.id, i)] = speakers.speaker_from_doc(doc, lo, hi)
    for a in articles:
        last_named = None
        for i, f in enumerate(found[a.id]):
            who, kind = raw.get((a.id, i), (None, None))
            if kind == "name" and who:
                f.speaker = speakers.full_name(who, known.get(a.id, []), a.text)
            elif kind == "pronoun" and who in ("he", "she"):
                lo = found[a.id][i - 1].end if i else 0
                f.speaker = _previous_subject(a.text, lo, f.start, known.get(a.id, [])) or last_named
            elif f.continued and i > 0 and who is None:
                f.speaker = found[a.id][i - 1].speaker
            if f.speaker:
                last_named = f.speaker
    return found


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


def _is_english(a: Article) -> bool:
    return (a.language or "en").lower().startswith("en")


def extract_quotes(article: Article) -> list[Quote]:
    """The direct quotes of one article, each a Quote with one variant and its speaker
    (a full name, or None when no speaker could be resolved)."""
    return [Quote(speaker=f.speaker, variants=[QuoteVariant(article.id, f.text, (f.start, f.end))])
            for f in extract_many([article])[article.id]]
