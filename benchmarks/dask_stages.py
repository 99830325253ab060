#!/usr/bin/env python3
"""When each stage ends, as the main line of one `analyze` sees it (its progress calls), on
the process pool or on Dask (a LocalCluster of this machine):

    python benchmarks/dask_stages.py /tmp/newslineage-bench/c10000/articles.jsonl [--engine dask]

Prints the seconds from the start at which each stage reported its last item, and the
client's CPU seconds at the end. Run both engines one after the other and compare the gaps.
"""
from __future__ import annotations

import argparse
import sys
import time


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("corpus")
    cli.add_argument("--engine", default="local", choices=["local", "dask"])
    args = cli.parse_args()
    import newslineage

    t0 = time.perf_counter()
    ended: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done == total and stage not in ended:
            ended[stage] = time.perf_counter() - t0
            print(f"{ended[stage]:7.1f} s  {stage} ({total})", flush=True)

    newslineage.analyze([args.corpus], progress=progress, engine=args.engine)
    print(f"{time.perf_counter() - t0:7.1f} s  end ({args.engine}); client CPU "
          f"{time.process_time():.1f} s", file=sys.stderr)


if __name__ == "__main__":  # a LocalCluster's workers import this module again
    main()
