#!/usr/bin/env python3
"""The relate stage alone on the process pool and on Dask (a LocalCluster of this machine):
the CPU of every process while ``relate.relate_pairs`` runs, and whether both give the same
relations.

    python benchmarks/dask_relate.py 10000 [--engines local,dask] [--runs 1]

The input (the corpus read, cleaned, segmented, and its candidate pairs, as the pipeline hands
them to relate) is made once on the pool and cached (/tmp/newslineage-bench/relate-N.pkl).
USE is loaded in this process first, as ``analyze`` does before relate's workers fork. On Dask
the task stream's seconds by task function and action are printed too.
"""
from __future__ import annotations

import os
import time

from dask_wait import Poll
from suite import CACHE, add_runs, corpus_file, load_pickle, median, parser, record, save_pickle


def _state(n: str):
    path = CACHE / f"relate-{n}.pkl"
    if path.exists():
        return load_pickle(path)
    from newslineage import candidates, clean, read, segment
    articles, _ = read.read_inputs([corpus_file(n)])
    articles = clean.clean(articles, then=segment.segment_article)
    pairs = candidates.candidate_pairs(articles)
    save_pickle((articles, pairs), path)
    return articles, pairs


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a number of synthetic articles, or a JSONL file")
    cli.add_argument("--engines", default="local,dask")
    add_runs(cli, 1)
    args = cli.parse_args()
    import sys
    sys.setrecursionlimit(100000)
    from newslineage import cluster, embed, memo
    from newslineage.parallel import no_gc
    from newslineage.reuse import relate

    articles, pairs = _state(args.corpus)
    embed.warm()
    poll = Poll(0.1)
    poll.start()
    out, got = {}, {}
    for name in args.engines.split(","):
        cpus, walls = [], []
        for _ in range(args.runs):
            memo.clear_all()
            stream = []
            ctx = cluster.on_dask() if name == "dask" else None
            eng = ctx.__enter__() if ctx else None
            try:
                c0, t0 = poll.snapshot(), time.time()
                if eng:
                    from distributed import get_task_stream
                    with get_task_stream(client=eng.client) as ts:
                        with no_gc():
                            rels = relate.relate_pairs(articles, pairs)
                    stream = ts.data
                else:
                    with no_gc():
                        rels = relate.relate_pairs(articles, pairs)
                c1, t1 = poll.snapshot(), time.time()
            finally:
                if ctx:
                    ctx.__exit__(None, None, None)
            me = os.getpid()
            d = {p: c1.get(p, 0) - c0.get(p, 0) for p in c1}
            cpus.append(sum(d.values()))
            walls.append(t1 - t0)
            print(f"{name}: {len(pairs)} pairs, {len(rels)} relations, wall {t1 - t0:.1f} s, "
                  f"CPU {sum(d.values()):.1f} s (client {d.get(me, 0):.1f}, others "
                  + ", ".join(f"{v:.1f}" for p, v in sorted(d.items()) if p != me and v > 0.05)
                  + f"), load {os.getloadavg()[0]:.1f}", flush=True)
            by_fn: dict = {}
            for t in stream:
                fn = str(t["key"]).split("-")[0]
                for s in t["startstops"]:
                    k = (fn, s["action"])
                    c, sec = by_fn.get(k, (0, 0.0))
                    by_fn[k] = (c + 1, sec + s["stop"] - s["start"])
            for (fn, act), (c, sec) in sorted(by_fn.items(), key=lambda kv: -kv[1][1])[:8]:
                print(f"    {fn:20s} {act:10s} {c:6d} {sec:8.2f}")
            got[name] = [r.to_dict() for r in rels]
        out[name] = {"cpu": round(median(cpus), 2), "wall": round(median(walls), 2)}
    same = len({repr(v) for v in got.values()}) == 1
    print(f"relations identical across engines: {same}")
    record("dask_relate", {"pairs": len(pairs), **out, "identical": same}, args, quiet=True)


if __name__ == "__main__":  # a LocalCluster's workers import this module again
    main()
