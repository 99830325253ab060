"""The page as a sequence of blocks: features of a block in its context, for the segment
pass of the furniture model (clean/segments.py), measured on real pages.

    PYTHONPATH=src .venv/bin/python benchmarks/clean_blocks.py [../shared/data/article-extraction] [--quick]

The line model's out-of-fold p(furniture) (5 folds grouped by the url's host, C as shipped)
is computed once; the shipped decision (threshold, connect cap, reclaim, gates: the model
file's) makes the kept lines, which ``segments.spans`` groups into blocks. Each variant adds
columns to ``segments.features`` and is scored two ways with the shared benchmark's metric:
- OOF: each fold's segment model fitted on the other folds' blocks, the block threshold picked
  on the same out-of-fold pages (a comparison between variants, optimistic);
- nested: each outer fold picks its block threshold by a grouped CV of its own training sites
  (the line probabilities stay out of fold at one level: this reproduces the shipped model's
  nested figure of tools/train_furniture.py to within 0.002, in a fraction of its time).
Variants (columns of a block k, "main" the block with the most kept words):
- place: above / below the main block, blocks and lines between them;
- vocabulary: cosine of its word counts (words of 3+ letters) and of its character 4-gram
  counts with the main block's, cosine of its words with the title line's;
- person: the share of its words that are first or second person pronouns (a handful of
  languages; measured here only, as a cue list would be);
- between: in the lines between it and the main block, the share whose digit-masked shape
  recurs on the page, the line model's mean p, the share of headline-shaped lines;
- stacked: a second logistic pass over the block's own features and the first pass's
  out-of-fold scores in sequence (its own, its neighbours', the highest between it and the
  block scored lowest, its place and size against that block).
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter

import numpy as np

from suite import DATA, ROOT

sys.path.insert(0, str(ROOT / "tools"))

WORD = re.compile(r"\w+", re.U)
PERSON = frozenset(
    "i me my mine myself you your yours yourself we us our ours ich mich mir mein meine du dich "
    "dir dein wir uns unser je moi mon ma mes tu te toi ton ta tes nous notre nos vous votre vos "
    "yo mi mis tú ti tus nosotros nuestro nuestra usted ustedes eu meu minha você nós".split())
TAUS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
EXTRA = {"place": (0, 1, 2, 3), "vocabulary": (4, 5, 6), "person": (7,), "between": (8, 9, 10)}


def _cos(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    num = sum(v * b.get(k, 0) for k, v in a.items())
    return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _grams(text: str, n: int = 4) -> Counter:
    t = " " + " ".join(w.casefold() for w in WORD.findall(text)) + " "
    return Counter(t[i:i + n] for i in range(len(t) - n + 1))


def context(lines, calls, proba, segs) -> np.ndarray:
    """The eleven context columns of every block (see EXTRA for their groups)."""
    from newslineage.clean import segments
    kept = [[i for i in range(a, b + 1) if not calls[i]] for a, b in segs]
    sizes = [sum(lines[i].words for i in idx) for idx in kept]
    main = max(range(len(segs)), key=sizes.__getitem__)
    texts = [" ".join(lines[i].text for i in idx) for idx in kept]
    words = [[w.casefold() for w in WORD.findall(t)] for t in texts]
    wv = [Counter(w for w in ws if len(w) > 2) for ws in words]
    gv = [_grams(t) for t in texts]
    title = next((i for i, ln in enumerate(lines) if ln.reason == "title"), None)
    tv = Counter(w.casefold() for w in WORD.findall(lines[title].text)) if title is not None else Counter()
    pattern = segments._patterns(lines)
    ma, mb = segs[main]
    rows = []
    for k, (a, b) in enumerate(segs):
        lo, hi = (b + 1, ma) if k < main else (mb + 1, a) if k > main else (a, a)
        gap = range(lo, hi)
        rows.append((
            k < main, k > main, math.log1p(abs(k - main)), math.log1p(len(gap)),
            _cos(wv[k], wv[main]) if k != main else 1.0, _cos(gv[k], gv[main]) if k != main else 1.0,
            _cos(wv[k], tv),
            sum(w in PERSON for w in words[k]) / (len(words[k]) or 1),
            sum(pattern[i] for i in gap) / max(1, len(gap)),
            float(np.mean(proba[lo:hi])) if len(gap) else 0.0,
            sum(lines[i].title_like for i in gap) / max(1, len(gap)),
        ))
    return np.array(rows, dtype=float)


def block_rows(pages, probas, decision, cols) -> list:
    """Per page: None out of the model's domain, else (calls, blocks, X, labels, sizes)."""
    import train_furniture as tf
    from newslineage.clean import learned, segments
    out = []
    for page, proba in zip(pages, probas):
        calls = tf.calls_of(page, proba, *decision)
        lines = page["lines"]
        if not learned.in_domain(lines, decision[2], decision[4]):
            out.append(None)
            continue
        segs = segments.spans(calls)
        kept = [[i for i in range(a, b + 1) if not calls[i]] for a, b in segs]
        sizes = [sum(lines[i].words for i in idx) for idx in kept]
        y = np.array([int(sum(lines[i].words * page["y"][i] for i in idx) / (s or 1) > 0.5)
                      for idx, s in zip(kept, sizes)], dtype=int)
        X = segments.features(lines, calls, proba, segs)
        if cols and segs:
            X = np.hstack([X, context(lines, calls, proba, segs)[:, cols]])
        out.append((calls, segs, X, y, sizes))
    return out


def _fit(Xs, ys, C):
    from sklearn.linear_model import LogisticRegression
    X, y = np.vstack(Xs), np.concatenate(ys)
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=3000).fit((X - mean) / scale, y)
    return lambda Z: lr.predict_proba((Z - mean) / scale)[:, 1]


def _sequence(row, p1: np.ndarray) -> np.ndarray:
    """The stacked pass's columns: the block's features and the first pass's scores in order."""
    _, _, X, _, sizes = row
    anchor = int(np.argmin(p1))
    extra = []
    for k in range(len(p1)):
        lo, hi = sorted((k, anchor))
        between = p1[lo + 1:hi]
        extra.append((p1[k], p1[k - 1] if k else 0.0, p1[k + 1] if k + 1 < len(p1) else 0.0,
                      float(between.max()) if len(between) else 0.0, k < anchor, k > anchor,
                      math.log1p(abs(k - anchor)), p1[k] - p1[anchor], sizes[k] / (sizes[anchor] or 1)))
    return np.hstack([X, np.array(extra, dtype=float)])


def model_of(R, idx, groups, C, stacked):
    """A block scorer fitted on the pages ``idx``: page index -> p per block."""
    from sklearn.model_selection import GroupKFold
    have = [i for i in idx if R[i] is not None]
    first = _fit([R[i][2] for i in have], [R[i][3] for i in have], C)
    if not stacked:
        return lambda i: first(R[i][2])
    p1 = {}
    for tr, te in GroupKFold(4).split(have, groups=[groups[i] for i in have]):
        f = _fit([R[have[j]][2] for j in tr], [R[have[j]][3] for j in tr], C)
        for j in te:
            p1[have[j]] = f(R[have[j]][2])
    second = _fit([_sequence(R[i], p1[i]) for i in have], [R[i][3] for i in have], C)
    return lambda i: second(_sequence(R[i], first(R[i][2])))


def kept_text(page, proba, decision, row, ps, tau) -> str:
    import train_furniture as tf
    if row is None or ps is None:
        calls = tf.calls_of(page, proba, *decision)
    else:
        calls, segs = list(row[0]), row[1]
        if len(segs) >= 2:
            keep = int(np.argmin(ps))
            for k, ((a, b), p) in enumerate(zip(segs, ps)):
                if k != keep and p >= tau:
                    for j in range(a, b + 1):
                        calls[j] = True
    return "\n\n".join(ln.text for ln, f in zip(page["lines"], calls) if not f)


def evaluate(pages, probas, decision, cols, C, stacked=False):
    """(OOF (F1, P, R), its threshold, nested (F1, P, R), per outer fold (threshold, F1))."""
    import train_furniture as tf
    from sklearn.model_selection import GroupKFold
    R = block_rows(pages, probas, decision, cols)
    groups = [p["site"] for p in pages]
    folds = list(GroupKFold(5).split(pages, groups=groups))

    def score(idx, P, tau):
        return tf.metric([tf.page_score(pages[i]["body"], kept_text(pages[i], probas[i], decision, R[i], P.get(i), tau))
                          for i in idx])

    P: dict = {}
    for tr, te in folds:
        m = model_of(R, list(tr), groups, C, stacked)
        P.update({i: m(i) for i in te if R[i] is not None})
    oof = {tau: score(range(len(pages)), P, tau) for tau in TAUS}
    best = max(oof, key=lambda t: oof[t][0])
    outer: list = [None] * len(pages)
    per_fold = []
    for tr, te in folds:
        train, inner = list(tr), {}
        for itr, ite in GroupKFold(4).split(train, groups=[groups[i] for i in train]):
            m = model_of(R, [train[j] for j in itr], groups, C, stacked)
            inner.update({train[j]: m(train[j]) for j in ite if R[train[j]] is not None})
        tau = max(TAUS, key=lambda t: score(train, inner, t)[0])
        m = model_of(R, train, groups, C, stacked)
        for i in te:
            outer[i] = tf.page_score(pages[i]["body"], kept_text(pages[i], probas[i], decision, R[i],
                                                                 m(i) if R[i] is not None else None, tau))
        per_fold.append((tau, tf.metric([outer[i] for i in te])[0]))
    return oof[best], best, tf.metric(outer), per_fold


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("data", nargs="?", default=str(DATA / "article-extraction"))
    cli.add_argument("--quick", action="store_true", help="the shipped form and the vocabulary variant only")
    a = cli.parse_args()
    import train_furniture as tf
    from pathlib import Path

    from newslineage.clean import learned
    data = Path(a.data)
    if not (data / "ground-truth.json").exists():
        print(f"needs {data}/ground-truth.json (the shared data); nothing to score")
        return 1
    t0 = time.process_time()
    model = learned.load()
    info = model.info
    C = float(info.get("C", 0.1))
    decision = (model.threshold, bool(info.get("overrule_cues")), int(info.get("min_unexplained", 0)),
                float(info.get("connect_cap", 1.0)), info.get("min_flagged"), info.get("reclaim"))
    pages = tf.load_pages(data)
    probas = tf.oof_proba(pages, C, 5)
    print(f"{len(pages)} pages; line model OOF (C {C}); decision {decision}; segment C {tf.SEG_C}")
    seg_c = tf.SEG_C
    allc = tuple(j for g in EXTRA.values() for j in g)
    variants = [("shipped", (), seg_c, False), ("+ vocabulary", EXTRA["vocabulary"], seg_c, False)]
    if not a.quick:
        variants += [
            ("+ vocabulary, C x0.3", EXTRA["vocabulary"], seg_c * 0.3, False),
            ("+ vocabulary, C x3", EXTRA["vocabulary"], seg_c * 3, False),
            ("+ place", EXTRA["place"], seg_c, False),
            ("+ person", EXTRA["person"], seg_c, False),
            ("+ vocabulary + person", EXTRA["vocabulary"] + EXTRA["person"], seg_c, False),
            ("+ between", EXTRA["between"], seg_c, False),
            ("+ all four groups", allc, seg_c, False),
            ("stacked sequence pass", (), seg_c, True),
            ("stacked, + vocabulary", EXTRA["vocabulary"], seg_c, True),
        ]
    # the bounds of any block pass over these kept lines: none, and each block as its label says
    R = block_rows(pages, probas, decision, [])
    for name, ps_of in (("no block pass", lambda r: None), ("every block as labelled (oracle)", lambda r: r[3].astype(float))):
        print(f"{name}: F1 %.3f (P %.3f R %.3f)" % tf.metric([
            tf.page_score(p["body"], kept_text(p, pr, decision, r, None if r is None else ps_of(r), 0.5))
            for p, pr, r in zip(pages, probas, R)]))
    print("| variant | OOF F1 (P R; threshold) | nested F1 (P R) | per outer fold (threshold: F1) |")
    print("|---|---|---|---|")
    for name, cols, c, stacked in variants:
        o, t, n, folds = evaluate(pages, probas, decision, list(cols), c, stacked)
        print(f"| {name} | {o[0]:.3f} ({o[1]:.3f} {o[2]:.3f}; {t}) | {n[0]:.3f} ({n[1]:.3f} {n[2]:.3f}) | "
              + ", ".join(f"{tau}: {f:.3f}" for tau, f in folds) + " |", flush=True)
    print(f"CPU {time.process_time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
