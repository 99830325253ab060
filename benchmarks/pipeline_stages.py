#!/usr/bin/env python3
"""When each stage of a full ``analyze`` ends, as the pipeline runs them (same pools, same
overlaps), with the process's RSS: python benchmarks/pipeline_stages.py CORPUS [--runs 3]

CORPUS is a file or folder of articles, or a number of synthetic articles. Stages that
overlap (stories and passage drift run aside while quotes are linked) end where the main line
collects them, so the increments add up to the wall time. Medians of --runs.
"""
from __future__ import annotations

import time

from newslineage import pipeline
from suite import add_runs, corpus_file, median, parser, record, rss_mib


def one_run(corpus: str, workers: int | None) -> dict[str, tuple[float, float]]:
    t0 = time.perf_counter()
    ends: dict[str, tuple[float, float]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        ends[stage] = (time.perf_counter() - t0, rss_mib())

    report = pipeline.analyze(corpus, workers=workers, progress=progress)
    report.to_json_bytes()
    ends["json"] = (time.perf_counter() - t0, rss_mib())
    return ends


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus")
    add_runs(cli, 1)
    cli.add_argument("--workers", type=int, default=None)
    a = cli.parse_args()
    runs = [one_run(corpus_file(a.corpus), a.workers) for _ in range(a.runs)]
    order = sorted(runs[0], key=lambda k: runs[0][k][0])
    prev = 0.0
    figures = {"runs": a.runs}
    print(f"{'stage':12s} {'ends at':>8s} {'step':>7s} {'RSS':>9s}   (median of {a.runs})")
    for stage in order:
        end = median(r[stage][0] for r in runs if stage in r)
        rss = median(r[stage][1] for r in runs if stage in r)
        print(f"{stage:12s} {end:7.1f}s {end - prev:6.1f}s {rss:6.0f} MiB")
        figures[stage] = {"ends at s": round(end, 1), "step s": round(end - prev, 1),
                          "RSS MiB": round(rss)}
        prev = end
    record(f"pipeline_stages_{a.corpus}" if a.corpus.isdigit() else "pipeline_stages", figures,
           a, quiet=True)


if __name__ == "__main__":
    main()
