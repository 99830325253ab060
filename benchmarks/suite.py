#!/usr/bin/env python3
"""The benchmarks' shared parts: one corpus loader, the shared data, one timer (medians of
CPU and wall), peak RSS, child processes measured, one argument convention, and results
written as data (benchmarks/results/NAME.json), rendered into RESULTS.md by render.py.

A benchmark script:

    from suite import arguments, corpus, record, timed, ratio
    args = arguments(__doc__).parse_args()          # CORPUS [--runs N] [--json OUT] [--cold]
    articles = corpus(args.corpus)                  # "10000", a JSONL file or a stage pickle
    base = timed(lambda: baseline(articles), args.runs)
    t = timed(lambda: stage(articles), args.runs, cold=args.cold)
    record("stage_speed", {"baseline": base, "stage": t, "CPU x baseline": ratio(t, base)}, args)

Whole processes (``newslineage analyze`` and the like): ``run_process(cmd)`` gives their wall
and CPU seconds and peak RSS. The registry of benchmarks and the quick subset are in
``registry.py``, run by ``bench.py``: ``python benchmarks/bench.py run --quick`` (``make bench``), ``run NAME...``
for any other, ``list`` to see them. Why a runner of our own: benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import os
import pickle
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_ROOT = Path(os.environ.get("NEWSLINEAGE_SHARED", ROOT.parent / "shared"))
SHARED = SHARED_ROOT / "bench"
DATA = SHARED_ROOT / "data"
CACHE = Path(os.environ.get("NEWSLINEAGE_BENCH_DIR", "/tmp/newslineage-bench"))
RESULTS = HERE / "results"
PY = sys.executable


# --- the shared folder ---------------------------------------------------------------------

def shared(*parts: str, what: str = "this benchmark") -> Path:
    """A path under ../shared (``shared("data", "mrpc", "train.tsv")``); exits with a message
    that says what is missing when it is absent (the shared folder sits beside the clone)."""
    path = SHARED_ROOT.joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"{path} is absent: {what} reads the shared folder beside the clone "
                         f"({SHARED_ROOT}; set NEWSLINEAGE_SHARED to move it)")
    return path


def data(*parts: str, what: str = "this benchmark") -> Path:
    """A path under ../shared/data, read in place (see ``shared``)."""
    return shared("data", *parts, what=what)


# --- the corpus ----------------------------------------------------------------------------

def corpus_dir(n: int, seed: int | None = None) -> Path:
    """The synthetic corpus of ``n`` articles (../shared/bench/make_corpus.py), made once and
    kept in $NEWSLINEAGE_BENCH_DIR (same arguments, same bytes)."""
    out = CACHE / (f"c{n}" if seed is None else f"c{n}-s{seed}")
    if not (out / "truth.jsonl").exists():
        make = shared("bench", "make_corpus.py", what="the synthetic corpus")
        cmd = [PY, str(make), str(n), str(out)]
        subprocess.run(cmd + ([] if seed is None else ["--seed", str(seed)]), check=True,
                       capture_output=True)
    return out


def corpus_file(spec: str) -> str:
    """The path a corpus spec names: a number is that synthetic corpus's articles.jsonl."""
    return str(corpus_dir(int(spec)) / "articles.jsonl") if str(spec).isdigit() else str(spec)


def truth_rows(path) -> list[dict]:
    """The rows of a synthetic corpus's truth.jsonl (id, kind, parents, units)."""
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def load_truth(path) -> tuple[list[dict], set]:
    """The truth rows and the true pairs: two articles that share a unit of text."""
    rows = truth_rows(path)
    by_unit: dict[tuple, list[str]] = {}
    for r in rows:
        for u in r["units"]:
            by_unit.setdefault(tuple(u), []).append(r["id"])
    true = set()
    for ids in by_unit.values():
        true.update(frozenset(p) for p in itertools.combinations(sorted(set(ids)), 2))
    return rows, true


def recall_by_kind(rows: list[dict], got: set) -> dict:
    """Per copy kind, the share of copies found against the article(s) they were made from."""
    per: dict[str, list[int]] = {}
    for r in rows:
        for parent in r["parents"]:
            per.setdefault(r["kind"], [0, 0])
            per[r["kind"]][1] += 1
            per[r["kind"]][0] += frozenset((r["id"], parent)) in got
    return {k: f / t for k, (f, t) in sorted(per.items())}


def corpus(spec: str):
    """Articles to measure on, from one spec: a number (that many synthetic articles, read as
    ``newslineage`` reads them), a JSONL/JSON/CSV file or a folder (read), or a stage snapshot
    pickle (whatever ``benchmarks/make_state.py`` stored: returned as it was pickled)."""
    path = Path(corpus_file(spec))
    if not path.exists():
        raise SystemExit(f"{spec}: no such corpus (give a number of synthetic articles, a "
                         "file or folder of articles, or a stage snapshot .pkl)")
    if path.suffix == ".pkl":
        return load_pickle(path)
    from newslineage import read
    return read.read_inputs([str(path)])[0]


def load_pickle(path, deep: bool = True):
    """A stage snapshot. ``deep``: its records nest deeply, so the recursion limit is raised for
    the rest of the process (copying or pickling them again needs it too): for scripts, never
    inside a test run, where a C parser could then overflow the stack instead of raising."""
    if deep:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 100000))
    with open(path, "rb") as f:
        return pickle.load(f)


def save_pickle(obj, path) -> None:
    """Write a snapshot or a reference of findings (``--save``), its folder made."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)


# --- timing and memory ---------------------------------------------------------------------

def median(values) -> float:
    return float(statistics.median(list(values)))


def clear_memos() -> bool:
    """Empty every memo of the package, as a fresh process has them; False for a tree older
    than the memo helper (the caller then clears what that tree had, by name)."""
    try:
        from newslineage import memo
    except ImportError:
        return False
    memo.clear_all()
    return True


def rss_mib() -> float:
    """This process's resident memory now."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it now (a pool's or a server's workers), from /proc."""
    parent: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parent.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        out.append(todo.pop())
        todo.extend(parent.get(out[-1], []))
    return out


def memory_of(pid: int, field: str = "VmRSS") -> int:
    """A process's memory in bytes as /proc/PID/status gives it (VmRSS now, VmHWM its peak);
    0 for a process that has ended."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process so far (0 once it has ended)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Wall and CPU seconds of a block: ``with Clock() as c: ...; c.wall, c.cpu``."""

    def __enter__(self) -> "Clock":
        self._t, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._t
        self.cpu = time.process_time() - self._c


def children_peak_rss_mib() -> float:
    """The peak resident memory of the largest child process this one has waited for."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class CpuMeter:
    """The CPU seconds spent inside functions, added up by name while a stage runs (a model's
    share, a step of a class): ``mod.f = meter.wrap(mod.f)``, then ``meter.spent``."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, fn, name: str | None = None):
        key = name or fn.__name__

        @functools.wraps(fn)
        def run(*a, **k):
            c = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                self.spent[key] = self.spent.get(key, 0.0) + time.process_time() - c
                self.calls[key] = self.calls.get(key, 0) + 1
        return run

    def total(self) -> float:
        return sum(self.spent.values())

    def reset(self) -> None:
        self.spent.clear()
        self.calls.clear()


def summary(walls, cpus) -> dict:
    """The medians of runs, with every run kept."""
    return {"wall": round(median(walls), 4), "cpu": round(median(cpus), 4),
            "walls": [round(x, 4) for x in walls], "cpus": [round(x, 4) for x in cpus]}


def timed(fn, runs: int = 3, cold: bool = False, setup=None, keep: list | None = None) -> dict:
    """Wall and CPU seconds of ``fn()`` over ``runs`` runs: medians and every run. ``cold``
    empties every memo of the package first (``newslineage.memo.clear_all``), as a fresh
    process would have them; ``setup()`` runs before each run, outside the timing; the
    collector runs before each run, never during it. ``keep`` collects what each run returns."""
    wall, cpu = [], []
    for _ in range(max(1, runs)):
        if cold:
            clear_memos()
        if setup is not None:
            setup()
        gc.collect()
        with Clock() as c:
            value = fn()
        if keep is not None:
            keep.append(value)
        wall.append(c.wall)
        cpu.append(c.cpu)
    return summary(wall, cpu)


def ratio(result: dict, baseline: dict, key: str = "cpu") -> float:
    """A figure against the baseline measured in the same run."""
    return round(result[key] / baseline[key], 3) if baseline[key] else float("inf")


def tree_env(src: str | Path | None = None, **extra: str) -> dict:
    """The environment for a child that runs the code of ``src`` (default: this checkout's
    src/, not an installed copy)."""
    return {**os.environ, "PYTHONPATH": str(Path(src or ROOT / "src").resolve()),
            **{k: str(v) for k, v in extra.items()}}


def newslineage_cmd() -> list[str]:
    """The command line that runs ``newslineage`` with this interpreter."""
    exe = Path(PY).with_name("newslineage")
    return [str(exe)] if exe.exists() else [PY, "-m", "newslineage.cli"]


def run_process(cmd: list[str], env: dict | None = None, timeout: float | None = None,
                cwd: str | None = None, check: bool = False, preexec=None) -> dict:
    """Run ``cmd`` as a child: its wall seconds, CPU seconds (it and every process it waited
    for), peak RSS in MiB (its largest process), exit code, stdout and the tail of stderr.
    A run past ``timeout`` seconds is killed (code -9); ``preexec`` runs in the child first
    (a resource limit)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd, text=True,
                             preexec_fn=preexec)
        killer = threading.Timer(timeout, p.kill) if timeout else None
        if killer:
            killer.start()
        _, status, use = os.wait4(p.pid, 0)  # the child's own rusage, not the whole tree's
        wall = time.perf_counter() - t
        if killer:
            killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        res = {"wall": wall, "cpu": use.ru_utime + use.ru_stime, "rss_mib": use.ru_maxrss / 1024,
               "code": p.returncode, "out": out.read(), "err": err.read()[-2000:]}
    if check and res["code"] != 0:
        raise SystemExit(f"{shlex.join(cmd)} failed ({res['code']}): {res['err'][-600:]}")
    return res


# --- the baseline users would otherwise run -------------------------------------------------

def minhash(text: str, num_perm: int = 128):
    """datasketch MinHash of an article's word 5-shingles (lower-cased): the signature of
    the MinHash LSH baseline (``MinHashLSH(threshold=0.5, num_perm=128)``)."""
    from datasketch import MinHash

    w = text.lower().split()
    m = MinHash(num_perm=num_perm)
    m.update_batch([" ".join(w[i:i + 5]).encode("utf-8") for i in range(max(1, len(w) - 4))])
    return m


def percentile(values, q: float) -> float:
    """The value at quantile ``q`` (0..1) of ``values``, nearest rank."""
    xs = sorted(values)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


# --- arguments and results -----------------------------------------------------------------

def parser(doc: str | None) -> argparse.ArgumentParser:
    """An argument parser whose help is the script's docstring as written, with ``--json``
    (where ``record`` writes the figures)."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="results file (default: benchmarks/results/NAME.json)")
    return ap


def add_runs(ap: argparse.ArgumentParser, default: int = 3, *aliases: str) -> None:
    """``--runs N`` (medians over N runs), also spelt as each of ``aliases`` (``--repeat``)."""
    ap.add_argument("--runs", *aliases, dest="runs", type=int, default=default,
                    help="runs per figure (medians)")


def arguments(doc: str | None, corpus_help: str = "a number of synthetic articles, a file "
              "or folder of articles, or a stage snapshot .pkl", runs: int = 3,
              aliases: tuple[str, ...] = ()) -> argparse.ArgumentParser:
    """The convention every benchmark follows: CORPUS, --runs, --cold, --json."""
    ap = parser(doc)
    ap.add_argument("corpus", help=corpus_help)
    add_runs(ap, runs, *aliases)
    ap.add_argument("--cold", action="store_true", help="empty the memos before each run")
    return ap


def add_reference(ap: argparse.ArgumentParser) -> None:
    """``--save F`` keeps a run's output as the reference; ``--check F`` compares with it."""
    ap.add_argument("--save", help="pickle the output here (the reference)")
    ap.add_argument("--check", help="compare the output with this reference")


def reference(args: argparse.Namespace, output, same=None, describe=None) -> bool:
    """Save ``output`` (``--save``) and compare it with the reference (``--check``), saying
    which; False when it differs. ``same(want, got)`` defaults to ==; ``describe(want, got)``
    says how they differ."""
    if getattr(args, "save", None):
        save_pickle(output, args.save)
    if not getattr(args, "check", None):
        return True
    want = load_pickle(args.check, deep=False)  # plain rows of findings
    ok = same(want, output) if same else want == output
    print(f"identical to {args.check}" if ok else f"DIFFERENT from {args.check}"
          + (f": {describe(want, output)}" if describe else ""))
    return ok


def machine() -> dict:
    """Where and when a figure was measured: the code's commit, the load, the date."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"commit": commit, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
            "python": platform.python_version()}


def record(name: str, figures: dict, args: argparse.Namespace | None = None,
           note: str = "", quiet: bool = False) -> Path:
    """Write the figures of one benchmark run as JSON (benchmarks/results/NAME.json, or
    ``--json``), with the command, the code's commit and the machine's load, and print them
    (``quiet``: only where they went, for scripts that print their own table)."""
    data = {"name": name, "figures": figures, "note": note,
            "command": "python " + shlex.join([os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]),
            **machine()}
    out = Path(args.json) if args is not None and getattr(args, "json", None) else \
        RESULTS / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        print(json.dumps(figures, indent=1))
    print(f"results: {out}")
    return out
