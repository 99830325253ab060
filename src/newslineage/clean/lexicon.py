"""The word lists the clean stage reads: furniture cues, wire agencies, outlet aliases.

They live as JSON in ``newslineage/resources`` so a user can extend them without touching
code. They are compiled once per process (read-only after that, safe to share with workers).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"

_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'))
_BULLET = re.compile(r"^[\s•·▪►●■◆✓→*+\-–—]+\s*")


def fold(line: str) -> str:
    """The form cues match against: lower case, straight quotes, one space, no bullet."""
    s = line
    if not s.isascii():
        for a, b in _QUOTES:
            if a in s:
                s = s.replace(a, b)
    s = " ".join(s.split())
    if s[:1] in "•·▪►●■◆✓→*+-–—":
        s = _BULLET.sub("", s)
    return s.casefold()


@dataclass(frozen=True)
class CueSet:
    """One reason's cues: anchored patterns (may remove lines of up to 30 words) and
    floating ones (lines of up to 15 words)."""
    anchored: re.Pattern | None
    floating: re.Pattern | None

    def match(self, folded: str, words: int) -> bool:
        if self.anchored is not None and words <= 30 and self.anchored.search(folded):
            return True
        return bool(self.floating is not None and words <= 15 and self.floating.search(folded))


def _cue_set(by_lang: dict[str, list[str]]) -> CueSet:
    pats = [p for lang in by_lang.values() for p in lang]
    anch = [p for p in pats if p.startswith("^")]
    flo = [p for p in pats if not p.startswith("^")]
    comp = lambda ps: re.compile("|".join(f"(?:{p})" for p in ps), re.I) if ps else None  # noqa: E731
    return CueSet(comp(anch), comp(flo))


@dataclass(frozen=True)
class Lexicon:
    any_cue: CueSet                # all cues at once: most lines match none, so test once
    line: dict[str, CueSet]        # reason -> cues for one-line furniture
    block: dict[str, CueSet]       # reason -> cues for headers of furniture blocks
    section_labels: frozenset[str]
    wires: dict[str, str]          # folded alias -> canonical agency name
    wire_pattern: re.Pattern       # any wire alias as a whole word
    outlets: dict[str, str]        # alias (folded, or exact for all-caps) -> outlet name


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
    return Lexicon(
        any_cue=_cue_set(every),
        line={r: _cue_set(v) for r, v in cues["line"].items()},
        block={r: _cue_set(v) for r, v in cues["block"].items()},
        section_labels=frozenset(s.casefold() for s in cues["section_labels"]),
        wires=wires,
        wire_pattern=wire_pattern,
        outlets=outlets,
    )
