"""The furniture model: a small classifier, fitted on real pages, that tells page furniture
from article body line by line.

Each line becomes a row of features that carry across sites and languages (its shape, its
share of the language's stop words, its place relative to the main run of prose, its
neighbours, whether it recurs, and the rule-based reason as one feature among many). The
model is a logistic regression over those features, fitted by
``tools/train_furniture.py`` on ``../shared/data/article-extraction`` with every choice made
by cross-validation grouped by web site; its coefficients ship as
``resources/furniture_model.json`` and load once per process.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import math
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..memo import Memo, memoized
from . import segments
from .word_lists import RESOURCES
from .lines import Line
from .logistic import Logistic

MODEL_PATH = RESOURCES / "furniture_model.json"

# Rule reasons grouped by what they say: metadata lines (read by the metadata step), cue
# lines (a furniture phrase fired), and shape lines (short lines placed like furniture).
META_REASONS = frozenset({"title", "byline", "dateline", "credit", "source", "caption", "masthead"})
SHAPE_REASONS = frozenset({"section-label", "subhead", "tags", "related", "repeated", "summary"})

FEATURES = (
    "log_words", "log_chars", "terminal", "colon", "bullet", "stop_share", "no_stoplist",
    "cap_share", "digit_share", "upper_share", "inner_stops", "link_like", "separators",
    "position", "before_main", "after_main", "dist_main", "prev_body", "next_body",
    "window_words", "echo", "corpus_repeated", "rule_meta", "rule_cue", "rule_shape",
    "word_len", "title_like", "block_share", "in_largest", "short_run", "window_body",
)
# Names a person reads in a removal reason (the features that pushed a line out).
_READABLE = {
    "log_words": "few words", "log_chars": "short", "terminal": "no sentence end",
    "colon": "ends in a colon", "bullet": "a list item", "stop_share": "few stop words",
    "no_stoplist": "language without stop words", "cap_share": "capitalised words",
    "digit_share": "digits", "upper_share": "capitals", "inner_stops": "no inner sentences",
    "link_like": "link-like", "separators": "menu separators", "position": "place on the page",
    "before_main": "above the main text", "after_main": "below the main text",
    "dist_main": "far from the main text", "prev_body": "no prose above",
    "next_body": "no prose below", "window_words": "among short lines", "echo": "said twice",
    "corpus_repeated": "recurs across the corpus", "rule_meta": "a metadata line",
    "rule_cue": "a furniture cue", "rule_shape": "furniture shape",
    "word_len": "word length", "title_like": "headline shape",
    "block_share": "outside the main block of prose", "in_largest": "outside the largest block",
    "short_run": "in a run of short lines", "window_body": "little prose around",
}

_WORD = re.compile(r"\w+", re.U)
_LINK = re.compile(r"https?:|www\.|@\w|\.(?:com|org|net|co\.\w\w)\b|#\w", re.I)
_SEPS = re.compile(r"[|»›>•·/]")
_INNER_STOP = re.compile(r"[.!?…]['\"’”»)]*\s+\S")


@memoized(64)
def stop_words(lang: str | None) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (empty when spaCy has none)."""
    if not lang or not lang.isidentifier():
        return frozenset()
    return frozenset(w.casefold() for w in _spacy_stop_words(lang))


def _spacy_stop_words(lang: str) -> set[str]:
    """``spacy.lang.<lang>.stop_words.STOP_WORDS``, read from its file when spaCy is not
    loaded: importing it imports spaCy whole (0.6 s of CPU in each cleaning worker, which
    needs nothing else of it). The file is plain Python that imports nothing."""
    name = f"spacy.lang.{lang}.stop_words"
    mod = sys.modules.get(name)
    if mod is None and "spacy" not in sys.modules:
        spec = importlib.util.find_spec("spacy")  # finds the package without importing it
        path = os.path.join(spec.submodule_search_locations[0], "lang", lang, "stop_words.py") \
            if spec and spec.submodule_search_locations else ""
        if not os.path.isfile(path):
            return set()
        namespace: dict = {"__name__": name}
        with open(path, encoding="utf-8") as f:
            exec(compile(f.read(), path, "exec"), namespace)
        return namespace.get("STOP_WORDS", set())
    try:
        mod = mod or importlib.import_module(name)
    except (ImportError, AttributeError):
        return set()
    return getattr(mod, "STOP_WORDS", set())


def main_run(lines: list[Line]) -> tuple[int, int]:
    """The span [a, b] of lines holding the article's main run of prose: the run that
    maximises prose words minus the cost of the short lines inside it (Kadane)."""
    best, best_span = 0.0, (0, -1)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        s = float(ln.words) if ln.body_like else -(2.0 + 0.5 * min(ln.words, 20))
        if cur <= 0:
            cur, start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (start, i)
    return best_span


def prose_blocks(lines: list[Line]) -> tuple[list[float], list[bool], list[int]]:
    """Per line: the share of the page's prose words in its block of prose (prose lines
    with at most one other line between them), whether that block is the largest, and the
    length of the run of non-prose lines it sits in (0 for prose)."""
    n = len(lines)
    block = [-1] * n
    sizes: list[int] = []
    last = None  # index of the last prose line
    for i, ln in enumerate(lines):
        if not ln.body_like:
            continue
        if last is not None and i - last <= 2:
            b = block[last]
            for j in range(last + 1, i):
                block[j] = b
            sizes[b] += ln.words
        else:
            b = len(sizes)
            sizes.append(ln.words)
        block[i] = b
        last = i
    total = sum(sizes) or 1
    largest = max(range(len(sizes)), key=sizes.__getitem__) if sizes else -1
    share = [sizes[b] / total if b >= 0 else 0.0 for b in block]
    in_largest = [b == largest and b >= 0 for b in block]
    run = [0] * n
    i = 0
    while i < n:
        if lines[i].body_like:
            i += 1
            continue
        j = i
        while j < n and not lines[j].body_like:
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = j
    return share, in_largest, run


# What a line's own text gives, by (text, language): menus and footers recur across pages.
_TEXT_MEMO_MAX = 1 << 16
_TEXT_MEMO = Memo(_TEXT_MEMO_MAX)


def _text_features(t: str, stops: frozenset[str]) -> tuple:
    words = _WORD.findall(t)
    nw = len(words) or 1
    letters = sum(map(str.isalpha, t)) or 1
    return (sum(w.casefold() in stops for w in words) / nw if stops else 0.0,
            sum(w[:1].isupper() for w in words) / nw,
            sum(map(str.isdigit, t)) / (len(t) or 1),
            sum(map(str.isupper, t)) / letters,
            math.log1p(len(_INNER_STOP.findall(t))),
            bool(_LINK.search(t)), math.log1p(len(_SEPS.findall(t))),
            sum(map(len, words)) / nw)


def features(lines: list[Line], lang: str | None, repeated=frozenset()) -> np.ndarray:
    """One row of ``FEATURES`` per line (the rule reasons must already be set)."""
    n = len(lines)
    X = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return X
    stops = stop_words(lang)
    a, b = main_run(lines)
    folds: dict[str, int] = {}
    for ln in lines:
        folds[ln.fold] = folds.get(ln.fold, 0) + 1
    logw = [math.log1p(ln.words) for ln in lines]
    share, largest, run = prose_blocks(lines)
    prose = [ln.body_like for ln in lines]
    memo = _TEXT_MEMO
    for i, ln in enumerate(lines):
        t = ln.text
        key = (t, lang)
        own = memo.get(key)
        if own is None:
            own = memo.put(key, _text_features(t, stops))
        stop_share, cap_share, digit_share, upper_share, inner, link, seps, word_len = own
        reason = ln.reason
        lo, hi = max(0, i - 2), min(n, i + 3)
        X[i] = (
            logw[i], math.log1p(len(t)), ln.terminal, ln.colon, ln.bullet,
            stop_share, not stops, cap_share, digit_share, upper_share, inner, link, seps,
            i / max(1, n - 1), i < a, i > b,
            math.log1p(a - i if i < a else i - b if i > b else 0),
            i > 0 and lines[i - 1].body_like, i + 1 < n and lines[i + 1].body_like,
            sum(logw[lo:hi]) / (hi - lo),
            folds[ln.fold] > 1, ln.fold in repeated,
            reason in META_REASONS, reason is not None and reason not in META_REASONS and reason not in SHAPE_REASONS,
            reason in SHAPE_REASONS,
            word_len, ln.title_like,
            share[i], largest[i], math.log1p(run[i]),
            sum(prose[max(0, i - 3):i + 4]) / (min(n, i + 4) - max(0, i - 3)),
        )
    return X


@dataclass(frozen=True)
class FurnitureModel(Logistic):
    """p(furniture) per line, with the second pass over blocks it may carry."""
    info: dict
    segments: segments.SegmentModel | None = None  # the second pass over blocks (segments.py)

    FEATURES = FEATURES
    READABLE = _READABLE

    def to_json(self) -> dict:
        d = {**self.weights_json(), "info": self.info}
        if self.segments is not None:
            d["segments"] = self.segments.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict) -> "FurnitureModel":
        seg = segments.SegmentModel.from_json(d["segments"]) if d.get("segments") else None
        return cls(*cls.weights_from_json(d, str(MODEL_PATH)), d.get("info", {}), seg)


_override: list[FurnitureModel] = []


@lru_cache(maxsize=1)
def _shipped() -> FurnitureModel | None:
    if not MODEL_PATH.exists():
        return None
    return FurnitureModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def load() -> FurnitureModel | None:
    """The model in use: the shipped one, read once per process (or one set by ``use``)."""
    return _override[-1] if _override else _shipped()


def use(model: FurnitureModel | None) -> None:
    """Put ``model`` in place of the shipped one (None: back to the shipped one); the
    training command scores each cross-validation fold's model this way."""
    _override.clear()
    if model is not None:
        _override.append(model)


def continues_prose(lines: list[Line], i: int, above_kept: bool) -> bool:
    """A short sentence right under a paragraph ("He declined to comment."): the model
    learned that short lines below the main text are mostly furniture, but one that ends
    like a sentence straight after body prose is kept (losing a body sentence costs more
    than keeping a line of furniture)."""
    ln = lines[i]
    return (i > 0 and above_kept and ln.terminal and ln.words >= 3 and not ln.bullet
            and lines[i - 1].body_like and (ln.text[:1].isupper() or not ln.text[:1].isalpha()))


def unexplained(lines: list[Line]) -> int:
    """Short lines (not prose) that no rule explains: a page copied whole from a browser
    holds dozens (menus, teasers, comment heads); an extracted article holds none."""
    return sum(1 for ln in lines if ln.reason is None and not ln.body_like)


def flagged(lines: list[Line]) -> int:
    """Lines a cue or shape rule already called furniture (menus, share bars, footers): a
    whole page whose menus the rules all named holds dozens with hardly a line unexplained;
    an extracted article holds at most a few (BBC news-base: 3 at most)."""
    return sum(1 for ln in lines if ln.reason is not None and ln.reason not in META_REASONS)


def in_domain(lines: list[Line], min_unexplained: int, min_flagged: int | None = None) -> bool:
    """Whether the text looks like a whole page (the model's domain): enough short lines no
    rule explains, or enough lines the rules named as furniture."""
    return (unexplained(lines) >= min_unexplained
            or (min_flagged is not None and flagged(lines) >= min_flagged))


def decide(lines: list[Line], proba: np.ndarray, threshold: float, overrule: bool,
           min_unexplained: int = 0, connect_cap: float = 1.0,
           min_flagged: int | None = None, reclaim: float | None = None) -> list[bool]:
    """Which lines are furniture: the model's call (p >= threshold), except that a rule's
    metadata line (title, byline, dateline, credit, caption) always is, another rule's line
    is unless the model may ``overrule`` the rules, and a short sentence continuing the
    prose never is, nor prose joined to the main run of prose unless the model scores it at
    ``connect_cap`` or more. Walked top-down: a line's call reads the call on the line above.
    The model was fitted on whole pages: on a text with fewer than ``min_unexplained``
    short lines that no rule explains and fewer than ``min_flagged`` lines the rules named
    (an extracted article) it is out of its domain and the rules alone decide. With
    ``reclaim``, a rule's line inside the article goes back to the body when the model
    scores it under ``reclaim`` (see ``_reclaim``)."""
    if not in_domain(lines, min_unexplained, min_flagged):
        return [ln.reason is not None for ln in lines]
    out = []
    for i, ln in enumerate(lines):
        furniture = bool(proba[i] >= threshold)
        if ln.reason in META_REASONS:
            furniture = True
        elif ln.reason is not None:
            furniture = furniture or not overrule
        elif furniture and i and continues_prose(lines, i, not out[-1]):
            furniture = False
        out.append(furniture)
    span = main_run(lines)
    _keep_connected_prose(lines, out, proba, connect_cap, span)
    if reclaim is not None:
        _reclaim(lines, out, proba, reclaim, span)
    return out


# A reclaimed line sits within this many lines of kept lines above and below it.
RECLAIM_REACH = 2


def _reclaim(lines: list[Line], calls: list[bool], proba: np.ndarray, below: float,
             span: tuple[int, int] | None = None) -> None:
    """A line a cue or shape rule named goes back to the body when the model scores it
    under ``below`` and it lies inside the article: in the main run of prose, or between
    kept lines at most RECLAIM_REACH lines away on each side. The rules misname subheads
    and list items inside an article as section labels or related links; the model, which
    reads the line's place, is sure they are body. Metadata lines (title, byline, dateline,
    credit, caption) stay out whatever the model says: the metadata step reads them, and a
    "Published: Nov. 19, 2019" under the lead is where the date comes from. Walked
    top-down: a reclaimed line counts as kept for the lines below it. ``span``:
    ``main_run(lines)`` when known."""
    a, b = span or main_run(lines)
    n = len(lines)
    for i, ln in enumerate(lines):
        r = ln.reason
        if r is None or not calls[i] or proba[i] >= below or r in META_REASONS:
            continue
        if not a <= i <= b:
            up = next((j for j in range(i - 1, max(-1, i - RECLAIM_REACH - 1), -1) if not calls[j]), None)
            down = next((j for j in range(i + 1, min(n, i + RECLAIM_REACH + 1)) if not calls[j]), None)
            if up is None or down is None:
                continue
        calls[i] = False


def _keep_connected_prose(lines: list[Line], calls: list[bool], proba: np.ndarray,
                          cap: float = 1.0, span: tuple[int, int] | None = None) -> None:
    """Prose joined to the main run of prose by kept lines stays: within the run, and
    outward from it until the first line called furniture (a paragraph after a bulleted
    list is still the article; comments and teasers sit behind furniture lines). A line
    the model scores at ``cap`` or more is not brought back and stops the walk outward:
    comment threads and prose teasers can make a longer run of prose than the article."""
    a, b = span or main_run(lines)
    if b < a:
        return
    for i in range(a, b + 1):
        if lines[i].body_like and lines[i].reason is None and proba[i] < cap:
            calls[i] = False
    for step, start in ((1, b + 1), (-1, a - 1)):
        i = start
        while 0 <= i < len(lines):
            ln = lines[i]
            if ln.reason is not None or (calls[i] and not ln.body_like) or proba[i] >= cap:
                break
            calls[i] = False
            i += step


def apply(lines: list[Line], lang: str | None, repeated=frozenset(),
          model: FurnitureModel | None = None, settings=None) -> None:
    """Decide every line with the model (see ``decide``): a line it scores as furniture
    gets a reason, the rule's own when one fired, else the model's with its strongest
    features; a rule's line the model may overrule and scores as body goes back to the body."""
    model = model or load()
    if settings is not None and not settings.furniture_model:
        return
    gate = int(model.info.get("min_unexplained", 0)) if model is not None else 0
    if settings is not None and settings.furniture_min_unexplained is not None:
        gate = settings.furniture_min_unexplained
    threshold = model.threshold if model is not None else 1.0
    if settings is not None and settings.furniture_threshold is not None:
        threshold = settings.furniture_threshold
    min_flagged = model.info.get("min_flagged") if model is not None else None
    if model is None or not lines or not in_domain(lines, gate, min_flagged):
        return  # (decide would leave the rules' calls; the features are not worth computing)
    X = features(lines, lang, repeated)
    p = model.proba(X)
    calls = decide(lines, p, threshold, bool(model.info.get("overrule_cues")),
                   gate, float(model.info.get("connect_cap", 1.0)), min_flagged,
                   model.info.get("reclaim"))
    blocks = {}
    if model.segments is not None and (settings is None or settings.furniture_segments):
        blocks = segments.drop(lines, calls, p, model.segments)
    for i, (ln, furniture) in enumerate(zip(lines, calls)):
        if furniture and ln.reason is None:
            ln.reason = blocks.get(i) or f"furniture (model {p[i]:.2f}: {', '.join(model.why(X[i])) or 'shape'})"
        elif not furniture:
            ln.reason = None
