"""Loaded labels ("regime", "terrorist"...) attached to a name in one version of an
article and not in the other."""
from __future__ import annotations

import re
from functools import lru_cache

from ..memo import memoized
from ..model import Article
from . import lexicon
from .epithets import attached
from .sides import Side, has_phrase, phrase
from .findings import _lang, _name, _side
from ..words import trie_pattern
from .tokens import WORD, _forms


class _Labelled:
    """One article's words (lower-cased) with its loaded labels and the names they are
    attached to, computed once per article. Word objects with offsets are made only for a
    few words around a label or a name shown next to one, not for the whole article."""

    MARGIN = 8  # words either side of a label: room for the name it is attached to

    def __init__(self, art: Article):
        self.art = art
        self._low = None
        self._spans = None
        self._kept = None
        self._first = None
        self._has: dict[tuple, bool] = {}
        self.labels = []  # (window Side, start, end in it, phrase, name)
        self.folded = folded = art.text.casefold().replace("’", "'")
        if not _label_starts().search(folded):
            return  # no label's first word at all (most articles): one regex pass, no words
        words = self.low if self._in_place else WORD.findall(folded)  # the folded text's words
        if not lexicon.may_hold_label(set(words), _lang(art)):
            return  # no label of its language: no need for the words' offsets
        for s, e in lexicon.find_phrases(self.low, lexicon.labels(), _lang(art)):  # words only: cheap
            win, w0 = self.window(s, e)
            name = attached(win, s - w0, e - w0)
            if name:
                self.labels.append((win, s - w0, e - w0, tuple(self.low[s:e]), name))

    @property
    def _in_place(self) -> bool:
        """Case folding kept every character in place and in its word class: the words of
        the folded text are the folded words, at the same offsets."""
        if self._kept is None:
            text, folded = self.art.text, self.folded
            self._kept = len(folded) == len(text) and all(map(_folds_alike, set(text)))
        return self._kept

    def _words(self) -> None:
        if self._in_place:
            self._low = WORD.findall(self.folded)  # one regex pass, no call per word
        else:
            ms = list(WORD.finditer(self.art.text))
            self._low = [f[0] for f in map(_forms, map(re.Match.group, ms))]
            self._spans = list(map(re.Match.span, ms))

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The words' offsets, found only for an article with a label to show."""
        if self._spans is None:
            self.low  # noqa: B018 - the words first
            if self._spans is None:
                self._spans = list(map(re.Match.span, WORD.finditer(self.folded)))
        return self._spans

    @property
    def low(self) -> list[str]:
        if self._low is None:
            self._words()
        return self._low

    @property
    def first(self) -> dict[str, int]:
        if self._first is None:
            low = self.low  # later words first, so each word keeps its first index
            self._first = dict(zip(reversed(low), range(len(low) - 1, -1, -1)))
        return self._first

    def window(self, i0: int, i1: int) -> tuple[Side, int]:
        """A Side over words [i0 - MARGIN, i1 + MARGIN) and the index of its first word."""
        spans = self.spans
        w0 = max(0, i0 - self.MARGIN)
        w1 = min(len(spans), i1 + self.MARGIN)
        return _side(self.art, spans[w0][0], spans[w1 - 1][1]), w0

    def has(self, ph: tuple) -> bool:
        if ph not in self._has:  # a word missing from the text: no need for the words
            self._has[ph] = all(w in self.folded for w in ph) and has_phrase(self.low, ph)
        return self._has[ph]

    def names(self, word: str) -> bool:
        """Whether the case-folded ``word`` is one of the article's words."""
        return word in self.folded and word in self.first


def _article_labels(a: _Labelled, b: _Labelled, direction):
    """Loaded labels attached to a name in one article whose other version names the same
    person or group without the label (the label may sit outside any aligned passage)."""
    out = []
    if not a.labels and not b.labels:
        return out
    for x, y, is_a in ((a, b, True), (b, a, False)):
        for win, s, e, ph, name in x.labels:
            if y.has(ph):
                continue
            last = name.split()[-1].casefold()
            if not y.names(last):
                continue  # the other version does not name it: nothing to compare
            at = y.first[last]
            ywin, y0 = y.window(at, at + 1)
            xt = phrase(win, s, e, 1, len(name.split()))
            yt = phrase(ywin, at - y0, at - y0 + 1, 3, 0)
            label = " ".join(ph)
            if direction is None:
                note = f"label '{label}' attached to {name} in {_name(x.art.id)}, not in {_name(y.art.id)}"
            else:
                src_is_y = (direction == "a-from-b") == is_a
                note = f"label '{label}' {'added' if src_is_y else 'dropped'}: {name}"
            out.append(("label", xt, yt, note) if is_a else ("label", yt, xt, note))
    return out


@memoized(4096)
def _folds_alike(ch: str) -> bool:
    """``ch`` case-folds (and ’ -> ') to one character of the same word class."""
    f = "'" if ch == "’" else ch.casefold()
    return len(f) == 1 and (f.isalnum() == ch.isalnum()) and (f == "_") == (ch == "_")


@lru_cache(maxsize=1)
def _label_starts() -> re.Pattern:
    """Any label's first word standing as a whole word in case-folded text: a test that
    lets through every text whose words could hold a label (and a few more), as a trie so
    one pass over the text costs about as little as a plain search."""
    return re.compile(r"(?<![^\W_])" + trie_pattern(lexicon.label_index()) + r"(?![^\W_])")
