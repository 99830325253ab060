"""Fit the same-content decision (``newslineage.same``) and write resources/same_model.pkl.

    PYTHONPATH=src .venv/bin/python tools/fit_same.py                 # fit, report, write
    PYTHONPATH=src .venv/bin/python tools/fit_same.py --no-write      # report only
    PYTHONPATH=src .venv/bin/python tools/fit_same.py --configs all --no-write  # every candidate

Run it with OMP_NUM_THREADS=1 on a shared machine (the boosting's threads spin otherwise).
Then set ``ReuseSettings.same_threshold`` (settings.py) to the threshold it prints.

Data (read from ../shared/data beside the repository; nothing of it is copied into the repo):
- MRPC train: 4,076 sentence pairs, label = paraphrase. Pairs that share a sentence id are one
  group (connected components over the ids), so no sentence is on both sides of a fold.
- Clough-Stevenson: each of the 95 answers against the Wikipedia source of its task, label =
  reuse (cut, light, heavy) vs none (non). Grouped by task: the pairs of a task share a source.

The shipped model is ``SHIPPED``, a stack (``same_stack.Stack``: LightGBM and a logistic
regression over the features, combined by a logistic regression fitted on inner out-of-fold
outputs): the nested cross-validation of benchmarks/same_round7.py (the stacker and threshold
fitted inside each outer training part) measured it above LightGBM alone on MRPC train,
0.7994 / F1 0.8570 against 0.7931 / 0.8510 over 30 folds, +0.0063 (se 0.0014); the candidates'
tuning CV below reads out-of-fold outputs only once, so it is a report, not the choice.

Procedure: a tenth of the MRPC groups is held out of all tuning (``--holdout``). On the rest
(with the Clough pairs), each configuration given (``--configs``: LightGBM, scikit-learn's
HistGradientBoostingClassifier, a logistic regression, stacks) gets out-of-fold
probabilities from 10-fold
StratifiedGroupKFold; the best of them by out-of-fold accuracy is fitted, and its threshold is
the one that maximises out-of-fold accuracy over ``--repeats`` runs of that cross-validation
with differently shuffled folds, pooled (one run's best threshold swings with its folds).
The report gives, for the chosen configuration, accuracy and F1 per fold (mean +- standard
deviation) on MRPC and on Clough, the held-out tenth judged by a model fitted on the tuning
data, and a plain 10-fold CV over all of MRPC train. The shipped model is then fitted on all
pairs.
``--altered-weight W`` adds MRPC paraphrases with one shared figure changed or one side negated
(``altered_pairs``, label "not the same") to the training folds with weight W, and reports how
they are judged; it is 0 (left out) because it cost MRPC accuracy (benchmarks/RESULTS-reuse.md).
Cosines are cached under --cache (USE and e5 over the 8k MRPC sentences take minutes).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import re
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


_FIGURE = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d])")
_AUX = re.compile(r"\b(is|was|are|were|will|would|could|can|has|have|had|should|may|might|"
                  r"must)\b(?! not\b)", re.I)
_NEG = re.compile(r"\b(?:not|no|never|without)\b|n't\b", re.I)


def _changed_figure(n: str, rng) -> str:
    digits = [k for k, c in enumerate(n) if c.isdigit()]
    k = int(rng.choice(digits))
    new = str((int(n[k]) + int(rng.integers(1, 9))) % 10)
    if k == 0 and new == "0":
        new = "9"
    return n[:k] + new + n[k + 1:]


def altered_pairs(pairs, y, groups, rng) -> tuple[list, np.ndarray]:
    """Pairs that no longer say the same thing, made from MRPC's paraphrases: one side's copy of
    a figure both sides state is changed ("12 percent" -> "17 percent"), or one side is negated
    ("was" -> "was not") where neither side has a negation. MRPC has few such minimal pairs, so
    a model fitted on it alone scores a changed figure as high as the faithful copy. Each keeps
    its source pair's group (no fold sees a pair and its altered copy on both sides)."""
    out, gs = [], []
    for (a, b), yi, gi in zip(pairs, y, groups):
        if not yi:
            continue
        shared = sorted(set(_FIGURE.findall(a)) & set(_FIGURE.findall(b)))
        if shared and rng.random() < 0.5:
            n = str(rng.choice(shared))
            changed = re.sub(rf"(?<![\d.,]){re.escape(n)}(?![\d])",
                             _changed_figure(n, rng), a, count=1)
            out.append((changed, b))
            gs.append(gi)
        elif not _NEG.search(a) and not _NEG.search(b) and _AUX.search(a) and rng.random() < 0.3:
            out.append((_AUX.sub(r"\1 not", a, count=1), b))
            gs.append(gi)
    return out, np.array(gs, dtype=int)


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


def cached_features(pairs, use, e5, cache: Path) -> np.ndarray:
    """``same.feature_matrix`` of the pairs, cached per pairs, features and cosines (the parse
    of MRPC's 8k sentences takes minutes on a loaded machine)."""
    from newslineage import same
    h = hashlib.sha1(json.dumps([pairs, same.FEATURES]).encode())
    h.update(np.asarray(use, np.float64).tobytes() + np.asarray(e5, np.float64).tobytes())
    path = cache / f"X-{h.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    t0 = time.time()
    X = same.feature_matrix(pairs, use, e5)
    print(f"  features of {len(pairs)} pairs in {time.time() - t0:.1f}s", flush=True)
    if len(pairs):
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, X)
    return X


def cached_vectors(pairs, cache: Path, kinds=("use", "e5")) -> dict:
    """The pairs' columns for the stack's SVMs (``same_stack.pair_columns``) per vector kind,
    from each distinct text's USE and e5 vectors, cached per list of texts (the file names of
    benchmarks/same_round6.py, so MRPC's vectors encoded there are read, not encoded again)."""
    from newslineage import same
    from newslineage.same_stack import pair_columns
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    if not texts:
        return {}
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:12]
    out = {}
    for kind in kinds:
        path = cache / f"r6-vec-{'e5q' if kind == 'e5' else kind}-{key}.npy"
        if not path.exists():
            t0 = time.time()
            v = same.text_vectors(texts, (kind,))[kind]
            print(f"  {kind} vectors of {len(texts)} texts in {time.time() - t0:.0f}s", flush=True)
            cache.mkdir(parents=True, exist_ok=True)
            np.save(path, v)
        out[kind] = np.load(path)
    pos = {t: i for i, t in enumerate(texts)}
    ia = np.array([pos[a] for a, _ in pairs])
    ib = np.array([pos[b] for _, b in pairs])
    return {k: pair_columns(v[ia], v[ib]) for k, v in out.items()}


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
    # LightGBM: row and feature subsampling, which the scikit-learn model lacks
    ("lgb", {"learning_rate": 0.03, "n_estimators": 400, "num_leaves": 7, "min_child_samples": 40,
             "colsample_bytree": 0.5, "subsample": 0.8, "reg_lambda": 1.0}),
    ("lgb", {"learning_rate": 0.02, "n_estimators": 800, "num_leaves": 7, "min_child_samples": 30,
             "colsample_bytree": 0.3, "subsample": 0.8, "reg_lambda": 1.0}),
    ("lgb", {"learning_rate": 0.02, "n_estimators": 600, "num_leaves": 15, "min_child_samples": 60,
             "colsample_bytree": 0.5, "subsample": 0.8, "reg_lambda": 1.0}),
    # a stack (same_stack.Stack): the LightGBM above and a logistic regression over the
    # features (+ an RBF SVM over each kind's sentence-vector columns), combined on inner folds
    ("stack", {"kinds": []}),
    ("stack", {"kinds": ["use"]}),
    ("stack", {"kinds": ["use", "e5"]}),
]
STACK_LGB = 6  # the LightGBM configuration inside a stack
SHIPPED = 7  # the stack of LightGBM and a logistic regression (chosen nested: see above)


def make(kind: str, params: dict):
    if kind == "stack":
        from newslineage.same_stack import Stack
        return Stack(CONFIGS[STACK_LGB][1], kinds=params["kinds"])
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, **params))
    if kind == "lgb":
        from lightgbm import LGBMClassifier
        # one thread: the shipped model scores small batches, and OpenMP must not outlive a fork
        return LGBMClassifier(subsample_freq=1, n_jobs=1, verbose=-1, random_state=0, **params)
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(random_state=0, **params)


def folds(y, groups, k=10, seed=0):
    from sklearn.model_selection import StratifiedGroupKFold
    return list(StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
                .split(np.zeros(len(y)), y, groups))


def fitted(kind, params, X, y, w, V, g):
    m = make(kind, params)
    if kind == "stack":
        return m.fit(X, V, y, sample_weight=w, groups=g)
    return m.fit(X, y, **weights(kind, w))


def scored(m, kind, X, V) -> np.ndarray:
    return (m.predict_proba(X, V) if kind == "stack" else m.predict_proba(X))[:, 1]


def rows(V: dict, idx) -> dict:
    return {k: v[idx] for k, v in V.items()}


def oof(kind, params, X, y, splits, w, V=None, g=None) -> np.ndarray:
    p = np.zeros(len(y))
    V = V or {}
    g = np.arange(len(y)) if g is None else g
    for tr, te in splits:
        m = fitted(kind, params, X[tr], y[tr], w[tr], rows(V, tr), g[tr])
        p[te] = scored(m, kind, X[te], rows(V, te))
    return p


def weights(kind: str, w) -> dict:
    return {"logisticregression__sample_weight": w} if kind == "logistic" else {"sample_weight": w}


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
    ap.add_argument("--altered-weight", type=float, default=0.0,
                    help="sample weight of an altered pair (altered_pairs; 0 leaves them out)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="runs of the tuning CV (shuffles) whose pooled out-of-fold "
                    "probabilities choose the threshold")
    ap.add_argument("--configs", default=str(SHIPPED),
                    help="indices into CONFIGS to try (comma-separated), or 'all'; the best by "
                    "out-of-fold accuracy is fitted (default: the shipped one, SHIPPED)")
    ap.add_argument("--no-plain-cv", action="store_true",
                    help="skip the plain 10-fold CV over all of MRPC (a report only: 10 more "
                    "fits; the nested figures of benchmarks/same_round7.py are the honest ones)")
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
    ap_, ag = altered_pairs(mp, my, mg, np.random.default_rng(11)) \
        if args.altered_weight > 0 else ([], np.zeros(0, dtype=int))
    ay = np.zeros(len(ap_), dtype=int)
    print(f"altered MRPC paraphrases: {len(ap_)} pairs (label: not the same)", flush=True)
    mu, me = cached_cosines(mp, args.cache)
    cu, ce = cached_cosines(cp, args.cache)
    au, ae = cached_cosines(ap_, args.cache)
    Xm = cached_features(mp, mu, me, args.cache)
    Xc = cached_features(cp, cu, ce, args.cache)
    Xa = cached_features(ap_, au, ae, args.cache)
    configs = CONFIGS if args.configs == "all" else [CONFIGS[int(k)] for k in args.configs.split(",")]
    # sentence-vector columns, read only by a stack (encoding e5 for 8k texts takes minutes)
    kinds = sorted({v for k, p in configs if k == "stack" for v in p["kinds"]})
    Vm, Vc, Va = (cached_vectors(x, args.cache, kinds) if kinds else {} for x in (mp, cp, ap_))
    Va = Va or {k: np.zeros((0, v.shape[1]), np.float32) for k, v in Vm.items()}

    # Hold a tenth of the MRPC groups out of all tuning.
    rng = np.random.default_rng(7)
    ug = np.unique(mg)
    held_groups = set(rng.choice(ug, int(round(args.holdout * len(ug))), replace=False).tolist())
    held = np.array([g in held_groups for g in mg])
    held_a = np.array([g in held_groups for g in ag], dtype=bool)
    X = np.vstack([Xm[~held], Xc, Xa[~held_a]])
    y = np.concatenate([my[~held], cy, ay[~held_a]])
    g = np.concatenate([mg[~held], cg + mg.max() + 1, ag[~held_a]])
    V = {k: np.vstack([Vm[k][~held], Vc[k], Va[k][~held_a]]) for k in Vm}
    kind_ = np.concatenate([np.full((~held).sum(), "m"), np.full(len(cy), "c"),
                            np.full((~held_a).sum(), "a")])
    is_m, is_c, real = kind_ == "m", kind_ == "c", kind_ != "a"
    w = np.select([is_m, is_c], [1.0, args.clough_weight], args.altered_weight)
    # The Clough groups (5 tasks) go one to each of five folds; MRPC groups fill all ten.
    splits = folds(y, g)

    results = []
    for kind, params in configs:
        t0 = time.time()
        p = oof(kind, params, X, y, splits, w, V, g)
        # threshold and choice from the real pairs only; the altered ones are judged apart
        t = best_threshold(p[real], y[real])
        acc, f1 = metrics(y[is_m], p[is_m] >= t)
        cacc = metrics(y[is_c], p[is_c] >= t)[0]
        aacc = metrics(y[~real], p[~real] >= t)[0] if (~real).any() else float("nan")
        print(f"  {kind} {params}: threshold {t:.2f}  MRPC acc {acc:.3f} F1 {f1:.3f}  "
              f"Clough acc {cacc:.3f}  altered acc {aacc:.3f}  ({time.time() - t0:.0f}s)",
              flush=True)
        results.append((metrics(y[real], p[real] >= t)[0], kind, params, t, p))
    _, kind, params, t, p = max(results, key=lambda r: r[0])
    # The threshold from the pooled out-of-fold probabilities of several shuffles of the folds:
    # one run's best threshold swings with its folds (benchmarks/RESULTS-reuse.md, round 6).
    pooled_p = [p] + [oof(kind, params, X, y, folds(y, g, seed=r), w, V, g)
                      for r in range(1, args.repeats)]
    t = best_threshold(np.concatenate(pooled_p)[np.tile(real, len(pooled_p))],
                       np.tile(y[real], len(pooled_p)))
    print(f"  threshold over {len(pooled_p)} runs of the tuning CV: {t:.2f}", flush=True)
    ma, mf = per_fold(p, y, splits, is_m, t)
    ca, _ = per_fold(p, y, splits, is_c, t)
    report = {"config": [kind, params], "threshold": t,
              "tuning_mrpc_acc": spread(ma), "tuning_mrpc_f1": spread(mf),
              "tuning_clough_acc": spread(ca),
              "tuning_clough_acc_pooled": round(metrics(y[is_c], p[is_c] >= t)[0], 3),
              "tuning_altered_acc": round(metrics(y[~real], p[~real] >= t)[0], 3)
              if (~real).any() else None}
    # The held-out tenth, judged by the chosen model fitted on the tuning pairs.
    m = fitted(kind, params, X, y, w, V, g)
    ha, hf = metrics(my[held], scored(m, kind, Xm[held], rows(Vm, held)) >= t)
    report["holdout_mrpc"] = {"pairs": int(held.sum()), "acc": round(ha, 3), "f1": round(hf, 3)}
    # Plain 10-fold CV over all of MRPC train (grouped; the altered pairs of the training
    # folds' groups join their training), chosen configuration and threshold.
    X2, y2, g2 = np.vstack([Xm, Xa]), np.concatenate([my, ay]), np.concatenate([mg, ag])
    real2 = np.arange(len(y2)) < len(my)
    msplits = folds(y2, g2, seed=1)
    V2 = {k: np.vstack([Vm[k], Va[k]]) for k in Vm}
    if not args.no_plain_cv:
        pm = oof(kind, params, X2, y2, msplits, np.where(real2, 1.0, args.altered_weight), V2, g2)
        fa, ff = per_fold(pm, y2, msplits, real2, t)
        report["mrpc_10fold_acc"], report["mrpc_10fold_f1"] = spread(fa), spread(ff)
        pooled = metrics(my, pm[real2] >= t)
        report["mrpc_10fold_pooled"] = {"acc": round(pooled[0], 3), "f1": round(pooled[1], 3)}
    print(json.dumps(report, indent=1))

    Xf, yf = np.vstack([Xm, Xc, Xa]), np.concatenate([my, cy, ay])
    wf = np.concatenate([np.ones(len(my)), np.full(len(cy), args.clough_weight),
                         np.full(len(ay), args.altered_weight)])
    gf = np.concatenate([mg, cg + mg.max() + 1, ag])
    final = fitted(kind, params, Xf, yf, wf, {k: np.vstack([Vm[k], Vc[k], Va[k]]) for k in Vm}, gf)
    import lightgbm
    import sklearn
    out = {"estimator": final, "features": list(same.FEATURES), "threshold": t,
           "vectors": list(params["kinds"]) if kind == "stack" else [],
           "sklearn": sklearn.__version__, "lightgbm": lightgbm.__version__,
           "fitted_on": (f"MRPC train ({len(my)} pairs) + Clough-Stevenson answer/source pairs "
                         f"({len(cy)}) + {len(ay)} MRPC paraphrases with a shared figure changed "
                         f"or a side negated (not the same); threshold {t:.2f} maximises "
                         "out-of-fold accuracy of 10-fold StratifiedGroupKFold on the tuning pairs (MRPC less a held-out "
                         "tenth, plus Clough)"),
           "cv": report}
    if not args.no_write:
        same.MODEL.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"wrote {same.MODEL} ({same.MODEL.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
