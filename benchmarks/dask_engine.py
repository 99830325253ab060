#!/usr/bin/env python3
"""The Dask engine against the process pool, in the same run.

    python benchmarks/dask_engine.py 10000 [100000] [--runs 3] [--timeout 3600]

For each size (synthetic corpus from ../shared/bench/make_corpus.py, cached like scale.py's):
`newslineage analyze articles.jsonl --json R --quiet` with the process pool and with
`--engine dask` (a LocalCluster of this machine's cores), alternating. Prints the median wall
time of each, their ratio (target <= 1.3), the peak RSS of the largest process (target
<= 2 GiB per process), and whether the two reports are identical.
"""
from __future__ import annotations

import argparse
import filecmp
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CACHE, corpus, run_measured  # noqa: E402

NL = str(Path(sys.executable).with_name("newslineage"))


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("sizes", nargs="+", type=int)
    cli.add_argument("--runs", type=int, default=3)
    cli.add_argument("--timeout", type=float, default=3600)
    args = cli.parse_args()
    for n in args.sizes:
        src = corpus(n) / "articles.jsonl"
        times = {"pool": [], "dask": []}
        rss = {"pool": 0, "dask": 0}
        for run in range(args.runs):
            for name, extra in (("pool", []), ("dask", ["--engine", "dask"])):
                out = CACHE / f"dask-bench-{name}-{n}.json"
                wall, peak, code, tail = run_measured(
                    [NL, "analyze", str(src), "--json", str(out), "--quiet"] + extra, args.timeout)
                if code != 0:
                    sys.exit(f"{name} at {n} failed ({code}): {tail}")
                times[name].append(wall)
                rss[name] = max(rss[name], peak)
                print(f"  {n} {name} run {run + 1}: {wall:.1f} s, peak RSS {peak / 2**20:.0f} MiB",
                      flush=True)
        same = filecmp.cmp(CACHE / f"dask-bench-pool-{n}.json", CACHE / f"dask-bench-dask-{n}.json",
                           shallow=False)
        pool, dask = statistics.median(times["pool"]), statistics.median(times["dask"])
        print(f"{n} articles: pool {pool:.1f} s ({rss['pool'] / 2**20:.0f} MiB), "
              f"dask {dask:.1f} s ({rss['dask'] / 2**20:.0f} MiB), ratio {dask / pool:.2f}x, "
              f"reports identical: {same}  (medians of {args.runs})")


if __name__ == "__main__":
    main()
