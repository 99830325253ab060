"""Quote wording compared beyond house style: quote marks, case, punctuation, and British
vs American spelling do not count as a change."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Spelling rules applied to both sides, so "defence"/"defense", "realise"/"realize",
# "manoeuvre"/"maneuver", "travelled"/"traveled" meet on one key.
_RULES = [
    (re.compile(r"oeu"), "eu"), (re.compile(r"ae(?=[a-z])"), "e"),
    (re.compile(r"our(?=s?$|ed$|ing$|ite|able|er$)"), "or"),
    (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z])ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2})(t|b|v)re(s?)$"), r"\1er\2"),
    (re.compile(r"(?<=[a-z]{2})ence(s?)$"), r"ense\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"^programme"), "program"),
    (re.compile(r"^grey"), "gray"),
]


@lru_cache(maxsize=1 << 17)
def spelling_key(word: str) -> str:
    """One key for a word's case and British/American spellings (cached: news vocabulary is
    small and every passage and quote goes through here)."""
    w = word.casefold().replace("’", "'")
    for rx, rep in _RULES:
        w = rx.sub(rep, w)
    return w


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return [spelling_key(w) for w in _WORD.findall(text)]


def same_wording(a: str, b: str) -> bool:
    """True when a and b differ only in marks, case, punctuation and spelling."""
    return _expand(words(a)) == _expand(words(b))


_CONTRACTIONS = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am",
                 "'d": " would"}


def _expand(ws: list[str]) -> list[str]:
    out = []
    for w in ws:
        if w == "can't":
            out += ["can", "not"]
            continue
        for suf, rep in _CONTRACTIONS.items():
            if w.endswith(suf) and len(w) > len(suf):
                out += (w[: -len(suf)] + rep).split()
                break
        else:
            out.append(w)
    return out
