"""The drift lexicons in ``newslineage/resources``, loaded once per process."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _load(name: str) -> dict:
    with resources.files("newslineage.resources").joinpath(name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _phrases(data: dict) -> dict[tuple[str, ...], str]:
    """{(word, word): language} for the per-language phrase lists of a lexicon."""
    out = {}
    for lang, items in data.items():
        if lang.startswith("_"):
            continue
        for p in items:
            out.setdefault(tuple(p.casefold().split()), lang)
    return out


@lru_cache(maxsize=1)
def hedges() -> dict[tuple[str, ...], str]:
    return _phrases(_load("hedges.json"))


@lru_cache(maxsize=1)
def labels() -> dict[tuple[str, ...], str]:
    return _phrases(_load("labels.json"))


@lru_cache(maxsize=1)
def stance() -> tuple[dict[str, str], set[frozenset]]:
    """(word -> class, opposed class pairs)."""
    data = _load("stance.json")
    cls = {w.casefold(): c for c, ws in data["classes"].items() for w in ws}
    return cls, {frozenset(p) for p in data["pairs"]}


@lru_cache(maxsize=1)
def antonyms() -> set[frozenset]:
    return {frozenset((a.casefold(), b.casefold())) for a, b in _load("antonyms.json")["pairs"]}


def find_phrases(tokens: list[str], table: dict[tuple[str, ...], str]) -> list[tuple[int, int]]:
    """[start, end) token ranges of lexicon phrases in lower-cased ``tokens``, longest first."""
    found = []
    longest = max((len(k) for k in table), default=1)
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if tuple(tokens[i:i + n]) in table:
                found.append((i, i + n))
                i += n - 1
                break
        i += 1
    return found
