"""Words with their character offsets, and a word-level diff of two texts."""
from __future__ import annotations

from itertools import accumulate
import re
from dataclasses import dataclass

from cydifflib import SequenceMatcher  # difflib's algorithm compiled: the same opcodes

from ..memo import memoized
from ..wording import spelling_key

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*%?|[$€£¥]|%", re.UNICODE)

_SPLIT = re.compile(f"({WORD.pattern})", re.UNICODE)  # the words kept by re.split


@memoized(1 << 17)
def _forms(word: str) -> tuple[str, str]:
    return word.casefold().replace("’", "'"), spelling_key(word)


class Tok:
    """A word and its [start, end) offsets; ``low`` (case-folded) and ``key`` (spelling key)
    are computed once, as every check and the diff read them many times."""
    __slots__ = ("text", "start", "end", "low", "key")

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.low, self.key = _forms(text)

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {self.start}, {self.end})"


class Words:
    """The words of text[lo:hi] as parallel lists (offsets into the whole text): the checks
    read these; ``Tok`` objects are made only when a finding is written (``toks``)."""
    __slots__ = ("text", "words", "starts", "ends", "low", "keys", "_toks")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None):
        # split on the word pattern (in C): separators and words alternate, and the running
        # sum of their lengths gives every word's offsets without a match object per word
        parts = _SPLIT.split(text[lo:hi])
        off = list(accumulate(map(len, parts), initial=lo))
        self.text = text
        self.words = parts[1::2]
        self.starts = off[1:-1:2]
        self.ends = off[2::2]
        forms = list(map(_forms, self.words))
        self.low = [f[0] for f in forms]
        self.keys = [f[1] for f in forms]
        self._toks = None

    @property
    def toks(self) -> list[Tok]:
        if self._toks is None:
            self._toks = list(map(Tok, self.words, self.starts, self.ends))
        return self._toks


@dataclass
class Op:
    tag: str  # "replace" | "delete" | "insert"
    a0: int
    a1: int
    b0: int
    b1: int


def diff_keys(a: list[str], b: list[str]) -> list[Op]:
    """Non-equal opcodes over two lists of spelling keys (case and British/American spelling
    do not count)."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [Op(tag, a0, a1, b0, b1) for tag, a0, a1, b0, b1 in sm.get_opcodes() if tag != "equal"]
