"""Story features of an article's text: names, figures, content words, the lead.

Folding is the cost of reading an article's names and words; the same tokens recur across a
corpus, so each distinct token is folded once per process (bounded caches).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..memo import Memo
from ..words import calendar_names, stop_words, trie_pattern, weekdays
from ..model import Article

# Capitalised words that start sentences or are calendar words, not names.
_NOT_NAMES = stop_words("story_not_names") | calendar_names("en")
# a number not inside a word or after a dot; the look-behind follows the first digit so the
# scan can skip to digits (the same matches as (?<![\w.])\d+..., twice as fast)
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:[.,:]\d+)*(?!\w)")
_SENT_END = re.compile(r"(?<=[.!?])\s+")
_NOT_DIGIT = re.compile(r"\D")
_YEAR = re.compile(r"(19|20)\d\d")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_WORDS = re.compile(r"[^\W\d_]{4,}")


def _fold(s: str) -> str:
    if s.isascii():  # nothing to decompose; casefold is lower
        return s.lower()
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'")


# Folding is the cost of reading an article's names and words; the same tokens recur across a
# corpus, so each distinct token is folded once per process (bounded caches, like embed's).
_KEYS_MAX = 500_000
_NAME_KEYS = Memo(_KEYS_MAX)
_WORD_KEYS = Memo(_KEYS_MAX)
# A token whose first letter is not a-z: the only ones that can be names (the rest of the
# token as _TOKEN reads it: a run of word characters, apostrophes and hyphens, from its first letter).
_CAPITAL = re.compile(r"(?<![\w'’-])[\d_'’-]*([^\W\d_a-z][\w'’-]*)")
# The same patterns for a text whose letters and digits are all ASCII (most news): 3x faster.
_CAPITAL_ASCII = re.compile(r"(?<![\w'’-])[\d_'’-]*([A-Z][\w'’-]*)")
_WORDS_ASCII = re.compile(r"[A-Za-z]{4,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


# One scan for the names profile() keeps: the capitalised tokens that are not the first word of
# their sentence. findall gives '' for the other matches: a sentence's first word (from the
# . ! or ? that ends the one before, over a run of non-letters that does not cross the next
# sentence end, as _SENT_END splits) and runs of words in lower case (one match over the non-word
# characters between them, where no match can start: fewer matches, the same names). The text
# is scanned as ". " + text so the first sentence starts like the others.
# Possessive quantifiers (*+, ++) where giving characters back could not make a match: the
# same matches with less backtracking (a fifth faster).
_INNER_CAPS = re.compile(r"[.!?]\s+(?:[^\w\s]|[\d_]|(?<![.!?])\s)*+[^\W\d_][\w'’-]*+"
                         r"|[a-z][\w'’-]*+(?:[^\w.!?]++[a-z][\w'’-]*+)*+|([^\W\d_a-z][\w'’-]*+)")
_INNER_CAPS_ASCII = re.compile(r"[.!?]\s+(?:[^\w\s]|[\d_]|(?<![.!?])\s)*+[A-Za-z][\w'’-]*+"
                               r"|[a-z][\w'’-]*+(?:[^\w.!?]++[a-z][\w'’-]*+)*+|([A-Z][\w'’-]*+)")


def _ascii_letters(text: str) -> bool:
    return text.isascii() or not any(c.isalnum() for c in set(_NON_ASCII.findall(text)))


def _name_key(token: str) -> str:
    """'Putin's' -> 'putin'; '' when the token is not a name (lower case, calendar word, short)."""
    f = _NAME_KEYS.get(token)
    if f is None:
        f = ""
        if token[:1].isupper() and len(token) >= 2:
            f = _fold(_POSSESSIVE.sub("", token)).strip("'-")
            if f in _NOT_NAMES or len(f) < 2:
                f = ""
        _NAME_KEYS.put(token, f)
    return f


def _word_key(token: str) -> str:
    """A content word's six-letter stem; '' for a function word."""
    f = _WORD_KEYS.get(token)
    if f is None:
        f = _fold(token)
        f = "" if f in _NOT_NAMES else f[:6]
        _WORD_KEYS.put(token, f)
    return f


def names(text: str) -> Counter:
    """Capitalised words (people, places, organisations) by count, folded: 'Mr Putin's' -> 'putin'.
    Sentence-initial words count only when they recur elsewhere capitalised."""
    return _names(text or "", _ascii_letters(text or ""))


def _names(text: str, ascii_letters: bool) -> Counter:
    initial: Counter = Counter()
    inner: list[str] = []
    capital = _CAPITAL_ASCII if ascii_letters else _CAPITAL
    for sent in _SENT_END.split(text or ""):
        caps = capital.findall(sent)
        if not caps:
            continue
        first = _TOKEN.search(sent)
        if first.group(0) == caps[0] and not "a" <= first.group(0)[0] <= "z":
            f = _name_key(caps[0])
            if f:
                initial[f] += 1
            caps = caps[1:]
        inner.extend(caps)
    found: Counter = Counter()
    for tok, n in Counter(inner).items():
        f = _name_key(tok)
        if f:
            found[f] += n
    for f, n in initial.items():
        if f in found:
            found[f] += n
    return found


def _name_keys(text: str, ascii_letters: bool) -> list[str]:
    """The keys of _names(text) in the order they first occur inside a sentence (what the
    profile keeps: a sentence-initial name counts only when it also occurs inside one)."""
    found = dict.fromkeys((_INNER_CAPS_ASCII if ascii_letters else _INNER_CAPS).findall(". " + text))
    keys = list(map(_NAME_KEYS.get, found))  # folded before: read in C
    if None in keys:
        keys = list(map(_name_key, found))
    keys = dict.fromkeys(keys)
    keys.pop("", None)
    return list(keys)


# A dateline: the place, in capitals, a wire story opens with, before its agency and a dash
# ("LOS ANGELES (AFP) - ", "CHENGDU, Feb. 2 (Xinhua) -- ", "TEL AVIV - ").
_DATELINE = re.compile(r"\s*([A-Z][A-Z .'-]{1,40}?)(?:,[^-\u2013\u2014(\n]{0,30})?\s*"
                       r"(?:\([^)\n]{1,30}\))?\s*(?:--|[-\u2013\u2014])\s")


def place(text: str) -> frozenset:
    """The name keys of the place in an article's dateline (as ``names`` folds them), empty
    without one: where the reporter was, which an independent report of one event shares
    with the others' text even when it shares no sentence."""
    m = _DATELINE.match(text or "")
    if not m:
        return frozenset()
    keys = {_name_key(t.capitalize()) for t in re.split(r"[ .]+", m.group(1)) if t}
    keys.discard("")
    return frozenset(k for k in keys if len(k) >= 3)


# Weekday names in full, of the languages the product reads (abbreviations such as "Sun" or
# "Wed" are common words); Monday is 0.
_WEEKDAY_OF = {n: i for lang in ("en", "de", "fr", "es", "it", "pt", "nl")
               for i, n in enumerate(weekdays(lang))}
_WEEKDAY = re.compile(r"(?<!\w)(" + trie_pattern(_WEEKDAY_OF) + r")(?!\w)", re.IGNORECASE)


def weekdays_named(text: str) -> int:
    """The weekdays a text names ("on Thursday", "Tuesday evening"), as a bit mask (bit 0:
    Monday): when an undated report says its event happened."""
    mask = 0
    for m in _WEEKDAY.findall(text or ""):
        i = _WEEKDAY_OF.get(m.lower())
        if i is not None:
            mask |= 1 << i
    return mask


def title_keys(title: str | None) -> frozenset:
    """The content-word stems of a title (as ``_word_key`` reads words)."""
    keys = {k for k in map(_word_key, _WORDS.findall(title or "")) if k}
    return frozenset(keys)


def numbers(text: str) -> set[str]:
    """Figures that can identify an event (7 dead, 6.8 magnitude, 312 evacuated); small counts,
    years and single digits are too common to tell events apart."""
    out = set()
    for n in set(_NUMBER.findall(text or "")):
        if len(n) < 2:
            continue
        n = n.replace(",", ".")
        if len(_NOT_DIGIT.sub("", n)) < 2 or _YEAR.fullmatch(n):
            continue
        out.add(n)
    return out


def lead(article: Article, sentences: int = 3) -> str:
    """The title and first sentences: where a news article says what happened."""
    text = article.text or ""
    if article._sentences:
        first = " ".join(text[s:e] for s, e in article._sentences[:sentences])
    else:
        first = " ".join(_SENT_END.split(text.strip())[:sentences])
    return " ".join(x for x in (article.title or "", first[:600]) if x).strip()
