"""Drift: meaning-bearing edits between aligned passages and between the variants of a
quote: hedges, numbers, dates (relative dates resolved against publication dates), names,
negation, loaded labels, word swaps that change the sense, and re-worded quotes.

``detect(articles, relations, quotes)`` is the pipeline stage; ``compare_texts`` runs the
same checks on two strings.
"""
from __future__ import annotations

import re
from functools import lru_cache
from os.path import commonprefix

from rapidfuzz import fuzz

from ..model import Article, Drift, Quote, Relation
from ..parallel import no_gc
from ..quotes.normalize import same_wording
from . import lexicon
from .checks import Side, Stretch, attached, compare, has_phrase, may_drift, phrase
from .dates import published_date
from .tokens import WORD, Words, _forms, diff_keys, trie_pattern

__all__ = ["detect", "passage_drift", "quote_drift", "merge", "compare_texts"]


def _name(article_id: str) -> str:
    return article_id.split("_")[0] if "_" in article_id else article_id


def _side(art: Article, lo: int, hi: int) -> Side:
    return Side(art.id, art.text, lo, hi, _published(art.published), _name(art.id), _lang(art))


_published = lru_cache(maxsize=4096)(published_date)


# The per-run memos below hold words of passages and whole articles: kept for all of a 100k
# corpus they took gigabytes. Copies of a story are related to one another in runs of
# neighbouring relations, so a bounded memo of the recent ones keeps nearly every hit.
MEMO_MAX = 20_000
WHOLE_MAX = 2_000


class _Recent(dict):
    """A dict that forgets its oldest entries once it holds ``limit`` (insertion order)."""

    def __init__(self, limit: int = MEMO_MAX):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value):
        if len(self) >= self.limit:
            for old in list(self)[: self.limit // 4]:
                del self[old]
        super().__setitem__(key, value)


def detect(articles: list[Article], relations: list[Relation], quotes: list[Quote]) -> list[Drift]:
    """Drift between the aligned passages of reuse relations and between quote variants.

    The two halves are independent (``passage_drift`` needs no quotes), so a pipeline may run
    them apart, the first while the quotes are still being linked, and ``merge`` them."""
    return merge(passage_drift(articles, relations), quote_drift(articles, relations, quotes))


def merge(*found: list[Drift]) -> list[Drift]:
    """The findings of several lists in order, each (pair, type, wording) once."""
    out, seen = [], set()
    for findings in found:
        for x in findings:
            key = (x.a, x.b, x.type, x.a_text.casefold(), x.b_text.casefold())
            if key not in seen:
                seen.add(key)
                out.append(x)
    return out


class _Findings:
    """Findings of one run, each (pair, type, wording) once; stretches tokenised once."""

    def __init__(self):
        self.out: list[Drift] = []
        self.seen: set = set()
        # A passage of a wire story recurs in every relation of its copies, a quote in every
        # pair of the articles that carry it: tokenise each stretch once. The same text in
        # another copy shares its words, dates and numbers (a side reads its text alone).
        self.sides = _Recent()
        self.texts = _Recent()

    def add(self, a_id, b_id, finding) -> None:
        typ, at, bt, note = finding
        key = (a_id, b_id, typ, at.casefold(), bt.casefold())
        if key not in self.seen:
            self.seen.add(key)
            self.out.append(Drift(a_id, b_id, typ, at, bt, note))

    def side(self, art: Article, lo: int, hi: int) -> Side:
        key = (art.id, lo, hi)
        if key not in self.sides:
            text = art.text[lo:hi]
            if text not in self.texts:
                self.texts[text] = Stretch(text)
            self.sides[key] = Side(art.id, text, 0, len(text), _published(art.published),
                                   _name(art.id), _lang(art), self.texts[text])
        return self.sides[key]


def _reuse(relations: list[Relation], by_id: dict):
    """(relation, its direction or None) for the reuse relations between known articles."""
    for r in relations:
        if r.kind == "same-story" or r.a not in by_id or r.b not in by_id:
            continue
        yield r, (r.lineage.type if r.lineage and r.lineage.type in ("a-from-b", "b-from-a")
                  else None)


def passage_drift(articles: list[Article], relations: list[Relation]) -> list[Drift]:
    """Drift between the aligned passages of reuse relations (and loaded labels attached to
    a name in one article of a pair only)."""
    with no_gc():  # words and memos make no reference cycles: no collection over the corpus
        return _passage_drift(articles, relations)


def _passage_drift(articles: list[Article], relations: list[Relation]) -> list[Drift]:
    by_id = {a.id: a for a in articles}
    run = _Findings()
    out, add, side = run.out, run.add, run.side
    whole: _Recent = _Recent(WHOLE_MAX)

    def labelled(art: Article) -> _Labelled:
        if art.id not in whole:
            whole[art.id] = _Labelled(art)
        return whole[art.id]

    # Identical copies of one article make the same pair of passage texts recur across
    # relations: the pre-check reads only the texts, the checks only the stretches, their
    # publication dates, languages and (when the direction is unknown) article names.
    movable: _Recent = _Recent()
    found: _Recent = _Recent()
    for r, d in _reuse(relations, by_id):
        a, b = by_id[r.a], by_id[r.b]
        first = len(out)  # this relation's findings start here
        for p in r.passages:
            ta, tb = a.text[p.a[0]:p.a[1]], b.text[p.b[0]:p.b[1]]
            if ta == tb:
                continue  # a verbatim copy: nothing changed (the bulk of passages)
            (a0, a1), (b0, b1) = p.a, p.b
            translated = p.kind == "translation"
            if not translated:
                if (ta, tb) not in movable:
                    movable[ta, tb] = may_drift(ta, tb)
                if not movable[ta, tb]:
                    continue  # only plain words changed: no check would fire
                cut_lo, cut_hi = _unchanged_ends(ta, tb)
                a0, a1, b0, b1 = a0 + cut_lo, a1 - cut_hi, b0 + cut_lo, b1 - cut_hi
            key = (a.text[a0:a1], b.text[b0:b1], d, translated, _published(a.published),
                   _published(b.published), _lang(a), _lang(b),
                   None if d else (_name(a.id), _name(b.id)))
            if key not in found:
                found[key] = compare(side(a, a0, a1), side(b, b0, b1), d, translated=translated)
            for f in found[key]:
                add(r.a, r.b, f)
        for f in _article_labels(labelled(a), labelled(b), d):
            tag = f[3].split("'")[1]  # the label word
            if not any(x.type == "label" and f"'{tag}'" in x.note for x in out[first:]):
                add(r.a, r.b, f)
    return out


def quote_drift(articles: list[Article], relations: list[Relation], quotes: list[Quote]
                ) -> list[Drift]:
    """Re-worded quotes: drift between the variants of a quote in articles of one language,
    oriented as the reuse relation between them says."""
    with no_gc():  # words and memos make no reference cycles: no collection over the corpus
        return _quote_drift_all(articles, relations, quotes)


def _quote_drift_all(articles: list[Article], relations: list[Relation], quotes: list[Quote]
                     ) -> list[Drift]:
    by_id = {a.id: a for a in articles}
    direction = {(r.a, r.b): d for r, d in _reuse(relations, by_id)}
    run = _Findings()
    worded: _Recent = _Recent()  # the re-worded parts of two texts
    for q in quotes:
        if not q.changed:
            continue
        arts = list(dict.fromkeys(v.article for v in q.variants))
        for i, x in enumerate(arts):
            for y in arts[i + 1:]:
                if (y, x) in direction:
                    x, y = y, x
                if x in by_id and y in by_id and _lang(by_id[x]) == _lang(by_id[y]):
                    # a translated quote is not a re-worded one
                    for f in _quote_drift(q, by_id[x], by_id[y], direction.get((x, y)),
                                          run.side, worded):
                        run.add(x, y, f)
    return run.out


_CONTEXT_SENTENCES = 2


def _unchanged_ends(ta: str, tb: str) -> tuple[int, int]:
    """Characters to cut from the start and the end of both sides of a passage: the same
    text there, less a couple of sentences kept around the edits for context (the checks
    read neighbouring words: a number's unit, a hedge said elsewhere in the sentence)."""
    head = len(commonprefix([ta, tb]))
    n = min(len(ta), len(tb)) - head
    tail = 0
    while tail < n and ta[-1 - tail] == tb[-1 - tail]:
        tail += 1
    lo = head
    for _ in range(_CONTEXT_SENTENCES):
        lo = max(ta.rfind(". ", 0, lo), ta.rfind("\n", 0, lo))
        if lo < 0:
            lo = 0
            break
    lo = lo + 1 if lo > 0 else 0
    hi = len(ta) - tail  # first unchanged character at the end, in ta
    for _ in range(_CONTEXT_SENTENCES):
        nxt = [x for x in (ta.find(". ", hi + 1), ta.find("\n", hi + 1)) if x >= 0]
        if not nxt:
            hi = len(ta)
            break
        hi = min(nxt)
    hi = min(len(ta), hi + 1)
    cut_hi = len(ta) - hi
    return lo, max(0, min(cut_hi, tail))


def _lang(a: Article) -> str:
    return (a.language or "").split("-")[0].lower()


_QUOTE_KINDS = frozenset(("hedge", "meaning", "number", "negation", "entity"))


def _reworded(ta: str, tb: str) -> tuple[list[str], list[str]] | None:
    """The re-worded parts of two wordings of a quote (with a little context), or None
    when they differ only in marks, case, spelling and contractions."""
    if ta == tb or same_wording(ta, tb):
        return None
    wa, wb = Words(ta), Words(tb)
    parts_a, parts_b = [], []
    for op in diff_keys(wa.keys, wb.keys):
        pa = ta[wa.starts[op.a0]:wa.ends[op.a1 - 1]] if op.a1 > op.a0 else ""
        pb = tb[wb.starts[op.b0]:wb.ends[op.b1 - 1]] if op.b1 > op.b0 else ""
        if same_wording(pa, pb):
            continue  # contractions and spelling
        parts_a.append(phrase(wa, op.a0, op.a1, 1, 2) if pa else "")
        parts_b.append(phrase(wb, op.b0, op.b1, 1, 2) if pb else "")
    if not parts_a and not parts_b:
        return None
    return parts_a, parts_b


def _quote_drift(q: Quote, a: Article, b: Article, direction, side, worded):
    va = [v for v in q.variants if v.article == a.id]
    vb = [v for v in q.variants if v.article == b.id]
    ta, tb = " ".join(v.text for v in va), " ".join(v.text for v in vb)
    if ta == tb:
        return []  # the same wording (most pairs of a quote's copies)
    if (ta, tb) not in worded:  # the same two wordings recur across pairs of copies
        worded[ta, tb] = _reworded(ta, tb)
    got = worded[ta, tb]
    if got is None:
        return []
    parts_a, parts_b = got
    at = " … ".join(p for p in parts_a[:6] if p)
    bt = " … ".join(p for p in parts_b[:6] if p)
    who = f" by {q.speaker}" if q.speaker else ""
    first = next((i for i in range(len(parts_a)) if parts_a[i] and parts_b[i]), 0)
    findings = [("quote", at, bt, f"quote{who} reworded: '{parts_b[first] or '…'}' ({_name(b.id)}) -> "
                 f"'{parts_a[first] or '…'}' ({_name(a.id)})" if direction != "b-from-a" else
                 f"quote{who} reworded: '{parts_a[first] or '…'}' -> '{parts_b[first] or '…'}'")]
    # the finer checks (hedge, meaning, number…) on the best-matching variant pairs
    for v in va:
        w = max(vb, key=lambda w: fuzz.ratio(v.text, w.text))
        # these checks read only the two stretches (and the article names when the
        # direction is unknown): the same two wordings in another pair give the same findings
        xa, xb = a.text[v.span[0]:v.span[1]], b.text[w.span[0]:w.span[1]]
        if xa == xb:
            continue  # the same words: nothing to find
        key = ("compare", xa, xb, direction, _lang(a), _lang(b),
               (_name(a.id), _name(b.id)) if direction not in ("a-from-b", "b-from-a") else None)
        if key not in worded:
            worded[key] = compare(side(a, *v.span), side(b, *w.span), direction, kinds=_QUOTE_KINDS)
        findings += worded[key]
    return findings


class _Labelled:
    """One article's words (lower-cased) with its loaded labels and the names they are
    attached to, computed once per article. Word objects with offsets are made only for a
    few words around a label or a name shown next to one, not for the whole article."""

    MARGIN = 8  # words either side of a label: room for the name it is attached to

    def __init__(self, art: Article):
        self.art = art
        self._low = None
        self._spans = None
        self._kept = None
        self._first = None
        self._has: dict[tuple, bool] = {}
        self.labels = []  # (window Side, start, end in it, phrase, name)
        self.folded = folded = art.text.casefold().replace("’", "'")
        if not _label_starts().search(folded):
            return  # no label's first word at all (most articles): one regex pass, no words
        words = self.low if self._in_place else WORD.findall(folded)  # the folded text's words
        if not lexicon.may_hold_label(set(words), _lang(art)):
            return  # no label of its language: no need for the words' offsets
        for s, e in lexicon.find_phrases(self.low, lexicon.labels(), _lang(art)):  # words only: cheap
            win, w0 = self.window(s, e)
            name = attached(win, s - w0, e - w0)
            if name:
                self.labels.append((win, s - w0, e - w0, tuple(self.low[s:e]), name))

    @property
    def _in_place(self) -> bool:
        """Case folding kept every character in place and in its word class: the words of
        the folded text are the folded words, at the same offsets."""
        if self._kept is None:
            text, folded = self.art.text, self.folded
            self._kept = len(folded) == len(text) and all(map(_folds_alike, set(text)))
        return self._kept

    def _words(self) -> None:
        if self._in_place:
            self._low = WORD.findall(self.folded)  # one regex pass, no call per word
        else:
            ms = list(WORD.finditer(self.art.text))
            self._low = [f[0] for f in map(_forms, map(re.Match.group, ms))]
            self._spans = list(map(re.Match.span, ms))

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The words' offsets, found only for an article with a label to show."""
        if self._spans is None:
            self.low  # noqa: B018 - the words first
            if self._spans is None:
                self._spans = list(map(re.Match.span, WORD.finditer(self.folded)))
        return self._spans

    @property
    def low(self) -> list[str]:
        if self._low is None:
            self._words()
        return self._low

    @property
    def first(self) -> dict[str, int]:
        if self._first is None:
            low = self.low  # later words first, so each word keeps its first index
            self._first = dict(zip(reversed(low), range(len(low) - 1, -1, -1)))
        return self._first

    def window(self, i0: int, i1: int) -> tuple[Side, int]:
        """A Side over words [i0 - MARGIN, i1 + MARGIN) and the index of its first word."""
        spans = self.spans
        w0 = max(0, i0 - self.MARGIN)
        w1 = min(len(spans), i1 + self.MARGIN)
        return _side(self.art, spans[w0][0], spans[w1 - 1][1]), w0

    def has(self, ph: tuple) -> bool:
        if ph not in self._has:  # a word missing from the text: no need for the words
            self._has[ph] = all(w in self.folded for w in ph) and has_phrase(self.low, ph)
        return self._has[ph]

    def names(self, word: str) -> bool:
        """Whether the case-folded ``word`` is one of the article's words."""
        return word in self.folded and word in self.first


def _article_labels(a: _Labelled, b: _Labelled, direction):
    """Loaded labels attached to a name in one article whose other version names the same
    person or group without the label (the label may sit outside any aligned passage)."""
    out = []
    if not a.labels and not b.labels:
        return out
    for x, y, is_a in ((a, b, True), (b, a, False)):
        for win, s, e, ph, name in x.labels:
            if y.has(ph):
                continue
            last = name.split()[-1].casefold()
            if not y.names(last):
                continue  # the other version does not name it: nothing to compare
            at = y.first[last]
            ywin, y0 = y.window(at, at + 1)
            xt = phrase(win, s, e, 1, len(name.split()))
            yt = phrase(ywin, at - y0, at - y0 + 1, 3, 0)
            label = " ".join(ph)
            if direction is None:
                note = f"label '{label}' attached to {name} in {_name(x.art.id)}, not in {_name(y.art.id)}"
            else:
                src_is_y = (direction == "a-from-b") == is_a
                note = f"label '{label}' {'added' if src_is_y else 'dropped'}: {name}"
            out.append(("label", xt, yt, note) if is_a else ("label", yt, xt, note))
    return out


@lru_cache(maxsize=4096)
def _folds_alike(ch: str) -> bool:
    """``ch`` case-folds (and ’ -> ') to one character of the same word class."""
    f = "'" if ch == "’" else ch.casefold()
    return len(f) == 1 and (f.isalnum() == ch.isalnum()) and (f == "_") == (ch == "_")


@lru_cache(maxsize=1)
def _label_starts() -> re.Pattern:
    """Any label's first word standing as a whole word in case-folded text: a test that
    lets through every text whose words could hold a label (and a few more), as a trie so
    one pass over the text costs about as little as a plain search."""
    return re.compile(r"(?<![^\W_])" + trie_pattern(lexicon.label_index()) + r"(?![^\W_])")


def compare_texts(a: str, b: str, published_a: str | None = None, published_b: str | None = None):
    """Drift findings between two texts taken as one aligned passage (a convenience for
    tests, notebooks and the CLI)."""
    sa = Side("a", a, 0, len(a), published_date(published_a), "a")
    sb = Side("b", b, 0, len(b), published_date(published_b), "b")
    return [Drift("a", "b", *f) for f in compare(sa, sb)]
