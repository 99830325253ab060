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

import copy
import gc
import os
import sys

from reuse_speed import clear_caches
from suite import (Clock, CpuMeter, add_reference, add_runs, load_pickle, median, parser, record, reference,
                   save_pickle)


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("snapshot")
    ap.add_argument("pairs")
    add_runs(ap, 3, "--repeat")
    ap.add_argument("--no-embeddings", action="store_true")
    add_reference(ap)
    args = ap.parse_args()
    from newslineage import candidates, embed, segment
    from newslineage.reuse import align, relate

    emb = not args.no_embeddings
    base = load_pickle(args.snapshot)
    if not os.path.exists(args.pairs):
        pairs = candidates.candidate_pairs(segment.segment(copy.deepcopy(base)), workers=1)
        save_pickle([(int(i), int(j)) for i, j in pairs], args.pairs)
    pairs = load_pickle(args.pairs)
    if emb:  # model loading is not the stage's cost
        embed.encode(["warm the sentence encoder up"])
        align.encode_e5(["warm the second encoder up"])
    # Model CPU swings from run to run (OpenMP threads on a shared box): reported apart.
    model = CpuMeter()
    embed.encode, embed.encode_e5 = model.wrap(embed.encode), model.wrap(embed.encode_e5)
    cpus, rest = [], []
    for _ in range(args.runs):
        arts = segment.segment(copy.deepcopy(base))
        clear_caches()
        gc.collect()
        model.reset()
        with Clock() as c:
            rels = relate.relate_pairs(arts, pairs, embeddings=emb, workers=1)
        cpus.append(c.cpu)
        rest.append(cpus[-1] - model.total())
        print(f"relate cpu {cpus[-1]:.2f} s (models {model.total():.2f} s, rest {rest[-1]:.2f} s)",
              flush=True)
    print(f"{len(pairs)} pairs, {len(rels)} relations; median cpu {median(cpus):.2f} s,"
          f" without the models {median(rest):.2f} s")
    record("relate_speed", {"articles": len(base), "pairs": len(pairs), "relations": len(rels),
                            "runs": args.runs, "relate CPU s": round(median(cpus), 3),
                            "without the models CPU s": round(median(rest), 3)}, args, quiet=True)
    if not reference(args, [r.to_dict() for r in rels]):
        sys.exit(1)


if __name__ == "__main__":
    main()
