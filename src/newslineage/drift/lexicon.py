"""The drift lexicons in ``newslineage/resources``, loaded once per process."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _load(name: str) -> dict:
    with resources.files("newslineage.resources").joinpath(name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _phrases(data: dict) -> dict[tuple[str, ...], frozenset]:
    """{(word, word): languages} for the per-language phrase lists of a lexicon."""
    out: dict[tuple[str, ...], set] = {}
    for lang, items in data.items():
        if lang.startswith("_"):
            continue
        for p in items:
            out.setdefault(tuple(p.casefold().split()), set()).add(lang)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def hedges() -> dict[tuple[str, ...], frozenset]:
    return _phrases(_load("hedges.json"))


@lru_cache(maxsize=1)
def labels() -> dict[tuple[str, ...], frozenset]:
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


_SHAPES: dict[int, tuple] = {}


def _shape(table: dict) -> tuple[int, frozenset]:
    """(longest phrase, first words) of a phrase table, computed once per table."""
    got = _SHAPES.get(id(table))
    if got is None or got[0] is not table:
        got = (table, max((len(k) for k in table), default=1), frozenset(k[0] for k in table if k))
        _SHAPES[id(table)] = got
    return got[1], got[2]


def find_phrases(tokens: list[str], table: dict[tuple[str, ...], frozenset],
                 lang: str | None = None) -> list[tuple[int, int]]:
    """[start, end) token ranges of lexicon phrases in lower-cased ``tokens``, longest first;
    with ``lang``, only that language's phrases (German "held" is no English label)."""
    longest, firsts = _shape(table)
    found = []
    i = 0
    n_tok = len(tokens)
    while i < n_tok:
        if tokens[i] in firsts:  # most words start no phrase: skip them at once
            for n in range(min(longest, n_tok - i), 0, -1):
                langs = table.get(tuple(tokens[i:i + n]))
                if langs is not None and (not lang or lang in langs):
                    found.append((i, i + n))
                    i += n - 1
                    break
        i += 1
    return found


@lru_cache(maxsize=1)
def label_index() -> dict[str, list[tuple[tuple[str, ...], frozenset]]]:
    """The labels by first word: (phrase, languages)."""
    out: dict[str, list] = {}
    for ph, langs in labels().items():
        if ph:
            out.setdefault(ph[0], []).append((ph, langs))
    return out


def may_hold_label(words: set[str], lang: str | None) -> bool:
    """Whether a text with these (lower-cased) words can hold a label of its language."""
    index = label_index()
    for w in words & index.keys():
        for ph, langs in index[w]:
            if (not lang or lang in langs) and all(x in words for x in ph[1:]):
                return True
    return False
