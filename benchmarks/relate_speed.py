#!/usr/bin/env python3
"""CPU of ``relate.relate_pairs`` alone, one process, on a stage snapshot.

    python benchmarks/relate_speed.py /tmp/nl-state/c10000/clean.pkl PAIRS.pkl [--repeat 3]
        [--no-embeddings] [--save OUT.pkl] [--check REF.pkl]

PAIRS.pkl holds the candidate pairs (``candidates.candidate_pairs(articles, workers=1)`` on
the segmented snapshot); written on first use when missing. Each repeat segments a fresh copy
of the articles (untimed), empties the per-process caches and times ``relate_pairs``; the
models are loaded and warmed first. ``--save`` pickles ``[r.to_dict() for r in rels]`` and
``--check`` compares it with a saved one. The models' CPU (USE, e5) is reported apart: it
swings from run to run on a shared box.
"""
from __future__ import annotations

import argparse
import copy
import gc
import os
import pickle
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from reuse_speed import clear_caches  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("snapshot")
    ap.add_argument("pairs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--save")
    ap.add_argument("--check")
    args = ap.parse_args()
    sys.setrecursionlimit(100000)
    from newslineage import candidates, embed, segment
    from newslineage.reuse import align, relate

    emb = not args.no_embeddings
    with open(args.snapshot, "rb") as f:
        base = pickle.load(f)
    if not os.path.exists(args.pairs):
        pairs = candidates.candidate_pairs(segment.segment(copy.deepcopy(base)), workers=1)
        with open(args.pairs, "wb") as f:
            pickle.dump([(int(i), int(j)) for i, j in pairs], f)
    with open(args.pairs, "rb") as f:
        pairs = pickle.load(f)
    if emb:  # model loading is not the stage's cost
        embed.encode(["warm the sentence encoder up"])
        align.encode_e5(["warm the second encoder up"])
    model = [0.0]

    def timed(fn):
        def run(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                model[0] += time.process_time() - t
        return run

    # Model CPU swings from run to run (OpenMP threads on a shared box): reported apart.
    embed.encode, embed.encode_e5 = timed(embed.encode), timed(embed.encode_e5)
    cpus, rest = [], []
    for _ in range(args.repeat):
        arts = segment.segment(copy.deepcopy(base))
        clear_caches()
        gc.collect()
        model[0] = 0.0
        c0 = time.process_time()
        rels = relate.relate_pairs(arts, pairs, embeddings=emb, workers=1)
        cpus.append(time.process_time() - c0)
        rest.append(cpus[-1] - model[0])
        print(f"relate cpu {cpus[-1]:.2f} s (models {model[0]:.2f} s, rest {rest[-1]:.2f} s)",
              flush=True)
    print(f"{len(pairs)} pairs, {len(rels)} relations; median cpu {statistics.median(cpus):.2f} s,"
          f" without the models {statistics.median(rest):.2f} s")
    out = [r.to_dict() for r in rels]
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump(out, f)
    if args.check:
        with open(args.check, "rb") as f:
            ref = pickle.load(f)
        print("IDENTICAL" if ref == out else "DIFFERENT", flush=True)
        if ref != out:
            sys.exit(1)


if __name__ == "__main__":
    main()
