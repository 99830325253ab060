#!/usr/bin/env python3
"""MRPC round 8: the shipped stack (LightGBM + logistic) nested, its errors by class, and
feature sets judged by the nested stack.

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round8.py run --seed 1 [--sets clauses]
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round8.py errors
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round8.py compare --sets clauses
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round8.py run --mlp; ... compare --mlp

MRPC train only (never test.tsv); the outer folds of tools/fit_same.py (10-fold
StratifiedGroupKFold, seeds 1-3: 30 folds). Nested as ``same_round7.py``: inside each outer
training part an inner grouped 4-fold CV (seed + 100) gives LightGBM's (the shipped settings,
its logit) and the logistic regression's (standardised features, C 1) out-of-fold outputs;
the stacker (a logistic regression over the two) and its threshold are fitted on those alone,
both learners refitted on the whole training part, and the test fold is scored once. This is
``newslineage.same_stack.Stack`` with no vector kinds, the model ``tools/fit_same.py`` ships.

``run`` computes (and caches per seed) the nested outputs of the shipped features and of
each ``--sets`` addition; several seeds can run in several processes. ``errors`` reads the
shipped features' outputs: the nested false positives and negatives by class (numbers, names,
negation disagreeing; a clause added or dropped; one side a subset of the other).
``compare`` prints each set against the shipped features fold by fold (mean paired
difference, its standard error over the folds).

``--mlp`` runs a stack with a third learner family, a small neural network (one layer of 32,
early stopping) over the standardised features; ``compare --mlp`` sets it against the shipped
stack.

Feature sets (``benchmarks/same_meaning.py``, not in the package until they pay):
``clauses``: clauses (a verb's subtree: ccomp, advcl, relcl, conj, xcomp, acl, parataxis, or
the main clause) with no aligned content word, their count and size on each side, and whether
one side's content words are all aligned (a subset) while the other side's are not.
"""
from __future__ import annotations

import hashlib
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


def _lgb():
    from fit_same import CONFIGS, STACK_LGB, make
    return make("lgb", CONFIGS[STACK_LGB][1])


def _lr():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))


def _logit(p):
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _mlp():
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), MLPClassifier(
        (32,), alpha=1e-2, early_stopping=True, max_iter=500, random_state=0))


BASES = ("lgb", "lr")  # the shipped stack; ``--mlp`` adds a small neural network as a third


def _bases(Xtr, ytr, Xte) -> np.ndarray:
    cols = []
    for name in BASES:
        m = {"lgb": _lgb, "lr": _lr, "mlp": _mlp}[name]().fit(Xtr, ytr)
        cols.append(m.decision_function(Xte) if name == "lr"
                    else _logit(m.predict_proba(Xte)[:, 1]))
    return np.column_stack(cols)


def nested_seed(X, y, g, seed: int) -> dict:
    """Per outer fold of ``seed``: accuracy and F1 at 0.5 and at the nested threshold, and the
    test fold's stacked probabilities."""
    from fit_same import best_threshold, folds, metrics
    from sklearn.linear_model import LogisticRegression
    out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN")}
    P = np.zeros(len(y))
    for tr, te in folds(y, g, seed=seed):
        Zi = np.zeros((len(tr), len(BASES)))
        for itr, ite in folds(y[tr], g[tr], k=INNER_K, seed=seed + 100):
            Zi[ite] = _bases(X[tr][itr], y[tr][itr], X[tr][ite])
        st = LogisticRegression(C=1.0).fit(Zi, y[tr])
        t = best_threshold(st.predict_proba(Zi)[:, 1], y[tr])
        P[te] = p = st.predict_proba(_bases(X[tr], y[tr], X[te]))[:, 1]
        for name, thr in (("05", 0.5), ("N", t)):
            a, f = metrics(y[te], p >= thr)
            out["acc" + name].append(a)
            out["f1" + name].append(f)
        out["tN"].append(t)
    out["P"] = P
    return out


def matrix(d, sets: list[str]) -> np.ndarray:
    if not sets:
        return d.X
    import same_meaning
    return np.hstack([d.X] + [same_meaning.matrix(d, s) for s in sets])


def outputs(d, sets: list[str], seed: int) -> dict:
    X = matrix(d, sets)
    key = hashlib.sha1(X.tobytes() + d.y.tobytes()).hexdigest()[:12]
    tag = ("+".join(sets) or "shipped") + ("" if BASES == ("lgb", "lr") else "-" + "+".join(BASES))
    path = d.cache / f"r8-nested-{tag}-{seed}-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    t0 = time.process_time()
    o = nested_seed(X, d.y, d.g, seed)
    print(f"  {tag} seed {seed}: {time.process_time() - t0:.0f} s CPU", flush=True)
    path.write_bytes(pickle.dumps(o))
    return o


def merged(d, sets: list[str]) -> dict:
    per = [outputs(d, sets, s) for s in SEEDS]
    out = {k: sum((o[k] for o in per), []) for k in ("acc05", "f105", "accN", "f1N", "tN")}
    out["P"] = [o["P"] for o in per]
    return out


def classes(d) -> dict[str, np.ndarray]:
    """Each pair's disagreements, read from the shipped features (boolean per pair)."""
    from newslineage import same
    F = {n: d.X[:, k] for k, n in enumerate(same.FEATURES)}
    return {
        "numbers disagree": (F["num_any"] > 0) & (F["num_agree"] < 1) & (F["num_only_min"] > 0),
        "a number on one side only": (F["num_only_max"] > 0) & (F["num_only_min"] == 0),
        "names disagree": F["name_only_min"] > 0,
        "a name on one side only": (F["name_only_max"] > 0) & (F["name_only_min"] == 0),
        "negation differs": F["neg_diff"] > 0,
        "clause count differs by 2+": F["clause_diff"] >= 2,
        "one side a subset (content)": (F["content_only_min"] == 0) & (F["content_only_max"] > 0),
        "one side adds >= 30% words": F["added_max"] >= 0.3,
        "lengths within 10%": F["len_ratio"] >= 0.9,
    }


def do_errors(d) -> dict:
    o = merged(d, [])
    y = d.y
    figures = {}
    P = np.mean(o["P"], axis=0)  # each pair's mean test probability over the three seeds
    t = float(np.median(o["tN"]))
    pred = P >= t
    groups = {"FP": pred & (y == 0), "FN": ~pred & (y == 1), "TP": pred & (y == 1),
              "TN": ~pred & (y == 0)}
    print(f"pairs {len(y)}; threshold {t:.2f} (median nested); "
          + ", ".join(f"{k} {v.sum()}" for k, v in groups.items()))
    print("| class | pairs | positive | FP rate among its negatives | FN rate among its positives "
          "| share of all FP | share of all FN |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, m in classes(d).items():
        neg, pos = m & (y == 0), m & (y == 1)
        r = {"pairs": int(m.sum()), "positive": round(float(y[m].mean()), 3) if m.any() else None,
             "fp_rate": round(float((groups["FP"] & m).sum() / max(1, neg.sum())), 3),
             "fn_rate": round(float((groups["FN"] & m).sum() / max(1, pos.sum())), 3),
             "fp_share": round(float((groups["FP"] & m).sum() / max(1, groups["FP"].sum())), 3),
             "fn_share": round(float((groups["FN"] & m).sum() / max(1, groups["FN"].sum())), 3)}
        figures[name] = r
        print(f"| {name} | {r['pairs']} | {r['positive']} | {r['fp_rate']} | {r['fn_rate']} | "
              f"{r['fp_share']} | {r['fn_share']} |")
    allneg, allpos = (y == 0), (y == 1)
    print(f"| all | {len(y)} | {y.mean():.3f} | {groups['FP'].sum() / allneg.sum():.3f} | "
          f"{groups['FN'].sum() / allpos.sum():.3f} | 1 | 1 |")
    # the most confident errors, to read
    for name, sel, order in (("false positives", groups["FP"], -P), ("false negatives",
                                                                       groups["FN"], P)):
        idx = [i for i in np.argsort(order) if sel[i]][:8]
        print(f"\nmost confident {name}:")
        for i in idx:
            a, b = d.pairs[i]
            print(f"  P {P[i]:.2f}\n    A: {a}\n    B: {b}")
    return figures


def do_compare(d, sets: list[str]) -> dict:
    global BASES
    from same_round6 import summary
    print("| features (nested stack, 30 folds) | threshold 0.5: accuracy / F1 | nested threshold: "
          "accuracy / F1 | paired diff. 0.5 (se) | nested (se) |")
    print("| --- | --- | --- | --- | --- |")
    bases, BASES = BASES, ("lgb", "lr")
    base = merged(d, [])
    figures = {"shipped": summary("shipped (111), stack LightGBM + logistic", base)}
    for s in sets:
        figures[s] = summary(f"+ {s}", merged(d, s.split("+")), base)
    if bases != BASES:
        BASES = bases
        figures["+".join(bases)] = summary("shipped (111), stack " + " + ".join(bases),
                                           merged(d, []), base)
    return figures


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("what", choices=("run", "errors", "compare"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    ap.add_argument("--seed", type=int, help="run: one seed (default all)")
    ap.add_argument("--sets", default="", help="feature sets, comma-separated ('' = shipped)")
    ap.add_argument("--mlp", action="store_true", help="a third learner in the stack: an MLP "
                    "(32 units, early stopping) over the standardised features")
    args = ap.parse_args()
    global BASES
    if args.mlp:
        BASES = ("lgb", "lr", "mlp")
    from fit_same import DATA
    from same_round6 import Data
    if not (DATA / "mrpc" / "train.tsv").exists():
        sys.exit(f"{DATA / 'mrpc' / 'train.tsv'} is absent: this benchmark reads ../shared/data")
    warnings.filterwarnings("ignore")
    d = Data(args.cache)
    sets = [s for s in args.sets.split(",") if s]
    if args.what == "run":
        for s in ([args.seed] if args.seed else SEEDS):
            for x in [""] + sets:  # the shipped features first, then each set
                outputs(d, [p for p in x.split("+") if p], s)
        return
    figures = do_errors(d) if args.what == "errors" else do_compare(d, sets)
    record(f"same_round8_{args.what}", figures, args, quiet=True)


if __name__ == "__main__":
    main()
