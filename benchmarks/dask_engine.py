#!/usr/bin/env python3
"""The Dask engine against the process pool, in the same run.

    python benchmarks/dask_engine.py 10000 [100000] [--runs 3] [--timeout 3600] [--engines dask]

For each size (synthetic corpus from ../shared/bench/make_corpus.py, cached like scale.py's):
`newslineage analyze articles.jsonl --json R --quiet` with the process pool and with
`--engine dask` (a LocalCluster of this machine's cores), alternating. Prints the median wall
time of each, their ratio (target <= 1.3), the CPU time of all their processes, the peak
RSS of the client (the `analyze` process) and of its largest child process (a pool or Dask
worker; target <= 2 GiB per process), and whether the two reports are identical.
``--engines dask`` runs the Dask engine alone (a 100k pool run costs ~7 CPU-minutes; its
figures from an earlier run of the same code stand, and the Dask report is compared with the
pool report that run left, if any). Peaks are
each process's high-water mark (VmHWM), read every half second while it runs.
"""
from __future__ import annotations

import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time

from suite import (CACHE, add_runs, corpus_dir, median, memory_of, newslineage_cmd, parser,
                   process_tree, record)


def run_tree(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd``; its wall time, the CPU of it and every process below it, the peak RSS of
    the command's own process and of its largest descendant (high-water marks polled)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    err_file = tempfile.TemporaryFile("w+")  # a pipe left unread could fill and stall the run
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file, text=True)
    peak: dict[int, int] = {}
    while p.poll() is None:
        if time.perf_counter() - t0 > timeout:
            p.kill()
            break
        for x in process_tree(p.pid):
            peak[x] = max(peak.get(x, 0), memory_of(x, "VmHWM"))
        time.sleep(0.5)
    p.wait()
    err_file.seek(0)
    err = err_file.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    client = peak.pop(p.pid, 0)
    return {"wall": time.perf_counter() - t0, "cpu": cpu, "client": client,
            "worker": max(peak.values(), default=0), "processes": len(peak) + 1,
            "code": p.returncode, "tail": err[-600:]}


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("sizes", nargs="+", type=int)
    add_runs(cli, 3)
    cli.add_argument("--timeout", type=float, default=3600)
    cli.add_argument("--engines", default="pool,dask", help="which engines to run (comma-separated)")
    args = cli.parse_args()
    for n in args.sizes:
        src = corpus_dir(n) / "articles.jsonl"
        times = {"pool": [], "dask": []}
        cpus = {"pool": [], "dask": []}
        rss = {"pool": [0, 0], "dask": [0, 0]}
        for run in range(args.runs):
            for name, extra in (("pool", []), ("dask", ["--engine", "dask"])):
                if name not in args.engines.split(","):
                    continue
                out = CACHE / f"dask-bench-{name}-{n}.json"
                r = run_tree(newslineage_cmd() + ["analyze", str(src), "--json", str(out), "--quiet"] + extra,
                             args.timeout)
                if r["code"] != 0:
                    sys.exit(f"{name} at {n} failed ({r['code']}): {r['tail']}")
                times[name].append(r["wall"])
                cpus[name].append(r["cpu"])
                rss[name] = [max(rss[name][0], r["client"]), max(rss[name][1], r["worker"])]
                print(f"  {n} {name} run {run + 1}: {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, "
                      f"peak RSS client {r['client'] / 2**20:.0f} MiB, largest other process "
                      f"{r['worker'] / 2**20:.0f} MiB ({r['processes']} processes), "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        reports = [CACHE / f"dask-bench-{k}-{n}.json" for k in ("pool", "dask")]
        same = (filecmp.cmp(*reports, shallow=False) if all(r.exists() for r in reports)
                else "not compared (one engine's report is missing)")
        med = lambda xs: median(xs) if xs else float("nan")  # noqa: E731
        pool, dask = med(times["pool"]), med(times["dask"])
        cp, cd = med(cpus["pool"]), med(cpus["dask"])
        mib = {k: "/".join(f"{x / 2**20:.0f}" for x in v) for k, v in rss.items()}
        print(f"{n} articles: pool {pool:.1f} s (CPU {cp:.1f} s, client/largest other "
              f"{mib['pool']} MiB), dask {dask:.1f} s (CPU {cd:.1f} s, {mib['dask']} MiB), "
              f"ratio {dask / pool:.2f}x wall, {cd / cp:.2f}x CPU, reports identical: {same}  "
              f"(medians of {args.runs})")
        record(f"dask_engine_{n}", {
            "articles": n, "runs": args.runs, "reports identical": same,
            **{k: {"wall": round(med(times[k]), 2), "cpu": round(med(cpus[k]), 2),
                   "peak RSS MiB client/largest other": mib[k]} for k in times if times[k]},
            "dask x pool (wall)": round(dask / pool, 2), "dask x pool (CPU)": round(cd / cp, 2)},
            args, quiet=True)


if __name__ == "__main__":
    main()
