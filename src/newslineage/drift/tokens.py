"""Words with their character offsets, and a word-level diff of two texts."""
from __future__ import annotations

from functools import lru_cache
import re
from dataclasses import dataclass

import numpy as np

from ..quotes.normalize import spelling_key

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*%?|[$€£¥]|%", re.UNICODE)

_group, _start, _end = re.Match.group, re.Match.start, re.Match.end


@lru_cache(maxsize=1 << 17)
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


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    return [Tok(m.group(0), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)]


class Words:
    """The words of text[lo:hi] as parallel lists (offsets into the whole text): the checks
    read these; ``Tok`` objects are made only when a finding is written (``toks``)."""
    __slots__ = ("text", "words", "starts", "ends", "low", "keys", "_toks")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None):
        # finditer with pos/endpos reads text[lo:hi] as a string of its own (WORD has no
        # anchors or look-behind) without copying it, and gives offsets into the whole text
        ms = list(WORD.finditer(text, lo, len(text) if hi is None else hi))
        self.text = text
        self.words = list(map(_group, ms))
        self.starts = list(map(_start, ms))
        self.ends = list(map(_end, ms))
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


def diff(a: list[Tok], b: list[Tok]) -> list[Op]:
    """Non-equal opcodes over words compared by spelling key (case and British/American
    spelling do not count)."""
    return diff_keys([t.key for t in a], [t.key for t in b])


def diff_keys(a: list[str], b: list[str]) -> list[Op]:
    """``diff`` over the spelling keys themselves: the opcodes of
    ``difflib.SequenceMatcher(None, a, b, autojunk=False)``, found faster (see
    ``matching_blocks``)."""
    out = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b):
        if i < ai and j < bj:
            out.append(Op("replace", i, ai, j, bj))
        elif i < ai:
            out.append(Op("delete", i, ai, j, bj))
        elif j < bj:
            out.append(Op("insert", i, ai, j, bj))
        i, j = ai + size, bj + size
    return out


_SMALL_AREA = 64  # a sub-range this small is searched cell by cell


def matching_blocks(a: list, b: list) -> list[tuple[int, int, int]]:
    """What ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()``
    returns, block for block. difflib splits the ranges around their longest common run
    again and again, scanning every occurrence of every word at each level; here the
    maximal common runs are listed once, longest first, and each range takes the longest
    of them clipped to it, which ends the scan after the few long runs of two
    near-identical texts. Ties are broken as difflib does (earliest in a, then in b)."""
    la, lb = len(a), len(b)
    runs = _runs(a, b) if la * lb > _NUMPY_AREA else _runs_py(a, b)
    queue = [(0, la, 0, lb)]
    found = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        if (ahi - alo) * (bhi - blo) <= _SMALL_AREA:
            i, j, k = _longest_cells(a, b, alo, ahi, blo, bhi)
        else:
            i, j, k = alo, blo, 0
            for n, i0, j0 in runs:
                n = -n
                if n < k:
                    break  # no run left can beat or tie the best
                d = j0 - i0
                s = max(i0, alo, blo - d)
                e = min(i0 + n, ahi, bhi - d)
                if e - s > k or (e - s == k and k and (s < i or (s == i and s + d < j))):
                    i, j, k = s, s + d, e - s
        if k:
            found.append((i, j, k))
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    found.sort()
    i1 = j1 = k1 = 0
    blocks = []
    for i2, j2, k2 in found:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                blocks.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        blocks.append((i1, j1, k1))
    blocks.append((la, lb, 0))
    return blocks


_NUMPY_AREA = 250_000  # above this many word pairs the runs are found with numpy (below, Python is faster)


def _runs_py(a: list, b: list) -> list[tuple[int, int, int]]:
    """The maximal common runs of a and b as (-length, start in a, start in b), sorted."""
    b2j: dict = {}
    for j, x in enumerate(b):
        b2j.setdefault(x, []).append(j)
    runs = []
    j2len: dict = {}
    for i, x in enumerate(a):
        new = {}
        for j in b2j.get(x, ()):
            new[j] = j2len.get(j - 1, 0) + 1
        for j, k in j2len.items():
            if j + 1 not in new:
                runs.append((-k, i - k, j - k + 1))
        j2len = new
    for j, k in j2len.items():
        runs.append((-k, len(a) - k, j - k + 1))
    runs.sort()
    return runs


def _runs(a: list, b: list) -> list[tuple[int, int, int]]:
    """``_runs_py`` on the matrix of equal word pairs (numpy): a run starts at an equal
    pair whose diagonal predecessor is not equal and ends where its successor is not."""
    codes: dict = {}
    ca = np.fromiter((codes.setdefault(x, len(codes)) for x in a), dtype=np.int32, count=len(a))
    cb = np.fromiter((codes.get(x, -1) for x in b), dtype=np.int32, count=len(b))
    eq = ca[:, None] == cb[None, :]
    cont = np.zeros_like(eq)
    cont[1:, 1:] = eq[:-1, :-1]  # the pair before on the diagonal is equal too
    si, sj = np.nonzero(eq & ~cont)
    cont[:] = False
    cont[:-1, :-1] = eq[1:, 1:]  # the pair after on the diagonal is equal too
    ei, ej = np.nonzero(eq & ~cont)
    # the k-th start and the k-th end of one diagonal belong to one run
    os_, oe = np.lexsort((si, sj - si)), np.lexsort((ei, ej - ei))
    i0, j0 = si[os_], sj[os_]
    n = ei[oe] - i0 + 1
    order = np.lexsort((j0, i0, -n))
    return list(zip((-n[order]).tolist(), i0[order].tolist(), j0[order].tolist()))


def _longest_cells(a, b, alo, ahi, blo, bhi) -> tuple[int, int, int]:
    """difflib's longest matching block of a[alo:ahi] and b[blo:bhi], cell by cell."""
    bi, bj, bk = alo, blo, 0
    prev: dict = {}
    for i in range(alo, ahi):
        x, cur = a[i], {}
        for j in range(blo, bhi):
            if b[j] == x:
                k = cur[j] = prev.get(j - 1, 0) + 1
                if k > bk:
                    bi, bj, bk = i - k + 1, j - k + 1, k
        prev = cur
    return bi, bj, bk


def phrase(toks: list[Tok], lo: int, hi: int, text: str, before: int = 1, after: int = 3) -> str:
    """The words [lo, hi) with a little context, as they stand in the text."""
    lo2, hi2 = max(0, lo - before), min(len(toks), hi + after)
    if lo2 >= hi2:
        return ""
    return text[toks[lo2].start:toks[hi2 - 1].end]
