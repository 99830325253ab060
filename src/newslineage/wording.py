"""Quote wording compared beyond house style: quote marks, case, punctuation, and British
vs American spelling do not count as a change."""
from __future__ import annotations

import re
import unicodedata

from .memo import memoized
from .normalize import american

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# British/American spelling: the widest of normalize's folds ("keys"), applied to both sides,
# so "defence"/"defense", "realise"/"realize", "manoeuvre"/"maneuver", "travelled"/"traveled"
# meet on one key.


@memoized(1 << 17)
def spelling_key(word: str) -> str:
    """One key for a word's case and British/American spellings (cached: news vocabulary is
    small and every passage and quote goes through here)."""
    return american(word.casefold().replace("’", "'"), "keys")


@memoized(1 << 16)
def word_keys(text: str) -> tuple[str, ...]:
    """The spelling keys of a text's words (cached: a wire quote recurs in every copy and
    meets its copies in many relations)."""
    text = unicodedata.normalize("NFKC", text)
    return tuple(map(spelling_key, _WORD.findall(text)))


@memoized(1 << 16)
def wording_key(text: str) -> tuple[str, ...]:
    """What ``same_wording`` compares: spelling keys with contractions expanded."""
    return tuple(_expand(word_keys(text)))


def same_wording(a: str, b: str) -> bool:
    """True when a and b differ only in marks, case, punctuation and spelling."""
    return a == b or wording_key(a) == wording_key(b)


_CONTRACTIONS = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am",
                 "'d": " would"}


_CONTRACTION = re.compile(r"(?:n't|'re|'ve|'ll|'m|'d)$")


def _expand(ws) -> list[str]:
    out = []
    for w in ws:
        if "'" not in w:  # most words: no contraction to expand
            out.append(w)
            continue
        if w == "can't":
            out += ["can", "not"]
            continue
        m = _CONTRACTION.search(w)
        if m and m.start() > 0:
            out += (w[:m.start()] + _CONTRACTIONS[m.group(0)]).split()
        else:
            out.append(w)
    return out
