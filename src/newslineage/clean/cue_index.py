"""Furniture cues matched fast: which of hundreds of case-insensitive cue patterns a line
holds, without trying each at every position (``CueIndex``), and the pattern builders the
clean stage's matchers share (``alternation``, ``any_literal``). The cues themselves are
loaded by ``word_lists``."""
from __future__ import annotations

import re
from re import _constants as _C, _parser as _sre_parse

from ..memo import Memo, memoized


def alternation(pats: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None


def any_literal(texts: list[str]) -> re.Pattern:
    """A pattern finding any of ``texts`` (plain, non-empty). re tries the branches of an
    alternation one by one at every position; grouped by first character, a position costs
    one test per distinct first character instead of one per text."""
    by_first: dict[str, list[str]] = {}
    for t in dict.fromkeys(texts):
        by_first.setdefault(t[0], []).append(re.escape(t[1:]))
    return re.compile("|".join(re.escape(c) + (f"(?:{'|'.join(rest)})" if len(rest) > 1 else rest[0])
                               for c, rest in by_first.items()))


# Fast matching of many cues: one alternation of hundreds of case-insensitive patterns is
# tried at every position of every line. Instead an anchored cue is tried only on lines that
# start with a character it can start with, and a floating cue only on lines holding the
# literal text it cannot match without. Both tests only skip cues that cannot match, so the
# result is the same as searching each cue; cues too complex to analyse are always tried.

_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_WORD: r"\w",
               _C.CATEGORY_NOT_WORD: r"\W", _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_NOT_SPACE: r"\S"}


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
            elif o is _C.CATEGORY and a in _CATEGORIES:
                parts.append(_CATEGORIES[a])
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


def _parse(pattern: str) -> list | None:
    try:
        return list(_sre_parse.parse(pattern, re.I))
    except Exception:  # noqa: BLE001 - a shape not analysed: the cue is always tried
        return None


def _first_chars(items: list | None) -> re.Pattern | None:
    """For a cue anchored at the line start: a pattern matching any single character the cue
    can start with (under the same case-insensitive rules), or None when not analysable."""
    if not items or items[0] != (_C.AT, _C.AT_BEGINNING):
        return None  # a top-level "|" or no anchor: not a line-start cue
    parts, nullable = _first_seq(items[1:])
    if parts is None or nullable or not parts:
        return None
    return _char_class(tuple(sorted(set(parts))))


@memoized(4096)
def _char_class(parts: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


@memoized(1 << 16)
def _matches_ascii(ch: str) -> bool:
    """Whether some ASCII character matches ``ch`` case-insensitively (the Kelvin sign "k")."""
    pat = re.compile(re.escape(ch), re.I)
    return any(pat.match(a) for a in _ASCII)


def _literal_run(items: list) -> str:
    """The longest run of plain characters in a parsed pattern."""
    best, run = "", ""
    for op, av in items:
        if op is not _C.LITERAL:
            run = ""
            continue
        run += chr(av)
        if len(run) > len(best):
            best = run
    return best


_MAX_PREFIXES = 64


def _expand(op, av) -> tuple[list[str], bool]:
    """The texts an item can start with (all of them) and whether they are the whole item."""
    if op is _C.LITERAL:
        return [chr(av)], True
    if op is _C.AT:
        return [""], True  # zero width: passing over it only widens the set
    if op is _C.IN and all(o is _C.LITERAL for o, _ in av):
        return [chr(a) for _, a in av], True
    if op is _C.SUBPATTERN and not av[1] and not av[2]:
        return _expand_seq(list(av[3]))
    if op is _C.BRANCH:
        out, whole = [], True
        for alt in av[1]:
            texts, w = _expand_seq(list(alt))
            out += texts
            whole = whole and w
        return out, whole
    if op is _C.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # "x?"
        texts, w = _expand_seq(list(av[2]))
        return ["", *texts], w
    return [""], False


def _expand_seq(items: list) -> tuple[list[str], bool]:
    prefixes = [""]
    for op, av in items:
        texts, whole = _expand(op, av)
        longer = [p + t for p in prefixes for t in texts]
        if len(longer) > _MAX_PREFIXES:
            return prefixes, False
        prefixes = longer
        if not whole:
            return prefixes, False
    return prefixes, True


def _ascii_head(text: str) -> str:
    """``text`` up to its first non-ASCII character, in lower case."""
    for k, ch in enumerate(text):
        if not ch.isascii():
            return text[:k].lower()
    return text.lower()


def _longest_ascii_run(text: str) -> str:
    return max(re.split(r"[^\x00-\x7f]", text), key=len).lower()


_ASCII = [chr(i) for i in range(128)]
# a character that matches an ASCII one case-insensitively ("K", the Kelvin sign; "ı")
_ASCII_CLASS = re.compile(r"[\x00-\x7f]", re.I)


def _ascii_form(lit: str) -> str | None:
    """What an ASCII (folded, so lower-case) line must hold for a pattern requiring ``lit``:
    the literal in lower case, cut before the first character that an ASCII character could
    match case-insensitively; None when no ASCII line can."""
    out = ""
    for ch in lit:
        if ch.isascii():
            out += ch.lower()
            continue
        return out if _matches_ascii(ch) else None
    return out


def _line_starts(items: list) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For a cue anchored at the line start (``items`` parsed, "^" first): the texts a line
    must start with for the cue to match it: for an ASCII line, and for any other line whose
    characters match no ASCII one case-insensitively."""
    texts, _ = _expand_seq(items[1:])
    forms = [_ascii_form(t) for t in texts]
    return tuple(f for f in forms if f is not None), tuple({_ascii_head(t) for t in texts})


def _agreeing(cues: list[tuple[int, tuple[str, ...]]], head: str) -> list[tuple[int, tuple[str, ...]]]:
    """The cues with the starts a line beginning with ``head`` can have."""
    out = []
    for i, starts in cues:
        starts = tuple(t for t in starts if t.startswith(head) or head.startswith(t))
        if starts:
            out.append((i, starts))
    return out


_NONE: frozenset[tuple[str, str]] = frozenset()
MEMO_MAX = 1 << 18


class CueIndex:
    """Every furniture cue of the lexicon, by key ("line" or "block", reason), indexed so a
    line is tested only against the cues that could match it: an anchored cue when the line
    starts with a character and a text the cue can start with, a floating cue when the line
    holds the plain text the cue cannot match without. Those tests compare lower-case ASCII,
    where case-insensitive matching is plain equality; a line with a character that matches
    an ASCII one case-insensitively ("ı" matches "i") is tried against every cue. The
    result is the same as searching every cue. A cue is compiled on its first candidate line
    (most never are: a corpus holds a few languages and kinds of page)."""

    def __init__(self, keyed: list[tuple[tuple[str, str], str]]):
        self._keys = [key for key, _ in keyed]
        self._sources = [p for _, p in keyed]
        self._compiled: list = [None] * len(keyed)  # each cue's test, compiled when first needed
        # (cue, the characters it can start with, the starts an ASCII / another line needs,
        # and the literal text an ASCII / another line must hold)
        self._anchored: list[tuple] = []
        self._floating: list[int] = []
        self._at_start: set[int] = set()
        a_lits: dict[str, list[int]] = {}
        u_lits: dict[str, list[int]] = {}
        self._a_always: list[int] = []   # floating cues tried on every ASCII line
        self._u_always: list[int] = []   # ... and on every other plain line
        for i, p in enumerate(self._sources):
            items = _parse(p)
            lit = _literal_run(items) if items else ""
            a_lit, u_lit = _ascii_form(lit), _longest_ascii_run(lit)
            if p.startswith("^"):
                chars = _first_chars(items)
                a_st, u_st = _line_starts(items) if chars is not None else (None, None)
                self._anchored.append((i, chars, a_st, u_st, a_lit, u_lit))
                if chars is not None:
                    self._at_start.add(i)  # tried at the line start only: match, not search
                continue
            self._floating.append(i)
            if a_lit:
                a_lits.setdefault(a_lit, []).append(i)
            elif a_lit is not None:
                self._a_always.append(i)
            if u_lit:
                u_lits.setdefault(u_lit, []).append(i)
            else:
                self._u_always.append(i)
        self._a_lits = list(a_lits.items())
        self._u_lits = list(u_lits.items())
        self._a_gate = any_literal(list(a_lits)) if a_lits else None
        self._float_any: re.Pattern | None = None  # for the odd line, compiled when first met
        self._by_first: dict[str, tuple] = {}
        self._by_head: dict[str, tuple] = {}
        self._plain_chars: dict[str, bool] = {}
        self._memo = Memo(MEMO_MAX)  # (folded line, short) -> cue keys

    def _cue(self, i: int):
        """The test of cue ``i``: a line-start cue is only tried at the start."""
        test = self._compiled[i]
        if test is None:
            pat = re.compile(self._sources[i], re.I)
            test = self._compiled[i] = pat.match if i in self._at_start else pat.search
        return test

    def _anchored_for(self, head: str) -> tuple:
        """The anchored cues that can match a line starting with ``head`` (its first two
        characters): those tried on every such line, then for an ASCII line (all the starts
        they need, [(cue, starts)]), then the same for another plain line. Keyed by two
        characters, the starts a line is compared with are a handful, not hundreds."""
        got = self._by_head.get(head)
        if got is None:
            a_always, a_list, u_always, u_list, every = self._by_first_char(head[0])
            a_list, u_list = _agreeing(a_list, head), _agreeing(u_list, head)
            got = self._by_head[head] = (
                a_always, tuple({t for _, st in a_list for t in st}), a_list,
                u_always, tuple({t for _, st in u_list for t in st}), u_list, every)
        return got

    def _by_first_char(self, first: str) -> tuple:
        """The same for a line starting with the character ``first`` (what a cue's first
        characters allow), from which ``_anchored_for`` narrows down by the second."""
        got = self._by_first.get(first)
        if got is None:
            cands = [c for c in self._anchored if c[1] is None or c[1].match(first)]
            # a cue that may start with any text (after its first character) is tried when
            # the line holds its literal text
            a_always = [(i, a_lit) for i, _, a_st, _, a_lit, _ in cands
                        if (a_st is None or "" in a_st) and a_lit is not None]
            a_list = [(i, a_st) for i, _, a_st, *_ in cands if a_st is not None and "" not in a_st]
            u_always = [(i, u_lit) for i, _, _, u_st, _, u_lit in cands if u_st is None or "" in u_st]
            u_list = [(i, u_st) for i, _, _, u_st, *_ in cands if u_st is not None and "" not in u_st]
            got = self._by_first[first] = (a_always, a_list, u_always, u_list, [i for i, *_ in cands])
        return got

    def _plain(self, folded: str) -> bool:
        """No character of the line matches an ASCII one case-insensitively unless ASCII."""
        known = self._plain_chars
        for ch in set(folded):
            ok = known.get(ch)
            if ok is None:
                ok = known[ch] = ch.isascii() or not _ASCII_CLASS.match(ch)
            if not ok:
                return False
        return True

    def hits(self, folded: str, words: int) -> frozenset[tuple[str, str]]:
        """The keys with a cue matching the folded line (anchored cues on lines of up to 30
        words, floating ones up to 15). Furniture lines recur across a corpus: the answers
        are kept (a bounded memo of a pure function)."""
        if words > 30 or not folded:
            return _NONE
        memo_key = (folded, words <= 15)
        got = self._memo.get(memo_key)
        if got is None:
            got = self._memo.put(memo_key, frozenset(self._hits(folded, words)))
        return got

    def _hits(self, folded: str, words: int) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        keys = self._keys
        mode = "ascii" if folded.isascii() else ("plain" if self._plain(folded) else "")
        a_always, a_gate, a_list, u_always, u_gate, u_list, every = self._anchored_for(folded[:2])
        if mode == "ascii":
            cands = [i for i, lit in a_always if lit in folded]
            if folded.startswith(a_gate):
                cands += [i for i, st in a_list if folded.startswith(st)]
        elif mode == "plain":
            cands = [i for i, lit in u_always if lit in folded]
            if folded.startswith(u_gate):
                cands += [i for i, st in u_list if folded.startswith(st)]
        else:
            cands = every
        for i in cands:
            if keys[i] not in out and self._cue(i)(folded):
                out.add(keys[i])
        if words > 15 or not self._floating:
            return out
        if mode == "ascii":
            cands = list(self._a_always)
            if self._a_gate is not None and self._a_gate.search(folded):
                cands += [i for lit, idx in self._a_lits if lit in folded for i in idx]
        elif mode == "plain":
            cands = self._u_always + [i for lit, idx in self._u_lits if lit in folded for i in idx]
        else:
            if self._float_any is None:
                self._float_any = alternation([self._sources[i] for i in self._floating])
            cands = self._floating if self._float_any.search(folded) else []
        for i in cands:
            if keys[i] not in out and self._cue(i)(folded):
                out.add(keys[i])
        return out
