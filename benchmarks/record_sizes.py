#!/usr/bin/env python3
"""What a run holds per record: the resident memory of the analysing process after each stage,
then the size of the report's records field by field (sys.getsizeof walks; an object shared
by several records counts once).

    python benchmarks/record_sizes.py CORPUS.jsonl [--engine dask]

The fields are the places to look when a process's memory grows with the corpus: an article's
text, spans, removed furniture, a relation's passages and their diffs.
"""
from __future__ import annotations

import os
import sys
import time
from collections import Counter

from suite import corpus_file, memory_of, parser


def _rss() -> str:
    now, peak = (memory_of(os.getpid(), f) // 2**20 for f in ("VmRSS", "VmHWM"))
    return f"RSS {now} MiB (peak {peak} MiB)"


def _deep(o, seen: set) -> int:
    if id(o) in seen:
        return 0
    seen.add(id(o))
    size = sys.getsizeof(o)
    if isinstance(o, dict):
        size += sum(_deep(k, seen) + _deep(v, seen) for k, v in o.items())
    elif isinstance(o, (list, tuple, set, frozenset)):
        size += sum(_deep(x, seen) for x in o)
    elif hasattr(o, "__dict__"):
        size += _deep(o.__dict__, seen)
    elif hasattr(type(o), "__slots__"):
        size += sum(_deep(getattr(o, k), seen) for k in type(o).__slots__ if hasattr(o, k))
    return size


def by_field(records: list, label: str) -> None:
    total: Counter = Counter()
    seen: set = set()
    for o in records:
        seen.update((id(o), id(o.__dict__)))
        total["(record)"] += sys.getsizeof(o) + sys.getsizeof(o.__dict__)
        for k, v in o.__dict__.items():
            total[k] += _deep(v, seen)
    n = max(1, len(records))
    print(f"{label}: {len(records)}, {sum(total.values()) / 2**20:.1f} MiB")
    for k, v in total.most_common():
        print(f"   {k:<14} {v / 2**20:8.1f} MiB {v / n:8.0f} B each")


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    cli.add_argument("--engine", default="local")
    args = cli.parse_args()
    import newslineage

    seen_stage: set = set()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in seen_stage and done == total:
            seen_stage.add(stage)
            print(f"{time.strftime('%H:%M:%S')} {stage:<10} {_rss()}", flush=True)

    report = newslineage.analyze([corpus_file(args.corpus)], progress=progress, engine=args.engine)
    print(f"end        {_rss()}")
    by_field(report.articles, "articles")
    by_field(report.relations, "relations")
    by_field([p for r in report.relations for p in r.passages], "passages")
    for name in ("origins", "stories", "quotes", "drift"):
        records = getattr(report, name)
        print(f"{name}: {len(records)}, {_deep(records, set()) / 2**20:.1f} MiB")


if __name__ == "__main__":  # (a LocalCluster's workers start from this module: guard it)
    main()
