#!/usr/bin/env python3
"""Where a run's CPU goes, process by process: one `newslineage analyze` (the process pool or
``--engine dask``) whose process tree is polled every quarter second; each process's CPU
(user + system, from /proc) is summed by role: the client (the `analyze` process; on Dask
the scheduler and the nannies run in it), the Dask workers (spawned), pool workers and asides.

    python benchmarks/dask_cpu.py /tmp/newslineage-bench/c10000/articles.jsonl [--engine dask]

A process's last reading before it exits is what counts (up to a quarter second of a short
process may be missed). Prints the CPU by role, the CPU of each worker, and the total.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from suite import corpus_file, newslineage_cmd, parser, process_tree, record

TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    except (OSError, IndexError, ValueError):
        return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _role(pid: int, root: int, cmd: str) -> str:
    if pid == root:
        return "client"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "forkserver" in cmd:
        return "forkserver"
    # a LocalCluster's nannies live in the client; its workers are spawned processes
    return "worker" if "spawn" in cmd else "pool worker or aside"


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    cli.add_argument("--engine", default="local")
    cli.add_argument("--every", type=float, default=0.25)
    args = cli.parse_args()
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    cmd = newslineage_cmd() + ["analyze", corpus_file(args.corpus), "--json", out, "--quiet",
                               "--engine", args.engine]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    role: dict[int, str] = {}
    while p.poll() is None:
        for pid in process_tree(p.pid):
            c = _cpu(pid)
            if c is None:
                continue
            cpu[pid] = c
            if pid not in role:
                role[pid] = _role(pid, p.pid, _cmdline(pid))
        time.sleep(args.every)
    wall = time.perf_counter() - t0
    os.unlink(out)
    by_role: dict[str, float] = {}
    for pid, c in cpu.items():
        by_role[role[pid]] = by_role.get(role[pid], 0.0) + c
    total = sum(cpu.values())
    print(f"{args.engine}: wall {wall:.1f} s, CPU {total:.1f} s over {len(cpu)} processes")
    for r, c in sorted(by_role.items(), key=lambda kv: -kv[1]):
        n = sum(1 for x in role.values() if x == r)
        print(f"  {r:22s} {c:7.1f} s  ({n} process{'es' if n > 1 else ''})")
    for pid in sorted(cpu, key=lambda x: -cpu[x])[:6]:
        print(f"    pid {pid:7d} {role[pid]:22s} {cpu[pid]:7.1f} s")
    record("dask_cpu", {"engine": args.engine, "wall s": round(wall, 1), "CPU s": round(total, 1),
                        "CPU s by role": {k: round(v, 1) for k, v in by_role.items()}},
           args, quiet=True)


if __name__ == "__main__":
    main()
