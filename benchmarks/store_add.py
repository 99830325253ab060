#!/usr/bin/env python3
"""Store add vs one analyze: `newslineage add` of N synthetic articles in batches (one
transaction each) against `newslineage analyze` of the same file, in the same run.

    python benchmarks/store_add.py 10000 --batches 10 [--runs 1] [--timeout 7200]

Both run as subprocesses with their peak RSS measured (the wrapper of scale.py). Prints wall
times, the ratio add / analyze (target <= 1.5 at 100k in batches of 10k), peak RSS (target
<= 4 GiB) and the store's size per article. The corpus comes from ../shared/bench/make_corpus.py
(cached in /tmp/newslineage-bench/cN).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from suite import PY, corpus_dir, median, parser, record, run_process

NL = [PY, "-m", "newslineage.cli"]


def run_measured(cmd: list[str], timeout: float) -> tuple[float, float, str]:
    """(wall seconds, peak RSS bytes, stderr tail) of ``cmd``, which must succeed."""
    r = run_process(cmd, timeout=timeout)
    assert r["code"] == 0, r["out"][-2000:] + r["err"][-600:]
    return r["wall"], r["rss_mib"] * 2**20, r["err"]


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=7200)
    args = ap.parse_args()
    path = corpus_dir(args.n) / "articles.jsonl"
    batch = -(-args.n // args.batches)
    rows = []
    with tempfile.TemporaryDirectory(prefix="nl-store-") as tmp:
        for run in range(args.runs):
            report = Path(tmp) / "report.json"
            ta, ra, _ = run_measured(NL + ["analyze", str(path), "--json", str(report), "--quiet"],
                                     args.timeout)
            db = Path(tmp) / f"news{run}.db"
            tb, rb, err = run_measured(NL + ["add", str(path), "--db", str(db), "--batch-size",
                                             str(batch)], args.timeout)
            print(err.strip()[-600:], flush=True)  # the last batches' seconds per stage
            size = sum(os.path.getsize(p) for p in Path(tmp).glob(f"news{run}.db*")
                       if not p.name.endswith(".memo"))
            memo = Path(str(db) + ".memo")
            memo_size = memo.stat().st_size if memo.exists() else 0
            rows.append({"analyze_s": ta, "analyze_rss": ra, "add_s": tb, "add_rss": rb,
                         "ratio": tb / ta, "db_bytes_per_article": size / args.n,
                         "memo_bytes_per_article": memo_size / args.n})
            print(json.dumps(rows[-1]), flush=True)
    med = {k: median(r[k] for r in rows) for k in rows[0]}
    print(f"n={args.n} batches={args.batches} (of {batch}): analyze {med['analyze_s']:.1f} s "
          f"({med['analyze_rss'] / 2**30:.2f} GiB), add {med['add_s']:.1f} s "
          f"({med['add_rss'] / 2**30:.2f} GiB), ratio {med['ratio']:.2f}x; store "
          f"{med['db_bytes_per_article'] / 1024:.1f} KiB per article, its memo file "
          f"{med['memo_bytes_per_article'] / 1024:.1f} KiB per article (median of {args.runs})")
    record(f"store_add_{args.n}", {
        "articles": args.n, "batches": args.batches, "runs": args.runs,
        "analyze s": round(med["analyze_s"], 1), "add s": round(med["add_s"], 1),
        "add x analyze (wall)": round(med["ratio"], 2),
        "peak RSS GiB analyze, add": [round(med["analyze_rss"] / 2**30, 2),
                                      round(med["add_rss"] / 2**30, 2)],
        "store KiB per article": round(med["db_bytes_per_article"] / 1024, 1)}, args, quiet=True)


if __name__ == "__main__":
    main()
