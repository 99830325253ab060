"""Fit the same-content decision (``newslineage.same``) and write resources/same_model.pkl.

    PYTHONPATH=src .venv/bin/python tools/fit_same.py                 # fit, report, write
    PYTHONPATH=src .venv/bin/python tools/fit_same.py --no-write      # report only

Run it with OMP_NUM_THREADS=1 on a shared machine (the boosting's threads spin otherwise).
Then set ``ReuseSettings.same_threshold`` (settings.py) to the threshold it prints.

Data (read from ../shared/data beside the repository; nothing of it is copied into the repo):
- MRPC train: 4,076 sentence pairs, label = paraphrase. Pairs that share a sentence id are one
  group (connected components over the ids), so no sentence is on both sides of a fold.
- Clough-Stevenson: each of the 95 answers against the Wikipedia source of its task, label =
  reuse (cut, light, heavy) vs none (non). Grouped by task: the pairs of a task share a source.

Procedure: a tenth of the MRPC groups is held out of all tuning (``--holdout``). On the rest
(with the Clough pairs), each candidate configuration of a HistGradientBoostingClassifier (and a
logistic regression as a baseline) gets out-of-fold probabilities from 10-fold
StratifiedGroupKFold; the best configuration by out-of-fold accuracy wins, and its threshold is
the one that maximises out-of-fold accuracy. The report gives, for the chosen configuration,
accuracy and F1 per fold (mean +- standard deviation) on MRPC and on Clough, the held-out tenth
judged by a model fitted on the tuning data, and a plain 10-fold CV over all of MRPC train.
The shipped model is then fitted on all pairs. Cosines are cached under --cache (USE and e5
over the 8k MRPC sentences take minutes).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def mrpc_rows(path: Path) -> tuple[list, np.ndarray, np.ndarray]:
    pairs, y, ids = [], [], []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            q, id1, id2, s1, s2 = line.rstrip("\n").split("\t")
            pairs.append((s1.strip(), s2.strip()))
            y.append(int(q))
            ids.append((id1, id2))
    # Groups: connected components of the sentence ids.
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in ids:
        parent[find(a)] = find(b)
    roots = {r: k for k, r in enumerate(dict.fromkeys(find(a) for a, _ in ids))}
    return pairs, np.array(y), np.array([roots[find(a)] for a, _ in ids])


def read_cs(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return " ".join(text.split())


def clough_rows(folder: Path) -> tuple[list, np.ndarray, np.ndarray]:
    with open(folder / "file_information.csv", encoding="utf-8") as f:
        info = [(r["File"], r["Task"], r["Category"]) for r in csv.DictReader(f)]
    source = {t: read_cs(folder / fn) for fn, t, c in info if c == "orig"}
    rows = [(read_cs(folder / fn), source[t], int(c != "non"), "abcde".index(t))
            for fn, t, c in info if c != "orig"]
    return [(a, b) for a, b, _, _ in rows], np.array([r[2] for r in rows]), \
        np.array([r[3] for r in rows])


def cached_cosines(pairs, cache: Path) -> tuple[np.ndarray, np.ndarray]:
    from newslineage import same
    key = hashlib.sha1(json.dumps([pairs, same.E5_MAX_CHARS]).encode()).hexdigest()[:16]
    path = cache / f"cos-{key}.npz"
    if path.exists():
        z = np.load(path)
        return z["use"], z["e5"]
    t0 = time.time()
    use, e5 = same.cosines(pairs)
    print(f"  cosines for {len(pairs)} pairs in {time.time() - t0:.0f}s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, use=use, e5=e5)
    return use, e5


def metrics(y, pred) -> tuple[float, float]:
    y, pred = np.asarray(y), np.asarray(pred).astype(int)
    tp = int(((pred == 1) & (y == 1)).sum())
    prec, rec = tp / max(1, pred.sum()), tp / max(1, y.sum())
    return float((pred == y).mean()), 2 * prec * rec / max(1e-9, prec + rec)


CONFIGS = [
    ("logistic", {"C": 1.0}),
    ("hgb", {"learning_rate": 0.05, "max_iter": 300, "max_leaf_nodes": 15, "l2_regularization": 1.0,
             "min_samples_leaf": 40}),
    ("hgb", {"learning_rate": 0.05, "max_iter": 300, "max_depth": 3, "l2_regularization": 1.0,
             "min_samples_leaf": 40}),
    ("hgb", {"learning_rate": 0.1, "max_iter": 150, "max_leaf_nodes": 15, "l2_regularization": 3.0,
             "min_samples_leaf": 60}),
]


def make(kind: str, params: dict):
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, **params))
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(random_state=0, **params)


def folds(y, groups, k=10, seed=0):
    from sklearn.model_selection import StratifiedGroupKFold
    return list(StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
                .split(np.zeros(len(y)), y, groups))


def oof(kind, params, X, y, splits, w) -> np.ndarray:
    p = np.zeros(len(y))
    for tr, te in splits:
        m = make(kind, params)
        fit_w = {"sample_weight": w[tr]} if kind == "hgb" else \
            {"logisticregression__sample_weight": w[tr]}
        m.fit(X[tr], y[tr], **fit_w)
        p[te] = m.predict_proba(X[te])[:, 1]
    return p


def best_threshold(p, y) -> float:
    grid = np.round(np.arange(0.20, 0.801, 0.01), 2)
    return float(max(grid, key=lambda t: (metrics(y, p >= t)[0], -abs(t - 0.5))))


def per_fold(p, y, splits, mask, t) -> tuple[list, list]:
    acc, f1 = [], []
    for _, te in splits:
        te = te[mask[te]]
        if len(te):
            a, f = metrics(y[te], p[te] >= t)
            acc.append(a)
            f1.append(f)
    return acc, f1


def spread(xs) -> str:
    return f"{np.mean(xs):.3f} +- {np.std(xs):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    ap.add_argument("--holdout", type=float, default=0.1, help="share of MRPC groups held out")
    ap.add_argument("--clough-weight", type=float, default=5.0,
                    help="sample weight of a Clough pair (95 pairs beside 4k MRPC pairs)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    for d in ("mrpc/train.tsv", "clough-stevenson/file_information.csv"):
        if not (args.data / d).exists():
            sys.exit(f"{args.data / d} is absent: fitting needs the shared data folder "
                     "(../shared/data beside the repository)")
    from newslineage import same

    mp, my, mg = mrpc_rows(args.data / "mrpc" / "train.tsv")
    cp, cy, cg = clough_rows(args.data / "clough-stevenson")
    print(f"MRPC {len(mp)} pairs ({my.mean():.3f} positive, {mg.max() + 1} groups); "
          f"Clough {len(cp)} pairs ({cy.sum()} reuse)", flush=True)
    mu, me = cached_cosines(mp, args.cache)
    cu, ce = cached_cosines(cp, args.cache)
    t0 = time.time()
    Xm = same.feature_matrix(mp, mu, me)
    Xc = same.feature_matrix(cp, cu, ce)
    print(f"  features in {time.time() - t0:.1f}s", flush=True)

    # Hold a tenth of the MRPC groups out of all tuning.
    rng = np.random.default_rng(7)
    ug = np.unique(mg)
    held_groups = set(rng.choice(ug, int(round(args.holdout * len(ug))), replace=False).tolist())
    held = np.array([g in held_groups for g in mg])
    X = np.vstack([Xm[~held], Xc])
    y = np.concatenate([my[~held], cy])
    g = np.concatenate([mg[~held], cg + mg.max() + 1])
    is_m = np.concatenate([np.ones((~held).sum(), bool), np.zeros(len(cy), bool)])
    w = np.where(is_m, 1.0, args.clough_weight)
    # The Clough groups (5 tasks) go one to each of five folds; MRPC groups fill all ten.
    splits = folds(y, g)

    results = []
    for kind, params in CONFIGS:
        t0 = time.time()
        p = oof(kind, params, X, y, splits, w)
        t = best_threshold(p, y)
        acc, f1 = metrics(y[is_m], p[is_m] >= t)
        cacc = metrics(y[~is_m], p[~is_m] >= t)[0]
        print(f"  {kind} {params}: threshold {t:.2f}  MRPC acc {acc:.3f} F1 {f1:.3f}  "
              f"Clough acc {cacc:.3f}  ({time.time() - t0:.0f}s)", flush=True)
        results.append((metrics(y, p >= t)[0], kind, params, t, p))
    _, kind, params, t, p = max(results, key=lambda r: r[0])
    ma, mf = per_fold(p, y, splits, is_m, t)
    ca, _ = per_fold(p, y, splits, ~is_m, t)
    report = {"config": [kind, params], "threshold": t,
              "tuning_mrpc_acc": spread(ma), "tuning_mrpc_f1": spread(mf),
              "tuning_clough_acc": spread(ca),
              "tuning_clough_acc_pooled": round(metrics(y[~is_m], p[~is_m] >= t)[0], 3)}
    # The held-out tenth, judged by the chosen model fitted on the tuning pairs.
    m = make(kind, params)
    m.fit(X, y, **({"sample_weight": w} if kind == "hgb" else
                   {"logisticregression__sample_weight": w}))
    ha, hf = metrics(my[held], m.predict_proba(Xm[held])[:, 1] >= t)
    report["holdout_mrpc"] = {"pairs": int(held.sum()), "acc": round(ha, 3), "f1": round(hf, 3)}
    # Plain 10-fold CV over all of MRPC train (grouped), chosen configuration and threshold.
    msplits = folds(my, mg, seed=1)
    pm = oof(kind, params, Xm, my, msplits, np.ones(len(my)))
    fa, ff = per_fold(pm, my, msplits, np.ones(len(my), bool), t)
    report["mrpc_10fold_acc"], report["mrpc_10fold_f1"] = spread(fa), spread(ff)
    pooled = metrics(my, pm >= t)
    report["mrpc_10fold_pooled"] = {"acc": round(pooled[0], 3), "f1": round(pooled[1], 3)}
    print(json.dumps(report, indent=1))

    final = make(kind, params)
    Xa, ya = np.vstack([Xm, Xc]), np.concatenate([my, cy])
    wa = np.concatenate([np.ones(len(my)), np.full(len(cy), args.clough_weight)])
    final.fit(Xa, ya, **({"sample_weight": wa} if kind == "hgb" else
                         {"logisticregression__sample_weight": wa}))
    import sklearn
    out = {"estimator": final, "features": list(same.FEATURES), "threshold": t,
           "sklearn": sklearn.__version__,
           "fitted_on": (f"MRPC train ({len(my)} pairs) + Clough-Stevenson answer/source pairs "
                         f"({len(cy)}); threshold {t:.2f} maximises out-of-fold accuracy of "
                         "10-fold StratifiedGroupKFold on the tuning pairs (MRPC less a held-out "
                         "tenth, plus Clough)"),
           "cv": report}
    if not args.no_write:
        same.MODEL.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"wrote {same.MODEL} ({same.MODEL.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
