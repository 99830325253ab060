#!/usr/bin/env python3
"""When each stage ends, as the main line of one `analyze` sees it (its progress calls), on
the process pool or on Dask (a LocalCluster of this machine):

    python benchmarks/dask_stages.py /tmp/newslineage-bench/c10000/articles.jsonl [--engine dask]

Prints the seconds from the start at which each stage reported its last item, and the
client's CPU seconds at the end. Run both engines one after the other and compare the gaps.
"""
from __future__ import annotations

import sys
import time

from suite import corpus_file, parser, record


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    cli.add_argument("--engine", default="local", choices=["local", "dask"])
    args = cli.parse_args()
    import newslineage

    t0 = time.perf_counter()
    ended: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done == total and stage not in ended:
            ended[stage] = time.perf_counter() - t0
            print(f"{ended[stage]:7.1f} s  {stage} ({total})", flush=True)

    newslineage.analyze([corpus_file(args.corpus)], progress=progress, engine=args.engine)
    end, cpu = time.perf_counter() - t0, time.process_time()
    print(f"{end:7.1f} s  end ({args.engine}); client CPU {cpu:.1f} s", file=sys.stderr)
    record(f"dask_stages_{args.engine}", {"stage ends at s": {k: round(v, 1) for k, v in ended.items()},
                                          "end s": round(end, 1), "client CPU s": round(cpu, 1)},
           args, quiet=True)


if __name__ == "__main__":  # a LocalCluster's workers import this module again
    main()
