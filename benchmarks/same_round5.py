#!/usr/bin/env python3
"""MRPC round 5: feature sets for the same-content decision measured on MRPC train (10-fold
grouped CV, the folds of tools/fit_same.py, seeds 1-3, threshold 0.5), against the shipped
50 features with the shipped LightGBM settings.

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/same_round5.py [--sets align,ngram,...]
        [--nested] [--mpnet DIR]

Sets: ``align`` (monolingual word alignment, ``same_align``, identical forms and lemmas only),
``align_sim`` (the same with USE vectors of single words for similar words), ``ngram``
(n-gram precision both ways at 1-4 on words, lemmas and characters; dependency triples),
``mpnet`` (the all-mpnet-base-v2 cosine, with --mpnet DIR: see mpnet_np.py),
and their unions (``a+b``). The baseline is ``same.FEATURES[:50]`` (the features before this
round). ``--nested`` chooses LightGBM settings (GRID) and the threshold inside each outer fold
(seed 1). Prints accuracy (mean +- sd over the 30 folds) and F1 (mean), and the
CPU cost of each set a pair. USE and e5 cosines are cached by fit_same.py under --cache;
the parse and the feature matrices too. Reads ../shared/data in place.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from suite import parser, record

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

LGB = {"learning_rate": 0.02, "n_estimators": 800, "num_leaves": 7, "min_child_samples": 30,
       "colsample_bytree": 0.3, "subsample": 0.8, "reg_lambda": 1.0}
SEEDS = (1, 2, 3)


def parsed(texts: list[str], cache: Path) -> dict:
    """{text: (aligner tokens, same's syntax record)}; one spaCy pass, cached on disk."""
    from newslineage import same, same_align
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:16]
    path = cache / f"parse2-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    t0 = time.process_time()
    docs = same._nlp().pipe((t[:same.SYNTAX_MAX_CHARS] for t in texts), batch_size=256)
    out = {t: (same_align.tokens(d), same._syntax_of(d)) for t, d in zip(texts, docs)}
    print(f"  parse: {len(texts)} texts, {1000 * (time.process_time() - t0) / len(texts):.1f} "
          "ms CPU a text", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def word_sim(toks: dict, cache: Path):
    """cos(x, y) of two lower forms from USE vectors of the single words."""
    words = sorted({t.low for ts, _ in toks.values() for t in ts if t.content})
    key = hashlib.sha1(json.dumps(words).encode()).hexdigest()[:16]
    path = cache / f"words-{key}.npy"
    if path.exists():
        V = np.load(path)
    else:
        from newslineage import embed
        t0 = time.process_time()
        V = embed.encode(words)
        print(f"  USE words: {len(words)}, {1000 * (time.process_time() - t0) / len(words):.2f}"
              " ms CPU a word", flush=True)
        np.save(path, V)
    pos = {w: k for k, w in enumerate(words)}

    def sim(x: str, y: str) -> float:
        i, j = pos.get(x), pos.get(y)
        return float(V[i] @ V[j]) if i is not None and j is not None else 0.0
    return sim


def mpnet_cosines(pairs, folder: Path, cache: Path) -> np.ndarray:
    """all-mpnet-base-v2 cosine of each pair (mpnet_np.py), vectors cached on disk."""
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:16]
    path = cache / f"mpnet-{key}.npy"
    if path.exists():
        V = np.load(path)
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from mpnet_np import MPNet
        t0 = time.process_time()
        V = MPNet(folder).encode(texts)
        print(f"  MPNet: {len(texts)} texts, {1000 * (time.process_time() - t0) / len(texts):.1f}"
              " ms CPU a text", flush=True)
        np.save(path, V)
    pos = {t: i for i, t in enumerate(texts)}
    return np.array([[float(V[pos[a]] @ V[pos[b]])] for a, b in pairs])


def matrix(name: str, pairs, fn, cache: Path) -> np.ndarray:
    key = hashlib.sha1(json.dumps([name, pairs]).encode()).hexdigest()[:16]
    path = cache / f"x-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    t0 = time.process_time()
    X = np.array([fn(a, b) for a, b in pairs], dtype=np.float64)
    print(f"  {name}: {1000 * (time.process_time() - t0) / len(pairs):.2f} ms CPU a pair",
          flush=True)
    np.save(path, X)
    return X


def oof(X, y, g, seed, params=LGB) -> np.ndarray:
    from fit_same import folds, make
    p = np.zeros(len(y))
    for tr, te in folds(y, g, seed=seed):
        m = make("lgb", params)
        m.fit(X[tr], y[tr])
        p[te] = m.predict_proba(X[te])[:, 1]
    return p


def score(P: list[np.ndarray], y, g) -> tuple[float, float, float]:
    from fit_same import folds, metrics
    acc, f1 = [], []
    for p, seed in zip(P, SEEDS):
        for _, te in folds(y, g, seed=seed):
            a, f = metrics(y[te], p[te] >= 0.5)
            acc.append(a)
            f1.append(f)
    return float(np.mean(acc)), float(np.std(acc)), float(np.mean(f1))


GRID = [LGB,
        {**LGB, "colsample_bytree": 0.5},
        {**LGB, "num_leaves": 15, "min_child_samples": 60},
        {**LGB, "learning_rate": 0.04, "n_estimators": 400, "num_leaves": 4}]


def nested(X, y, g, seed: int, inner_k: int = 4):
    """Outer 10-fold grouped CV; inside each training part, LightGBM settings (GRID) and the
    threshold are chosen on inner grouped out-of-fold probabilities (accuracy)."""
    from fit_same import best_threshold, folds, make, metrics
    acc, f1, chosen = [], [], []
    for tr, te in folds(y, g, seed=seed):
        inner = folds(y[tr], g[tr], k=inner_k, seed=seed + 100)
        best = None
        for k, params in enumerate(GRID):
            p = np.zeros(len(tr))
            for itr, ite in inner:
                m = make("lgb", params)
                m.fit(X[tr][itr], y[tr][itr])
                p[ite] = m.predict_proba(X[tr][ite])[:, 1]
            t = best_threshold(p, y[tr])
            a = metrics(y[tr], p >= t)[0]
            if best is None or a > best[0]:
                best = (a, k, t)
        _, k, t = best
        m = make("lgb", GRID[k])
        m.fit(X[tr], y[tr])
        a, f = metrics(y[te], m.predict_proba(X[te])[:, 1] >= t)
        acc.append(a)
        f1.append(f)
        chosen.append((k, t))
    return acc, f1, chosen


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newslineage-fit-same"))
    ap.add_argument("--mpnet", type=Path, help="the all-mpnet-base-v2 folder (mpnet_np.py)")
    ap.add_argument("--nested", action="store_true",
                    help="choose LightGBM settings and threshold inside each fold (GRID)")
    ap.add_argument("--sets", default="align,align_sim,ngram,align+ngram")
    args = ap.parse_args()
    from fit_same import DATA, cached_cosines, mrpc_rows
    if not (DATA / "mrpc" / "train.tsv").exists():
        sys.exit(f"{DATA / 'mrpc' / 'train.tsv'} is absent: this benchmark reads ../shared/data")
    import warnings
    warnings.filterwarnings("ignore")
    from newslineage import same, same_align, same_ngram

    pairs, y, g = mrpc_rows(DATA / "mrpc" / "train.tsv")
    use, e5 = cached_cosines(pairs, args.cache)
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    P = parsed(texts, args.cache)
    same._syntax_cache.update({t: s for t, (_, s) in P.items()})
    key = hashlib.sha1(json.dumps(pairs).encode()).hexdigest()[:16]
    bpath = args.cache / f"x-base-{key}.npy"
    if bpath.exists():
        X = np.load(bpath)
    else:
        X = same.feature_matrix(pairs, use, e5)[:, :50]
        np.save(bpath, X)
    sets = {}
    want = set(args.sets.replace("+", ",").split(","))
    if "align" in want:
        sets["align"] = matrix("align2", pairs, lambda a, b: same_align.features(P[a][0], P[b][0]),
                               args.cache)
    if "align_sim" in want:
        sim = word_sim(P, args.cache)
        sets["align_sim"] = matrix("align_sim2", pairs,
                                   lambda a, b: same_align.features(P[a][0], P[b][0], sim),
                                   args.cache)
    if "mpnet" in want:
        sets["mpnet"] = mpnet_cosines(pairs, args.mpnet, args.cache)
    if "ngram" in want:
        sets["ngram"] = matrix("ngram", pairs,
                               lambda a, b: same_ngram.features(a, b, P[a][0], P[b][0]),
                               args.cache)
    print("| features (10-fold grouped CV x seeds 1-3, threshold 0.5, LightGBM as shipped) "
          "| accuracy | F1 |")
    print("| --- | --- | --- |")
    runs = {"the 50 features (baseline)": X}
    figures = {}
    for name in args.sets.split(","):
        parts = name.split("+")
        if all(p in sets for p in parts):
            runs[f"+ {name}"] = np.hstack([X] + [sets[p] for p in parts])
    for name, Xs in runs.items():
        if args.nested:
            acc, f1, chosen = nested(Xs, y, g, seed=1)
            print(f"| {name} ({Xs.shape[1]}), nested: settings and threshold chosen inside "
                  f"each fold (seed 1) | {np.mean(acc):.4f} +- {np.std(acc):.4f} | "
                  f"{np.mean(f1):.4f} |  chosen {chosen}", flush=True)
            figures[f"{name}, nested"] = {"features": Xs.shape[1], "accuracy": round(float(np.mean(acc)), 4),
                                          "sd": round(float(np.std(acc)), 4), "f1": round(float(np.mean(f1)), 4),
                                          "chosen": [list(map(str, c)) for c in chosen]}
            continue
        a, sd, f = score([oof(Xs, y, g, s) for s in SEEDS], y, g)
        print(f"| {name} ({Xs.shape[1]}) | {a:.4f} +- {sd:.4f} | {f:.4f} |", flush=True)
        figures[name] = {"features": Xs.shape[1], "accuracy": round(float(a), 4),
                         "sd": round(float(sd), 4), "f1": round(float(f), 4)}
    record("same_round5", figures, args, quiet=True)


if __name__ == "__main__":
    main()
