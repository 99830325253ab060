"""CPU of ``drift.passage_drift`` and ``drift.quote_drift`` apart, on a stage-input snapshot
(a pickle of ``(articles, relations, quotes)``), with a guard that their findings do not change.

    PYTHONPATH=src .venv/bin/python benchmarks/drift_parts.py /tmp/nl-state/c10000/quotes.pkl --save /tmp/drift-parts.pkl
    PYTHONPATH=src .venv/bin/python benchmarks/drift_parts.py /tmp/nl-state/c10000/quotes.pkl --check /tmp/drift-parts.pkl

Each repeat starts with cold caches (spelling keys, word forms, publication dates); one line
of CPU seconds (this process) per repeat.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time


def _cold() -> None:
    """Clear the per-process memos of words and dates (the lexicon tables stay: built once)."""
    from newslineage import drift
    from newslineage.drift import tokens
    from newslineage.quotes import normalize
    for fn in (normalize.spelling_key, tokens._forms, drift._published):
        fn.cache_clear()


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("snapshot")
    cli.add_argument("--repeat", type=int, default=1)
    cli.add_argument("--save")
    cli.add_argument("--check")
    args = cli.parse_args()
    sys.setrecursionlimit(100000)
    with open(args.snapshot, "rb") as fh:
        articles, relations, quotes = pickle.load(fh)
    from newslineage import drift
    drift.compare_texts("warm the tables up", "warm the lexicons up today")
    for _ in range(args.repeat):
        _cold()
        c0 = time.process_time()
        pd = drift.passage_drift(articles, relations)
        c1 = time.process_time()
        qd = drift.quote_drift(articles, relations, quotes)
        c2 = time.process_time()
        print(f"passage {c1 - c0:.3f} quote {c2 - c1:.3f} total {c2 - c0:.3f} ({len(pd)}+{len(qd)} drift)", flush=True)
    rows = ([d.to_dict() for d in pd], [d.to_dict() for d in qd])
    if args.save:
        with open(args.save, "wb") as fh:
            pickle.dump(rows, fh)
    if args.check:
        with open(args.check, "rb") as fh:
            want = pickle.load(fh)
        if rows != want:
            print("DIFFERENT", sum(x != y for x, y in zip(rows[0], want[0])), len(rows[0]), len(want[0]),
                  sum(x != y for x, y in zip(rows[1], want[1])), len(rows[1]), len(want[1]))
            return 1
        print("identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
