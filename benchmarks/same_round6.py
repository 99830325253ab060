#!/usr/bin/env python3
"""MRPC round 6: the threshold, symmetry, a stack of learner families, e5's prefix and the
reporting features, measured on MRPC train (the folds of tools/fit_same.py, seeds 1-3).

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round6.py threshold
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round6.py symmetry
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round6.py sets [--sets report,e5p,...]
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round6.py stack [--vectors use,e5q]
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round6.py prefix

Every figure is of the shipped LightGBM settings (fit_same CONFIGS[6]) over the shipped
features (``same.FEATURES``) unless the line says otherwise, per outer fold (30 folds: 10 x
seeds 1-3), mean +- sd, with two thresholds:
- 0.5;
- "nested": chosen for accuracy inside each outer training part, on out-of-fold
  probabilities of an inner grouped 4-fold CV (``threshold``), or, for ``sets`` and
  ``stack``, on the out-of-fold probabilities of the other nine folds of the same run
  (cheaper; the threshold never reads the test fold's labels).
A change is compared with the baseline fold by fold (mean paired difference and its standard
error over the 30 folds): the noise that counts when both use the same folds.

``threshold``: accuracy and F1 of the nested threshold, and the accuracy/F1 curve over fixed
thresholds. ``symmetry``: whether any feature differs when the two texts swap sides (if none,
training on both orders is the same model). ``sets``: ``report`` (benchmarks/same_report.py: attribution,
reporting verbs, time expressions, the subject), ``e5p`` (e5 with the "passage: " prefix on
both sides in place of "query: "), ``e5both`` (both cosines); ``prefix``: the passage
prefix on the pairs encoded so far, when encoding all 7.8k sentences is too slow. ``stack``: LightGBM, a logistic
regression over the standardised features and an RBF SVM over |u - v| and u * v of the
sentence vectors, combined by a logistic stacker fitted for each fold on the other folds'
out-of-fold outputs. Vectors, cosines and matrices are cached under --cache (e5 costs ~60 ms
CPU a sentence on a loaded box). Reads ../shared/data in place; MRPC train only.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from suite import parser, record

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
SEEDS = (1, 2, 3)
INNER_K = 4


def _key(obj) -> str:
    return hashlib.sha1(json.dumps(obj).encode()).hexdigest()[:12]


class Data:
    """MRPC train: pairs, labels, groups, the shipped feature matrix, sentence vectors."""

    def __init__(self, cache: Path):
        from fit_same import DATA, cached_cosines, mrpc_rows
        from newslineage import same
        self.cache = cache
        self.pairs, self.y, self.g = mrpc_rows(DATA / "mrpc" / "train.tsv")
        self.use, self.e5 = cached_cosines(self.pairs, cache)
        path = cache / f"r6-X-{_key([self.pairs, same.FEATURES])}.npy"
        if path.exists():
            self.X = np.load(path)
        else:
            self.X = same.feature_matrix(self.pairs, self.use, self.e5)
            np.save(path, self.X)
        self.texts = list(dict.fromkeys(t for p in self.pairs for t in p))
        pos = {t: i for i, t in enumerate(self.texts)}
        self.ia = np.array([pos[a] for a, _ in self.pairs])
        self.ib = np.array([pos[b] for _, b in self.pairs])

    def vectors(self, kind: str, partial: bool = False) -> np.ndarray:
        """USE ("use") or e5 vectors with the "query: " ("e5q") or "passage: " ("e5p")
        prefix of every distinct text, L2-normalised; cached on disk. e5 is encoded in chunks
        of 256 texts, each saved as it is done (a run can stop and resume); ``partial``
        returns the texts encoded so far (rows of the others are NaN) without encoding more."""
        from newslineage import embed, same
        key = _key(self.texts)
        path = self.cache / f"r6-vec-{kind}-{key}.npy"
        if path.exists():
            return np.load(path)
        t0 = time.process_time()
        if kind == "use":
            V = embed.encode(self.texts)
        else:
            folder = self.cache / f"r6-chunks-{kind}-{key}"
            folder.mkdir(exist_ok=True)
            V = np.full((len(self.texts), 384), np.nan, dtype=np.float32)
            for i in range(0, len(self.texts), 256):
                part = folder / f"{i:05d}.npy"
                if not part.exists():
                    if partial:
                        continue
                    chunk = [t[:same.E5_MAX_CHARS] for t in self.texts[i:i + 256]]
                    v = np.asarray(embed._e5().encode(chunk, is_query=kind == "e5q"),
                                   dtype=np.float32).reshape(len(chunk), -1)
                    np.save(part, v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12))
                V[i:i + 256] = np.load(part)
            if partial:
                return V
        print(f"  {kind}: {len(self.texts)} texts, "
              f"{1000 * (time.process_time() - t0) / len(self.texts):.1f} ms CPU a text", flush=True)
        np.save(path, V)
        return V

    def cosine(self, kind: str) -> np.ndarray:
        V = self.vectors(kind)
        return np.einsum("ij,ij->i", V[self.ia], V[self.ib]).astype(np.float64)

    def report(self) -> np.ndarray:
        import same_report  # benchmarks/same_report.py: tried, not in the package

        from newslineage import same
        path = self.cache / f"r6-report-{_key([self.pairs, same_report.FEATURES])}.npy"
        if path.exists():
            return np.load(path)
        same.parse(self.texts)
        toks = {t: same._syntax(t)["toks"] for t in self.texts}
        t0 = time.process_time()
        R = np.array([same_report.features(a, b, toks[a], toks[b]) for a, b in self.pairs],
                     dtype=np.float64)
        print(f"  report features: {1000 * (time.process_time() - t0) / len(self.pairs):.2f} "
              "ms CPU a pair (beside the parse)", flush=True)
        np.save(path, R)
        return R


def lgb_fit_predict(Xtr, ytr, Xte) -> np.ndarray:
    from fit_same import CONFIGS, make
    m = make("lgb", CONFIGS[6][1])
    m.fit(Xtr, ytr)
    return m.predict_proba(Xte)[:, 1]


def nested_run(X, y, g) -> dict:
    """Per outer fold: the threshold chosen on inner out-of-fold probabilities of the training
    part, and the test fold's probabilities (inner ones kept for the stack)."""
    from fit_same import best_threshold, folds, metrics
    out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN", "P", "inner")}
    for s in SEEDS:
        P = np.zeros(len(y))
        for tr, te in folds(y, g, seed=s):
            pin = np.zeros(len(tr))
            for itr, ite in folds(y[tr], g[tr], k=INNER_K, seed=s + 100):
                pin[ite] = lgb_fit_predict(X[tr][itr], y[tr][itr], X[tr][ite])
            t = best_threshold(pin, y[tr])
            out["inner"].append(pin)
            P[te] = p = lgb_fit_predict(X[tr], y[tr], X[te])
            for name, thr in (("05", 0.5), ("N", t)):
                a, f = metrics(y[te], p >= thr)
                out["acc" + name].append(a)
                out["f1" + name].append(f)
            out["tN"].append(t)
        out["P"].append(P)
    return out


def plain_run(X, y, g) -> dict:
    """Out-of-fold probabilities per seed; each fold's threshold from the other nine folds."""
    from fit_same import best_threshold, folds, metrics
    out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN", "P")}
    for s in SEEDS:
        splits = folds(y, g, seed=s)
        P = np.zeros(len(y))
        for tr, te in splits:
            P[te] = lgb_fit_predict(X[tr], y[tr], X[te])
        for tr, te in splits:
            t = best_threshold(P[tr], y[tr])
            for name, thr in (("05", 0.5), ("N", t)):
                a, f = metrics(y[te], P[te] >= thr)
                out["acc" + name].append(a)
                out["f1" + name].append(f)
            out["tN"].append(t)
        out["P"].append(P)
    return out


def summary(name: str, o: dict, base: dict | None = None) -> dict:
    r = {k: round(float(np.mean(o[k])), 4) for k in ("acc05", "f105", "accN", "f1N", "tN")}
    r["sd05"], r["sdN"] = round(float(np.std(o["acc05"])), 4), round(float(np.std(o["accN"])), 4)
    line = (f"| {name} | {r['acc05']:.4f} +- {r['sd05']:.4f} / {r['f105']:.4f} | "
            f"{r['accN']:.4f} +- {r['sdN']:.4f} / {r['f1N']:.4f} (t {r['tN']:.2f}) |")
    if base is not None:
        for k in ("acc05", "accN"):
            d = np.array(o[k]) - np.array(base[k])
            r[f"d_{k}"] = round(float(d.mean()), 4)
            r[f"se_{k}"] = round(float(d.std(ddof=1) / np.sqrt(len(d))), 4)
        line += f" {r['d_acc05']:+.4f} ({r['se_acc05']:.4f}) | {r['d_accN']:+.4f} ({r['se_accN']:.4f}) |"
    print(line, flush=True)
    return r


def cached(path: Path, make):
    if path.exists():
        return pickle.loads(path.read_bytes())
    out = make()
    path.write_bytes(pickle.dumps(out))
    return out


def base_nested(d: Data) -> dict:
    return cached(d.cache / f"r6-nested-{_key([d.pairs, d.X.shape, SEEDS])}.pkl",
                  lambda: nested_run(d.X, d.y, d.g))


def do_threshold(d: Data) -> dict:
    from fit_same import folds, metrics
    o = base_nested(d)
    figures = {"nested": summary("shipped model, threshold 0.5 | nested", o)}
    ts = np.array(o["tN"])
    print(f"  nested thresholds: {ts.min():.2f}-{ts.max():.2f}, median {np.median(ts):.2f}")
    curve, splits = {}, {s: folds(d.y, d.g, seed=s) for s in SEEDS}
    for t in np.round(np.arange(0.30, 0.601, 0.025), 3):
        acc, f1 = [], []
        for P, s in zip(o["P"], SEEDS):
            for _, te in splits[s]:
                a, f = metrics(d.y[te], P[te] >= t)
                acc.append(a)
                f1.append(f)
        curve[str(t)] = [round(float(np.mean(acc)), 4), round(float(np.std(acc)), 4),
                         round(float(np.mean(f1)), 4)]
        print(f"  threshold {t:.3f}: accuracy {np.mean(acc):.4f} +- {np.std(acc):.4f}, "
              f"F1 {np.mean(f1):.4f}", flush=True)
    figures["curve"] = curve
    return figures


def do_symmetry(d: Data) -> dict:
    from newslineage import same
    Xr = same.feature_matrix([(b, a) for a, b in d.pairs], d.use, d.e5)
    diff = np.abs(d.X - Xr).max(axis=0)
    asym = {n: float(v) for n, v in zip(same.FEATURES, diff) if v > 0}
    print(f"  features that change when the texts swap sides: {asym or 'none'} "
          f"(of {len(same.FEATURES)}, over {len(d.pairs)} pairs)")
    return {"asymmetric": asym}


def plain_base(d: Data) -> dict:
    return cached(d.cache / f"r6-plain-base-{_key([d.pairs, d.X.shape, SEEDS])}.pkl",
                  lambda: plain_run(d.X, d.y, d.g))


def do_sets(d: Data, names: list[str]) -> dict:
    from newslineage import same
    base = plain_base(d)
    figures = {"base": summary("shipped features", base)}
    ie5, ix = same.FEATURES.index("e5"), same.FEATURES.index("use_x_e5")
    for name in names:
        X = d.X.copy()
        for part in name.split("+"):
            if part == "report":
                X = np.hstack([X, d.report()])
            elif part == "e5p":  # the passage prefix in place of the query prefix
                e5p = d.cosine("e5p")
                X[:, ie5], X[:, ix] = e5p, e5p * d.use
            elif part == "e5both":
                e5p = d.cosine("e5p")
                X = np.hstack([X, e5p[:, None], (e5p * d.use)[:, None]])
        figures[name] = summary(f"+ {name} ({X.shape[1]})", plain_run(X, d.y, d.g), base)
    return figures


def do_prefix(d: Data) -> dict:
    """e5 with "passage: " on both sides against "query: " (as shipped), on the pairs whose
    two texts have passage vectors so far (``vectors(partial=True)``): each cosine alone
    (threshold chosen on the other folds) and LightGBM with the passage cosine in place of
    the query one, fold by fold against the shipped features on the same pairs."""
    from fit_same import best_threshold, folds, metrics
    from newslineage import same
    V = d.vectors("e5p", partial=True)
    cos = np.einsum("ij,ij->i", V[d.ia], V[d.ib]).astype(np.float64)
    keep = ~np.isnan(cos)
    print(f"  pairs with passage vectors on both sides: {keep.sum()} of {len(cos)}")
    y, g = d.y[keep], d.g[keep]
    X0 = d.X[keep]
    X1 = X0.copy()
    ie5, ix = same.FEATURES.index("e5"), same.FEATURES.index("use_x_e5")
    X1[:, ie5], X1[:, ix] = cos[keep], cos[keep] * d.use[keep]
    alone = {"query": [], "passage": []}
    for s in SEEDS:
        for tr, te in folds(y, g, seed=s):
            for name, c in (("query", X0[:, ie5]), ("passage", X1[:, ie5])):
                grid = np.quantile(c[tr], np.linspace(0.05, 0.6, 56))
                t = max(grid, key=lambda t: metrics(y[tr], c[tr] >= t)[0])
                alone[name].append(metrics(y[te], c[te] >= t)[0])
    for name, a in alone.items():
        print(f"  e5 cosine alone, {name} prefix: accuracy {np.mean(a):.4f} +- {np.std(a):.4f}")
    base = plain_run(X0, y, g)
    return {"pairs": int(keep.sum()),
            "alone": {k: round(float(np.mean(v)), 4) for k, v in alone.items()},
            "base": summary(f"shipped features ({keep.sum()} pairs)", base),
            "passage": summary('"passage: " in place of "query: "', plain_run(X1, y, g), base)}


def do_stack(d: Data, kinds: list[str]) -> dict:
    """Out-of-fold outputs of each learner per seed (10 fits each); each fold's stacker (and
    its threshold) is fitted on the other nine folds' out-of-fold outputs (a 4-parameter
    logistic: the outputs of those rows came from models that saw the test fold, a leak of
    the order of the stacker's few weights, far cheaper than nesting every learner)."""
    from fit_same import best_threshold, folds, metrics
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    y, g, X = d.y, d.g, d.X
    base = plain_base(d)
    D = np.hstack([m for k in kinds for V in [d.vectors(k)]
                   for m in (np.abs(V[d.ia] - V[d.ib]), V[d.ia] * V[d.ib])])

    def logit(p):
        p = np.clip(p, 1e-4, 1 - 1e-4)
        return np.log(p / (1 - p))

    def learners(s: int) -> np.ndarray:
        Z = np.zeros((len(y), 3))
        Z[:, 0] = logit(base["P"][SEEDS.index(s)])
        t0 = time.process_time()
        for tr, te in folds(y, g, seed=s):
            lr = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
            Z[te, 1] = lr.fit(X[tr], y[tr]).decision_function(X[te])
            svm = make_pipeline(StandardScaler(), SVC(C=1.0, kernel="rbf", gamma="scale"))
            Z[te, 2] = svm.fit(D[tr], y[tr]).decision_function(D[te])
        print(f"  seed {s}: logistic + SVM, 10 folds, {time.process_time() - t0:.0f} s CPU",
              flush=True)
        return Z

    out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN", "acc_lr", "acc_svm", "coef")}
    for s in SEEDS:
        Z = cached(d.cache / f"r6-stack-{'+'.join(kinds)}-{s}-{_key([d.pairs, d.X.shape])}.pkl",
                   lambda: learners(s))
        for tr, te in folds(y, g, seed=s):
            out["acc_lr"].append(metrics(y[te], Z[te, 1] >= 0)[0])
            out["acc_svm"].append(metrics(y[te], Z[te, 2] >= 0)[0])
            st = LogisticRegression(C=1.0).fit(Z[tr], y[tr])
            out["coef"].append(st.coef_[0].tolist())
            t = best_threshold(st.predict_proba(Z[tr])[:, 1], y[tr])
            p = st.predict_proba(Z[te])[:, 1]
            for name, thr in (("05", 0.5), ("N", t)):
                a, f = metrics(y[te], p >= thr)
                out["acc" + name].append(a)
                out["f1" + name].append(f)
            out["tN"].append(t)
    w = np.round(np.mean(out["coef"], axis=0), 3).tolist()
    print(f"  alone: logistic {np.mean(out['acc_lr']):.4f}, SVM over {'+'.join(kinds)} "
          f"{np.mean(out['acc_svm']):.4f}; stacker weights (LightGBM, logistic, SVM) {w}")
    figures = {"base": summary("LightGBM alone", base),
               "stack": summary(f"stack: LightGBM + logistic + SVM ({'+'.join(kinds)})", out, base)}
    figures["stack"].update(logistic=round(float(np.mean(out["acc_lr"])), 4),
                            svm=round(float(np.mean(out["acc_svm"])), 4), weights=w)
    return figures


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("what", choices=("threshold", "symmetry", "sets", "stack", "prefix"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    ap.add_argument("--sets", default="report,e5p,e5both")
    ap.add_argument("--vectors", default="use", help="sentence vectors of the SVM: use, e5q, e5p")
    args = ap.parse_args()
    from fit_same import DATA
    if not (DATA / "mrpc" / "train.tsv").exists():
        sys.exit(f"{DATA / 'mrpc' / 'train.tsv'} is absent: this benchmark reads ../shared/data")
    warnings.filterwarnings("ignore")
    args.cache.mkdir(parents=True, exist_ok=True)
    d = Data(args.cache)
    print("| model (MRPC train, 10-fold grouped CV x seeds 1-3) | threshold 0.5: accuracy / F1 "
          "| nested threshold: accuracy / F1 | paired diff. 0.5 (se) | nested (se) |")
    print("| --- | --- | --- | --- | --- |")
    if args.what == "threshold":
        figures = do_threshold(d)
    elif args.what == "symmetry":
        figures = do_symmetry(d)
    elif args.what == "prefix":
        figures = do_prefix(d)
    elif args.what == "sets":
        figures = do_sets(d, args.sets.split(","))
    else:
        figures = do_stack(d, args.vectors.split(","))
    record(f"same_round6_{args.what}", figures, args, quiet=True)


if __name__ == "__main__":
    main()
