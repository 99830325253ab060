#!/usr/bin/env python3
"""CPU time of the candidates stage alone (``candidates.find`` without embeddings, one
process), on the cleaned articles of a stage snapshot, segmented first (not timed):

    python benchmarks/candidates_speed.py /tmp/nl-state/c10000/clean.pkl
    python benchmarks/candidates_speed.py clean.pkl --save before.pkl    # keep the output
    python benchmarks/candidates_speed.py clean.pkl --check before.pkl   # same output?

Prints process CPU seconds and the stage's own timings (sign, lexical, names; wall). Run it
once per process (caches start cold) and interleave the versions compared.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("clean")
    cli.add_argument("--save")
    cli.add_argument("--check")
    a = cli.parse_args()
    sys.setrecursionlimit(100000)
    import numpy as np

    from newslineage import candidates
    from newslineage.segment import segment

    with open(a.clean, "rb") as f:
        articles = segment(pickle.load(f))
    t0 = time.process_time()
    found = candidates.find(articles, embeddings=False, settings=candidates.Settings(workers=1))
    cpu = time.process_time() - t0
    print(f"cpu {cpu:.3f} " + " ".join(f"{k} {v:.3f}" for k, v in found.timings.items()))
    out = (found.pairs, found.signal, found.score, found.counts)
    if a.save:
        with open(a.save, "wb") as f:
            pickle.dump(out, f)
    if a.check:
        with open(a.check, "rb") as f:
            ref = pickle.load(f)
        same = all(np.array_equal(x, y) for x, y in zip(ref[:3], out[:3])) and ref[3] == out[3]
        print("identical" if same else "DIFFERENT", len(found.pairs), found.counts)


if __name__ == "__main__":
    main()
