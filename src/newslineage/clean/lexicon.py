"""The word lists the clean stage reads: furniture cues, wire agencies, outlet aliases.

They live as JSON in ``newslineage/resources`` so a user can extend them without touching
code. They are compiled once per process (read-only after that, safe to share with workers).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from re import _constants as _C, _parser as _sre_parse

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
    floating ones (lines of up to 15 words). Compiled on first use."""
    patterns: tuple[str, ...]

    @cached_property
    def anchored(self) -> re.Pattern | None:
        return _alternation([p for p in self.patterns if p.startswith("^")])

    @cached_property
    def floating(self) -> re.Pattern | None:
        return _alternation([p for p in self.patterns if not p.startswith("^")])

    def match(self, folded: str, words: int) -> bool:
        if self.anchored is not None and words <= 30 and self.anchored.search(folded):
            return True
        return bool(self.floating is not None and words <= 15 and self.floating.search(folded))


def _alternation(pats: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None


def _cue_set(by_lang: dict[str, list[str]]) -> CueSet:
    return CueSet(tuple(p for lang in by_lang.values() for p in lang))


# Fast matching of many cues: one alternation of hundreds of case-insensitive patterns is
# tried at every position of every line. Instead an anchored cue is tried only on lines that
# start with a character it can start with, and a floating cue only on lines holding the
# literal text it cannot match without. Both tests only skip cues that cannot match, so the
# result is the same as searching each cue; cues too complex to analyse are always tried.

def _first_item(op, av) -> tuple[list[str] | None, bool]:
    """Regex sources of the characters an item can start with (None: any), and whether it
    can match the empty string."""
    if op is _C.LITERAL:
        return [re.escape(chr(av))], False
    if op is _C.AT:  # zero width (\b, ^, $): passing over it only widens the set
        return [], True
    if op is _C.IN:
        parts = []
        for o, a in av:
            if o is _C.LITERAL:
                parts.append(re.escape(chr(a)))
            elif o is _C.RANGE:
                parts.append(f"[{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}]")
            else:
                return None, False
        return parts, False
    if op is _C.SUBPATTERN:
        _group, add, remove, sub = av
        return (None, False) if add or remove else _first_seq(list(sub))
    if op is _C.BRANCH:
        parts, nullable = [], False
        for alt in av[1]:
            f, n = _first_seq(list(alt))
            if f is None:
                return None, False
            parts += f
            nullable = nullable or n
        return parts, nullable
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        lo, _hi, sub = av
        f, n = _first_seq(list(sub))
        return (None, False) if f is None else (f, n or lo == 0)
    return None, False


def _first_seq(items: list) -> tuple[list[str] | None, bool]:
    out: list[str] = []
    for op, av in items:
        f, nullable = _first_item(op, av)
        if f is None:
            return None, False
        out += f
        if not nullable:
            return out, False
    return out, True


def _first_chars(pattern: str) -> re.Pattern | None:
    """For a cue anchored at the line start: a pattern matching any single character the cue
    can start with (under the same case-insensitive rules), or None when not analysable."""
    try:
        items = list(_sre_parse.parse(pattern, re.I))
    except Exception:  # noqa: BLE001 - unknown shape: the cue is always tried
        return None
    if not items or items[0] != (_C.AT, _C.AT_BEGINNING):
        return None  # a top-level "|" or no anchor: not a line-start cue
    parts, nullable = _first_seq(items[1:])
    if parts is None or nullable or not parts:
        return None
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


def _required_literal(pattern: str) -> str | None:
    """The longest run of plain characters every match of ``pattern`` contains, or None."""
    try:
        items = list(_sre_parse.parse(pattern, re.I))
    except Exception:  # noqa: BLE001
        return None
    best, run = "", ""
    for op, av in items:
        if op is _C.LITERAL:
            run += chr(av)
            best = max(best, run, key=len)
        else:
            run = ""
    return best or None


_ASCII = [chr(i) for i in range(128)]


def _ascii_literal(lit: str) -> str | bool | None:
    """What a floating cue with required literal ``lit`` needs in an ASCII (folded, so lower
    case) line: the literal in lower case; False when no ASCII line can hold it; None when
    unknown (an ASCII character might match a non-ASCII one case-insensitively)."""
    if lit.isascii():
        return lit.lower()
    for ch in lit:
        if not ch.isascii():
            pat = re.compile(re.escape(ch), re.I)
            if any(pat.match(a) for a in _ASCII):
                return None
    return False


_NONE: frozenset[tuple[str, str]] = frozenset()
_MEMO_MAX = 1 << 16


class CueIndex:
    """Every furniture cue of the lexicon, by key ("line" or "block", reason), indexed so a
    line is tested only against the cues that could match it."""

    def __init__(self, keyed: list[tuple[tuple[str, str], str]]):
        self._anchored: list[tuple[tuple[str, str], str, re.Pattern | None]] = []
        floating: list[tuple[tuple[str, str], str]] = []
        for key, p in keyed:
            if p.startswith("^"):
                self._anchored.append((key, p, _first_chars(p)))
            else:
                floating.append((key, p))
        self._memo: dict[tuple[str, bool], frozenset[tuple[str, str]]] = {}
        self._by_first: dict[str, list | None] = {}
        # floating cues: on ASCII lines, tried only when their literal is in the line
        by_lit: dict[str, list[tuple[str, str]]] = {}
        self._float_always: list[tuple[tuple[str, str], str]] = []
        for key, p in floating:
            lit = _required_literal(p)
            need = _ascii_literal(lit) if lit else None
            if need is None:
                self._float_always.append((key, p))
            elif need:
                by_lit.setdefault(need, []).append((key, p))
        self._float_lits = [(lit, _grouped(ps)) for lit, ps in by_lit.items()]
        self._float_gate = re.compile("|".join(re.escape(lit) for lit in by_lit)) if by_lit else None
        self._float_always_c = _grouped(self._float_always)
        self._floating = floating
        self._float_all: tuple[re.Pattern, list] | None = None  # for non-ASCII lines, when first met

    def _anchored_for(self, first: str) -> list | None:
        """[any cue, candidate (key, cue)s, their alternations by key (compiled when first
        needed)] for lines starting with ``first``; None when no cue can match them."""
        if first in self._by_first:
            return self._by_first[first]
        cands = [(key, p) for key, p, chars in self._anchored if chars is None or chars.match(first)]
        entry = [_alternation([p for _, p in cands]), cands, None] if cands else None
        self._by_first[first] = entry
        return entry

    def hits(self, folded: str, words: int) -> frozenset[tuple[str, str]]:
        """The keys with a cue matching the folded line (anchored cues on lines of up to 30
        words, floating ones up to 15). Furniture lines recur across a corpus: the answers
        are kept (a bounded memo of a pure function)."""
        if words > 30 or not folded:
            return _NONE
        memo_key = (folded, words <= 15)
        got = self._memo.get(memo_key)
        if got is None:
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            got = self._memo[memo_key] = frozenset(self._hits(folded, words))
        return got

    def _hits(self, folded: str, words: int) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        if words <= 30:
            entry = self._anchored_for(folded[0])
            if entry is not None and entry[0].search(folded):
                if entry[2] is None:
                    entry[2] = _grouped(entry[1])
                out.update(key for key, pat in entry[2] if pat.search(folded))
        if words <= 15 and self._floating:
            if folded.isascii():
                if self._float_gate is not None and self._float_gate.search(folded):
                    for lit, grouped in self._float_lits:
                        if lit in folded:
                            out.update(key for key, pat in grouped if key not in out and pat.search(folded))
                out.update(key for key, pat in self._float_always_c if key not in out and pat.search(folded))
            else:
                if self._float_all is None:
                    self._float_all = (_alternation([p for _, p in self._floating]), _grouped(self._floating))
                if self._float_all[0].search(folded):
                    out.update(key for key, pat in self._float_all[1] if key not in out and pat.search(folded))
        return out


def _grouped(keyed: list[tuple[tuple[str, str], str]]) -> list[tuple[tuple[str, str], re.Pattern]]:
    """One alternation per key, keys in first-seen order."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for key, p in keyed:
        by_key.setdefault(key, []).append(p)
    return [(key, _alternation(ps)) for key, ps in by_key.items()]


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
