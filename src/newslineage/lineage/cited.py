"""Who an article says its text comes from: credit lines, in-text attributions, outlets.

Names fold to one key per source ("REUTERS", "Reuters News" -> "reuters"), using the
known-wires list in ``resources/wires.json`` as aliases; any other name keys by its slug, so a
credit to an agency nobody listed still works.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as _res

from ..memo import memoized
from ..model import Article
from .heads import head_credits

_CONNECTORS = {"of", "de", "la", "del", "der", "di", "du", "des", "do", "da", "y", "&", "and", "für"}
# A name: up to six words, the first two characters "wordish"; trimmed to capitalised words later.
_WORD = r"[^\W\d_][\w&.'’-]*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,5}}"


@lru_cache(maxsize=1)
def wires() -> dict[str, str]:
    """alias (casefolded) -> canonical wire name."""
    data = json.loads(_res.files("newslineage").joinpath("resources/wires.json").read_text("utf-8"))
    table = {}
    for name, aliases in data.items():
        if name.startswith("_"):
            continue
        for alias in [name, *aliases]:
            table[_fold(alias)] = name
    return table


@lru_cache(maxsize=1)
def phrases() -> dict:
    return json.loads(_res.files("newslineage").joinpath("resources/attribution.json").read_text("utf-8"))


@memoized(1 << 16)
def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return re.sub(r"\s+", " ", s).strip(" .,;:-–—()[]\"'")


@memoized(1 << 16)
def canonical(name: str) -> str:
    """The display name of a source: the wire's canonical name, else the cleaned name."""
    n = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip(" .,;:-–—()[]\"'©")
    n = re.sub(r"^(?:\(c\)|copyright|photo|foto|source|quelle|fuente|fonte|джерело|источник)\s*:?\s*",
               "", n, flags=re.I)
    hit = wires().get(_fold(n))
    if hit:
        return hit
    if n.isupper() and len(n) > 6:  # "ASSOCIATED PRESS" style credit lines
        hit = wires().get(_fold(n))
        n = hit or n.title()
    return n


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    """Other names of major outlets -> the outlet's usual name (clean's table)."""
    from ..clean.word_lists import load
    return load().outlets


# "www.harbour-times.co.uk", "harbourtimes.com": a site's address names its outlet by its
# first label; "The Harbour Times", "Harbour Times": one outlet with or without its article
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?(?P<n>[\w-]+)(?:\.[a-z]{2,6}){1,2}/?")
_ARTICLE = re.compile(r"^(?:the|der|die|das|le|la|les|el|il|lo|los|las|o|os|de|het)\s+(?=\w)")


@memoized(1 << 16)
def key(name: str) -> str:
    """The identity of a source, used in origin ids ("origin:<key>"): one key for every
    spelling of one source (case, punctuation, a leading article, its site's address, the
    wire's or outlet's other names), so lineage and credits compare outlets by it."""
    from ..clean.word_lists import lookup
    n = canonical(name)
    if n not in wires().values():
        n = lookup(_outlet_names(), n) or n
    s = _fold(n)
    d = _DOMAIN.fullmatch(s)
    if d and "." in s:
        s = d.group("n")
    s = _ARTICLE.sub("", s) or s
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "-", s).strip("-_") or "unknown"


def split_credits(credits: list[str]) -> list[str]:
    """Credit strings as single source names ("REUTERS, BLOOMBERG" -> two names)."""
    return [n for c in credits or [] for n in _split_credit(c)]


@memoized(1 << 14)
def _split_credit(c: str) -> tuple[str, ...]:
    out = []
    for part in re.split(r"\s*(?:[,;/|+]|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bwith\b|\bmit\b|\bavec\b)\s*", c):
        for sub in _split_ampersand(part):
            sub = canonical(sub)
            if sub and any(ch.isalpha() for ch in sub):
                out.append(sub)
    return tuple(out)


def _split_ampersand(part: str) -> list[str]:
    """"AP & AFP" names two sources, "Motori & Finanza" one: an ampersand joins two
    sources when each side is a known wire or initials, else it is part of a name."""
    subs = re.split(r"\s&\s", part)
    if len(subs) > 1 and all(wires().get(_fold(canonical(x))) or re.fullmatch(r"[A-Z]{2,6}", x.strip())
                             for x in subs):
        return subs
    return [part]


@dataclass
class Mention:
    """A named source in the text: 'according to Reuters' (cites) or 'first appeared in X' (reprint)."""
    key: str
    name: str
    kind: str  # "cites" | "reprint"
    span: tuple[int, int]
    phrase: str


@dataclass
class Sources:
    """What one article says about where its text comes from."""
    article: str
    outlet: str | None = None  # key of the article's own outlet
    outlet_keys: set[str] = field(default_factory=set)  # the outlet's key and acronym ("npa")
    credits: dict[str, str] = field(default_factory=dict)  # key -> name, from credit lines
    mentions: list[Mention] = field(default_factory=list)  # named in-text attributions
    retelling: list[tuple[int, int, str]] = field(default_factory=list)  # "the publication writes"

    def is_outlet(self, k: str) -> bool:
        """Whether source key k names this article's outlet: one of its keys, or the same
        name with words more or fewer at the end ("BBC" and "BBC News Online" for "BBC
        News", "Dow Jones" for "Dow Jones Newswires")."""
        return k in self.outlet_keys or any(_word_prefix(k, o) or _word_prefix(o, k) or _squashed(k, o)
                                            for o in self.outlet_keys)

    def cited(self) -> dict[str, str]:
        """key -> name of every source the text names in an attribution or reprint phrase."""
        return {m.key: m.name for m in self.mentions}

    def names(self) -> dict[str, str]:
        return {**self.cited(), **self.credits}


def _squashed(a: str, b: str) -> bool:
    """One name with and without the spaces between its words ("harbourtimes" of a site's
    address, "harbour-times")."""
    return a != b and len(a) >= 6 and a.replace("-", "") == b.replace("-", "")


def _word_prefix(short: str, long: str) -> bool:
    """short is long's first words ("bbc" of "bbc-news"); a one-letter or two-letter key
    ("ap") is too short to stand for a longer name."""
    return len(short) >= 3 and long.startswith(short + "-")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, re.Pattern, dict[str, str], "_Starts"]]:
    """One regex per (kind, side): all languages' phrases in one alternation, so a text is
    scanned a few times, not once per phrase. Returns (kind, side, regex, phrase by folded
    text, where its phrases may start)."""
    table = {k: v for k, v in phrases().items() if not k.startswith("_")}
    desc = sorted({d for t in table.values() for d in t.get("descriptors", [])}, key=len, reverse=True)
    desc_rx = "|".join(re.escape(d) for d in desc)
    out = []
    for kind in ("cites", "reprint"):
        for side in ("after", "before"):
            lookup = {}
            for t in table.values():
                for p in t.get(kind, []):
                    before, _, after = p.partition("{source}")
                    lit = before.strip() if side == "after" else after.strip()
                    if (side == "after") == bool(before.strip()) and lit:
                        lookup[_fold(lit)] = p
            if not lookup:
                continue
            alt = "|".join(re.escape(x) for x in sorted(lookup, key=len, reverse=True))
            if side == "after":
                # elided articles first: "selon l'AFP", "dell'ANSA"
                rx = (rf"(?<!\w)(?P<phrase>{alt})\s+(?:(?:l|d|dell|dall|nell)['’]|(?:(?:{desc_rx})\s+)?)"
                      rf"(?P<name>{_NAME})")
            else:
                rx = rf",?\s+(?P<phrase>{alt})(?!\w)"
            out.append((kind, side, re.compile(rx, re.I), lookup, _Starts(lookup)))
    return out


_TRAILING_NAME = re.compile(rf"(?P<name>{_NAME})\s*$")


def _retelling_phrases() -> list[str]:
    return [p for lang, t in phrases().items() if not lang.startswith("_") for p in t.get("retelling", [])]


@lru_cache(maxsize=1)
def _retelling() -> tuple[re.Pattern, "_Starts"]:
    ps = _retelling_phrases()
    alt = "|".join(re.escape(p) for p in sorted(ps, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.I), _Starts(ps)


# -- finding phrases fast -------------------------------------------------------------------
# Python's re has no multi-literal search: an alternation of a hundred phrases is tried at
# every character of the text, which cost most of lineage's time. Instead a phrase is looked
# for only where it can start: every word of a phrase is a whole word of the text, so a set
# lookup over the text's words picks the few phrases present, str.find places them in the
# lowercased text and the regex is run (match) at those places only. The matches are exactly
# those of the scan, provided lowercasing the text keeps offsets and re.IGNORECASE agrees with
# it on every character (checked per character; other texts take the plain scan).

_TOKEN = re.compile(r"\w+")


def _phrase_chars() -> frozenset[str]:
    lits = [x for *_, lookup, _s in _patterns() for x in lookup] + _retelling_phrases()
    return frozenset(c for x in lits for c in x.lower())


@lru_cache(maxsize=1)
def _phrase_char_rx() -> list[tuple[str, re.Pattern]]:
    return [(c, re.compile(re.escape(c), re.I)) for c in sorted(_phrase_chars())]


@memoized(1 << 16)
def _char_ok(c: str) -> bool:
    """Lowercasing c keeps one character, its word-ness, and what it matches case-insensitively."""
    low = c.lower()
    if len(low) != 1 or c == "\u03a3":  # final sigma lowercases by context
        return False
    if bool(_TOKEN.fullmatch(c)) != bool(_TOKEN.fullmatch(low)):
        return False
    return all(bool(rx.fullmatch(c)) == (x == low) for x, rx in _phrase_char_rx())


# Caches over the characters texts are made of (they repeat): those _char_ok passed, and
# among them the non-ASCII ones that are not word characters (word separators).
_OK_CHARS: set[str] = set()
_SEPARATORS: set[str] = set()


def _chars_ok(chars: set[str]) -> bool:
    new = chars.difference(_OK_CHARS)
    if not all(_char_ok(c) for c in new):
        return False
    _OK_CHARS.update(new)
    _SEPARATORS.update(c for c in new if not c.isascii() and not _TOKEN.fullmatch(c))
    return True


# Every ASCII byte that is not a word character becomes a space; other bytes (UTF-8 sequences)
# stay: with the non-ASCII separators replaced first, bytes.split() gives the words.
_ASCII_SEPARATORS = bytes(b if b >= 128 or _TOKEN.fullmatch(chr(b)) else 32 for b in range(256))


@lru_cache(maxsize=1)
def _ascii_ok() -> bool:
    return all(_char_ok(chr(i)) for i in range(128))


class _Starts:
    """Where the phrases of one alternation may start in a text (a superset of its matches)."""

    def __init__(self, literals):
        self.by_word: dict[bytes, list[str]] = {}  # UTF-8 word -> phrases
        self.always: list[str] = []  # phrases without a word: looked for in every text
        for lit in literals:
            low = lit.lower()
            words = _TOKEN.findall(low)
            if words:  # indexed by its longest (so likely rarest) word
                self.by_word.setdefault(max(words, key=len).encode(), []).append(low)
            elif low:
                self.always.append(low)
        self.words = frozenset(self.by_word)

    def find(self, view: "_View") -> list[int]:
        low = view.low
        lits = list(self.always)
        for w in self.words.intersection(view.words):
            lits.extend(self.by_word[w])
        out = set()
        for lit in lits:
            i = low.find(lit)
            while i >= 0:
                out.add(i)
                i = low.find(lit, i + 1)
        return sorted(out)


@lru_cache(maxsize=1)
def _index_words() -> frozenset[bytes]:
    """The words that index any phrase: all a text's words are checked against these once."""
    return frozenset().union(*(st.words for *_, st in _patterns()), _retelling()[1].words)


class _View:
    """A text as the phrase scans read it: the text, its lowercase form and its words."""

    def __init__(self, text: str):
        self.text = text
        self.low = self.words = None
        if text.isascii():
            if not _ascii_ok():
                return
            seps = ()
        else:
            chars = set(text)
            if not _chars_ok(chars):
                return
            seps = chars.intersection(_SEPARATORS)
        self.low = low = text.lower()
        # The words, split in C (a regex findall over the text cost twice as much); only
        # those that index a phrase are kept.
        for c in seps:
            low = low.replace(c.lower(), " ")
        self.words = _index_words().intersection(low.encode().translate(_ASCII_SEPARATORS).split())

    def search(self, rx: re.Pattern, side: str, starts: _Starts):
        """The matches _overlapping(rx, text) gives, in order (each may overlap the previous
        one's name)."""
        text = self.text
        if self.low is None:
            yield from _overlapping(rx, text)
            return
        pos = 0
        for c in starts.find(self):
            if c < pos:
                continue
            s = c
            if side == "before":  # the match starts at the ",? spaces" before the phrase
                while s > pos and text[s - 1].isspace():
                    s -= 1
                if s == c:
                    continue
                if s > pos and text[s - 1] == ",":
                    s -= 1
            m = rx.match(text, s)
            if m is not None:
                yield m
                pos = max(m.end("phrase"), pos + 1)

    def finditer(self, rx: re.Pattern, starts: _Starts):
        """rx.finditer(text) for a pattern whose matches start with one of the phrases."""
        if self.low is None:
            yield from rx.finditer(self.text)
            return
        end = 0
        for c in starts.find(self):
            if c < end:
                continue
            m = rx.match(self.text, c)
            if m is not None:
                yield m
                end = m.end()


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper() or _fold(tok) in wires()


def _trim(name: str, side: str) -> str:
    """Keep the capitalised run next to the phrase ('the year, Bloomberg' -> 'Bloomberg')."""
    toks = name.split()
    run: list[str] = []
    seq = toks if side == "after" else list(reversed(toks))
    for i, t in enumerate(seq):
        # a sentence end stops a name ("in The Conversation. Laut dpa"), an initial does not
        if side == "before" and i and t.endswith(".") and len(t.rstrip(".")) > 3:
            break
        if _capitalised(t) or (run and t.casefold() in _CONNECTORS):
            run.append(t)
        else:
            break
        if side == "after" and t.endswith(".") and len(t.rstrip(".")) > 3:
            break
    while run and run[-1].casefold() in _CONNECTORS:
        run.pop()
    if side == "before":
        run.reverse()
    return " ".join(run).strip(".,;:'’\"")


def retelling_spans(text: str, view: _View | None = None) -> list[tuple[int, int, str]]:
    rx, starts = _retelling()
    view = view or _View(text)
    return [(m.start(), m.end(), m.group(0)) for m in view.finditer(rx, starts)]


def _overlapping(rx: re.Pattern, text: str):
    """Matches that may overlap the previous one's name ("... Reuters. Selon l'AFP")."""
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        yield m
        pos = max(m.end("phrase"), pos + 1)


def mentions(text: str, known: set[str], kinds=("cites", "reprint"),
             view: _View | None = None) -> list[Mention]:
    """Named in-text attributions whose name is a known source (a wire, a corpus outlet, a
    credit line somewhere in the corpus); reprint phrases ('first appeared in X') count for
    any capitalised name. Person sources ('according to Michael Kofman') stay out.
    ``kinds`` limits the phrases read (a reprint phrase wins over a cite at the same name, so
    the reprint mentions are the same whether the cites are read or not)."""
    found: dict[tuple[int, int], Mention] = {}
    view = view or _View(text)
    for kind, side, rx, lookup, starts in _patterns():
        if kind not in kinds:
            continue
        for m in view.search(rx, side, starts):
            phrase = lookup.get(_fold(m.group("phrase")), m.group("phrase"))
            if side == "after":
                raw, base = m.group("name"), m.start("name")
                if not _capitalised(raw.split(None, 1)[0]):
                    continue  # what _trim would find ("with the minister"), at less cost
            else:  # the name stands before the phrase: look back a little way
                lo = max(0, m.start() - 80)
                t = _TRAILING_NAME.search(text[lo:m.start()])
                if not t:
                    continue
                raw, base = t.group("name"), lo + t.start("name")
            name = _trim(raw, side)
            if not name:
                continue
            k = key(name)
            if k not in known and not (kind == "reprint" and name[:1].isupper()):
                # "according to Bloomberg News analysts": try the leading words alone
                if side == "after":
                    words = name.split()
                    while len(words) > 1 and key(" ".join(words)) not in known:
                        words.pop()
                    name = " ".join(words)
                    k = key(name)
                if k not in known:
                    continue
            start = base + raw.find(name.split()[0]) if side == "after" else base + raw.rfind(name)
            span = (start, start + len(name))
            prev = found.get(span)
            if prev is None or (prev.kind == "cites" and kind == "reprint"):
                found[span] = Mention(k, canonical(name), kind, span, phrase)
    return sorted(found.values(), key=lambda x: x.span)


def outlet_keys(outlet: str | None) -> set[str]:
    """The keys an outlet goes by: its name and, for a name of three or more capitalised words,
    its acronym ("Nordic Press Agency" -> "npa"), as credit lines often abbreviate."""
    return set(_outlet_keys(outlet)) if outlet else set()


@memoized(1 << 14)  # a corpus has few outlets and many articles per outlet
def _outlet_keys(outlet: str) -> frozenset[str]:
    keys = {key(outlet)}
    # "first appeared in The X Gazette" names it without its article ("Harbour Gazette")
    bare = re.sub(r"^(?:the|der|die|das|le|la|les|el|il|lo)\s+", "", outlet.strip(), flags=re.I)
    if bare and bare != outlet.strip():
        keys.add(key(bare))
    words = [w for w in re.split(r"[\s-]+", canonical(outlet)) if w and w.casefold() != "the"]
    caps = [w for w in words if w[:1].isupper()]
    if len(words) >= 3 and len(caps) == len(words):
        keys.add("".join(w[0] for w in caps).casefold())
    return frozenset(keys)


def known_sources(articles: list[Article]) -> set[str]:
    """Keys of names that may stand as a source: known wires, corpus outlets, credit lines."""
    ks = {key(n) for n in set(wires().values())}
    outlets = {a.outlet for a in articles if a.outlet}
    credits = {c for a in articles for c in a.credits or ()}
    for o in outlets:
        ks |= _outlet_keys(o)
    ks.update(key(n) for c in credits for n in _split_credit(c))
    return ks


def article_sources(article: Article, known: set[str], full: bool = True) -> Sources:
    """``full=False`` reads only what an article outside every relation can give the origins:
    its credit lines and reprint phrases (no cites, no retelling phrases)."""
    own = outlet_keys(article.outlet)
    src = Sources(article=article.id, outlet=key(article.outlet) if article.outlet else None,
                  outlet_keys=own)
    for c in split_credits(article.credits):
        src.credits.setdefault(key(c), c)
    # a dateline's agency, a lead opening on its source, a byline's organisation
    for c in head_credits(article, known, key):
        if not src.is_outlet(key(c)):
            src.credits.setdefault(key(c), canonical(c))
    text = article.text or ""
    view = _View(text)
    kinds = ("cites", "reprint") if full else ("reprint",)
    src.mentions = [m for m in mentions(text, known, kinds, view) if not src.is_outlet(m.key)]
    src.retelling = retelling_spans(text, view) if full else []
    return src
