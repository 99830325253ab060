#!/usr/bin/env python3
"""Where a Dask worker's memory goes: one `analyze --engine dask` (a LocalCluster of this
machine) with a worker plugin that samples each worker's RSS every quarter second, with the
tasks it is running and the size of its USE vector memo.

    python benchmarks/dask_memory.py /tmp/newslineage-bench/c10000/articles.jsonl [--every 0.25]

The client (this process: it reads the inputs, runs lineage's merge and quote linking, and
writes the JSON report, as `analyze --json` does) is sampled too, labelled with the stage its
last progress tick named (lineage, quotes, drift and stories tick as they end: "align"
covers relate and lineage, "lineage" quote finding and linking); the report is written to a
temporary file at the end.

Prints, per worker, its peak RSS and what ran at that moment, and per task function (the
stage function a ``map_batches`` or ``aside`` task runs) the RSS of the worker when the first
such task started and the highest RSS seen while one ran, so that a stage's rise shows.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time

from distributed.diagnostics.plugin import WorkerPlugin

from suite import corpus_file, parser, record


def _rss(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _running() -> dict:
    """In a worker: task key -> the stage function its ``_run_batch`` runs (kept in a module
    of the package: this script's functions reach the workers by value, globals and all)."""
    from newslineage import parallel
    return parallel.__dict__.setdefault("_memory_probe", {})


def _name(fn) -> str:
    fn = getattr(fn, "func", fn)  # a functools.partial
    mod = (getattr(fn, "__module__", "") or "").rsplit(".", 1)[-1]
    return f"{mod}.{getattr(fn, '__qualname__', type(fn).__name__)}"


def _labelled(run_batch):
    """``cluster._run_batch`` that first notes which stage function its batch runs (sent to
    the workers by value, as a function of this script)."""
    def _run_batch(chunk, fn, shared=None):
        from distributed import get_worker
        key = get_worker().get_current_task()
        _running()[key] = _name(fn)
        try:
            return run_batch(chunk, fn, shared)
        finally:
            _running().pop(key, None)
    return _run_batch


def _task_name(ts) -> str:
    """The stage function a task runs: the ``fn`` of a map_batches batch, else the task's
    own function (an ``aside`` call, a candidates step)."""
    running = _running()
    if ts.key in running:
        return running[ts.key]
    return _name(getattr(getattr(ts, "run_spec", None), "func", None)) if getattr(
        ts, "run_spec", None) is not None else str(ts.key).split("-")[0]


def _labelled_picked(run_picked):
    """``cluster._run_picked`` (a batch given only the articles it reads), labelled the same."""
    def _run_picked(chunk, fn, positions, *picked):
        from distributed import get_worker
        key = get_worker().get_current_task()
        _running()[key] = _name(fn)
        try:
            return run_picked(chunk, fn, positions, *picked)
        finally:
            _running().pop(key, None)
    return _run_picked


def _labelled_aside():
    """``cluster._call_aside`` labelled with the function it calls (stories, drift). The
    original is found by name on the worker (whose module is not patched): pickled from
    here, it would go by value, with the thread-local it reads."""
    def _call_aside(fn, layout, *sent):
        from distributed import get_worker
        from newslineage import cluster as on_worker
        key = get_worker().get_current_task()
        _running()[key] = _name(fn)
        try:
            return on_worker._call_aside(fn, layout, *sent)
        finally:
            _running().pop(key, None)
    return _call_aside


class Sampler(WorkerPlugin):
    name = "newslineage-memory-sampler"

    def __init__(self, out_dir: str, every: float):
        self.out_dir, self.every = out_dir, every

    def setup(self, worker=None) -> None:
        path = os.path.join(self.out_dir, f"worker-{os.getpid()}.jsonl")

        def run():
            with open(path, "a") as f:
                while True:
                    try:
                        st = worker.state  # (a task waiting for a Later seceded: long-running)
                        tasks = sorted(_task_name(ts) for ts in [*st.executing, *st.long_running])
                        embed = sys.modules.get("newslineage.embed")  # (maybe half imported)
                        memo = len(getattr(embed, "_cache", ()))
                    except Exception as e:  # noqa: BLE001 - a sample is not worth a crash
                        tasks, memo = [f"? {e!r}"], -1
                    f.write(json.dumps({"t": time.time(), "rss": _rss(), "tasks": tasks,
                                        "use_memo": memo}) + "\n")
                    f.flush()
                    time.sleep(self.every)

        threading.Thread(target=run, daemon=True, name="memory-sampler").start()


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    cli.add_argument("--every", type=float, default=0.25)
    args = cli.parse_args()
    import newslineage
    from newslineage import cluster

    out_dir = tempfile.mkdtemp(prefix="dask-memory-")
    init = cluster.DaskEngine.__init__

    def with_sampler(self, *a, **k):
        init(self, *a, **k)
        self.client.register_plugin(Sampler(out_dir, args.every), name=Sampler.name)

    cluster.DaskEngine.__init__ = with_sampler
    cluster._run_batch = _labelled(cluster._run_batch)
    if hasattr(cluster, "_run_picked"):
        cluster._run_picked = _labelled_picked(cluster._run_picked)
        cluster._call_aside = _labelled_aside()
    stage = ["start"]
    client_rows: list = []
    stop = threading.Event()

    def sample_client():
        while not stop.is_set():
            client_rows.append({"t": time.time(), "rss": _rss(), "tasks": [stage[0]],
                                "use_memo": 0})
            time.sleep(args.every)

    threading.Thread(target=sample_client, daemon=True, name="client-sampler").start()
    t0 = time.perf_counter()
    report = newslineage.analyze([corpus_file(args.corpus)], engine="dask",
                                 progress=lambda s, d, t: stage.__setitem__(0, s))
    stage[0] = "write json"
    out = os.path.join(out_dir, "report.json")
    from newslineage.report.files import write_atomic
    try:  # as `analyze --json` writes it
        from newslineage.report.stream import write_json
        write_atomic(out, lambda fh: write_json(report, fh))
    except ImportError:  # older code: the report's bytes at once
        write_atomic(out, report.to_json_bytes())
    del report
    stage[0] = "end"
    time.sleep(2 * args.every)
    stop.set()
    with open(os.path.join(out_dir, "client.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in client_rows)
    print(f"analyze + json: {time.perf_counter() - t0:.1f} s, client peak RSS "
          f"{_rss('VmHWM') / 2**20:.0f} MiB; samples in {out_dir}")
    summary = {}
    for fn in sorted(os.listdir(out_dir)):
        if not fn.endswith(".jsonl"):
            continue
        rows = [json.loads(x) for x in open(os.path.join(out_dir, fn))]
        if not rows:
            continue
        top = max(rows, key=lambda r: r["rss"])
        print(f"{fn}: peak RSS {top['rss'] / 2**20:.0f} MiB at +{top['t'] - rows[0]['t']:.0f} s "
              f"running {top['tasks']}, USE memo {top['use_memo']} entries "
              f"(largest {max(r['use_memo'] for r in rows)})")
        stages: dict[str, list] = {}
        for r in rows:
            for t in set(r["tasks"]):
                s = stages.setdefault(t, [r["rss"], r["rss"], r["t"], r["t"]])
                s[1], s[3] = max(s[1], r["rss"]), r["t"]
        for t, (first, high, a, b) in sorted(stages.items(), key=lambda kv: kv[1][2]):
            print(f"    {t:40s} at start {first / 2**20:6.0f} MiB, highest while running "
                  f"{high / 2**20:6.0f} MiB  (+{a - rows[0]['t']:.0f}..{b - rows[0]['t']:.0f} s)")
        summary[fn] = {"peak MiB": round(top["rss"] / 2**20), "at peak": top["tasks"],
                       "stages": {t: [round(v[0] / 2**20), round(v[1] / 2**20)] for t, v in stages.items()}}
    record("dask_memory", summary, args, quiet=True)


if __name__ == "__main__":  # a LocalCluster's workers import this module again
    main()
