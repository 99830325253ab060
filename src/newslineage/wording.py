"""Quote wording compared beyond house style: quote marks, case, punctuation, and British
vs American spelling do not count as a change."""
from __future__ import annotations

import re
import unicodedata

from .memo import memoized

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Spelling rules applied to both sides, so "defence"/"defense", "realise"/"realize",
# "manoeuvre"/"maneuver", "travelled"/"traveled" meet on one key. Each rule comes with a
# piece of text that all its matches hold: most words hold none, and the test is far
# cheaper than a substitution (whose template Python re-reads on every call).
_RULES = [
    ("oeu", re.compile(r"oeu"), "eu"), ("ae", re.compile(r"ae(?=[a-z])"), "e"),
    ("our", re.compile(r"our(?=s?$|ed$|ing$|ite|able|er$)"), "or"),
    ("is", re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    ("ys", re.compile(r"(?<=[a-z])ys(e|es|ed|ing)$"), r"yz\1"),
    ("re", re.compile(r"(?<=[a-z]{2})(t|b|v)re(s?)$"), r"\1er\2"),
    ("ence", re.compile(r"(?<=[a-z]{2})ence(s?)$"), r"ense\1"),
    ("ogue", re.compile(r"ogue(s?)$"), r"og\1"),
    ("ll", re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
    ("programme", re.compile(r"^programme"), "program"),
    ("grey", re.compile(r"^grey"), "gray"),
]


@memoized(1 << 17)
def spelling_key(word: str) -> str:
    """One key for a word's case and British/American spellings (cached: news vocabulary is
    small and every passage and quote goes through here)."""
    w = word.casefold().replace("’", "'")
    for needle, rx, rep in _RULES:
        if needle in w and rx.search(w):
            w = rx.sub(rep, w)
    return w


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
