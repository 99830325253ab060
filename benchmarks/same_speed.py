#!/usr/bin/env python3
"""Cost per pair of the same-content decision (``newslineage.same``), stage by stage, on MRPC
sentence pairs (../shared/data/mrpc/train.tsv, read in place).

    OMP_NUM_THREADS=1 python benchmarks/same_speed.py [--pairs 1000] [--repeat 3] [--embeddings]

Each run starts with empty per-process caches (models loaded and warmed before timing) and
times, over the same pairs: the lexical and fact features alone (the baseline), the spaCy
parse of every distinct sentence in one pass, the whole feature matrix, and the model's one
call (for a stack, its LightGBM alone as well). With ``--embeddings`` also the USE and e5
cosines (e5 dominates everything else).
Prints the median of ``--repeat`` runs in ms per pair, and each stage as a ratio to the
baseline measured in the same run.
"""
from __future__ import annotations

import numpy as np

from suite import Clock, add_runs, clear_memos, data, median, parser, record


def read_pairs(n: int) -> list[tuple[str, str]]:
    with open(data("mrpc", "train.tsv", what="same_speed.py"), encoding="utf-8") as f:
        next(f)
        rows = [line.rstrip("\n").split("\t") for line in f]
    return [(r[3].strip(), r[4].strip()) for r in rows[:n]]


def clear() -> None:
    from newslineage import embed, normalize, same
    from newslineage.reuse import align
    same._facts.cache_clear()
    same._syntax_cache.clear()
    normalize._FORMS.clear()
    normalize.norm_word.cache_clear()
    embed._cache.clear()
    getattr(align, "_e5_cache", {}).clear()
    # every memo of the package too: the features read the alignment's sentence records
    clear_memos()


def one_run(pairs, embeddings: bool) -> dict:
    from newslineage import same
    n = len(pairs)
    out = {}
    clear()
    with Clock() as c:
        for a, b in pairs:
            same.lexical_features(a, b, 0.8, 0.9)
    out["lexical features (baseline)"] = c.wall
    with Clock() as c:
        same.parse([x for p in pairs for x in p])
    out["spaCy parse"] = c.wall
    clear()
    with Clock() as c:
        X = same.feature_matrix(pairs, np.full(n, 0.8), np.full(n, 0.9))
    out["feature matrix (all)"] = c.wall
    with Clock() as c:
        same.probabilities(X)
    out["model"] = c.wall
    bases = getattr(same.model()["estimator"], "bases", None)
    if bases:  # a stack: its LightGBM alone, to show what the other learners add
        from threadpoolctl import threadpool_limits
        with threadpool_limits(1, user_api="openmp"), Clock() as c:
            bases[0].predict_proba(X)
        out["model: its LightGBM alone"] = c.wall
    if embeddings:
        with Clock() as c:
            same.cosines(pairs)
        out["USE + e5 cosines"] = c.wall
    return {k: 1000 * v / n for k, v in out.items()}


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--pairs", type=int, default=1000)
    add_runs(ap, 3, "--repeat")
    ap.add_argument("--embeddings", action="store_true")
    args = ap.parse_args()
    from newslineage import same
    pairs = read_pairs(args.pairs)
    same.model()
    same.parse(["Warm the parser up."])
    if args.embeddings:
        same.cosines([("Warm the models up.", "Warm up the models.")])
    runs = [one_run(pairs, args.embeddings) for _ in range(args.runs)]
    base = median(r["lexical features (baseline)"] for r in runs)
    print(f"{len(pairs)} MRPC pairs, median of {args.runs} runs")
    print(f"{'stage':32s} {'ms/pair':>8s} {'x baseline':>10s}")
    figures = {"pairs": len(pairs), "runs": args.runs}
    for k in runs[0]:
        v = median(r[k] for r in runs)
        print(f"{k:32s} {v:8.3f} {v / base:10.2f}")
        figures[k] = {"ms per pair (wall)": round(v, 3), "x baseline": round(v / base, 2)}
    record("same_speed", figures, args, quiet=True)


if __name__ == "__main__":
    main()
