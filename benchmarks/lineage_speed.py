"""Time lineage.trace on a stage snapshot, in-process, and reading the sources of every
article (sources_of), medians of N (wall and CPU seconds; pool CPU is this process only):

    .venv/bin/python benchmarks/lineage_speed.py /tmp/nl-state/c10000/reuse.pkl --runs 3

The snapshot is a pickle of (articles, relations) as pipeline.find_reuse returns them (written
by benchmarks/make_state.py). To time older code, run the same
script with PYTHONPATH pointing at an export of that commit's src/.
"""
from __future__ import annotations

import argparse

from suite import arguments, corpus, record, timed


def in_process(lineage, articles, relations):
    """trace with its sources read in this process (older code read them over a pool)."""
    sources_of = lineage.sources_of
    lineage.sources_of = lambda arts, workers=None, **kw: sources_of(arts, workers=1, **kw)
    try:
        return lineage.trace(articles, relations)
    finally:
        lineage.sources_of = sources_of


def main() -> None:
    ap = arguments(__doc__, "a stage snapshot .pkl of (articles, relations)")
    ap.add_argument("--repeat", dest="runs", type=int, default=argparse.SUPPRESS,
                    help="the same as --runs")
    ap.add_argument("--pool", action="store_true", help="also time sources_of over a process pool")
    args = ap.parse_args()
    articles, relations = corpus(args.corpus)
    from newslineage import lineage

    print(f"{len(articles)} articles, {len(relations)} relations ({lineage.__file__})")
    lineage.trace(articles[:20], [])  # load the phrase tables outside the timing
    rows = [("trace", lambda: lineage.trace(articles, relations)),
            ("trace, sources read in-process", lambda: in_process(lineage, articles, relations)),
            ("sources_of, in-process, every article read fully",
             lambda: lineage.sources_of(articles, workers=1))]
    if args.pool:
        rows.append(("sources_of, process pool", lambda: lineage.sources_of(articles)))
    figures = {"articles": len(articles), "relations": len(relations)}
    for label, fn in rows:
        t = figures[label] = timed(fn, args.runs, cold=args.cold)
        print(f"{label:50s} wall {t['wall']:6.2f} s  cpu {t['cpu']:6.2f} s {t['cpus']}", flush=True)
    record("lineage_speed", figures, args)


if __name__ == "__main__":
    main()
