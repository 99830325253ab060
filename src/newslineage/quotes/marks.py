"""Find direct quotes by their quote marks: straight and curly, several languages' styles,
quotes spanning paragraphs, and unbalanced marks.

Works on characters only (no model), so it is cheap enough to run on every article.
A quote is the span *inside* its marks: [start, end) offsets into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Unambiguous opening and closing marks, by family. “ is a closer in German („…“) and an
# opener in English (“…”): it is decided by whether a „ is waiting.
_OPENERS = {"“": "dq", "„": "dq", "«": "guil", "‘": "sq", "‚": "sq", "‹": "sguil",
            "「": "cjk", "『": "cjk2"}
_CLOSERS = {"”": "dq", "“": "dq", "»": "guil", "’": "sq", "›": "sguil", "」": "cjk", "』": "cjk2"}
_MARKS = set(_OPENERS) | set(_CLOSERS) | {'"'}
_INTERESTING = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "\n]")
_DASH_SEP = re.compile(r"(?:^|\s)[-–—]\s+")
_SENT_END = re.compile(r"[.!?…][\"”’»)]*\s+")


@dataclass
class Mark:
    pos: int
    char: str
    role: str  # "open" | "close" | "either"
    family: str


@dataclass
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: bool = True  # False: the opening mark was missing (recovered start)
    close_mark: bool = True  # False: ran to the end of a paragraph unclosed


def _is_space(c: str) -> bool:
    return c == "" or c.isspace()


def _classify(text: str, i: int, waiting_low9: bool) -> Mark | None:
    c = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if c == '"':
        left_open = _is_space(prev) or prev in "([{—–-/:"
        if left_open and not _is_space(nxt):
            return Mark(i, c, "open", "straight")
        if not _is_space(prev) and (_is_space(nxt) or not nxt.isalnum()):
            return Mark(i, c, "close", "straight")
        return Mark(i, c, "either", "straight")
    if c in "’‘":
        # apostrophes (Putin’s, ’90s, rock ’n’ roll) are not quote marks
        if c == "’" and (nxt.isalpha() or (prev.isalpha() and nxt.isalpha())):
            return None
        if c == "’" and _is_space(prev):
            return None
        if c == "‘" and not (_is_space(prev) or prev in "([{—–-\"“"):
            return None
    if c == "“" and waiting_low9:
        return Mark(i, c, "close", "dq")
    if c == "”" and _is_space(prev) and not _is_space(nxt):
        return Mark(i, c, "open", "dq")  # Swedish/Finnish style ”…”
    if c in _OPENERS:
        return Mark(i, c, "open", _OPENERS[c])
    if c in _CLOSERS:
        return Mark(i, c, "close", _CLOSERS[c])
    return None


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n\s*\n|\n", text):
        starts.append(m.end())
    return starts


def find_quote_spans(text: str, min_chars: int = 2) -> list[QuoteSpan]:
    """Spans inside quote marks, in text order.

    Conventions handled: a multi-paragraph quote whose paragraphs open but do not close
    (the last one closes); an opening mark whose paragraph ends unclosed (the quote runs to
    the paragraph end); a closing mark without an opening one after a dash continuation
    ("…," he said. - Second part.") or at a sentence start.
    """
    par_starts = _paragraph_starts(text)
    par_set = set(par_starts)
    out: list[QuoteSpan] = []
    open_mark: Mark | None = None
    last_end = 0
    waiting_low9 = False
    for hit in _INTERESTING.finditer(text):  # only marks and line breaks matter below
        i, c = hit.start(), hit.group(0)
        if c not in _MARKS:
            # leaving a paragraph with a quote still open
            if c == "\n" and open_mark is not None:
                nxt_par = i + 1
                while nxt_par < len(text) and text[nxt_par] in " \t\n":
                    nxt_par += 1
                nxt_char = text[nxt_par] if nxt_par < len(text) else ""
                if nxt_char in _OPENERS or nxt_char == '"':
                    continue  # the next paragraph reopens: one quote over paragraphs
                end = i
                while end > open_mark.pos and text[end - 1].isspace():
                    end -= 1
                out.append(QuoteSpan(open_mark.pos + 1, end, True, False))
                last_end = end
                open_mark = None
                waiting_low9 = False
            continue
        m = _classify(text, i, waiting_low9)
        if m is None:
            continue
        if open_mark is not None and _starts_paragraph(text, i, par_set) and m.role != "close":
            continue  # the reopening mark of a continued paragraph
        if m.role == "either":
            m.role = "close" if open_mark is not None else "open"
        if m.role == "open":
            if open_mark is None:
                open_mark = m
                waiting_low9 = m.char == "„"
            # a second opener inside a quote: nested quote, ignored
            continue
        # closing mark
        if open_mark is not None:
            if m.family == "sq" and open_mark.family != "sq":
                continue  # inner single quote closes inside a double one
            if open_mark.family == "sq" and m.family != "sq" and m.family != "straight":
                continue
            out.append(QuoteSpan(open_mark.pos + 1, i))
            last_end = i + 1
            open_mark = None
            waiting_low9 = False
            continue
        if m.family in ("sq", "sguil"):
            continue  # a stray single closer is more likely an apostrophe
        start = _recover_start(text, i, max(last_end, _par_start(par_starts, i)))
        if start is not None:
            out.append(QuoteSpan(start, i, False, True))
            last_end = i + 1
    if open_mark is not None:
        end = len(text.rstrip())
        out.append(QuoteSpan(open_mark.pos + 1, end, True, False))
    return [q for q in (_trim(text, q) for q in out) if q.end - q.start >= min_chars]


def _starts_paragraph(text: str, i: int, par_set: set[int]) -> bool:
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j in par_set


def _par_start(par_starts: list[int], i: int) -> int:
    lo = 0
    for s in par_starts:
        if s <= i:
            lo = s
        else:
            break
    return lo


def _recover_start(text: str, close: int, floor: int) -> int | None:
    """Where a quote closed without an opening mark began: after a dash that continues an
    earlier quote, else at the start of its sentence (never before ``floor``)."""
    region = text[floor:close]
    dashes = list(_DASH_SEP.finditer(region))
    if dashes:
        return floor + dashes[-1].end()
    ends = list(_SENT_END.finditer(region))
    if ends:
        return floor + ends[-1].end()
    if floor == 0 or text[floor - 1] == "\n":
        return floor
    return None


def _trim(text: str, q: QuoteSpan) -> QuoteSpan:
    s, e = q.start, q.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    q.start, q.end = s, e
    return q
