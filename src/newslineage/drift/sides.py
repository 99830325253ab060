"""The two sides a drift check reads: an article's stretch of text with its words, dates and
numbers found once, and how a finding names the sides and their words."""
from __future__ import annotations

from dataclasses import dataclass

from .dates import DATE_RX, dates_of_matches
from .numbers import find_numbers
from .tokens import Tok, Words


class Stretch(Words):
    """The words of text[lo:hi] with its date expressions and numbers, each found once:
    the sides over one text (a wire passage in each of its copies) share a stretch. Its
    number words are those of ``lang`` (English when it is unknown)."""
    __slots__ = ("lo", "hi", "lang", "_dates", "_spans", "_found", "_numbers")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None, lang: str = ""):
        super().__init__(text, lo, hi)
        self.lang = lang
        self.lo, self.hi = lo, len(text) if hi is None else hi
        self._dates = None  # DATE_RX matches
        self._spans = None
        self._found: dict = {}  # publication date -> the dates resolved against it
        self._numbers = None

    def date_matches(self) -> list:
        if self._dates is None:
            self._dates = list(DATE_RX.finditer(self.text[self.lo:self.hi]))
        return self._dates

    def dates(self, published):
        got = self._found.get(published)
        if got is None:
            got = self._found[published] = dates_of_matches(
                self.date_matches(), self.text[self.lo:self.hi], published, self.lo)
        return got

    def date_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [(m.start() + self.lo, m.end() + self.lo) for m in self.date_matches()]
        return self._spans

    def numbers(self):
        if self._numbers is None:
            self._numbers = find_numbers(self.text[self.lo:self.hi], self.lo, self.date_spans(),
                                         self.lang or "en")
        return self._numbers


@dataclass
class Side:
    """One side of a comparison: an article (id, text, publication date) and a span."""
    article: str
    text: str  # the whole article text (offsets below index into it)
    lo: int
    hi: int
    published: object = None  # datetime.date or None
    name: str = ""  # short article name for notes
    lang: str = ""  # language code ("en"); empty: unknown, every lexicon language applies
    stretch: Stretch | None = None  # text[lo:hi] read already (shared with other sides)

    def __post_init__(self):
        w = self.stretch if self.stretch is not None else Stretch(self.text, self.lo, self.hi, self.lang)
        self.words, self.starts, self.ends = w.words, w.starts, w.ends
        self.low, self.keylist = w.low, w.keys
        self._w = w

    @property
    def toks(self) -> list[Tok]:
        """Word objects, made only when a finding needs them."""
        return self._w.toks

    def numbers(self):
        """The numbers of this stretch outside its dates (found once)."""
        return self._w.numbers()

    def dates(self, published):
        """The date expressions of this stretch resolved against ``published`` (found once)."""
        return self._w.dates(published)

    def date_spans(self) -> list[tuple[int, int]]:
        """Character spans of the date expressions in this stretch (found once)."""
        return self._w.date_spans()


def phrase(s: Side, lo: int, hi: int, before: int = 1, after: int = 3) -> str:
    """The words [lo, hi) of a side with a little context, as they stand in the text."""
    lo2, hi2 = max(0, lo - before), min(len(s.starts), hi + after)
    if lo2 >= hi2:
        return ""
    return s.text[s.starts[lo2]:s.ends[hi2 - 1]]


def change_note(a: Side, b: Side, direction: str | None, present_in_a: bool, verb_from_source: str,
         verb_new: str, what: str) -> str:
    """'hedge 'x' dropped' when we know which side is the source, else 'in A, not in B'."""
    if direction == "a-from-b":
        return f"{what} {verb_new if present_in_a else verb_from_source}"
    if direction == "b-from-a":
        return f"{what} {verb_from_source if present_in_a else verb_new}"
    here, there = (a.name, b.name) if present_in_a else (b.name, a.name)
    return f"{what} in {here}, not in {there}"


def has_phrase(low: list[str], ph: tuple[str, ...]) -> bool:
    """The words ``ph`` stand in a row somewhere in the word list ``low``."""
    n = len(ph)
    if not n:
        return True
    first, i = ph[0], -1
    while True:  # only where the first word stands (list.index scans in C)
        try:
            i = low.index(first, i + 1)
        except ValueError:
            return False
        if tuple(low[i:i + n]) == ph:
            return True


def arrow(a: Side, b: Side, a_text: str, b_text: str, direction: str | None) -> str:
    if direction == "b-from-a":
        return f"'{a_text}' -> '{b_text}'"
    return f"'{b_text}' -> '{a_text}'" if direction == "a-from-b" else f"'{a_text}' ({a.name}) vs '{b_text}' ({b.name})"


def edited_share(a: Side, b: Side, ops) -> float:
    """The share of the longer side's words inside edits: small for a copy edited here and
    there, large for a re-wording (where words come and go without changing the claim)."""
    n = max(len(a.low), len(b.low))
    return sum(max(op.a1 - op.a0, op.b1 - op.b0) for op in ops) / n if n else 0.0
