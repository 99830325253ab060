"""Time lineage.trace on a stage snapshot, in-process, and reading the sources of every
article (sources_of), medians of N (wall and CPU seconds; pool CPU is this process only):

    .venv/bin/python benchmarks/lineage_speed.py /tmp/nl-state/c10000/reuse.pkl --repeat 3

The snapshot is a pickle of (articles, relations) as pipeline.find_reuse returns them (written
by benchmarks/make_state.py). To time older code, run the same
script with PYTHONPATH pointing at an export of that commit's src/.
"""
from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time


def timed(fn, repeat):
    """Wall and CPU seconds of fn (medians of ``repeat``): on a shared box the CPU time of
    this process is the steadier figure."""
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu), cpu


def in_process(lineage, articles, relations):
    """trace with its sources read in this process (older code read them over a pool)."""
    sources_of = lineage.sources_of
    lineage.sources_of = lambda arts, workers=None, **kw: sources_of(arts, workers=1, **kw)
    try:
        return lineage.trace(articles, relations)
    finally:
        lineage.sources_of = sources_of


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("snapshot")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pool", action="store_true", help="also time sources_of over a process pool")
    args = ap.parse_args()
    sys.setrecursionlimit(100000)
    with open(args.snapshot, "rb") as f:
        articles, relations = pickle.load(f)
    from newslineage import lineage

    print(f"{len(articles)} articles, {len(relations)} relations ({lineage.__file__})")
    lineage.trace(articles[:20], [])  # load the phrase tables outside the timing
    rows = [("trace", lambda: lineage.trace(articles, relations)),
            ("trace, sources read in-process", lambda: in_process(lineage, articles, relations)),
            ("sources_of, in-process, every article read fully",
             lambda: lineage.sources_of(articles, workers=1))]
    if args.pool:
        rows.append(("sources_of, process pool", lambda: lineage.sources_of(articles)))
    for label, fn in rows:
        wall, cpu, cpus = timed(fn, args.repeat)
        print(f"{label:50s} wall {wall:6.2f} s  cpu {cpu:6.2f} s {[round(t, 2) for t in cpus]}",
              flush=True)


if __name__ == "__main__":
    main()
