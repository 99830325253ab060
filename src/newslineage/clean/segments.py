"""The second pass of the furniture model: which blocks of the kept text are the article.

The line model judges each line by its own shape and its neighbours, so a comment thread,
a list of teasers ("headline / one-paragraph summary" again and again) or a stack of
related posts written as full prose paragraphs reads as body, line by line. What gives
them away is the block they form: where it sits against the title and the largest block
of prose, how much of the page's kept text it holds, how sure the line model was of its
lines, how often short heads, date lines and cut-off teasers ("...") break it up, and how much
of its vocabulary it shares with the largest block and the title (an article cut into
blocks by widgets shares its words; a thread or teasers under it share fewer). So the
lines the first pass kept are grouped into segments (kept lines with at most ``GAP``
removed lines between them), each segment gets a row of such features, and a small
logistic model over those rows, fitted by ``tools/train_furniture.py`` with everything
chosen by cross-validation grouped by web site, removes the segments it scores at its
threshold or more. The segment it scores lowest always stays: a page is not left empty
on the strength of a model fitted on 80 pages.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .lines import Line
from .logistic import Logistic

# Removed lines a segment may hold between two kept ones (an ad slot, a caption, a
# "Continue reading" link inside the article): chosen with the model by grouped CV
# ({1, 3, 6}: 3 scored best of the three).
GAP = 3

SEGMENT_FEATURES = (
    "log_words", "page_share", "largest", "mean_p", "max_p", "dates", "short_share",
    "words_per_prose", "from_title", "gap_before", "cut_off",
    "before_share", "order", "removed_inside", "pattern", "after_share",
    "main_words", "main_grams", "title_words",
)
_READABLE = {
    "log_words": "a small block", "page_share": "a small share of the page",
    "largest": "not the largest block", "mean_p": "lines the model doubted",
    "max_p": "a line the model was sure of", "dates": "date lines between paragraphs",
    "short_share": "short heads between paragraphs", "words_per_prose": "paragraph length",
    "from_title": "far from the title", "gap_before": "after a stretch of furniture",
    "cut_off": "cut-off teasers",
    "before_share": "kept text above it", "order": "late on the page",
    "removed_inside": "furniture between its paragraphs", "pattern": "recurring heads",
    "after_share": "kept text below it",
    "main_words": "words unlike the main block", "main_grams": "spelling unlike the main block",
    "title_words": "words unlike the title",
}
# A short line holding a year, a clock time or "ago": comment heads, teaser dates.
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\bago\b", re.I)
_DIGITS = re.compile(r"\d+")
# A short line whose shape (digits masked) recurs this often on the page is a head of a
# repeated item: "Alex on September 17, 2018 at 6:34 am said:", "Reply", "Rating: 9 Votes".
PATTERN_MIN = 3
_WORD = re.compile(r"\w+", re.U)


def _counts(c: Counter) -> tuple[Counter, float]:
    """Counts with their norm, for cosines."""
    return c, math.sqrt(sum(v * v for v in c.values()))


def _cosine(a: tuple[Counter, float], b: tuple[Counter, float]) -> float:
    (ca, na), (cb, nb) = a, b
    if not na or not nb:
        return 0.0
    if len(ca) > len(cb):
        ca, cb = cb, ca
    return sum(v * cb.get(k, 0) for k, v in ca.items()) / (na * nb)


def _vocabulary(text: str) -> tuple[tuple[Counter, float], tuple[Counter, float]]:
    """Counts of a block's words of 3+ letters and of its character 4-grams (folded words,
    space-joined): the 4-grams carry inflected and compound forms across languages."""
    words = [w.casefold() for w in _WORD.findall(text)]
    j = " " + " ".join(words) + " "
    return _counts(Counter([w for w in words if len(w) > 2])), _counts(Counter(zip(j, j[1:], j[2:], j[3:])))


def _patterns(lines: list[Line]) -> list[bool]:
    """Per line: a short line whose digit-masked fold recurs PATTERN_MIN times or more."""
    keys = [_DIGITS.sub("0", ln.fold) if ln.words <= 12 else None for ln in lines]
    counts: dict[str, int] = {}
    for k in keys:
        if k is not None:
            counts[k] = counts.get(k, 0) + 1
    return [k is not None and counts[k] >= PATTERN_MIN for k in keys]


def spans(calls: list[bool], gap: int = GAP) -> list[tuple[int, int]]:
    """[a, b] spans of kept lines (calls False) with at most ``gap`` removed lines between."""
    out: list[list[int]] = []
    removed = 0
    for i, furniture in enumerate(calls):
        if furniture:
            removed += 1
            continue
        if out and removed <= gap:
            out[-1][1] = i
        else:
            out.append([i, i])
        removed = 0
    return [(a, b) for a, b in out]


def features(lines: list[Line], calls: list[bool], proba: np.ndarray,
             segs: list[tuple[int, int]]) -> np.ndarray:
    """One row of ``SEGMENT_FEATURES`` per segment."""
    X = np.zeros((len(segs), len(SEGMENT_FEATURES)), dtype=np.float64)
    if not segs:
        return X
    n = len(lines)
    title = next((i for i, ln in enumerate(lines) if ln.reason == "title"), 0)
    kept = [[i for i in range(a, b + 1) if not calls[i]] for a, b in segs]
    sizes = [sum(lines[i].words for i in idx) for idx in kept]
    total = sum(sizes) or 1
    largest = max(range(len(segs)), key=sizes.__getitem__)
    pattern = _patterns(lines)
    vocab = [_vocabulary(" ".join(lines[i].text for i in idx)) for idx in kept]
    title_words = _counts(Counter(w.casefold() for w in _WORD.findall(lines[title].text))
                          if lines[title].reason == "title" else Counter())
    prev_end = -1
    above = 0  # kept words in the segments above
    for k, ((a, b), idx) in enumerate(zip(segs, kept)):
        w = np.array([max(1, lines[i].words) for i in idx], dtype=np.float64)
        p = proba[idx]
        prose = [lines[i].words for i in idx if lines[i].body_like]
        dates = sum(1 for i in range(a, b + 1) if lines[i].words <= 12 and _DATE.search(lines[i].text))
        X[k] = (
            math.log1p(sizes[k]), sizes[k] / total, k == largest,
            float(p @ w / w.sum()), float(p.max()),
            dates / max(1, len(prose)),
            sum(1 for i in idx if not lines[i].body_like) / len(idx),
            sum(prose) / len(prose) if prose else 0.0,
            (a - title) / n, math.log1p(a - prev_end - 1),
            sum(1 for i in idx if lines[i].text.endswith(("...", "…"))) / len(idx),
            above / total, math.log1p(k),
            (b - a + 1 - len(idx)) / max(1, len(prose)),
            sum(pattern[a:b + 1]) / (b - a + 1),
            (total - above - sizes[k]) / total,
            1.0 if k == largest else _cosine(vocab[k][0], vocab[largest][0]),
            1.0 if k == largest else _cosine(vocab[k][1], vocab[largest][1]),
            _cosine(vocab[k][0], title_words),
        )
        prev_end = b
        above += sizes[k]
    return X


@dataclass(frozen=True)
class SegmentModel(Logistic):
    """p(furniture) per segment (a block of kept lines)."""
    FEATURES = SEGMENT_FEATURES
    READABLE = _READABLE
    WHY = 2

    def to_json(self) -> dict:
        return self.weights_json()

    @classmethod
    def from_json(cls, d: dict) -> "SegmentModel":
        return cls(*cls.weights_from_json(d, "the segment model"))


def drop(lines: list[Line], calls: list[bool], proba: np.ndarray, model: SegmentModel,
         threshold: float | None = None) -> dict[int, str]:
    """Call furniture every line of a segment the model scores at ``threshold`` or more
    (the lowest-scored segment stays); returns {line index: reason} for the lines it took."""
    segs = spans(calls)
    if len(segs) < 2:
        return {}
    X = features(lines, calls, proba, segs)
    ps = model.proba(X)
    t = model.threshold if threshold is None else threshold
    keep = int(np.argmin(ps))
    out: dict[int, str] = {}
    for k, ((a, b), p) in enumerate(zip(segs, ps)):
        if k == keep or p < t:
            continue
        reason = f"furniture (block {p:.2f}: {', '.join(model.why(X[k])) or 'outside the article'})"
        for i in range(a, b + 1):
            if not calls[i]:
                calls[i] = True
                out[i] = reason
    return out
