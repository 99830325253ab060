"""Page furniture: which lines of a raw article are not its body, and why.

Signals, cheapest first: furniture cues in several languages (``resources/furniture_cues.json``),
the shape of a line (length, end punctuation, bullets, digits, prices), its position (the head
above the first body paragraph, the tail below the last), blocks that a header opens ("Related",
"More from this section") and lines that recur across the corpus. When in doubt a line stays:
losing a body sentence costs more than keeping a piece of furniture.
"""
from __future__ import annotations

import re

from .page_dates import find_date
from .word_lists import Lexicon, as_written, fold, lookup
from .lines import Line

_COUNTER = re.compile(r"^[\d\s.,:|kKmM+]+$")
_NAV_SEP = re.compile(r"\s(?:\||>|»|›|/)\s")
_PRICE = re.compile(r"[$€£¥₹₽₴₩]\s?\d|\d\s?[$€£¥₹₽₴]|\b(?:USD|EUR|GBP|NOK|SEK|DKK|CHF|INR|Rs\.?)\s?\d", re.I)
_PERIOD_OFFER = re.compile(r"^\d+\s+(?:months?|years?|weeks?|days?|monate?|jahre?|mois|ans?|meses|años|mesi|anni|maanden|jaar)$", re.I)
_INLINE_PHOTO = re.compile(r"(?:\(\s*(?:photo|photograph|picture|pic|image|foto|bild|фото)s?\s*(?::|by)[^)]{1,80}\)"
                           r"|\s(?:PHOTO|Photo|Photograph|Picture|Image|Foto|Bild|Фото)\s*:\s*[^.!?]{1,60})\s*$", re.I)
_PHOTO_CREDIT = re.compile(r"^(?:photo|photograph|picture|pic|image|foto|bild|фото|credit|crédit|crédito)s?\b"
                           r"|^(?:getty images|ap photo|afp photo|reuters photo|file photo)", re.I)
# (the word whole: "Parliamentary News Service" is no "par" byline)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|от|від|автор|author|written by|text)(?!\w)\s*:?\s*[·|•,–—-]?\s*(?P<rest>\S.*)$", re.I)
_CAPS_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ&.\-]{1,5}$")
# one boundary test for all the conjunctions (re would repeat it for each alternative)
_LIST_SEP = re.compile(r"\s*(?:,|/|&|\b(?:and|und|et|y|e|и|і)\b)\s*")
_WORDS = re.compile(r"\w+", re.U)
# The marks a wire story ends with or continues after, in capitals like an agency's name.
_END_MARKS = frozenset({"end", "ends", "endit", "endall", "more", "mas", "ende", "fin", "fine", "einde", "slut",
                        "30", "xxx", "nnnn"})

# Reasons a line gets from its own text, in the order they are tried.
_LINE_ORDER = ("credit", "dateline", "newsletter", "paywall", "share", "follow", "ad", "cookie", "footer")


def wire_list(text: str, lex: Lexicon) -> list[str] | None:
    """Agency names when ``text`` is nothing but a list of them ("REUTERS, BLOOMBERG",
    "dpa/AFP", "NPA"); unknown agencies count when written as all-caps acronyms."""
    memo = lex.remember("wire_list")
    if text in memo:
        names = memo[text]
    else:
        names = memo[text] = _wire_list(text, lex)
    return list(names) if names is not None else None


def _wire_list(text: str, lex: Lexicon) -> list[str] | None:
    t = text.strip().strip("()[]—–-. ").strip()
    if not t or len(t) > 60:
        return None
    parts = [p for p in _LIST_SEP.split(t) if p]
    if not 1 <= len(parts) <= 4:
        return None
    names = []
    for p in parts:
        if p.strip("()[]-–—#. ").casefold() in _END_MARKS:
            return None  # a wire's end mark ("ENDS", "(END)", "MORE"), not an agency
        known = lookup(lex.wires, p)
        if known:
            names.append(as_written(lex.wires, p))
        elif all(_CAPS_TOKEN.match(w) for w in p.split()) and len(p.split()) <= 2 \
                and p.casefold() not in lex.section_labels:
            names.append(p)
        elif pool := _hyphen_pool(p, lex):
            names.extend(pool)
        else:
            return None
    return names


def _hyphen_pool(p: str, lex: Lexicon) -> list[str] | None:
    """"Sapa-AAP-AFP", "AAP-AFP": agencies joined by hyphens, when two or more of them are
    known wires and the rest short capitalised names ("Agence France-Presse" is one name,
    and a known one)."""
    subs = p.split("-")
    if len(subs) < 2 or " " in p:
        return None
    known = [lookup(lex.wires, x) for x in subs]
    if sum(1 for k in known if k) < 2 or not all(k or (x[:1].isupper() and 2 <= len(x) <= 6 and x.isalpha())
                                                 for k, x in zip(known, subs)):
        return None
    return [as_written(lex.wires, x) for x in subs]


def _comma_list(line: Line) -> bool:
    """"Vladimir Putin, Putin": a short list of capitalised names, as keyword and tag lines are."""
    if line.terminal or line.colon or "," not in line.text or line.words > 14:
        return False
    items = [i.strip() for i in line.text.split(",") if i.strip()]
    return len(items) >= 2 and all(i[0].isupper() and len(i.split()) <= 4 for i in items)


_NAV_CHAR = re.compile(r"[|>»›/]")


def _inline_photo(text: str) -> bool:
    """``_INLINE_PHOTO.search(text)``, started where a match can start: a "(...)" credit
    opens after the previous ")", a "Photo: ..." one after the last sentence stop."""
    if "(" not in text and ":" not in text:
        return False  # each credit shape holds a "(" or a ":"
    t = text.rstrip()
    start = t.rfind(")", 0, len(t) - 1) + 1 if t.endswith(")") else len(text)
    start = min(start, max(t.rfind("."), t.rfind("!"), t.rfind("?")) + 1)
    if start >= len(t) or (text.find("(", start) < 0 and text.find(":", start) < 0):
        return False
    return bool(_INLINE_PHOTO.search(text, start))


def _nav(line: Line) -> bool:
    # no separator character, no navigation trail: a cheap test before the split
    if line.terminal or not _NAV_CHAR.search(line.text):
        return False
    parts = _NAV_SEP.split(line.text)
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def intrinsic(line: Line, lex: Lexicon, edge: bool = True) -> None:
    """Give ``line`` the reason its own text shows, if any (sets reason and block).
    ``edge``: the line is near the head or the tail, where an unknown acronym alone on a
    line is a credit (in mid-body it is more likely a broken sentence)."""
    _remembered_intrinsic(line, lex, edge, lex.remember("intrinsic"))


def _remembered_intrinsic(line: Line, lex: Lexicon, edge: bool, memo: dict) -> None:
    """``intrinsic`` with its memo at hand (a caller classifying many lines fetches it once)."""
    if line.reason is not None or line.block:
        _intrinsic(line, lex, edge)  # not a fresh line: no memo
        return
    # the answer depends on the text (fold and word count follow from it), the terminal
    # flag the caller may have changed, and the position
    key = (line.text, line.terminal, edge)
    got = memo.get(key)
    if got is None:
        _intrinsic(line, lex, edge)
        memo[key] = (line.reason, line.block)
    else:
        line.reason, line.block = got


def _intrinsic(line: Line, lex: Lexicon, edge: bool) -> None:
    f, n = line.fold, line.words
    if not f or (_COUNTER.match(f) and n <= 4 and edge):
        line.reason = "share"  # counters (share, comment counts) and empty bullets
        return
    hits = lex.cues.hits(f, n) if lex.cues is not None else _hits(lex, f, n)
    if hits:
        for reason in _LINE_ORDER:
            if ("line", reason) in hits:
                line.reason = reason
                break
        for reason in lex.block:
            if ("block", reason) in hits:
                line.reason = line.reason if line.reason in ("paywall", "newsletter") else reason
                line.block = True
                return
    if line.reason:
        return
    if not line.terminal and ((n <= 3 and _PRICE.search(line.text)) or _PERIOD_OFFER.match(line.text)):
        line.reason = "paywall"
    elif n <= 60 and _inline_photo(line.text):
        line.reason = "caption"
    elif n <= 10 and not line.terminal and _BYLINE.match(line.text) and _byline_names_ok(line.text):
        line.reason = "byline"
    elif n <= 6 and wire_list(line.text, lex) and (edge or all(lookup(lex.wires, w) for w in wire_list(line.text, lex))):
        line.reason = "credit"
    elif n <= 10 and not line.terminal and find_date(line.text, fallback=False):
        line.reason = "dateline"
    elif _nav(line):
        line.reason = "navigation"


def _hits(lex: Lexicon, f: str, n: int) -> set[tuple[str, str]]:
    """The cue keys matching a folded line, one cue set at a time (a lexicon built by hand)."""
    return {(kind, reason) for kind, sets in (("line", lex.line), ("block", lex.block))
            for reason, cues in sets.items() if cues.match(f, n)}


def _byline_names_ok(text: str) -> bool:
    rest = _BYLINE.match(text).group("rest")
    words = rest.split()
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return bool(words) and caps >= 0.6 * len(words)


def is_photo_credit(line: Line) -> bool:
    return line.reason == "credit" and bool(_PHOTO_CREDIT.match(line.fold))


def _words(text: str) -> set[str]:
    return {w for w in _WORDS.findall(text.casefold()) if len(w) > 2}


def _contained(small: Line, others: list[Line], share: float) -> bool:
    """True when most words of ``small`` recur in one of ``others`` (a standfirst, a pull
    quote or a caption restating the body)."""
    ws = _words(small.text)
    if len(ws) < 4:
        return False
    for o in others:
        if o is small or o.reason is not None or o.words < small.words * 0.6:
            continue
        if len(ws & _words(o.text)) >= share * len(ws):
            return True
    return False


def classify(lines: list[Line], lex: Lexicon, repeated: frozenset[str] | set[str] = frozenset(),
             light: bool = False, given_title: str | None = None) -> int | None:
    """Set ``reason`` on every furniture line. Returns the index of the title line, if any.

    ``light``: only the line-level pass (cue lines, counters, credits, blocks), for bodies an
    HTML extractor already isolated.
    """
    last = len(lines) - 3
    memo = lex.remember("intrinsic")
    for i, ln in enumerate(lines):
        _remembered_intrinsic(ln, lex, i < 15 or i >= last, memo)
    _blocks(lines)
    _captions(lines)
    if light:
        _repeated(lines, repeated)
        return None
    title = _head(lines, lex, given_title)
    _repeated(lines, repeated)
    _body_shapes(lines, lex)
    return title


def _blocks(lines: list[Line]) -> None:
    """Lines under a block header (a related-links list, a paywall offer) share its reason
    until body text resumes; a block after which no body text follows runs to the end."""
    strong_after = [False] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        strong = (ln.reason is None and not ln.bullet and ln.terminal and ln.words >= 6)
        strong_after[i] = strong_after[i + 1] or strong
    reason, tail = None, False
    # above the first body paragraph a header covers only itself: the head's own rules
    # tell titles from labels there
    start = next((i for i, ln in enumerate(lines) if ln.reason is None and ln.body_like), len(lines))
    for i, ln in enumerate(lines):
        if i < start:
            continue
        if ln.block:
            reason = ln.reason
            tail = tail or not strong_after[i + 1]  # nothing but furniture follows
            continue
        if reason is None:
            continue
        if ln.reason is None:
            exits = not tail and not ln.bullet and (
                (ln.terminal and ln.words >= 4 and not ln.text.rstrip("\"'’”»").endswith("?")) or ln.words >= 30)
            if exits:
                reason = None
            else:
                ln.reason = reason


def _captions(lines: list[Line]) -> None:
    """The line right above a photo credit is the photo's caption."""
    for i, ln in enumerate(lines):
        if i and is_photo_credit(ln):
            prev = lines[i - 1]
            if prev.reason is None and prev.words <= 45:
                prev.reason = "caption"


def _head(lines: list[Line], lex: Lexicon, given_title: str | None = None) -> int | None:
    """Title, kickers, standfirsts, mastheads and labels above the body. With a title the
    reader already knows, only a line that repeats it is the title."""
    # The head ends at its last metadata line (byline, date, credit, caption) near the top.
    head_end, body_seen = -1, 0
    for i, ln in enumerate(lines[:16]):
        if ln.reason in ("byline", "dateline", "credit", "caption"):
            head_end = i
        elif ln.reason is None and ln.body_like:
            body_seen += 1
            if body_seen > 3:
                break
    first_body = next((i for i, ln in enumerate(lines) if ln.reason is None and ln.body_like), len(lines))
    # The title: the first headline-shaped line above the body; mastheads are shorter.
    title = None
    top = [i for i in range(min(first_body, 6)) if lines[i].reason is None]
    if given_title:
        given = fold(given_title)
        title = next((i for i in range(min(len(lines), 6)) if lines[i].fold == given), None)
        if title is None:
            return None  # the reader's title; the text starts with its body
    for i in top if title is None else ():
        ln = lines[i]
        if ln.title_like and ln.words >= 4 and ln.fold not in lex.section_labels:
            title = i
            break
    if title is None and top and lines[top[0]].title_like and top[0] < first_body:
        title = top[0]
    if title is not None:
        lines[title].reason = "title"
    limit = max(head_end, first_body - 1 if title is not None else -1)
    later = lines[limit + 1:]
    for i in range(0, limit + 1):
        ln = lines[i]
        if ln.reason is not None:
            continue
        if ln.body_like:
            if _contained(ln, later, 0.5):
                ln.reason = "summary"
        elif _comma_list(ln):
            ln.reason = "tags"
        elif _masthead(ln, lex) and (i < title if title is not None else i == 0) or \
                (title is not None and i == title + 1 and _masthead(ln, lex)):
            ln.reason = "masthead"
        elif ln.words <= 4:
            ln.reason = "section-label"
        elif ln.title_like:
            ln.reason = "title"  # a second headline or a kicker
    return title


def _masthead(ln: Line, lex: Lexicon) -> bool:
    """An outlet's name at the top of a page: a few words, no digits, no punctuation."""
    return (ln.words <= 4 and not ln.terminal and ln.fold not in lex.section_labels
            and not any(c.isdigit() for c in ln.text) and "," not in ln.text
            and (ln.text[:1].isupper() or ln.words == 1))


def _repeated(lines: list[Line], repeated) -> None:
    seen = set()
    for ln in lines:
        if ln.reason is not None:
            seen.add(ln.fold)
            continue
        if ln.fold in seen and (ln.words >= 3 or not ln.terminal):
            ln.reason = "repeated"  # said twice in one article: the second is an echo
        elif not ln.body_like and ln.fold in repeated:
            ln.reason = "repeated"
        seen.add(ln.fold)


def _body_shapes(lines: list[Line], lex: Lexicon) -> None:
    """Short unpunctuated lines between body paragraphs: subheads, section labels and inline
    related-story headlines. A line that continues a sentence (the next starts in lower case,
    the previous has no end punctuation) or an item of a list stays body."""
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.reason is not None or ln.body_like or ln.terminal or ln.colon or ln.bullet:
            continue
        first = ln.text[:1]
        if not (first.isupper() or first.isdigit() or first in "\"'“‘«„") or ln.text.endswith((",", "-", "–", "—", ";")):
            continue
        # only a line standing alone between paragraphs: runs of short lines are lists
        prev = next((p for p in reversed(lines[:i]) if p.reason is None), None)
        nxt = next((p for p in lines[i + 1:] if p.reason is None), None)
        if prev is None or not prev.body_like or prev.bullet or not (prev.terminal or prev.colon):
            continue
        if nxt is not None and (not nxt.body_like or nxt.bullet or nxt.text[:1].islower()):
            continue
        edge = i < 8 or i >= n - 4
        if _comma_list(ln):
            if edge:
                ln.reason = "tags"
        elif ln.words <= 3:
            ln.reason = "section-label"
        elif ln.words <= 20 and len(ln.text) <= 160:
            ln.reason = "related" if ln.words >= 8 else "subhead"
