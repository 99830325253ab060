"""One source named several ways within a family: by its initials ("PA", "Press
Association") or with and without the words around an agency's name ("AFX", "AFX News").
The credits and mentions of a family's articles are rewritten so that the names meet in one
origin."""
from __future__ import annotations

import re
from functools import lru_cache

from ..words import name_words, stop_words
from .cited import Mention, Sources, key, wires


_MINOR = stop_words("initials_skip")
_AGENCY_WORDS = name_words("agency_words")


def _agency_core(name: str) -> str:
    """A source's name without the words around an agency's name ("AFX News" -> "afx")."""
    words = [w for w in re.split(r"[\s-]+", name.casefold()) if w]
    while words and words[-1] in _AGENCY_WORDS:
        words.pop()
    while words and words[0] in _AGENCY_WORDS:
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=1)
def _wire_keys() -> frozenset[str]:
    return frozenset(key(n) for n in wires())


def _one_name(keys: set[str], credited) -> set[str]:
    """Keys that differ only by a leading article ("the-capital-herald", "capital-herald")
    are one name: a credited one stands for them, the shortest of those."""
    bare = {re.sub(r"^(?:the|der|die|das|le|la|les|el|il|lo)-", "", k) for k in keys}
    return {min(keys, key=lambda k: (k not in credited, len(k), k))} if len(bare) == 1 else set(keys)


def unify_acronyms(src: dict[str, Sources]) -> None:
    """One source named two ways in one family: "PA" where another article credits "Press
    Association" is that source (its initials), so the two credits meet in one origin with
    the long name. Only an all-capitals name of 2-5 letters, and only when exactly one name
    of the family has those initials; an outlet named by those initials ("HNA" on the agency's
    own page) is the outlet of the long name too. So are two names that differ only by the
    words around an agency's name ("AFX" and "AFX News"). Rewrites ``src`` in place (new
    Mention records and outlet key sets: those of the text scan may be shared)."""
    names: dict[str, str] = {}
    for s in src.values():
        names.update(s.names())
    long: dict[str, set[str]] = {}
    for k, n in names.items():
        words = [w for w in re.split(r"[\s-]+", n) if w and w.casefold() not in _MINOR]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            long.setdefault("".join(w[0] for w in words).casefold(), set()).add(k)
    # the family's outlets are long names too ("CH" for the page of "The Capital Herald"),
    # and a name with and without its leading article is one name
    for s in src.values():
        if s.outlet:
            words = [w for w in s.outlet.split("-") if w and w not in _MINOR]
            if len(words) >= 2:
                long.setdefault("".join(w[0] for w in words), set()).add(s.outlet)
    credited = set(names)
    long = {i: _one_name(ks, credited) for i, ks in long.items()}
    for ks in long.values():  # an outlet's key stands for its name in the evidence
        for k in ks:
            names.setdefault(k, k.replace("-", " ").title())
    alias = {k: next(iter(long[n.casefold()])) for k, n in names.items()
             if n.isupper() and 2 <= len(n) <= 5 and len(long.get(n.casefold(), ())) == 1
             and next(iter(long[n.casefold()])) != k and k not in _wire_keys()}
    # "AFX" and "AFX News", "Agenzia AGI" and "AGI": the same name once the words around an
    # agency's name are set aside; they meet in the longest name, when one is longest
    by_core: dict[str, list[str]] = {}
    for k, n in names.items():
        if k not in alias:
            by_core.setdefault(_agency_core(n), []).append(k)
    for core, ks in by_core.items():
        if core and len(ks) > 1:
            size = {k: len(names[k].split()) for k in ks}
            top = [k for k in ks if size[k] == max(size.values())]
            if len(top) == 1:
                alias.update({k: top[0] for k in ks if k != top[0]})
    # an article whose page names its own outlet by those initials ("HNA") is the outlet
    # that the others credit by the long name ("Highland News Agency")
    for s in src.values():
        o = s.outlet
        if o and o.isalpha() and 2 <= len(o) <= 5 and len(long.get(o, ())) == 1:
            s.outlet_keys = set(s.outlet_keys) | long[o]
    if not alias:
        return
    for s in src.values():
        if any(k in alias for k in s.credits):
            s.credits = {alias.get(k, k): names[alias[k]] if k in alias else n for k, n in s.credits.items()}
        if any(m.key in alias for m in s.mentions):
            s.mentions = [Mention(alias[m.key], names[alias[m.key]], m.kind, m.span, m.phrase)
                          if m.key in alias else m for m in s.mentions]

