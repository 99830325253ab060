#!/usr/bin/env python3
"""Per stage, the CPU of every process of a run and how long each worker waited: one
`analyze` in this process, on the process pool or on Dask (a LocalCluster of this machine).

    python benchmarks/dask_wait.py 10000 [--engine dask]      # or a JSONL file

Stages are cut at the moments the main line reports one over (its progress calls; "lineage"
holds the sibling round, the through-partner pass and lineage, "quotes" quote finding and
linking). A thread reads every process's CPU (/proc, every 0.1 s) at those moments: a stage's
CPU is the client's (on a LocalCluster: the scheduler and the nannies too) and each worker's
(pool workers and asides summed as "pool"). On Dask, a worker's idle share of a stage is
1 - its CPU / the stage's wall; the task stream adds the seconds its tasks spent computing
and receiving data, by task function.
"""
from __future__ import annotations

import os
import sys
import threading
import time

from suite import corpus_file, parser, process_tree, record

TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


class Poll(threading.Thread):
    """Every process's last CPU reading (a process that ended keeps its last one). Its own
    CPU is taken out of this process's: finding the process tree walks all of /proc (on a
    shared box, hundreds of processes), 5-8 s of the client's CPU in a 10k run on Dask."""

    def __init__(self, every: float):
        super().__init__(daemon=True)
        self.every, self.cpu, self.stop = every, {}, False
        self.lock = threading.Lock()
        self.own = 0.0

    def read(self) -> None:
        for pid in process_tree(os.getpid()):
            c = _cpu(pid)
            if c is not None:
                with self.lock:
                    self.cpu[pid] = c

    def run(self) -> None:
        while not self.stop:
            self.read()
            self.own = time.thread_time()
            time.sleep(self.every)

    def snapshot(self) -> dict:
        self.read()
        with self.lock:
            out = dict(self.cpu)
        out[os.getpid()] = out.get(os.getpid(), 0.0) - self.own
        return out


def _threads(pid: int) -> dict[str, float]:
    """CPU seconds of a process's threads: "main" (a Dask process's event loop) and each other
    thread by id (a worker's task thread, its offload thread for (de)serialising, ...)."""
    out: dict[str, float] = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out["main" if int(tid) == pid else tid] = (int(fields[11]) + int(fields[12])) / TICK
    return out


def _collections() -> list:
    """In a worker: the cyclic collector's counts per generation."""
    import gc
    return [s["collections"] for s in gc.get_stats()]


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file of articles, or a number of synthetic ones")
    cli.add_argument("--engine", default="local", choices=["local", "dask"])
    cli.add_argument("--every", type=float, default=0.1)
    args = cli.parse_args()
    import newslineage
    from newslineage import cluster

    poll = Poll(args.every)
    poll.start()
    marks: list[tuple[str, float, dict]] = []
    seen: set = set()

    def progress(stage: str, done: int, total: int) -> None:
        if done == total and stage not in seen:
            seen.add(stage)
            marks.append((stage, time.time(), poll.snapshot()))

    workers: dict[int, str] = {}
    stream, metrics, threads, collections = [], {}, {}, {}
    if args.engine == "dask":
        from distributed import get_task_stream
        with cluster.on_dask() as eng:
            workers = {pid: addr for addr, pid in eng.client.run(os.getpid).items()}
            marks.append(("start", time.time(), poll.snapshot()))
            with get_task_stream(client=eng.client) as ts:
                newslineage.analyze([corpus_file(args.corpus)], progress=progress)
            stream = ts.data
            metrics = dict(eng.cluster.scheduler.cumulative_worker_metrics)
            threads = {pid: _threads(pid) for pid in workers}
            threads[os.getpid()] = _threads(os.getpid())
            collections = eng.client.run(_collections)
    else:
        marks.append(("start", time.time(), poll.snapshot()))
        newslineage.analyze([corpus_file(args.corpus)], progress=progress)
    marks.append(("end", time.time(), poll.snapshot()))
    poll.stop = True
    me = os.getpid()
    wnames = {pid: f"w{k}" for k, pid in enumerate(sorted(workers))}
    rows, total = [], {}
    print(f"{args.engine}: stage  wall  client-CPU  " +
          ("  ".join(f"{n}-CPU(idle)" for n in wnames.values()) if workers else "pool-CPU"))
    for (_, t0, c0), (stage, t1, c1) in zip(marks, marks[1:]):
        wall = t1 - t0
        d = {pid: c1.get(pid, 0) - c0.get(pid, 0) for pid in c1}
        client = d.get(me, 0.0)
        row = {"stage": stage, "wall": round(wall, 2), "client": round(client, 2)}
        if workers:
            for pid, name in wnames.items():
                row[name] = round(d.get(pid, 0.0), 2)
                row[name + " idle"] = round(max(0.0, 1 - d.get(pid, 0.0) / wall), 2) if wall else 0
            row["other"] = round(sum(v for p, v in d.items() if p != me and p not in wnames), 2)
            cells = "  ".join(f"{row[n]:6.1f} ({row[n + ' idle']:.0%})" for n in wnames.values())
        else:
            row["pool"] = round(sum(v for p, v in d.items() if p != me), 2)
            cells = f"{row['pool']:6.1f}"
        row["cpu"] = round(sum(d.values()), 2)
        rows.append(row)
        print(f"  {stage:11s} {wall:6.1f}  {client:6.1f}  {cells}  all {row['cpu']:.1f}")
    run_wall = marks[-1][1] - marks[0][1]
    run_cpu = sum(r["cpu"] for r in rows)
    print(f"  total {run_wall:.1f} s wall, {run_cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}")
    by_fn: dict = {}
    for t in stream:
        fn = str(t["key"]).split("-")[0]
        for s in t["startstops"]:
            k = (fn, s["action"])
            n, sec = by_fn.get(k, (0, 0.0))
            by_fn[k] = (n + 1, sec + s["stop"] - s["start"])
    if by_fn:
        print("  task stream (function, action: count, seconds):")
        for (fn, act), (n, sec) in sorted(by_fn.items(), key=lambda kv: -kv[1][1]):
            print(f"    {fn:28s} {act:12s} {n:6d} {sec:8.2f}")
    for pid, by in threads.items():
        who = "client" if pid == me else wnames[pid]
        print(f"  {who} CPU by thread alive at the end: " + ", ".join(f"{k} {v:.1f}" for k, v in
                                                    sorted(by.items(), key=lambda kv: -kv[1])[:6]))
    if collections:
        print(f"  workers' collections per generation: {collections}")
    cpu_by: dict = {}
    for k, v in metrics.items():
        if isinstance(k, tuple) and len(k) == 4 and k[3] == "seconds":
            cpu_by.setdefault(k[1], {})[f"{k[0]} {k[2]}"] = v
    if cpu_by:
        print("  worker metrics (task prefix: seconds by context and activity):")
        for prefix, acts in sorted(cpu_by.items(), key=lambda kv: -sum(kv[1].values())):
            top = sorted(acts.items(), key=lambda kv: -kv[1])[:5]
            print(f"    {prefix:34s} " + ", ".join(f"{a} {v:.2f}" for a, v in top))
    record(f"dask_wait_{args.engine}", {"stages": rows, "wall": round(run_wall, 1),
                                        "cpu": round(run_cpu, 1),
                                        "tasks": {f"{f} {a}": [n, round(s, 2)]
                                                  for (f, a), (n, s) in by_fn.items()},
                                        "worker metrics s": {p: {a: round(v, 2) for a, v in
                                                                 acts.items()}
                                                             for p, acts in cpu_by.items()}},
           args, quiet=True)
    print(f"(client CPU by process_time {time.process_time():.1f} s, of which the poll "
          f"{poll.own:.1f} s)", file=sys.stderr)


if __name__ == "__main__":  # a LocalCluster's workers import this module again
    main()
