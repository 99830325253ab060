"""Token normalisation: the same word written two ways gets one normalised form.

A reprint re-styles its wire copy: curly or straight quotes, "Mr Putin" or "Mr. Putin" or
"Putin", "defences" or "defenses", "1,000" or "1 000". Alignment compares normalised tokens so
that style edits do not look like rewording, while every token keeps its character offsets
into the article text (so passages and diffs point at the original words).

    tokens("Mr Putin's defences cost 1,000 roubles")
    -> [Token(3, 10, "putin's"), Token(11, 19, "defenses"), Token(25, 30, "1000"), ...]
"""
from __future__ import annotations

import re
import unicodedata
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from .memo import Memo, memoized
from .words import spelling, stop_words, titles


class Token(NamedTuple):
    start: int  # [start, end) in the text the tokens were taken from
    end: int
    norm: str  # normalised form ("" never: dropped tokens are left out)


# Typography that varies between outlets and carries no meaning.
_TYPO = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u3000": " ",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    "\u2060": None,
})

# A number with thousands separators ("1,000", "1 000", "1.000.000") or a plain/decimal
# number; then a word (letters/digits with inner apostrophes or hyphens).
_NUM = r"\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009](?=\d{3}\b)|\.(?=\d{3}\b))\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)*"
# A word: a letter, then letters/digits, inner apostrophes each followed by more of them
# (written without a per-character alternation, which the regex engine runs 1.4x slower).
# Words first: most tokens are words, and a letter never starts a number (nor a digit a word).
# Soft hyphens, zero-width spaces and joiners and word joiners inside a word are part of it
# (norm_word drops them): a copy with them was a copy of no word.
_WORD = r"[^\W\d_][\w\u00ad\u200b-\u200d\u2060]*(?:['\u2019]\w+)*"
TOKEN_RE = re.compile(f"{_WORD}|{_NUM}|\\w+", re.UNICODE)

HONORIFICS = titles("dropped")

# British -> American spelling: every rule of the package lives here, read by one function,
# ``american(word, fold)``. The whole-word table (resources/spelling.json) is shared; the
# suffix rules differ by what a fold is for, and each reader's reports were tuned with its own
# (one fold for all changes a synthetic 10k's quotes and drift: ARCHITECTURE.md, "Spelling"):
#   "tokens"   alignment's normalised tokens: precise. A wrong merge inflates a pair's
#              similarity, so -our/-ise/-re only, on a stem, never on the words under 'keep'.
#   "shingles" MinHash's shingles: suffix ends only, first match, no exceptions. Every token
#              of every article goes through it alike, so an odd form ("rise" -> "rize")
#              costs nothing: both copies hash the same.
#   "keys"     quote and drift wording: a spelling difference must not read as a changed
#              quote or a drift, so inner -oeu-/-ae-, -ence, -ogue and -ll- fold too, every
#              rule applied in turn, anywhere in a word.
SPELLING = spelling("en")["whole_words"]

# Words the "tokens" suffix rules must leave alone (checked on the stem + suffix, e.g. "praise").
# A wrong rewrite is mostly harmless (both sides get it), but it must not merge two words.
_KEEP = frozenset(spelling("en")["keep"])
# The whole-word pairs the "shingles" fold takes from the table.
_SHINGLE_WORDS = {w: SPELLING[w] for w in spelling("en")["candidates"]}

_OUR = re.compile(r"^(\w{2,})our(s|ed|ing|ite|ites|able|ably|er|ers|ful|less|hood|hoods|ist|ists|ism|y)?$")
_ISE = re.compile(r"^(\w{3,})(is|ys)(e|es|ed|ing|er|ers|ation|ations)$")
_RE = re.compile(r"^(\w{2,}[^aeiouc])re(s)?$")

# "shingles": (British end, American end); the first that ends the word wins.
_SHINGLE_ENDS = (("isation", "ization"), ("isations", "izations"), ("ised", "ized"),
                 ("ises", "izes"), ("ising", "izing"), ("ise", "ize"), ("yse", "yze"),
                 ("ysed", "yzed"), ("ours", "ors"), ("our", "or"), ("tres", "ters"),
                 ("tre", "ter"), ("lled", "led"), ("lling", "ling"), ("ogue", "og"))

# "keys": the "tokens" fold, then British forms "tokens" leaves alone but the resources
# tables or a suffix that only a British variant has name: a word beginning from the
# 'prefixes' table (haem-, paed-, manoeuv-), -logue, and -ll- before -ed/-ing/-er on a stem of
# two syllables ending in a vowel and l ("travelled", "modelling", never "filled"). Nothing
# else: the rules once applied anywhere in a word merged four/for, our/or, Michael/Michel.
_PREFIXES = tuple(sorted(spelling("en").get("prefixes", {}).items(), key=lambda kv: -len(kv[0])))
_LOGUE = re.compile(r"(?<=[a-z]{2}[lg]og)ue(s?)$")  # catalogue, dialogue, demagogue; not rogue
_LL = re.compile(r"^([a-z]*[^aeiou\W\d][aei])ll(ed|ing|er|ers)$")  # travel-led, cancel-ling


def _token_suffixes(w: str) -> str:
    """British -> American by suffix rule (colour, organise, analyse, centre)."""
    m = _OUR.match(w)
    if m and m.group(1) + "our" not in _KEEP:
        return m.group(1) + "or" + (m.group(2) or "")
    m = _ISE.match(w)
    if m and m.group(1) + m.group(2) + "e" not in _KEEP:
        return m.group(1) + m.group(2)[0] + "z" + m.group(3)
    m = _RE.match(w)
    if m:
        return m.group(1) + "er" + (m.group(2) or "")
    return w


def _tokens_fold(w: str) -> str:
    if w in SPELLING:
        return SPELLING[w]
    base, poss = (w[:-2], "'s") if w.endswith("'s") else (w, "")
    if base in SPELLING:
        return SPELLING[base] + poss
    if base.endswith("s") and base[:-1] in SPELLING:  # defences, programmes
        return SPELLING[base[:-1]] + "s" + poss
    if len(base) < 5 or not base.isascii():
        return w
    return _token_suffixes(base) + poss


def _shingles_fold(w: str) -> str:
    t = _SHINGLE_WORDS.get(w)
    if t is not None:
        return t
    if len(w) > 5 and not w.isdigit():
        for uk, us in _SHINGLE_ENDS:
            if w.endswith(uk):
                return w[: -len(uk)] + us
    return w


def _keys_fold(w: str) -> str:
    t = _tokens_fold(w)
    if t != w or len(w) < 5 or not w.isascii():
        return t
    base, poss = (w[:-2], "'s") if w.endswith("'s") else (w, "")
    for uk, us in _PREFIXES:
        if base.startswith(uk):
            return us + base[len(uk):] + poss
    if base.endswith(("gue", "gues")):
        return _LOGUE.sub(r"\1", base) + poss
    m = _LL.match(base) if "ll" in base else None
    if m and len(m.group(1)) >= 4:
        return m.group(1) + "l" + m.group(2) + poss
    return w


_FOLDS = {"tokens": _tokens_fold, "shingles": _shingles_fold, "keys": _keys_fold}


def american(word: str, fold: str = "tokens") -> str:
    """``word`` (case-folded) in American spelling as ``fold`` reads it: "tokens" (alignment),
    "shingles" (MinHash) or "keys" (quote and drift wording); see the comment above."""
    return _FOLDS[fold](word)


@memoized(200_000)
def norm_word(word: str) -> str:
    """The normalised form of one word: typography, case, spelling, number separators."""
    w = word.translate(_TYPO)
    if not w.isascii():
        w = unicodedata.normalize("NFKC", w)
    w = w.casefold()
    if w[:1].isdigit():
        # "1,000" / "1 000" / "1.000" -> "1000"; keep a decimal part ("2.5").
        m = re.fullmatch(r"(\d{1,3}(?:[ ,.]\d{3})+)([.,]\d+)?", w)
        if m and (m.group(2) or "," in m.group(1) or " " in m.group(1)
                  or m.group(1).count(".") > 1):
            return re.sub(r"[ ,.]", "", m.group(1)) + ((m.group(2) or "").replace(",", "."))
        return w.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", w) else w
    return _tokens_fold(w)


def typography(text: str) -> str:
    """``text`` with quotes, dashes and spaces made uniform (same length only if no deletions)."""
    return text.translate(_TYPO)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Normalised word tokens of ``text[start:end]``, with offsets into ``text``.

    Honorifics ("Mr", "Ms.", "Dr") are dropped: reprints add or remove them at will.
    """
    norm, _, starts, ends = forms(text, start, end)
    return [Token(s, e, n) for s, e, n in zip(starts, ends, norm)]


class _FormCache(Memo):
    """Raw word -> (surface form, normalised form or None for an honorific, name form or None,
    content form or None), computed once per distinct word per process: a dict lookup at C
    speed for every word seen before. The name form is the normalised form without a
    possessive when the word is capitalised and not a stopword (``align`` reads it only for
    words that do not open their sentence); the content form is the normalised form of a
    word that is neither a stopword nor a number."""

    def __missing__(self, word: str) -> tuple:
        n = norm_word(word)
        if n in HONORIFICS:
            f = (word.translate(_TYPO).casefold(), None, None, None)
        else:
            stop = n in STOPWORDS
            name = None if stop or not word[0].isupper() else (n[:-2] if n.endswith("'s") else n)
            f = (word.translate(_TYPO).casefold(), n, name,
                 None if stop or n[:1].isdigit() else n)
        return self.put(word, f)


_FORMS = _FormCache(500_000)
_form = _FORMS.__getitem__
_first, _second = itemgetter(0), itemgetter(1)


# The token pattern as a capturing split: words and the gaps between them as strings (no match
# object per word), offsets from the running sum of their lengths.
_SPLIT = re.compile(f"({TOKEN_RE.pattern})", re.UNICODE).split


def word_forms(text: str, start: int = 0, end: int | None = None
               ) -> tuple[list[tuple], list[str], list[str], list[int], list[int]]:
    """The words of ``text[start:end]`` that are not honorifics: their cached forms (``_FormCache``),
    normalised forms and [start, end) offsets; and every word's surface form. Each step is
    one C-level pass (``map``), with no Python code per word."""
    if start or end is not None:
        text = text[start:end]
    parts = _SPLIT(text)
    cum = list(accumulate(map(len, parts), initial=start))
    fs = list(map(_form, parts[1::2]))
    surf = list(map(_first, fs))
    norm = list(map(_second, fs))
    starts = cum[1:-1:2]
    ends = cum[2::2]
    if None in norm:  # an honorific: left out of the normalised tokens
        keep = [k for k, n in enumerate(norm) if n is not None]
        fs = [fs[k] for k in keep]
        norm = [norm[k] for k in keep]
        starts = [starts[k] for k in keep]
        ends = [ends[k] for k in keep]
    return fs, norm, surf, starts, ends


def word_columns(text: str) -> tuple[list[str], tuple, tuple, tuple, tuple]:
    """``text`` split into its words and the gaps around them (words at the odd positions:
    their offsets are the running sum of the lengths), and the columns of the words' cached
    forms (``_FormCache``): surface, normalised (None for an honorific), name and content.
    What ``word_forms`` gives, with no list per column and no offsets unless asked for."""
    parts = _SPLIT(text)
    fs = list(map(_form, parts[1::2]))
    return (parts, *zip(*fs)) if fs else (parts, (), (), (), ())


def forms(text: str, start: int = 0, end: int | None = None
          ) -> tuple[list[str], list[str], list[int], list[int]]:
    """Normalised tokens and surface forms in one pass, as flat lists: (norms, surface, token
    starts, token ends); each distinct word is normalised once per process, and there is no
    object per token (an article's alignment state stays small for the garbage collector)."""
    return word_forms(text, start, end)[1:]


def norms(text: str) -> list[str]:
    """Just the normalised forms of ``tokens(text)``."""
    return [t.norm for t in tokens(text)]


# Words that carry no content: used to judge overlap on what a sentence says.
STOPWORDS = stop_words("no_content")
