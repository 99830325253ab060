"""Cost of ``drift.detect`` alone, its two halves apart (``passage_drift``, which the pipeline
runs in a worker, and ``quote_drift``, on the main line), on a stage-input snapshot (a pickle
of ``(articles, relations, quotes)``, as written by benchmarks/make_state.py), and a guard that
its output does not change while it is made faster.

    .venv/bin/python benchmarks/drift_speed.py /tmp/nl-state/c10000/quotes.pkl --save /tmp/drift-ref.pkl
    .venv/bin/python benchmarks/drift_speed.py /tmp/nl-state/c10000/quotes.pkl --check /tmp/drift-ref.pkl

Each repeat starts with cold caches (spelling keys, word forms, publication dates; the lexicon
tables are built once before); the medians of the repeats are printed, as wall time and as CPU
time of this process (steadier on a shared box).
"""
from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("snapshot", help="pickle of (articles, relations, quotes)")
    cli.add_argument("--repeat", type=int, default=3)
    cli.add_argument("--save", help="write the findings here (the reference)")
    cli.add_argument("--check", help="compare the findings with this reference")
    args = cli.parse_args()
    sys.setrecursionlimit(100000)  # the snapshots hold deep records
    with open(args.snapshot, "rb") as fh:
        articles, relations, quotes = pickle.load(fh)
    from newslineage import drift
    from newslineage.drift import tokens
    from newslineage import wording as normalize

    drift.compare_texts("warm the tables up", "warm the lexicons up today")
    wall, cpu, passage, quote = [], [], [], []
    for _ in range(args.repeat):
        for fn in (normalize.spelling_key, tokens._forms, drift._published):
            fn.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        by_passage = drift.passage_drift(articles, relations)
        c1 = time.process_time()
        found = drift.merge(by_passage, drift.quote_drift(articles, relations, quotes))
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        passage.append(c1 - c0)
        quote.append(cpu[-1] - passage[-1])
    med = statistics.median
    print(f"{len(articles)} articles, {len(relations)} relations, {len(quotes)} quotes -> {len(found)} drift; "
          f"wall {med(wall):.3f} s {[round(x, 2) for x in wall]}, "
          f"cpu {med(cpu):.3f} s {[round(x, 2) for x in cpu]} "
          f"(passages {med(passage):.3f}, quotes {med(quote):.3f})")
    rows = [(d.a, d.b, d.type, d.a_text, d.b_text, d.note) for d in found]
    if args.save:
        with open(args.save, "wb") as fh:
            pickle.dump(rows, fh)
    if args.check:
        with open(args.check, "rb") as fh:
            want = pickle.load(fh)
        if rows != want:
            print(f"DIFFERENT from {args.check}: {len(set(want) - set(rows))} missing, "
                  f"{len(set(rows) - set(want))} new")
            return 1
        print(f"identical to {args.check}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
