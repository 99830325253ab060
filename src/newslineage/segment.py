"""Segment: paragraphs and sentences as [start, end) spans into Article.text.

Sentences come from a fast regular-expression splitter; a paragraph where the splitter meets
an ambiguous full stop (an abbreviation or an initial followed by a capital: "U.S. Officials",
"Vladimir V. Putin") goes to pysbd, the rule-based segmenter, in the article's language
(English rules for the languages pysbd does not know). pysbd over every paragraph costs about
9 ms per article; the regex path is about 20x cheaper (benchmarks/RESULTS-reuse.md).

Normalised word tokens are in ``normalize.tokens`` (offsets into the same text).
"""
from __future__ import annotations

import re

from .memo import Memo, memoized
from .model import Article, Span, Spans

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_LINE = re.compile(r"\n")

# A candidate boundary: terminal punctuation, closing quotes/brackets, then whitespace and an
# opening quote/bracket or dash and a capital or digit. CJK terminators need no space after.
_TERMINAL = "[.!?\u2026\u0964\u0965\u061f\u06d4\u0589\u1362]"  # . ! ? … danda ؟ ۔ ։ ።
_CLOSE = "[\"'\u201c\u201d\u2018\u2019\u00ab\u00bb)\\]]"
# The pattern starts at the terminal itself (not with a look-behind tried at every position,
# 3x slower); group 1 is the whitespace between the sentences (None after a CJK terminator).
_BOUNDARY = re.compile(
    rf"{_TERMINAL}(?:{_CLOSE}|\s\u00bb)?(\s+)"
    # the next sentence opens with a capital or a digit, maybe after a quote or a dash
    # (French « and dialogue dashes may be followed by a space)
    r"(?=(?:\u00ab\s?|[\u2013\u2014-]\s?|[\"'\u201c\u201e\u2018\u201a\u00bb(\[])?[^\W\d_a-z]|\d)"
    r"|[\u3002\uff01\uff1f](?![\u3002\uff01\uff1f\u300d\u300f\uff09])")

# The word before a full stop that makes it probably not a sentence end.
ABBREVIATIONS = frozenset("""
mr mrs ms mx dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl gov sen rep pres
rev hon fr msgr inc corp co ltd llc plc bros dept univ assn est approx vs v etc al no nos
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
ave blvd rd fig figs vol vols ch p pp ed eds op cit ibid e.g i.e a.m p.m u.s u.k u.n e.u
""".split())
_PREV_WORD = re.compile(r"([\w.]+)[.][\"'\u201c\u201d\u2018\u2019\u00ab\u00bb)\]]*\s*$")
_TERMINAL_END = re.compile(r"[.!?:;\u2026\"'\u201d\u2019)\]\u3002\uff01\uff1f]\s*$")

PYSBD_LANGUAGES = frozenset("en hi mr zh es am ar el ru fa hy bg ur pl it nl da fr my ja de kk sk".split())


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: blocks between blank lines; in a text without blank lines, lines
    (re-joining hard-wrapped lines: no end punctuation, next line starts in lower case)."""
    spans: list[Span] = []
    if _BLANK_LINE.search(text):
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        pos = 0
        for m in _LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        joined: list[Span] = []
        for s, e in spans:
            line = text[s:e]
            if (joined and line.strip() and line.lstrip()[:1].islower()
                    and not _TERMINAL_END.search(text[joined[-1][0]:joined[-1][1]])):
                joined[-1] = (joined[-1][0], e)
            else:
                joined.append((s, e))
        spans = joined
    return [sp for sp in (_trim(text, s, e) for s, e in spans) if sp]


def _trim(text: str, s: int, e: int) -> Span | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None


def _is_abbreviation(before: str) -> bool:
    m = _PREV_WORD.search(before)
    if not m:
        return False
    w = m.group(1).lower()
    if w in ABBREVIATIONS or w.rstrip(".") in ABBREVIATIONS:
        return True
    # A single letter ("V." in "Vladimir V. Putin") or dotted initials ("J.D.", "U.S.").
    # An ordinal in a date ("am 10. Oktober") is ambiguous too: pysbd knows the language.
    return (len(w) == 1 and w.isalpha() or bool(re.fullmatch(r"(?:\w\.)+\w", w))
            or (len(w) <= 2 and w.isdigit()))


def _regex_sentences(text: str, start: int, end: int) -> tuple[list[Span], bool]:
    """Sentence spans of text[start:end]; the flag says an ambiguous stop was met."""
    spans, pos, hard = [], start, False
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.start(1) if m.group(1) is not None else m.end()
        if _is_abbreviation(text[max(pos, cut - 40):cut]):
            hard = True
            continue
        spans.append((pos, cut))
        pos = m.end()
    spans.append((pos, end))
    return [sp for sp in (_trim(text, s, e) for s, e in spans) if sp], hard


@memoized(32)
def _pysbd(language: str):
    import pysbd
    return pysbd.Segmenter(language=language, clean=False)


def _pysbd_sentences(text: str, start: int, end: int, language: str) -> list[Span] | None:
    """pysbd's sentences mapped back to offsets; None if they cannot be found in order."""
    rel = _pysbd_spans(text[start:end], language)
    return None if rel is None else [(start + s, start + e) for s, e in rel]


# Paragraph text -> its pysbd sentence spans: copies of a wire story share their paragraphs,
# and pysbd costs ~10 ms a paragraph.
_PYSBD_CACHE_MAX = 20_000
_pysbd_cache = Memo(_PYSBD_CACHE_MAX)


def _pysbd_spans(para: str, language: str) -> list[Span] | None:
    key = (para, language)
    if key in _pysbd_cache:
        return _pysbd_cache[key]
    out: list[Span] | None = []
    pos = 0
    for sent in _pysbd(language).segment(para):
        sent = sent.strip()
        if not sent:
            continue
        i = para.find(sent, pos)
        if i < 0:
            out = None
            break
        out.append((i, i + len(sent)))
        pos = i + len(sent)
    return _pysbd_cache.put(key, out)


def sentences(text: str, language: str | None = None,
              paras: list[Span] | None = None) -> list[Span]:
    """Sentence spans of ``text`` (never crossing a paragraph)."""
    lang = (language or "en").split("-")[0].lower()
    lang = lang if lang in PYSBD_LANGUAGES else "en"
    out: list[Span] = []
    for ps, pe in (paras if paras is not None else paragraphs(text)):
        spans, hard = _regex_sentences(text, ps, pe)
        if hard and pe - ps <= _PYSBD_MAX:
            spans = _pysbd_sentences(text, ps, pe, lang) or spans
        elif hard:
            spans = _pysbd_in_pieces(text, spans, lang)
        out.extend(spans)
    return out


# pysbd's time grows much faster than a paragraph's length (a 200 KB one-line article took
# a minute): a longer paragraph is cut at the sure sentence ends the pattern found into
# pieces of at most this many characters, and pysbd reads each piece.
_PYSBD_MAX = 5000


def _pysbd_in_pieces(text: str, spans: list[Span], lang: str) -> list[Span]:
    out: list[Span] = []
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and spans[j][1] - spans[i][0] <= _PYSBD_MAX:
            j += 1
        s, e = spans[i][0], spans[j - 1][1]
        found = None
        if e - s <= 4 * _PYSBD_MAX and _regex_sentences(text, s, e)[1]:  # an unsure stop here
            found = _pysbd_sentences(text, s, e, lang)
        out.extend(found or spans[i:j])
        i = j
    return out


def segment_article(article: Article) -> Article:
    """Set ``_paragraphs`` and ``_sentences`` of one article (in place) and return it."""
    paras = paragraphs(article.text)
    article._paragraphs = Spans(paras)
    article._sentences = Spans(sentences(article.text, article.language, paras))
    return article


def segment(articles: list[Article]) -> list[Article]:
    """Set the paragraph and sentence spans of every article."""
    from .parallel import no_gc

    with no_gc():  # span lists make no reference cycles: no collection over the corpus
        return [segment_article(a) for a in articles]
