"""Fit the sentence-pair model of ``compare --pairs`` on MRPC train and write it to
src/newslineage/reuse/same_weights.json (shipped in the package).

    PYTHONPATH=src .venv/bin/python tools/fit_same_weights.py [--data ../shared/data/mrpc/train.tsv]

A logistic regression over the features of ``reuse.pairs.pair_features``; the decision
threshold is the one that maximises F1 over 10-fold out-of-fold probabilities (folds drawn
with a fixed seed, so the command is reproducible). ``benchmarks/mrpc.py`` measures the result.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

import numpy as np

from newslineage import embed

compare = importlib.import_module("newslineage.reuse.pairs")

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mrpc" / "train.tsv"


def load(path: Path, limit: int | None):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            q, id1, id2, s1, s2 = line.rstrip("\n").split("\t")
            rows.append((f"{len(rows)}:{id1}-{id2}", s1, s2, int(q)))
    if limit:
        rng = np.random.default_rng(0)
        rows = [rows[i] for i in sorted(rng.choice(len(rows), limit, replace=False))]
    return rows


def featurize(rows) -> np.ndarray:
    texts = [t for _, a, b, _ in rows for t in (a.strip(), b.strip())]
    use = dict(zip(texts, embed.encode(texts)))
    e5 = dict(zip(texts, compare._e5_unique(texts)))
    X = []
    for _, a, b, _ in rows:
        ka, kb = a.strip(), b.strip()
        f = compare.pair_features(a, b, float(use[ka] @ use[kb]), float(e5[ka] @ e5[kb]))
        X.append([f[k] for k in compare.FEATURES])
    return np.array(X)


def fit(X, y) -> dict:
    from sklearn.linear_model import LogisticRegression
    mean, scale = X.mean(0), X.std(0) + 1e-9
    lr = LogisticRegression(C=1.0, max_iter=1000).fit((X - mean) / scale, y)
    return {"features": list(compare.FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}


def proba(model, X):
    z = ((X - np.array(model["mean"])) / np.array(model["scale"])) @ np.array(model["coef"])
    return 1 / (1 + np.exp(-(z + model["intercept"])))


def metrics(y, pred):
    y, pred = np.asarray(y), np.asarray(pred).astype(int)
    tp = int(((pred == 1) & (y == 1)).sum())
    prec = tp / max(1, pred.sum())
    rec = tp / max(1, y.sum())
    return float((pred == y).mean()), 2 * prec * rec / max(1e-9, prec + rec)


def folds(n, k=10):
    idx = np.random.default_rng(1).permutation(n)
    return [idx[i::k] for i in range(k)]


def best_threshold(p, y):
    grid = np.linspace(0.2, 0.8, 61)
    return float(max(grid, key=lambda t: metrics(y, p >= t)[1]))


def cross_validated(X, y) -> tuple[float, float, float]:
    """(threshold, accuracy, F1) from out-of-fold probabilities."""
    p = np.zeros(len(y))
    for te in folds(len(y)):
        tr = np.setdiff1d(np.arange(len(y)), te)
        p[te] = proba(fit(X[tr], y[tr]), X[te])
    thr = best_threshold(p, y)
    acc, f1 = metrics(y, p >= thr)
    return thr, acc, f1


def measured(path: Path, limit: int | None = None):
    """(rows, features, labels, (threshold, accuracy, F1) cross-validated), printed."""
    rows = load(path, limit)
    y = np.array([r[3] for r in rows])
    t0 = time.time()
    X = featurize(rows)
    print(f"features for {len(rows)} pairs in {time.time() - t0:.1f}s")
    cv = cross_validated(X, y)
    print(f"CV (features): threshold {cv[0]:.2f}  accuracy {cv[1]:.3f}  F1 {cv[2]:.3f}")
    return rows, X, y, cv


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is absent: fitting needs the shared MRPC copy")
    rows, X, y, (thr, acc, f1) = measured(args.data)
    model = fit(X, y)
    model["threshold"] = thr
    model["fitted_on"] = f"MRPC train, {len(rows)} pairs; CV accuracy {acc:.3f} F1 {f1:.3f}"
    compare.WEIGHTS.write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {compare.WEIGHTS}: " + ", ".join(
        f"{k}={c:+.2f}" for k, c in zip(model["features"], model["coef"])))


if __name__ == "__main__":
    main()
