"""Lines of a raw article and their shape: the features furniture detection reads.

Page furniture is told from body text mostly by shape: body paragraphs are long and end in
sentence punctuation; furniture is short, unpunctuated, bulleted, full of digits or prices.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..memo import Memo
from .word_lists import fold_words

_SPACES = (("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u2007", " "), ("\ufeff", ""),
           ("\u200b", ""), ("\t", " "), ("\r\n", "\n"), ("\r", "\n"))
_TERMINAL = re.compile(r"""(?:[.!?…]['"’”»)\]]*|['"’”»])\s*$""")
_COLON_END = re.compile(r"[:;]\s*$")
_BULLET_START = re.compile(r"^[•·▪►●■◆✓→]|^[-–—*+]\s")
_WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")


@dataclass(slots=True)
class Line:
    text: str          # the line, stripped (spaces normalised)
    fold: str          # lower case, straight quotes, no bullet: what cues match
    words: int
    bullet: bool
    terminal: bool     # ends like a sentence (. ! ? … or a closing quote)
    colon: bool        # ends in ':' or ';'
    reason: str | None = None   # why it is furniture; None while it counts as body
    block: bool = False         # a header whose following list lines are furniture too

    @property
    def body_like(self) -> bool:
        """A line that reads as body text: keep it unless a strong signal says otherwise."""
        return (self.terminal and self.words >= 5) or (self.colon and self.words >= 8) or self.words >= 25

    @property
    def title_like(self) -> bool:
        """Headline shape: a handful of words, not ending like a sentence."""
        t = self.text.rstrip("\"'’”» ")
        return 2 <= self.words <= 22 and not t.endswith((".", ";", ",", ":")) and not self.bullet


_CLOSERS = "'\"’”»)]"
_QUOTE_END = "'\"’”»"


def ends_terminal(text: str) -> bool:
    """``_TERMINAL.search(text)`` without scanning the line: the end, past trailing spaces,
    is a closing quote, or sentence punctuation followed only by closing quotes/brackets."""
    t = text.rstrip()
    if not t:
        return False
    if t[-1] in _QUOTE_END:
        return True
    t = t.rstrip(_CLOSERS)
    return bool(t) and t[-1] in ".!?…"


# Shapes of short lines already seen (furniture recurs across a corpus): a bounded memo.
_SHAPES_MAX = 1 << 18
_SHAPES = Memo(_SHAPES_MAX)
_SHAPES_TEXT = 300  # longer lines are mostly unique body paragraphs


def make_line(text: str) -> Line:
    text = text.strip()
    shape = _SHAPES.get(text)
    if shape is None:
        # long lines never match a cue: their fold only serves to spot duplicates
        parts = text.split()
        words = len(parts)
        shape = (fold_words(parts) if words <= 40 else text.casefold(), words, bool(_BULLET_START.match(text)),
                 ends_terminal(text), text[-1:] in (":", ";"))
        if len(text) <= _SHAPES_TEXT:
            _SHAPES.put(text, shape)
    return Line(text, *shape)


def split_lines(raw: str) -> list[Line]:
    """The non-blank lines of a raw text, hard-wrapped paragraphs joined back together."""
    for a, b in _SPACES:
        if a in raw:
            raw = raw.replace(a, b)
    rows = [r.strip() for r in raw.split("\n")]
    if _hard_wrapped(rows):
        rows = _unwrap(rows)
    else:
        rows = _join_continuations(rows)
    return [make_line(r) for r in rows if r]


def _hard_wrapped(rows: list[str]) -> bool:
    """True when the text is wrapped at a fixed width (as e-mail and terminals leave it):
    most lines are of similar middle length and run on into the next line."""
    nonblank = [r for r in rows if r]
    if len(nonblank) < 6:
        return False
    longest = max(len(r) for r in nonblank)
    if longest > 110 or longest < 50:
        return False
    runs_on = sum(1 for i, r in enumerate(rows[:-1])
                  if r and rows[i + 1] and len(r) >= 0.6 * longest and not ends_terminal(r))
    return runs_on >= 0.3 * len(nonblank)


def _unwrap(rows: list[str]) -> list[str]:
    out, cur = [], []
    for r in rows:
        if not r:
            if cur:
                out.append(" ".join(cur))
                cur = []
            out.append("")
        else:
            cur.append(r)
    if cur:
        out.append(" ".join(cur))
    return out


def _join_continuations(rows: list[str]) -> list[str]:
    """Join a line broken in mid-sentence: no end punctuation, the next line starts in
    lower case (a copy-paste artefact)."""
    out: list[str] = []
    for r in rows:
        # cheapest tests first (most lines end a sentence)
        if (out and out[-1] and r and not ends_terminal(out[-1]) and r.split(None, 1)[0].islower()
                and len(out[-1].split()) >= 6 and len(r.split()) >= 3 and not _COLON_END.search(out[-1])):
            out[-1] = out[-1] + " " + r
        else:
            out.append(r)
    return out
