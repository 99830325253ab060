#!/usr/bin/env python3
"""Latency of `check` (one new article against a store), warm process, against a baseline in
the same run: a datasketch MinHashLSH query of the same article over the same stored articles
(what a user would otherwise run: it finds near-duplicates only, with no passages or lineage).

    python benchmarks/store_check.py 10000 --queries 1000 [--db /tmp/nl-store-c10000.db]
    python benchmarks/store_check.py 100000 --corpus C/articles.jsonl --db BUILT.db --no-baseline \
        [--passes 2]

The corpus has N + queries synthetic articles (make_corpus.py, cached); the store holds the
first N (built once with `newslineage add`, kept at --db), the last ``queries`` are checked.
Prints p50/p90/p99 of each (targets at 100k: check p50 <= 50 ms, p99 <= 200 ms).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from suite import corpus_dir, minhash, parser, percentile, record

pct = percentile


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--db", default=None)
    ap.add_argument("--corpus", default=None,
                    help="articles.jsonl of N + queries articles made before (make_corpus.py)")
    ap.add_argument("--passes", type=int, default=1,
                    help="passes over the texts: the first checks each text once, the next again")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the LSH baseline (at 100k it signs every stored article)")
    args = ap.parse_args()
    src = Path(args.corpus) if args.corpus else corpus_dir(args.n + args.queries) / "articles.jsonl"
    lines = open(src, encoding="utf-8").readlines()
    queries = [json.loads(line) for line in lines[args.n:args.n + args.queries]]
    # the stored articles are parsed only when needed (building the store, the baseline)
    stored = [json.loads(line) for line in lines[:args.n]] if not args.no_baseline or not (
        Path(args.db) if args.db else Path(f"/tmp/nl-store-c{args.n}.db")).exists() else []
    del lines
    db = Path(args.db or f"/tmp/nl-store-c{args.n}.db")
    if not db.exists():
        part = db.with_suffix(".jsonl")
        with open(part, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in stored)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newslineage.cli", "add", str(part), "--db", str(db),
                        "-q"], check=True)
        print(f"store of {args.n} built in {time.perf_counter() - t0:.0f} s", flush=True)

    from newslineage.store import Store
    from datasketch import MinHashLSH

    mh = minhash
    base = []
    if not args.no_baseline:
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        for r in stored:
            lsh.insert(r["id"], mh(r["text"]))
        for r in queries:
            t0 = time.perf_counter()
            lsh.query(mh(r["text"]))
            base.append(time.perf_counter() - t0)
    del stored

    ms = lambda x: 1000 * x  # noqa: E731
    figures = {"stored": args.n, "checks": len(queries)}
    with Store(str(db)) as store:
        store.check(queries[0]["text"])  # warm: models loaded, caches filled once
        for p in range(1, args.passes + 1):
            lat, found, parts = [], 0, {"index": [], "align": [], "rest": []}
            load0 = os.getloadavg()[0]
            c0 = time.process_time()
            for r in queries:
                t0 = time.perf_counter()
                res = store.check(r["text"], title=r.get("title"), outlet=r.get("outlet"),
                                  published=r.get("published"))
                lat.append(time.perf_counter() - t0)
                found += bool(res["relations"])
                t = res["timings"]  # where a check's time goes: clean + index look-ups, alignment
                parts["index"].append(t["index"])
                parts["align"].append(t["align"])
                parts["rest"].append(t["total"] - t["index"] - t["align"])
            cpu = time.process_time() - c0
            load = [round(load0, 1), round(os.getloadavg()[0], 1)]
            what = "each text's first check" if p == 1 else "the same texts again"
            print(f"store of {args.n}, {len(queries)} checks, pass {p} ({what}), load {load}: p50 "
                  f"{ms(pct(lat, .5)):.1f} ms, p90 {ms(pct(lat, .9)):.1f} ms, p99 "
                  f"{ms(pct(lat, .99)):.1f} ms ({found} found a relation); "
                  f"CPU {1000 * cpu / len(queries):.1f} ms a check")
            print("per check, mean ms: " + ", ".join(
                f"{k} {1000 * statistics.mean(v):.1f}" for k, v in parts.items()) +
                " (index: clean + signatures + index look-ups + reading the partners; "
                "rest: lineage, drift, stories)")
            figures[f"pass {p}"] = {
                "found a relation": found, "load": load,
                "check ms p50, p90, p99": [round(ms(pct(lat, q)), 1) for q in (.5, .9, .99)],
                "check CPU ms": round(1000 * cpu / len(queries), 1),
                "mean ms per part": {k: round(1000 * statistics.mean(v), 1) for k, v in parts.items()}}
            if p == 1:  # the figures as before: each text checked once
                figures.update({k: v for k, v in figures["pass 1"].items() if k != "load"})
    if base:
        print(f"baseline LSH query p50 {ms(pct(base, .5)):.2f} ms, p99 {ms(pct(base, .99)):.2f} ms; "
              f"ratio of p50s {figures['check ms p50, p90, p99'][0] / ms(pct(base, .5)):.0f}x")
        figures["baseline LSH ms p50, p99"] = [round(ms(pct(base, q)), 2) for q in (.5, .99)]
        figures["check x baseline (p50)"] = round(figures["check ms p50, p90, p99"][0] / ms(pct(base, .5)))
    record(f"store_check_{args.n}", figures, args, quiet=True)


if __name__ == "__main__":
    main()
