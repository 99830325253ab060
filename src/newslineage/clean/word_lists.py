"""The word lists the clean stage reads: furniture cues, wire agencies, outlet aliases.

They live as JSON in ``newslineage/resources`` so a user can extend them without touching
code. They are compiled once per process (read-only after that, safe to share with workers).
Loading them is here; matching a line against the cues fast is ``cue_index``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..memo import Memo
from .cue_index import MEMO_MAX, CueIndex, alternation

RESOURCES = Path(__file__).resolve().parent.parent / "resources"

_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'))
_BULLET = re.compile(r"^[\s•·▪►●■◆✓→*+\-–—]+\s*")


def fold(line: str) -> str:
    """The form cues match against: lower case, straight quotes, one space, no bullet."""
    return fold_words(line.split())


def fold_words(words: list[str]) -> str:
    """``fold`` of a line given as its words (``line.split()``, which a caller may have)."""
    s = " ".join(words)
    if not s.isascii():
        for a, b in _QUOTES:
            if a in s:
                s = s.replace(a, b)
    if s[:1] in "•·▪►●■◆✓→*+-–—":
        s = _BULLET.sub("", s)
    return s.casefold()


@dataclass(frozen=True)
class CueSet:
    """One reason's cues: anchored patterns (may remove lines of up to 30 words) and
    floating ones (lines of up to 15 words). Compiled on first use."""
    patterns: tuple[str, ...]

    @cached_property
    def anchored(self) -> re.Pattern | None:
        return alternation([p for p in self.patterns if p.startswith("^")])

    @cached_property
    def floating(self) -> re.Pattern | None:
        return alternation([p for p in self.patterns if not p.startswith("^")])

    def match(self, folded: str, words: int) -> bool:
        if self.anchored is not None and words <= 30 and self.anchored.search(folded):
            return True
        return bool(self.floating is not None and words <= 15 and self.floating.search(folded))


def _cue_set(by_lang: dict[str, list[str]]) -> CueSet:
    return CueSet(tuple(p for lang in by_lang.values() for p in lang))


@dataclass(frozen=True)
class Lexicon:
    any_cue: CueSet                # all cues at once
    line: dict[str, CueSet]        # reason -> cues for one-line furniture
    block: dict[str, CueSet]       # reason -> cues for headers of furniture blocks
    section_labels: frozenset[str]
    wires: dict[str, str]          # folded alias -> canonical agency name
    wire_pattern: re.Pattern       # any wire alias as a whole word
    outlets: dict[str, str]        # alias (folded, or exact for all-caps) -> outlet name
    cues: CueIndex | None = field(default=None, compare=False)  # the line/block cues, indexed
    # answers of pure functions of a line's text and this lexicon (furniture recurs across a
    # corpus), by function; bounded by ``remember``
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def remember(self, kind: str) -> Memo:
        """The memo of one function, with room for the next entries."""
        table = self.memo.get(kind)
        if table is None:
            table = self.memo[kind] = Memo(MEMO_MAX)
        table.make_room()
        return table


def _alias_table(data: dict) -> dict[str, str]:
    table = {}
    for canon, aliases in data.items():
        if canon.startswith("_"):
            continue
        for a in [canon, *aliases]:
            # all-caps abbreviations (AP, ST, FT) only count in capitals: "ap" is no agency
            key = a if (a.isupper() and len(a) <= 4) else a.casefold()
            table[key] = canon
    return table


def lookup(table: dict[str, str], name: str) -> str | None:
    """The canonical name for ``name`` in an alias table, or None."""
    name = name.strip().strip(".,;:()[]'\"")
    return table.get(name) or table.get(name.casefold()) if name else None


def as_written(table: dict[str, str], name: str) -> str:
    """A credited agency as the article writes it ("AP", "Agence France-Presse"): the report
    keeps what the text says and lineage folds the spellings into one source; only an
    all-capitals credit line ("REUTERS") takes the agency's own casing."""
    name = name.strip().strip(".,;:()[]'\"")
    known = lookup(table, name)
    if known and name.isupper() and len(name) > 4 and known.casefold() == name.casefold():
        return known
    return name


@lru_cache(maxsize=1)
def load() -> Lexicon:
    cues = json.loads((RESOURCES / "furniture_cues.json").read_text(encoding="utf-8"))
    wires = _alias_table(json.loads((RESOURCES / "wires.json").read_text(encoding="utf-8")))
    outlets = _alias_table(json.loads((RESOURCES / "outlets.json").read_text(encoding="utf-8")))
    names = sorted((k for k in wires), key=len, reverse=True)
    wire_pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I)
    every: dict[str, list[str]] = {}
    for kind in ("line", "block"):
        for by_lang in cues[kind].values():
            for lang, pats in by_lang.items():
                every.setdefault(lang, []).extend(pats)
    keyed = [((kind, reason), p) for kind in ("line", "block") for reason, by_lang in cues[kind].items()
             for pats in by_lang.values() for p in pats]
    return Lexicon(
        any_cue=_cue_set(every),
        line={r: _cue_set(v) for r, v in cues["line"].items()},
        block={r: _cue_set(v) for r, v in cues["block"].items()},
        section_labels=frozenset(s.casefold() for s in cues["section_labels"]),
        wires=wires,
        wire_pattern=wire_pattern,
        outlets=outlets,
        cues=CueIndex(keyed),
    )
