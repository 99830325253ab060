#!/usr/bin/env python3
"""MRPC round 7: the stack of learner families, nested; idf-weighted unmatched words.

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round7.py bases --seed 1 --bases lr,svm_use
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round7.py stack --combos lgb+lr+svm_use,...
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round7.py sets --sets unmatched

MRPC train only (never test.tsv), the outer folds of tools/fit_same.py (10-fold
StratifiedGroupKFold, seeds 1-3: 30 folds). Nested: inside each outer training part an inner
grouped 4-fold CV (seed + 100, the inner folds of ``same_round6.py threshold``, whose LightGBM
outputs are reused from its cache) gives every base learner's out-of-fold outputs; the
stacker (a logistic regression over the base outputs) and its threshold are fitted on those
alone, the base learners are refitted on the whole training part, and the test fold is
scored once. No output a model produced after seeing the test fold reaches the stacker.

Base learners (``BASES``): ``lgb`` (the shipped LightGBM over ``same.FEATURES``, its logit),
``lr`` (logistic regression over the standardised features), ``svm_use`` / ``svm_e5`` (RBF SVM,
C 1, gamma "scale", over |u - v| and u * v of the two texts' USE / e5 "query: " vectors),
``lr_e5`` (logistic over the same e5 columns). Each base's outputs are cached per seed
(``bases``; two seeds can run in two processes), ``stack`` combines them.

``sets``: feature sets added to the 111 (LightGBM alone, each fold's threshold from the
other nine folds' out-of-fold probabilities, as ``same_round6.py sets``), judged fold by fold.
"""
from __future__ import annotations

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
BASES = ("lgb", "lr", "svm_use", "svm_e5", "lr_e5")


def logit(p):
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def learner(name: str):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0 if name == "lr" else 0.05,
                                                              max_iter=3000))


def columns(d, name: str) -> np.ndarray:
    if name == "lr":
        return d.X
    V = d.vectors("use" if name.endswith("use") else "e5q")
    return np.hstack([np.abs(V[d.ia] - V[d.ib]), V[d.ia] * V[d.ib]])


def rbf_kernel(d, name: str) -> np.ndarray:
    """The RBF kernel of all pairs over the standardised columns, gamma "scale" (1 / columns
    after standardising), by one matrix product: libsvm's own kernel loop costs ~10x more.
    The columns are standardised over all of MRPC train (no label is read; a fold's own
    mean and scale differ from these in the third digit)."""
    Z = columns(d, name)
    Z = (Z - Z.mean(0)) / (Z.std(0) + 1e-12)
    sq = np.einsum("ij,ij->i", Z, Z)
    D = sq[:, None] + sq[None, :] - 2 * (Z @ Z.T)
    return np.exp(-np.maximum(D, 0) / Z.shape[1])


def svm_fit_score(K, tr, te, y) -> np.ndarray:
    from sklearn.svm import SVC
    m = SVC(C=1.0, kernel="precomputed").fit(K[np.ix_(tr, tr)], y[tr])
    return m.decision_function(K[np.ix_(te, tr)])


def base_outputs(d, name: str, seed: int) -> list:
    """Per outer fold of ``seed``: (inner out-of-fold outputs over the training part, the test
    fold's output of the learner fitted on the whole training part)."""
    path = d.cache / f"r7-base-{name}-{seed}-{d.X.shape[1]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from fit_same import folds
    from same_round6 import base_nested
    y, g = d.y, d.g
    out = []
    if name == "lgb":  # round 6's nested run holds exactly these
        o = base_nested(d)
        k = SEEDS.index(seed) * 10
        for j, (tr, te) in enumerate(folds(y, g, seed=seed)):
            out.append((logit(o["inner"][k + j]), logit(o["P"][SEEDS.index(seed)][te])))
    else:
        t0 = time.process_time()
        if name.startswith("svm"):
            K = rbf_kernel(d, name)
        else:
            Z = columns(d, name)
        for tr, te in folds(y, g, seed=seed):
            inner = np.zeros(len(tr))
            for itr, ite in folds(y[tr], g[tr], k=INNER_K, seed=seed + 100):
                if name.startswith("svm"):
                    inner[ite] = svm_fit_score(K, tr[itr], tr[ite], y)
                else:
                    inner[ite] = learner(name).fit(Z[tr][itr], y[tr][itr]).decision_function(
                        Z[tr][ite])
            out.append((inner, svm_fit_score(K, tr, te, y) if name.startswith("svm") else
                        learner(name).fit(Z[tr], y[tr]).decision_function(Z[te])))
        print(f"  {name} seed {seed}: {time.process_time() - t0:.0f} s CPU", flush=True)
    path.write_bytes(pickle.dumps(out))
    return out


def stack_run(d, combo: list[str]) -> dict:
    from fit_same import best_threshold, folds, metrics
    from sklearn.linear_model import LogisticRegression
    y, g = d.y, d.g
    out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN", "coef", "curve")}
    grid = np.round(np.arange(0.35, 0.601, 0.025), 3)
    for s in SEEDS:
        per = [base_outputs(d, b, s) for b in combo]
        for j, (tr, te) in enumerate(folds(y, g, seed=s)):
            Zi = np.column_stack([p[j][0] for p in per])
            Zt = np.column_stack([p[j][1] for p in per])
            if len(combo) == 1:  # one learner: its own probability, threshold from inner OOF
                pi, pt = 1 / (1 + np.exp(-Zi[:, 0])), 1 / (1 + np.exp(-Zt[:, 0]))
                out["coef"].append([1.0])
            else:
                st = LogisticRegression(C=1.0).fit(Zi, y[tr])
                pi, pt = st.predict_proba(Zi)[:, 1], st.predict_proba(Zt)[:, 1]
                out["coef"].append(st.coef_[0].tolist())
            t = best_threshold(pi, y[tr])
            for name, thr in (("05", 0.5), ("N", t)):
                a, f = metrics(y[te], pt >= thr)
                out["acc" + name].append(a)
                out["f1" + name].append(f)
            out["tN"].append(t)
            out["curve"].append([metrics(y[te], pt >= x) for x in grid])
    c = np.array(out["curve"])  # folds x thresholds x (accuracy, F1)
    out["curve"] = {str(x): [round(float(c[:, i, 0].mean()), 4), round(float(c[:, i, 1].mean()), 4)]
                    for i, x in enumerate(grid)}
    return out


def do_stack(d, combos: list[str]) -> dict:
    from same_round6 import summary
    base = stack_run(d, ["lgb"])
    figures = {"lgb": summary("LightGBM alone (shipped)", base)}
    for c in combos:
        o = stack_run(d, c.split("+"))
        r = summary(f"stack {c}", o, base)
        r["weights"] = np.round(np.mean(o["coef"], axis=0), 3).tolist()
        r["curve"] = o["curve"]
        print(f"    weights {r['weights']}; fixed thresholds (accuracy, F1): "
              + ", ".join(f"{k} {a:.4f}/{f:.4f}" for k, (a, f) in o["curve"].items()), flush=True)
        figures[c] = r
    return figures


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("what", choices=("bases", "stack", "sets"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    ap.add_argument("--seed", type=int, help="bases: one seed (default all)")
    ap.add_argument("--bases", default="lr,svm_use,svm_e5,lr_e5")
    ap.add_argument("--combos", default="lgb+lr+svm_use,lgb+lr+svm_use+svm_e5,"
                    "lgb+lr+svm_use+lr_e5,lgb+lr+svm_e5")
    ap.add_argument("--sets", default="unmatched")
    args = ap.parse_args()
    from fit_same import DATA
    from same_round6 import Data
    if not (DATA / "mrpc" / "train.tsv").exists():
        sys.exit(f"{DATA / 'mrpc' / 'train.tsv'} is absent: this benchmark reads ../shared/data")
    warnings.filterwarnings("ignore")
    d = Data(args.cache)
    if args.what == "bases":
        for s in ([args.seed] if args.seed else SEEDS):
            for b in args.bases.split(","):
                base_outputs(d, b, s)
        return
    print("| model (MRPC train, 10-fold grouped CV x seeds 1-3, nested) | threshold 0.5: "
          "accuracy / F1 | nested threshold: accuracy / F1 | paired diff. 0.5 (se) | nested (se) |")
    print("| --- | --- | --- | --- | --- |")
    if args.what == "stack":
        figures = do_stack(d, args.combos.split(","))
    else:
        import same_unmatched
        figures = same_unmatched.do_sets(d, args.sets.split(","))
    record(f"same_round7_{args.what}", figures, args, quiet=True)


if __name__ == "__main__":
    main()
