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

from ..model import Article

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


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return re.sub(r"\s+", " ", s).strip(" .,;:-–—()[]\"'")


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


def key(name: str) -> str:
    """The slug of a source name, used in origin ids ("origin:<key>")."""
    s = _fold(canonical(name))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "-", s).strip("-_") or "unknown"


def split_credits(credits: list[str]) -> list[str]:
    """Credit strings as single source names ("REUTERS, BLOOMBERG" -> two names)."""
    out = []
    for c in credits or []:
        for part in re.split(r"\s*(?:[,;/|+]|\s&\s|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bwith\b|\bmit\b|\bavec\b)\s*", c):
            part = canonical(part)
            if part and any(ch.isalpha() for ch in part):
                out.append(part)
    return out


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
    credits: dict[str, str] = field(default_factory=dict)  # key -> name, from credit lines
    mentions: list[Mention] = field(default_factory=list)  # named in-text attributions
    retelling: list[tuple[int, int, str]] = field(default_factory=list)  # "the publication writes"

    def cited(self) -> dict[str, str]:
        """key -> name of every source the text names in an attribution or reprint phrase."""
        return {m.key: m.name for m in self.mentions}

    def names(self) -> dict[str, str]:
        return {**self.cited(), **self.credits}


def _phrase_regex(phrase: str, descriptors: list[str]) -> tuple[re.Pattern, str]:
    before, _, after = phrase.partition("{source}")
    desc = "|".join(re.escape(d) for d in sorted(descriptors, key=len, reverse=True))
    if before.strip():
        lead = rf"(?:(?:{desc})\s+)?" if desc else ""
        # elided articles: "selon l'AFP", "dell'ANSA"
        rx = rf"(?<!\w){re.escape(before.strip())}\s+(?:(?:l|d|dell|dall|nell)['’]|{lead})(?P<name>{_NAME})"
        return re.compile(rx, re.I), "after"
    return re.compile(rf"(?P<name>{_NAME}),?\s+{re.escape(after.strip())}(?!\w)", re.I), "before"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern, str, str]]:
    out = []
    for lang, table in phrases().items():
        if lang.startswith("_"):
            continue
        desc = table.get("descriptors", [])
        for kind in ("cites", "reprint"):
            for p in table.get(kind, []):
                rx, side = _phrase_regex(p, desc)
                out.append((kind, rx, side, p))
    return out


@lru_cache(maxsize=1)
def _retelling() -> re.Pattern:
    ps = [p for lang, t in phrases().items() if not lang.startswith("_") for p in t.get("retelling", [])]
    alt = "|".join(re.escape(p) for p in sorted(ps, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.I)


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


def retelling_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _retelling().finditer(text)]


def mentions(text: str, known: set[str]) -> list[Mention]:
    """Named in-text attributions whose name is a known source (a wire, a corpus outlet, a
    credit line somewhere in the corpus); reprint phrases ('first appeared in X') count for
    any capitalised name. Person sources ('according to Michael Kofman') stay out."""
    found: dict[tuple[int, int], Mention] = {}
    for kind, rx, side, phrase in _patterns():
        for m in rx.finditer(text):
            name = _trim(m.group("name"), side)
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
            start = m.start("name") + m.group("name").find(name.split()[0])
            span = (start, start + len(name))
            prev = found.get(span)
            if prev is None or (prev.kind == "cites" and kind == "reprint"):
                found[span] = Mention(k, canonical(name), kind, span, phrase)
    return sorted(found.values(), key=lambda x: x.span)


def known_sources(articles: list[Article]) -> set[str]:
    """Keys of names that may stand as a source: known wires, corpus outlets, credit lines."""
    ks = {key(n) for n in set(wires().values())}
    for a in articles:
        if a.outlet:
            ks.add(key(a.outlet))
        ks.update(key(c) for c in split_credits(a.credits))
    return ks


def article_sources(article: Article, known: set[str]) -> Sources:
    own = key(article.outlet) if article.outlet else None
    src = Sources(article=article.id, outlet=own)
    for c in split_credits(article.credits):
        src.credits.setdefault(key(c), c)
    src.mentions = [m for m in mentions(article.text or "", known) if m.key != own]
    src.retelling = retelling_spans(article.text or "")
    return src
