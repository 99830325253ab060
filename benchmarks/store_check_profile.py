#!/usr/bin/env python3
"""Where a check's CPU goes: ``check`` of each held-out text once (its first check: the path a
new text takes), in a warm process (20 other texts checked first: models loaded), profiled
with cProfile on CPU time; prints the CPU a check and the top of the cumulative profile.

    python benchmarks/store_check_profile.py STORE.db HELD_OUT.jsonl 600 OUT.prof

Profiling roughly doubles a check's CPU: read shares, not milliseconds.
"""
import cProfile
import json
import pstats
import sys
import time

from newslineage.store import Store


def main() -> None:
    db, texts, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rows = [json.loads(line) for line in open(texts, encoding="utf-8")]
    store = Store(db, create=False)
    for r in rows[-20:]:
        store.check(r["text"])
    rows = rows[:n]
    prof = cProfile.Profile(time.process_time)
    c0 = time.process_time()
    prof.enable()
    for r in rows:
        store.check(r["text"], title=r.get("title"), outlet=r.get("outlet"),
                    published=r.get("published"))
    prof.disable()
    print(f"CPU a check, profiled: {1000 * (time.process_time() - c0) / len(rows):.1f} ms")
    prof.dump_stats(out)
    pstats.Stats(out).sort_stats("cumulative").print_stats(70)


if __name__ == "__main__":
    main()
