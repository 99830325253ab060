#!/usr/bin/env python3
"""Cost per pair of the same-content decision (``newslineage.same``), stage by stage, on MRPC
sentence pairs (../shared/data/mrpc/train.tsv, read in place).

    OMP_NUM_THREADS=1 python benchmarks/same_speed.py [--pairs 1000] [--repeat 3] [--embeddings]

Each run starts with empty per-process caches (models loaded and warmed before timing) and
times, over the same pairs: the lexical and fact features alone (the baseline), the spaCy
parse of every distinct sentence in one pass, the whole feature matrix, and the model's one
call. With ``--embeddings`` also the USE and e5 cosines (e5 dominates everything else).
Prints the median of ``--repeat`` runs in ms per pair, and each stage as a ratio to the
baseline measured in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MRPC = ROOT.parent / "shared" / "data" / "mrpc" / "train.tsv"


def read_pairs(n: int) -> list[tuple[str, str]]:
    if not MRPC.exists():
        sys.exit(f"{MRPC} is absent: this benchmark reads MRPC from ../shared/data")
    with open(MRPC, encoding="utf-8") as f:
        next(f)
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [(r[3].strip(), r[4].strip()) for r in rows[:n]]


def clear() -> None:
    from newslineage import embed, normalize, same
    from newslineage.reuse import align
    same._facts_cached.cache_clear()
    same._syntax_cache.clear()
    normalize._FORMS.clear()
    normalize.norm_word.cache_clear()
    embed._cache.clear()
    getattr(align, "_e5_cache", {}).clear()
    # every memo of the package too: the features read the alignment's sentence records
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from suite import clear_memos
    clear_memos()


def one_run(pairs, embeddings: bool) -> dict:
    from newslineage import same
    n = len(pairs)
    out = {}
    clear()
    t = time.perf_counter()
    for a, b in pairs:
        same.lexical_features(a, b, 0.8, 0.9)
    out["lexical features (baseline)"] = time.perf_counter() - t
    t = time.perf_counter()
    same.parse([x for p in pairs for x in p])
    out["spaCy parse"] = time.perf_counter() - t
    clear()
    t = time.perf_counter()
    X = same.feature_matrix(pairs, np.full(n, 0.8), np.full(n, 0.9))
    out["feature matrix (all)"] = time.perf_counter() - t
    t = time.perf_counter()
    same.probabilities(X)
    out["model"] = time.perf_counter() - t
    if embeddings:
        t = time.perf_counter()
        same.cosines(pairs)
        out["USE + e5 cosines"] = time.perf_counter() - t
    return {k: 1000 * v / n for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--embeddings", action="store_true")
    args = ap.parse_args()
    from newslineage import same
    pairs = read_pairs(args.pairs)
    same.model()
    same.parse(["Warm the parser up."])
    if args.embeddings:
        same.cosines([("Warm the models up.", "Warm up the models.")])
    runs = [one_run(pairs, args.embeddings) for _ in range(args.repeat)]
    base = statistics.median(r["lexical features (baseline)"] for r in runs)
    print(f"{len(pairs)} MRPC pairs, median of {args.repeat} runs")
    print(f"{'stage':32s} {'ms/pair':>8s} {'x baseline':>10s}")
    for k in runs[0]:
        v = statistics.median(r[k] for r in runs)
        print(f"{k:32s} {v:8.3f} {v / base:10.2f}")


if __name__ == "__main__":
    main()
