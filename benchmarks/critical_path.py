#!/usr/bin/env python3
"""Where a pool run leaves a core idle: python benchmarks/critical_path.py CORPUS [--workers N]

Runs ``pipeline.analyze`` (the pool, default workers) in a child process and samples every
process of the run from /proc every --every seconds: how many of them are runnable (state R)
and each one's CPU. Prints, for each span between two stage ticks (the last tick of a stage),
its wall seconds and the seconds during which two or more, exactly one, or none of the run's
processes were runnable: one runnable process is a core idle on a quiet 2-core box, whatever
the load. Then each process that used CPU (by when it started: main line, pools, asides) with
its CPU after each stage's tick: what is left of it, and for how long it ran alone at the end.

Linux only (/proc). The counts are samples: at a high load a sample takes longer than --every,
so read the shares of a span, not its absolute seconds.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from suite import corpus_file, parser, record, tree_env

_CHILD = """
import sys, time
from newslineage import pipeline
out = open(sys.argv[2], "w", buffering=1)
def tick(stage, done, total):
    out.write(f"{time.time()} {stage}\\n")
out.write(f"{time.time()} start\\n")
workers = int(sys.argv[3]) if sys.argv[3] != "-" else None
pipeline.analyze(sys.argv[1], workers=workers, progress=tick)
out.write(f"{time.time()} end\\n")
"""

STAGES = ("read", "clean", "candidates", "align", "lineage", "quotes", "drift", "stories", "end")


def _snapshot(root: int) -> dict[int, tuple[int, str, float]]:
    """pid -> (parent, state, CPU seconds) of ``root`` and every process below it."""
    procs = {}
    tick = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        procs[int(d)] = (int(f[1]), f[0], (int(f[11]) + int(f[12])) / tick)
    mine, todo = {}, [root]
    while todo:
        p = todo.pop()
        if p in procs and p not in mine:
            mine[p] = procs[p]
            todo.extend(k for k, v in procs.items() if v[0] == p)
    return mine


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--every", type=float, default=0.1, help="seconds between samples")
    a = ap.parse_args()
    with tempfile.NamedTemporaryFile("r", suffix=".ticks") as ticks:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, corpus_file(a.corpus), ticks.name,
                                  str(a.workers) if a.workers else "-"], env=tree_env())
        samples = []  # (time, runnable count, {pid: cpu})
        while child.poll() is None:
            snap = _snapshot(child.pid)
            samples.append((time.time(), sum(s == "R" for _, s, _ in snap.values()),
                            {p: c for p, (_, _, c) in snap.items()}))
            time.sleep(a.every)
        if child.returncode:
            sys.exit(f"the run failed (exit {child.returncode})")
        marks = [(float(t), s) for t, s in (line.split() for line in open(ticks.name))]
    last = {}
    for t, s in marks:
        last[s] = t  # a stage's last tick: where it ends
    order = [("start", marks[0][0])] + sorted(((s, t) for s, t in last.items() if s != "start"),
                                              key=lambda x: x[1])
    figures: dict = {"spans": {}, "processes": []}
    print(f"{'span':24s} {'wall':>7s} {'2+ run':>7s} {'1 runs':>7s} {'none':>6s}   (sampled s)")
    for (s0, t0), (s1, t1) in zip(order, order[1:]):
        inside = [x for x in samples if t0 <= x[0] < t1]
        step = (t1 - t0) / len(inside) if inside else 0.0
        two = sum(x[1] >= 2 for x in inside) * step
        one = sum(x[1] == 1 for x in inside) * step
        none = sum(x[1] == 0 for x in inside) * step
        print(f"{s0 + ' -> ' + s1:24s} {t1 - t0:7.1f} {two:7.1f} {one:7.1f} {none:6.1f}")
        figures["spans"][f"{s0} -> {s1}"] = {"wall s": round(t1 - t0, 1), "2+ runnable s": round(two, 1),
                                             "1 runnable s": round(one, 1), "none s": round(none, 1)}

    def cpu(pid: int, until: float) -> float:
        got = 0.0
        for t, _, c in samples:
            if t > until:
                break
            got = c.get(pid, got)
        return got

    start = marks[0][0]
    pids = sorted({p for _, _, c in samples for p in c},
                  key=lambda p: min(t for t, _, c in samples if p in c))
    later = [s for s in STAGES if s in last and s != "end"]
    print(f"\n{'process':>8s} {'from':>6s} {'to':>6s} {'CPU':>6s}   CPU left after each stage's tick")
    for p in pids:
        total = max(c.get(p, 0.0) for _, _, c in samples)
        if total < 0.3:
            continue
        seen = [t for t, _, c in samples if p in c]
        left = {s: round(total - cpu(p, last[s]), 2) for s in later}
        print(f"{p:8d} {seen[0] - start:6.1f} {seen[-1] - start:6.1f} {total:6.2f}   "
              + " ".join(f"{s} {v:.2f}" for s, v in left.items() if v > 0.005))
        figures["processes"].append({"from s": round(seen[0] - start, 1), "to s": round(seen[-1] - start, 1),
                                     "cpu s": round(total, 2), "cpu left after": left})
    name = f"critical_path_{a.corpus}" if a.corpus.isdigit() else "critical_path"
    record(name, figures, a, quiet=True)


if __name__ == "__main__":
    main()
