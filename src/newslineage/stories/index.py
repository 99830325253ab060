"""Stories: articles about the same event, with or without shared text.

An article joins a story when it shares text with a member (any reuse relation), or when it
names the same specific people and places and figures, uses the same rare words, and was
published close enough in time. Topic is not story: the same people a week apart are a
different event, so a time gap beyond ``max_gap_days`` rules a pair out, and an article without
a date needs stronger text evidence.

``StoryIndex`` assigns one article at a time (an index service adds articles as they arrive);
``cluster`` feeds it a batch in order, so batch and incremental give the same stories.

Cost grows linearly with the number of articles (a cascade):
- a reuse relation to an indexed article decides at once (the stories are merged, nothing scored);
- otherwise an inverted index over names, figures and words gives the indexed articles that share
  the new article's rarest terms within the time window, and only the best ``shortlist`` of them
  (and their stories) are scored exactly, all at once with numpy;
- the lead's sentence embedding (the expensive signal) is computed only for pairs whose score
  lies within ``band`` of the bar: the cheap signals decide the rest.
"""
from __future__ import annotations

import math
import operator
import re
import unicodedata
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain, compress, repeat
from typing import Callable, Iterable

import numpy as np

from ..lineage.direction import When, parse_time
from ..model import Article, Lineage, Relation, Story
from ..parallel import Later, no_gc, value

W_TEXT = 0.8
STORY_MARGIN = 0.1
NO_VECTORS = 0.15  # what lead vectors typically add for one event; taken off the threshold without them
Encoder = Callable[[list[str]], np.ndarray]

# Capitalised words that start sentences or are calendar words, not names.
_NOT_NAMES = set("""
a an the this that these those it its he she they we you i his her their our my your there here
and but or if as at by for from in into of on to with without after before during since until
while when where what who why how which not no yes also only just even all any some many most
more much one two three four five six seven eight nine ten first second third last next new
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
january february march april may june july august september october november december
mr mrs ms dr prof sir president minister chancellor prime secretary senator governor mayor
der die das ein eine und oder le la les un une et ou el los las y o il lo gli e
""".split())
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
_NAME_KEYS: dict[str, str] = {}
_WORD_KEYS: dict[str, str] = {}
_KEYS_MAX = 500_000
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
        if len(_NAME_KEYS) >= _KEYS_MAX:
            _NAME_KEYS.clear()
        _NAME_KEYS[token] = f
    return f


def _word_key(token: str) -> str:
    """A content word's six-letter stem; '' for a function word."""
    f = _WORD_KEYS.get(token)
    if f is None:
        f = _fold(token)
        f = "" if f in _NOT_NAMES else f[:6]
        if len(_WORD_KEYS) >= _KEYS_MAX:
            _WORD_KEYS.clear()
        _WORD_KEYS[token] = f
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


_NO_DAY = np.iinfo(np.int32).min  # an undated article: any day


@dataclass
class Profile:
    """What the story index keeps of one article (or of a story as a whole): term ids into the
    index's vocabularies, sorted, so pairs are scored with array operations."""
    id: str
    names: np.ndarray  # name ids (sorted, unique)
    words: np.ndarray  # content-word ids (sorted, unique)
    counts: np.ndarray  # occurrences of each word (float64, aligned with words)
    numbers: frozenset
    when: When | None
    title: str | None
    vec: np.ndarray | None = None  # the lead vector, once the cascade asked for it
    day: int = _NO_DAY
    ts: float = 0.0
    t: tuple | None = None  # when as integers, for gap_days (see _times)
    tf: np.ndarray | None = None  # 1 + log(counts), once per profile (see _tf)


def _tf(q: Profile) -> np.ndarray:
    if q.tf is None:
        q.tf = 1 + np.log(q.counts)
    return q.tf


_EPOCH = datetime(1970, 1, 1)


def _times(when: When) -> tuple:
    """(aware, microseconds since 1970 in UTC if aware else as written, as written, date
    ordinal, precise): what gap_days needs, read once per article instead of once per pair."""
    at = when.at
    d = at.replace(tzinfo=None) - _EPOCH
    wall = (d.days * 86400 + d.seconds) * 10**6 + d.microseconds
    aware = at.tzinfo is not None
    utc = wall
    if aware:
        off = at.utcoffset()
        utc -= (off.days * 86400 + off.seconds) * 10**6 + off.microseconds
    return aware, utc, wall, at.date().toordinal(), when.precise


@dataclass
class Match:
    score: float
    evidence: list[str] = field(default_factory=list)


class _Grow:
    """A numpy array that grows by doubling (document frequencies, days by article)."""

    def __init__(self, dtype, fill=0):
        self.a = np.full(1024, fill, dtype=dtype)
        self.fill = fill

    def ensure(self, n: int) -> np.ndarray:
        if n > len(self.a):
            extra = np.full(max(n, 2 * len(self.a)) - len(self.a), self.fill, dtype=self.a.dtype)
            self.a = np.concatenate([self.a, extra])
        return self.a


def _dated(article: Article):
    """(parsed publication time, day ordinal, UTC timestamp, its time tuple) of an article;
    (None, _NO_DAY, 0.0, None) when it has no date."""
    when = parse_time(article.published)
    if when is None:
        return None, _NO_DAY, 0.0, None
    at = when.at if when.at.tzinfo else when.at.replace(tzinfo=timezone.utc)
    return when, when.at.date().toordinal(), at.timestamp(), _times(when)


class StoryIndex:
    """Incremental story assignment: ``add(article, relations_of_it) -> story id``.

    Parameters are plain constructor arguments with news defaults. ``encoder`` turns texts into
    L2-normalised vectors (default: ``newslineage.embed.encode``); ``embeddings=False`` clusters
    on names, figures, words and time alone. ``band`` is how close to the bar a pair's score
    must be for its leads to be embedded; ``shortlist`` how many indexed articles are scored
    exactly per new article; ``postings_budget`` how many inverted-index entries (rarest terms
    first) are read to find them.
    """

    def __init__(self, encoder: Encoder | None = None, embeddings: bool = True,
                 threshold: float = 0.55, undated_margin: float = 0.35,
                 max_gap_days: float = 3.0, far_gap_days: float = 1.5, far_margin: float = 0.1,
                 hot_gap_days: float = 0.5, hot_bonus: float = 0.12,
                 band: float = 0.05, shortlist: int = 12, postings_budget: int = 4000):
        self.encoder = encoder
        self.embeddings = embeddings
        self.threshold = threshold
        self.undated_margin = undated_margin
        self.max_gap_days = max_gap_days
        self.far_gap_days = far_gap_days
        self.far_margin = far_margin
        self.hot_gap_days = hot_gap_days
        self.hot_bonus = hot_bonus
        self.band = band
        self.shortlist = shortlist
        self.postings_budget = postings_budget
        self.profiles: dict[str, Profile] = {}
        self.story_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}  # story id -> article ids, in arrival order
        self.reuse: set[frozenset] = set()
        self.best: dict[str, tuple[str, float]] = {}  # article -> (closest member, score) it joined by
        self.articles: dict[str, Article] = {}  # for labels and leads (references, not copies)
        self.encoded = 0  # lead vectors computed (the expensive signal)
        self._leads: dict[str, np.ndarray] = {}  # lead vectors handed in, used when asked for
        self._rank: dict[str, int] = {}  # story id -> creation order
        self._agg: dict[str, list] = {}  # story id -> [profile of the whole, members merged]
        # vocabularies: term -> id; document frequencies and postings (article numbers) per id
        self._name_ids: dict[str, int] = {}
        self._word_ids: dict[str, int] = {}
        self._name_list: list[str] = []
        self._ndf = _Grow(np.int64)
        self._wdf = _Grow(np.int64)
        self._npost: list[array] = []
        self._wpost: list[array] = []
        self._numpost: dict[str, array] = {}
        self._order: list[str] = []  # article number -> id
        self._days = _Grow(np.int32, _NO_DAY)
        self._token_ids: dict[str, int] = {}  # token as written -> word id (-1: not a content word)
        self._ts = _Grow(np.float64)
        self._num: dict[str, int] = {}  # article id -> number
        self._logdf = np.zeros(0)  # log(df + 1) for every df up to the number of articles
        self._scratch = np.zeros(0)  # zero but while _cheap spreads one profile's terms on it

    def _log1(self, df: np.ndarray) -> np.ndarray:
        """np.log(df + 1.0) by table look-up (a document frequency is at most the number of
        articles indexed; the table grows by doubling)."""
        need = len(self._order) + 2
        if len(self._logdf) < need:
            self._logdf = np.log(np.arange(max(need, 2 * len(self._logdf), 1024)) + 1.0)
        return self._logdf[df]

    # -- features -------------------------------------------------------------------
    def _encode(self, texts: list[str]) -> np.ndarray | None:
        if not self.embeddings:
            return None
        if self.encoder is None:
            from ..embed import encode
            self.encoder = encode
        return np.asarray(self.encoder(texts), dtype=np.float32)

    def _ids(self, terms: Iterable[str], vocab: dict[str, int], post: list, df: _Grow,
             keep: list | None = None) -> list[int]:
        out = []
        for t in terms:
            i = vocab.get(t)
            if i is None:
                i = vocab[t] = len(vocab)
                post.append(array("i"))
                if keep is not None:
                    keep.append(t)
            out.append(i)
        df.ensure(len(vocab))
        return out

    def _word_counts(self, text: str, ascii_letters: bool) -> tuple[np.ndarray, np.ndarray]:
        """words(text) as sorted word ids and counts, through a token -> id map (each distinct
        token of the corpus is folded and looked up once)."""
        tokens = self._token_ids
        found = Counter((_WORDS_ASCII if ascii_letters else _WORDS).findall(text))
        ids = list(map(tokens.get, found))
        if None in ids:  # tokens new to the index, in order of first occurrence
            new = list(compress(found, map(operator.not_, map(tokens.__contains__, found))))
            if len(tokens) + len(new) >= _KEYS_MAX:
                tokens.clear()
            for tok in new:
                f = _word_key(tok)
                tokens[tok] = self._ids([f], self._word_ids, self._wpost, self._wdf)[0] if f else -1
            ids = list(map(tokens.__getitem__, found))
        ids_a = np.array(ids, dtype=np.int64)
        cnt = np.fromiter(found.values(), dtype=np.float64, count=len(found))
        keep = ids_a >= 0
        uniq, inv = np.unique(ids_a[keep], return_inverse=True)
        return uniq, np.bincount(inv, cnt[keep], minlength=len(uniq)).astype(np.float64)

    def profile(self, article: Article, vec: np.ndarray | None = None) -> Profile:
        """The article's profile (its terms enter the vocabularies; frequencies change on add)."""
        text = f"{article.title or ''}\n{article.text or ''}"
        ascii_letters = _ascii_letters(text)
        wid, counts = self._word_counts(text, ascii_letters)
        nid = np.array(sorted(self._ids(_name_keys(text, ascii_letters), self._name_ids, self._npost,
                                        self._ndf, self._name_list)), dtype=np.int64)
        when, day, ts, times = _dated(article)
        return Profile(article.id, nid, wid, counts, frozenset(numbers(text)), when, article.title,
                       vec, day, ts, times)

    def _profiles(self, articles: list[Article], chunk: int = 4096) -> dict[str, Profile]:
        """Profiles of a batch at once, the same as profile() article by article in this order
        (terms get the same ids, in order of first occurrence): the texts are scanned one by one,
        but the token -> id look-ups and the per-article arrays are done over ``chunk`` articles
        at a time (memory stays bounded on a big batch)."""
        seen = set(self.story_of)  # add() profiles an article once, at its first occurrence
        todo = [a for a in articles if a.id not in seen and not seen.add(a.id)]
        out: dict[str, Profile] = {}
        for start in range(0, len(todo), chunk):
            out.update(self._profile_chunk(todo[start:start + chunk]))
        return out

    def _profile_chunk(self, todo: list[Article]) -> dict[str, Profile]:
        n = len(todo)
        texts = [f"{a.title or ''}\n{a.text or ''}" for a in todo]
        asc = list(map(_ascii_letters, texts))
        # words: every token of the batch looked up in one pass, counted per article in one sort
        found = [(_WORDS_ASCII if x else _WORDS).findall(t) for t, x in zip(texts, asc)]
        toks = list(chain.from_iterable(found))
        tokens = self._token_ids
        vocab, post = self._word_ids, self._wpost
        for tok in compress(d := list(dict.fromkeys(toks)), map(operator.not_, map(tokens.__contains__, d))):
            f = _word_key(tok)
            if not f:
                tokens[tok] = -1
                continue
            i = vocab.get(f)
            if i is None:
                i = vocab[f] = len(vocab)
                post.append(array("i"))
            tokens[tok] = i
        self._wdf.ensure(len(vocab))
        ids = np.fromiter(map(tokens.__getitem__, toks), dtype=np.int64, count=len(toks))
        if len(tokens) >= _KEYS_MAX:
            tokens.clear()
        art = np.repeat(np.arange(n, dtype=np.int64), list(map(len, found)))
        keep = ids >= 0
        width = len(vocab) + 1
        key, wcount = np.unique(art[keep] * width + ids[keep], return_counts=True)
        wcount = wcount.astype(np.float64)
        wids = key % width
        woff = np.searchsorted(key // width, np.arange(n + 1)).tolist()
        # names: every match of the names scan folded in one pass ('' where not a name), ids in
        # order of first occurrence, distinct and sorted per article in one sort
        found = [(_INNER_CAPS_ASCII if x else _INNER_CAPS).findall(". " + t) for t, x in zip(texts, asc)]
        caps = list(chain.from_iterable(found))
        fold = dict(zip(d := list(dict.fromkeys(caps)), map(_name_key, d)))  # each distinct match once
        keys = list(map(fold.__getitem__, caps))
        vocab, post = self._name_ids, self._npost
        for k in compress(d := list(dict.fromkeys(keys)), map(operator.not_, map(vocab.__contains__, d))):
            if k:
                vocab[k] = len(vocab)
                post.append(array("i"))
                self._name_list.append(k)
        self._ndf.ensure(len(vocab))
        width = len(vocab) + 1
        ids = np.fromiter(map(vocab.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        keep = ids >= 0
        nkey = np.unique(np.repeat(np.arange(n, dtype=np.int64), list(map(len, found)))[keep] * width + ids[keep])
        nids = nkey % width
        noff = np.searchsorted(nkey // width, np.arange(n + 1)).tolist()
        out = {}
        for j, (a, text) in enumerate(zip(todo, texts)):
            when, day, ts, times = _dated(a)
            lo, hi = woff[j], woff[j + 1]
            out[a.id] = Profile(a.id, nids[noff[j]:noff[j + 1]], wids[lo:hi], wcount[lo:hi],
                                frozenset(numbers(text)), when, a.title, None, day, ts, times)
        return out

    def _n1(self) -> float:
        # a floor on the corpus size keeps early articles' terms from all looking rare
        return float(max(len(self.profiles), 20) + 1)

    # -- pair evidence --------------------------------------------------------------
    def gap_days(self, x: Profile, y: Profile) -> float | None:
        """Days between two publication times (aware times compared in UTC, a time without a
        zone as written); whole days less half a day when either has a date only."""
        if x.when is None or y.when is None:
            return None
        tx = x.t or _times(x.when)
        ty = y.t or _times(y.when)
        if tx[4] and ty[4]:
            us = tx[1] - ty[1] if tx[0] and ty[0] else tx[2] - ty[2]
            return abs(us / 10**6) / 86400
        return max(0.0, abs(tx[3] - ty[3]) - 0.5)  # dates only: whole days

    def _cheap(self, p: Profile, qs: list[Profile]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Name overlap, shared figures and tf-idf word cosine of p against each of qs, at once."""
        k = len(qs)
        logn = math.log(self._n1())
        ndf, wdf = self._ndf.a, self._wdf.a
        if not k:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        # p's terms are spread on scratch vectors indexed by term id, so each of qs' terms reads
        # its weight in p with one gather (zero when p lacks it)
        scratch = self._scratch
        if len(scratch) < max(len(ndf), len(wdf)):
            scratch = self._scratch = np.zeros(2 * max(len(ndf), len(wdf)))
        # names: idf-weighted overlap of the smaller name set (specific names count, topic names less)
        seg = np.repeat(np.arange(k), [len(q.names) for q in qs])
        qn = np.concatenate([q.names for q in qs])
        idf_q = logn - self._log1(ndf[qn])
        sy = np.bincount(seg, idf_q, minlength=k)
        sx = float((logn - self._log1(ndf[p.names])).sum())
        scratch[p.names] = 1.0
        shared = np.bincount(seg, idf_q * scratch[qn], minlength=k)
        scratch[p.names] = 0.0
        ov = np.where(shared > 0, shared / np.maximum(1e-9, np.minimum(sx, sy)), 0.0)
        # figures
        nums = np.array([min(len(p.numbers & q.numbers), 4) for q in qs], dtype=np.float64)
        # content words: tf-idf cosine
        wp = _tf(p) * (logn - self._log1(wdf[p.words]))
        normp = math.sqrt(float(wp @ wp))
        seg = np.repeat(np.arange(k), [len(q.words) for q in qs])
        qw = np.concatenate([q.words for q in qs])
        wq = np.concatenate([_tf(q) for q in qs]) * (logn - self._log1(wdf[qw]))
        normq = np.sqrt(np.bincount(seg, wq * wq, minlength=k))
        scratch[p.words] = wp
        dot = np.bincount(seg, wq * scratch[qw], minlength=k)
        scratch[p.words] = 0.0
        tcos = dot / (normp * normq + 1e-9)
        return ov, nums, tcos

    def _bar(self, x: Profile, y: Profile, gap: float | None, vectors: bool) -> float:
        base = self.threshold - (0.0 if vectors else NO_VECTORS)
        if gap is None:
            return base + self.undated_margin
        if gap > self.far_gap_days:
            return base + self.far_margin
        if gap <= self.hot_gap_days and x.when.precise and y.when.precise:
            return base - self.hot_bonus  # within hours: shared names are likelier one event
        return base

    def match(self, x: Profile, y: Profile) -> Match:
        """How strongly two articles read as one event (0 when time rules it out)."""
        gap = self.gap_days(x, y)
        if gap is not None and gap > self.max_gap_days:
            return Match(0.0, [f"published {gap:.0f} days apart"])
        ov, nums, tcos = (float(v[0]) for v in self._cheap(x, [y]))
        score = 0.6 * ov + 0.05 * nums + W_TEXT * tcos
        cos = float(np.dot(x.vec, y.vec)) if x.vec is not None and y.vec is not None else None
        if cos is not None:
            score += 0.5 * max(0.0, cos - 0.2)
        shared = set(x.names.tolist()) & set(y.names.tolist())
        logn, ndf = math.log(self._n1()), self._ndf.a
        top = sorted(shared, key=lambda i: (np.log(ndf[i] + 1.0) - logn, self._name_list[i]))[:4]
        ev = []
        if top:
            ev.append("shared names: " + ", ".join(self._name_list[i] for i in top))
        figures = x.numbers & y.numbers
        if figures:
            ev.append("shared figures: " + ", ".join(sorted(figures)[:4]))
        if cos is not None:
            ev.append(f"lead similarity {cos:.2f}")
        ev.append(f"word overlap {tcos:.2f}")
        ev.append("no publication date on one side" if gap is None else f"published {gap:.1f} days apart")
        return Match(round(score, 3), ev)

    def needed(self, x: Profile, y: Profile) -> float:
        """The score a pair needs: more without a date or days apart; without lead vectors the
        score lacks their share (about 0.15 for one event), so less."""
        return self._bar(x, y, self.gap_days(x, y), x.vec is not None and y.vec is not None)

    # -- candidates -----------------------------------------------------------------
    def _candidates(self, p: Profile) -> list[int]:
        """Indexed articles (numbers) that share p's rarest terms within the time window, best
        first, at most ``shortlist``: an inverted index read rarest term first, within a budget."""
        logn = math.log(self._n1())
        ndf = self._ndf.a[p.names]
        wdf = self._wdf.a[p.words]
        nums = [self._numpost[f] for f in p.numbers if f in self._numpost]
        dfs = np.concatenate([np.minimum(ndf, self.postings_budget + 1), [len(a) for a in nums],
                              np.minimum(wdf, self.postings_budget + 1)]).astype(np.int64)
        # names count double (they weigh most in the score), figures a fixed amount
        wts = np.concatenate([2.0 * (logn - self._log1(ndf)) + 0.5, np.full(len(nums), 0.5),
                              logn - self._log1(wdf)])
        order = np.argsort(dfs, kind="stable")
        order = order[dfs[order] > 0]
        if not len(order):
            return []
        within = np.cumsum(dfs[order]) <= self.postings_budget
        within[0] = True
        order = order[within]
        # postings by position (names, then figures, then words), looked up in C
        posts = list(map(self._npost.__getitem__, p.names.tolist()))
        posts += nums
        posts += map(self._wpost.__getitem__, p.words.tolist())
        posts = list(map(posts.__getitem__, order.tolist()))
        found = np.frombuffer(b"".join(posts), dtype=np.int32)
        weight = np.repeat(wts[order], list(map(len, posts)))
        if p.day != _NO_DAY:
            days = self._days.a[found]  # int32: only an undated article's marker wraps (let through)
            near = (days == _NO_DAY) | (np.abs(days - p.day) <= math.ceil(self.max_gap_days) + 2)
            found, weight = found[near], weight[near]
        if not len(found):
            return []
        uniq, acc = _tally(found, weight)
        if len(uniq) > self.shortlist:
            top = np.argpartition(-acc, self.shortlist - 1)[:self.shortlist]
            uniq, acc = uniq[top], acc[top]
        return uniq[np.lexsort((uniq, -acc))].tolist()

    def _vectors(self, ps: list[Profile]) -> None:
        """Lead vectors for the profiles that lack one, in one encoder call."""
        todo = list({q.id: q for q in ps if q.vec is None}.values())
        if not todo or not self.embeddings:
            return
        vecs = {q.id: self._leads.pop(q.id) for q in todo if q.id in self._leads}
        texts = [(q.id, lead(self.articles[q.id])) for q in todo
                 if q.id not in vecs and q.id in self.articles]
        if texts:
            vecs.update(zip((i for i, _ in texts), self._encode([t for _, t in texts])))
        for q in todo:
            if q.id in vecs:
                q.vec = np.asarray(vecs[q.id], dtype=np.float32)
                self.encoded += 1

    def _score(self, p: Profile, qs: list[Profile], margins: list[float] | None = None,
               members: list[list[Profile] | None] | None = None,
               gaps: list[float | None] = ()) -> list[tuple[float, float]]:
        """(score, bar) of p against each of qs (articles, or stories as a whole with their
        ``margins`` and the ``members`` that give their lead vector); 0 when time rules a pair
        out. Lead vectors are used (and computed, all at once) only for pairs the cheap signals
        leave within ``band`` of the bar. ``gaps``: the publication gaps of the first of qs, if
        known."""
        if not qs:
            return []
        ov, nums, tcos = self._cheap(p, qs)
        cheap = 0.6 * ov + 0.05 * nums + W_TEXT * tcos
        out = []
        for j, (q, s) in enumerate(zip(qs, cheap.tolist())):
            gap = gaps[j] if j < len(gaps) else self.gap_days(p, q)
            if gap is not None and gap > self.max_gap_days:
                out.append((0.0, math.inf))
            else:
                out.append((s, self._bar(p, q, gap, False) + (margins[j] if margins else 0.0)))
        near = [j for j, (s, bar) in enumerate(out) if self.embeddings and abs(s - bar) < self.band]
        if near:
            story = [members[j] if members else None for j in range(len(qs))]
            self._vectors([p] + [m for j in near for m in (story[j] or [qs[j]])])
            for j in near:
                s, bar = out[j]
                # a story as a whole: the mean of its members' lead vectors
                vq = self._story_vector(qs[j].id) if story[j] is not None else qs[j].vec
                if p.vec is not None and vq is not None:
                    out[j] = (s + 0.5 * max(0.0, float(np.dot(p.vec, vq)) - 0.2), bar + NO_VECTORS)
        return [(round(s, 3), bar) for s, bar in out]

    # -- stories as a whole -----------------------------------------------------------
    def _whole(self, sid: str, p: Profile) -> Profile:
        """The members of a story as one profile, dated like the member closest in time to p;
        the terms are merged as members arrive, not recomputed. Beyond two members only the
        names and figures that recur in the story speak for it: the union of a big story's
        names would match nearly any article on its topic, and the story would snowball."""
        mem = self.members[sid]
        agg = self._agg.get(sid)
        if agg is None:
            agg = self._agg[sid] = [None, 0, np.zeros(0, np.int64), np.zeros(0), Counter()]
        whole, done, nid, ncount, figures = agg
        if done < len(mem):
            ps = [self.profiles[m] for m in mem[done:]]
            nid, ncount = _tally(np.concatenate([nid] + [q.names for q in ps]),
                                 np.concatenate([ncount, np.ones(sum(len(q.names) for q in ps))]))
            for q in ps:
                figures.update(q.numbers)
            if whole is not None:
                ps.append(whole)
            wid, cnt = _tally(np.concatenate([q.words for q in ps]), np.concatenate([q.counts for q in ps]))
            core = 1 if len(mem) <= 2 else 2
            whole = Profile(sid, nid[ncount >= core], wid, cnt,
                            frozenset(f for f, c in figures.items() if c >= core), None, None)
            agg[:] = [whole, len(mem), nid, ncount, figures]
        dated_like = None  # the member whose time the whole takes
        if p.when is not None and len(mem) <= 32:  # few members: plain Python beats numpy calls
            best = math.inf
            for m in mem:
                q = self.profiles[m]
                if q.day != _NO_DAY and abs(q.ts - p.ts) < best:
                    best, dated_like = abs(q.ts - p.ts), q
        elif p.when is not None:
            nums = np.fromiter(map(self._num.__getitem__, mem), dtype=np.int64, count=len(mem))
            dated = self._days.a[nums] != _NO_DAY
            if dated.any():
                k = int(np.argmin(np.where(dated, np.abs(self._ts.a[nums] - p.ts), np.inf)))
                dated_like = self.profiles[mem[k]]
        elif all(self.profiles[m].when is not None for m in mem):
            dated_like = self.profiles[mem[0]]
        if dated_like is None:
            return Profile(sid, whole.names, whole.words, whole.counts, whole.numbers, None, None,
                           tf=_tf(whole))
        return Profile(sid, whole.names, whole.words, whole.counts, whole.numbers, dated_like.when,
                       None, t=dated_like.t, tf=_tf(whole))

    def _story_vector(self, sid: str) -> np.ndarray | None:
        vecs = [v for v in (self.profiles[m].vec for m in self.members[sid]) if v is not None]
        if not vecs:
            return None
        v = np.mean(vecs, axis=0)
        return v / (np.linalg.norm(v) + 1e-12)

    # -- assignment -----------------------------------------------------------------
    def add(self, article: Article, relations: Iterable[Relation] = (), vec: np.ndarray | None = None,
            profile: Profile | None = None) -> str:
        """Assign one article to a story and return the story id.

        ``relations`` are the article's reuse relations; those to articles not yet in the index
        are ignored now and count when the other article arrives. ``vec`` is the article's lead
        vector if already at hand (used only if the cascade asks for it). ``profile`` is the
        article's profile if computed with its batch (``_profiles``).
        """
        if article.id in self.story_of:
            return self.story_of[article.id]
        p = profile or self.profile(article)
        if vec is not None:
            self._leads[article.id] = vec
        self.articles[article.id] = article
        linked = []
        for r in relations:
            if r.kind == "same-story" or article.id not in (r.a, r.b):
                continue
            other = r.b if r.a == article.id else r.a
            if other in self.story_of:
                self.reuse.add(frozenset((article.id, other)))
                linked.append(self.story_of[other])
        best = None if linked or not self.profiles else self._best(p)
        self._index(p)
        if linked:
            sid = min(linked, key=self._rank.__getitem__)
            for other in sorted(set(linked) - {sid}, key=self._rank.__getitem__):
                self._merge(sid, other)
        elif best is not None:
            sid, member, score = best
            self.best[article.id] = (member, score)
        else:
            sid = f"story:{article.id}"
            self.members[sid] = []
            self._rank[sid] = len(self._rank)
        self.members[sid].append(article.id)
        self.story_of[article.id] = sid
        return sid

    def _best(self, p: Profile) -> tuple[str, str, float] | None:
        """The story p joins by text evidence: its best-scoring member above the bar, or a story
        as a whole (a new angle on an event shares a little with each report of it)."""
        cands, gaps = [], []
        for i in self._candidates(p):
            q = self.profiles[self._order[i]]
            gap = self.gap_days(p, q)
            if not (gap or 0.0) > self.max_gap_days:
                cands.append(q)
                gaps.append(gap)
        if not cands:
            return None
        by_story: dict[str, list[Profile]] = {}
        for q in cands:
            by_story.setdefault(self.story_of[q.id], []).append(q)
        sids = sorted(by_story, key=self._rank.__getitem__)
        big = [sid for sid in sids if len(self.members[sid]) > 1]
        qs = cands + [self._whole(sid, p) for sid in big]
        margins = [0.0] * len(cands) + [STORY_MARGIN] * len(big)
        members = [None] * len(cands) + [by_story[sid] for sid in big]
        scores = dict(zip(range(len(qs)), self._score(p, qs, margins, members, gaps)))
        at = {q.id: j for j, q in enumerate(cands)}
        whole_at = {sid: len(cands) + j for j, sid in enumerate(big)}
        best = None  # (score, sid, member)
        for sid in sids:
            entries = [(q, scores[at[q.id]]) for q in by_story[sid]]
            for q, (s, bar) in entries:
                if s >= bar and (best is None or s > best[0]):
                    best = (s, sid, q.id)
            if sid in whole_at:
                s, bar = scores[whole_at[sid]]
                if s >= bar and (best is None or s > best[0]):
                    near = max(entries, key=lambda e: e[1][0])[0]
                    best = (s, sid, near.id)
        return None if best is None else (best[1], best[2], best[0])

    def _index(self, p: Profile) -> None:
        n = len(self._order)
        self._order.append(p.id)
        self.profiles[p.id] = p
        self._days.ensure(n + 1)[n] = p.day
        self._ts.ensure(n + 1)[n] = p.ts
        self._num[p.id] = n
        self._ndf.a[p.names] += 1
        self._wdf.a[p.words] += 1
        # a term in more articles than the postings budget is never read: stop listing them
        # (none is while the index holds no more articles than the budget)
        ndf, wdf, budget = self._ndf.a, self._wdf.a, self.postings_budget
        for post, ids in ((self._npost, p.names if n < budget else p.names[ndf[p.names] <= budget]),
                          (self._wpost, p.words if n < budget else p.words[wdf[p.words] <= budget])):
            deque(map(array.append, map(post.__getitem__, ids.tolist()), repeat(n)), maxlen=0)
        for f in p.numbers:
            self._numpost.setdefault(f, array("i")).append(n)

    def _merge(self, keep: str, gone: str) -> None:
        for aid in self.members.pop(gone):
            self.story_of[aid] = keep
            self.members[keep].append(aid)
        self._agg.pop(gone, None)

    # -- results --------------------------------------------------------------------
    def stories(self) -> list[Story]:
        return [Story(sid, self.label(mem), list(mem)) for sid, mem in self.members.items()]

    def _text(self, aid: str) -> str:
        a = self.articles.get(aid)
        return "" if a is None else f"{a.title or ''}. {(a.text or '')[:2000]}"

    def label(self, members: list[str]) -> str:
        """The names most members share, most specific first, as written ("Marit Okstad");
        a lone article (or a story without shared names) is labelled by its title."""
        if len(members) > 1:
            count: Counter = Counter()
            for aid in members:
                count.update(self.profiles[aid].names.tolist())
            logn, names = math.log(self._n1()), self._name_list
            shared = [i for i, c in count.items() if c >= 2]
            weight = {i: -count[i] * (logn - math.log(df + 1.0))
                      for i, df in zip(shared, self._ndf.a[shared].tolist())}
            ranked = sorted(shared, key=lambda i: (weight[i], names[i]))
        if len(members) == 1 or not ranked:
            title = next((self.profiles[a].title for a in members if self.profiles[a].title), None)
            if not title:  # no headline: the first sentence
                title = _SENT_END.split(self._text(members[0]).lstrip(". ").strip(), 1)[0]
            if title:
                return title if len(title) <= 80 else title[:77].rsplit(" ", 1)[0] + "..."
            if len(members) == 1:
                return members[0]
        text = " ".join(self._text(a) for a in members[:3])
        shown: list[str] = []
        runs = _NameRuns(text)
        for i in ranked:
            run = runs.get(self._name_list[i])
            if any(_fold(run) in _fold(x) or _fold(x) in _fold(run) for x in shown):
                continue
            shown.append(run)
            if len(shown) == 3:
                break
        return ", ".join(shown) or members[0]

    def same_story_relations(self, cap: int = 5) -> list[Relation]:
        """same-story relations between members of a story that share no text.

        In a story of up to ``cap`` articles: every pair without a reuse relation. In a bigger
        one: only enough to connect it, each group of articles linked by reuse joined to the
        groups before it by the match that brought one of its articles in (so a big story costs
        a few relations, not n^2).
        """
        groups = _Groups()
        for pair in self.reuse:
            groups.union(*pair)
        out = []
        for sid, mem in self.members.items():
            if len(mem) < 2:
                continue
            if len(mem) <= cap:
                pairs = [(x, y) for i, x in enumerate(mem) for y in mem[i + 1:]
                         if frozenset((x, y)) not in self.reuse]
            else:
                pairs = self._connecting_pairs(mem, groups)
            for x, y in pairs:
                m = self.match(self.profiles[x], self.profiles[y])
                out.append(Relation(a=x, b=y, kind="same-story", coverage={"a": 0.0, "b": 0.0},
                                    lineage=Lineage("unknown", None, 0.0, m.evidence),
                                    passages=[], score=m.score))
        return out

    def _connecting_pairs(self, mem: list[str], groups: "_Groups") -> list[tuple[str, str]]:
        at = {x: i for i, x in enumerate(mem)}
        pairs = []
        for x in mem:  # arrival order: each article that joined by a match links its group
            joined = self.best.get(x)
            y = joined[0] if joined else None
            if y is None or y not in at or groups.find(x) == groups.find(y):
                continue
            groups.union(x, y)
            pairs.append((y, x) if at[y] < at[x] else (x, y))
        first = mem[0]
        for x in mem:  # a group left apart (not expected): linked to the first member
            if groups.find(x) != groups.find(first):
                groups.union(x, first)
                pairs.append((first, x))
        return pairs


class _Groups:
    """Union-find over article ids (groups of articles linked by reuse)."""

    def __init__(self):
        self.up: dict[str, str] = {}

    def find(self, x: str) -> str:
        up = self.up
        root = x
        while up.get(root, root) != root:
            root = up[root]
        while x != root:
            up[x], x = root, up[x]
        return root

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.up[rx] = ry


def _tally(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids (sorted) and the sum of their weights, summed in the given order: what
    np.unique(ids, return_inverse=True) and np.bincount give, in fewer calls."""
    if not len(ids):
        return ids, np.zeros(0)
    s = np.sort(ids)
    uniq = s[np.concatenate(([True], s[1:] != s[:-1]))]
    return uniq, np.bincount(np.searchsorted(uniq, ids), weights, minlength=len(uniq))


_CAP = r"[^\W\d_a-z][\w'’-]*"
# runs of up to five capitalised words (a name with the words around it); starting with the word
# itself lets the scan skip ahead to capitals
_CAP_RUN = re.compile(rf"{_CAP}(?:\s+{_CAP}){{0,4}}")
_RUN_KEYS: dict[str, tuple[str, bool]] = {}  # word -> (its name key, a name word), folded once


def _run_key(w: str) -> tuple[str, bool]:
    k = _RUN_KEYS.get(w)
    if k is None:
        if len(_RUN_KEYS) >= _KEYS_MAX:
            _RUN_KEYS.clear()
        k = _RUN_KEYS[w] = (_fold(_POSSESSIVE.sub("", w)).strip("'-"), _fold(w) not in _NOT_NAMES)
    return k


class _NameRuns:
    """Names as written in a text with the capitalised words around them ('Marit Okstad'),
    read from the start as far as the names asked for need."""

    def __init__(self, text: str):
        self.runs = _CAP_RUN.finditer(text)
        self.first: dict[str, str] = {}

    def get(self, folded: str) -> str:
        first = self.first
        while folded not in first:
            m = next(self.runs, None)
            if m is None:
                return folded[:1].upper() + folded[1:]
            words = m.group(0).split()
            keys = [_run_key(w) for w in words]
            for i, (key, _) in enumerate(keys):
                if key in first:
                    continue
                lo, hi = i, i + 1
                while lo > 0 and keys[lo - 1][1]:
                    lo -= 1
                while hi < len(words) and keys[hi][1]:
                    hi += 1
                first[key] = _POSSESSIVE.sub("", " ".join(words[lo:hi]))
        return first[folded]


def _name_run(folded: str, text: str) -> str:
    """The name as written in the text with the capitalised words around it ('Marit Okstad')."""
    return _NameRuns(text).get(folded)


def cluster(articles: list[Article], relations: list[Relation] | Later, index: StoryIndex | None = None,
            **options) -> tuple[list[Story], list[Relation]]:
    """Stories of a batch and the same-story relations between members that share no text.

    Articles are added to a ``StoryIndex`` in the given order (the same answer as adding them
    one by one as they arrive). Options are ``StoryIndex`` parameters. ``relations`` may be a
    ``parallel.Later``: the articles are profiled first, while the relations are still found.
    """
    index = index or StoryIndex(**options)
    # The stage allocates many small containers and makes no reference cycles: the cyclic
    # collector would only walk the caller's whole heap again and again (a tenth of the time at
    # 10k), so it pauses for the batch and is restored as it was.
    with no_gc():
        profiles = index._profiles(articles)
        by_article: dict[str, list[Relation]] = {}
        for r in value(relations):
            if r.kind == "same-story":
                continue
            by_article.setdefault(r.a, []).append(r)
            by_article.setdefault(r.b, []).append(r)
        for a in articles:
            index.add(a, by_article.get(a.id, ()), profile=profiles.get(a.id))
        return index.stories(), index.same_story_relations()
