"""Sentence-level n-gram precision both ways (BLEU-like) and dependency-triple overlap of two
texts: features of the same-content decision (machine-translation metrics were among the best
lexical paraphrase detectors, Madnani et al. 2012).

For words, lemmas and characters, the clipped n-gram precision of each side against the other
at n = 1..4 (the smaller and the larger of the two), and each side's smoothed geometric mean
(BLEU without the brevity penalty); then the overlap of (head lemma, relation, child lemma)
triples and of (head, child) lemma pairs from the parse. Symmetric in the two sides.
"""
from __future__ import annotations

import math
from collections import Counter

FEATURES = tuple(
    [f"{lv}_p{n}_{m}" for lv in ("w", "l", "c") for n in (1, 2, 3, 4) for m in ("min", "max")]
    + [f"{lv}_bleu_{m}" for lv in ("w", "l", "c") for m in ("min", "max")]
    + ["dep_jacc", "dep_cont_min", "dep_cont_max", "hc_cont_min", "hc_cont_max"])


def _grams(seq, n: int) -> Counter:
    return Counter(tuple(seq[i:i + n]) for i in range(len(seq) - n + 1))


def _precisions(a, b) -> tuple[list[float], list[float]]:
    pa, pb = [], []
    for n in (1, 2, 3, 4):
        ga, gb = _grams(a, n), _grams(b, n)
        m = sum((ga & gb).values())
        pa.append(m / sum(ga.values()) if ga else 0.0)
        pb.append(m / sum(gb.values()) if gb else 0.0)
    return pa, pb


def _bleu(p: list[float], length: int) -> float:
    # add-one smoothing of the higher orders (Lin and Och 2004) so a short side is not zero
    logs = []
    for n, x in enumerate(p, 1):
        total = max(0, length - n + 1)
        logs.append(math.log(x) if n == 1 and x > 0 else
                    math.log((x * total + 1) / (total + 1)) if n > 1 else math.log(1e-3))
    return math.exp(sum(logs) / 4)


def _cont(x: set, y: set) -> tuple[float, float]:
    a = len(x & y) / len(x) if x else 1.0
    b = len(x & y) / len(y) if y else 1.0
    return (a, b) if a <= b else (b, a)


def features(a: str, b: str, ta, tb) -> list[float]:
    """The row of a pair (order of ``FEATURES``) from the texts and their aligner tokens
    (``same_align.tokens``)."""
    words_a = [t.low for t in ta if not t.punct]
    words_b = [t.low for t in tb if not t.punct]
    levels = ((words_a, words_b), ([t.lemma for t in ta if not t.punct],
                                   [t.lemma for t in tb if not t.punct]),
              (" ".join(a.lower().split()), " ".join(b.lower().split())))
    row, bleus = [], []
    for x, y in levels:
        px, py = _precisions(x, y)
        for u, v in zip(px, py):
            row += [min(u, v), max(u, v)]
        bx, by = _bleu(px, len(x)), _bleu(py, len(y))
        bleus += [min(bx, by), max(bx, by)]
    row += bleus

    def triples(ts):
        return {(ts[t.head].lemma, t.dep, t.lemma) for t in ts
                if not t.punct and t.dep != "ROOT" and 0 <= t.head < len(ts)}
    da, db = triples(ta), triples(tb)
    row += [len(da & db) / len(da | db) if da or db else 1.0, *_cont(da, db)]
    ha, hb = {(h, c) for h, _, c in da}, {(h, c) for h, _, c in db}
    row += [*_cont(ha, hb)]
    return row
