#!/usr/bin/env python3
"""The benchmarks' shared parts: one corpus loader, one timer (medians), one argument
convention, results written as data and rendered into RESULTS.md.

A benchmark script:

    from suite import arguments, corpus, record, timed
    args = arguments(__doc__).parse_args()          # CORPUS [--runs N] [--json OUT] [--cold]
    articles = corpus(args.corpus)                  # "10000", a JSONL file or a stage pickle
    t = timed(lambda: stage(articles), args.runs, cold=args.cold)
    record("stage_speed", {"stage": t}, args)       # benchmarks/results/stage_speed.json

and then

    python benchmarks/suite.py render               # the results tables into RESULTS.md

Why a small runner of our own rather than asv or pytest-benchmark: asv builds an
environment per commit (pip and the network, which runs here have not), and times
functions inside one process only; pytest-benchmark times inside the test run, and the
project keeps timings out of its tests. Our figures are ratios against a baseline in the
same run, medians over runs, often whole processes with their peak RSS (``scale.py``), on
a shared box where the CPU time of the process is the steadier figure: a few dozen lines.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "bench"
CACHE = Path(os.environ.get("NEWSLINEAGE_BENCH_DIR", "/tmp/newslineage-bench"))
RESULTS = HERE / "results"
MARK_BEGIN = "<!-- suite results: made by `python benchmarks/suite.py render`; do not edit -->"
MARK_END = "<!-- end of suite results -->"


# --- the corpus ----------------------------------------------------------------------------

def corpus_dir(n: int, seed: int | None = None) -> Path:
    """The synthetic corpus of ``n`` articles (../shared/bench/make_corpus.py), made once and
    kept in $NEWSLINEAGE_BENCH_DIR (same arguments, same bytes)."""
    out = CACHE / (f"c{n}" if seed is None else f"c{n}-s{seed}")
    if not (out / "truth.jsonl").exists():
        if not (SHARED / "make_corpus.py").exists():
            raise SystemExit(f"no corpus generator at {SHARED / 'make_corpus.py'}: the shared "
                             "folder must sit beside the clone")
        cmd = [sys.executable, str(SHARED / "make_corpus.py"), str(n), str(out)]
        subprocess.run(cmd + ([] if seed is None else ["--seed", str(seed)]), check=True,
                       capture_output=True)
    return out


def corpus(spec: str):
    """Articles to measure on, from one spec: a number (that many synthetic articles, read as
    ``newslineage`` reads them), a JSONL/JSON/CSV file or a folder (read), or a stage snapshot
    pickle (whatever ``benchmarks/make_state.py`` stored: returned as it was pickled)."""
    if spec.isdigit():
        spec = str(corpus_dir(int(spec)) / "articles.jsonl")
    path = Path(spec)
    if not path.exists():
        raise SystemExit(f"{spec}: no such corpus (give a number of synthetic articles, a "
                         "file or folder of articles, or a stage snapshot .pkl)")
    if path.suffix == ".pkl":
        sys.setrecursionlimit(100000)
        with open(path, "rb") as f:
            return pickle.load(f)
    from newslineage import read
    return read.read_inputs([str(path)])[0]


# --- timing --------------------------------------------------------------------------------

def median(values) -> float:
    return float(statistics.median(values))


def clear_memos() -> bool:
    """Empty every memo of the package, as a fresh process has them; False for a tree older
    than the memo helper (the caller then clears what that tree had, by name)."""
    try:
        from newslineage import memo
    except ImportError:
        return False
    memo.clear_all()
    return True


def timed(fn, runs: int = 3, cold: bool = False) -> dict:
    """Wall and CPU seconds of ``fn()`` over ``runs`` runs: medians and every run. ``cold``
    empties every memo of the package first (``newslineage.memo.clear_all``), as a fresh
    process would have them; the collector runs before each run, never during it."""
    wall, cpu = [], []
    for _ in range(runs):
        if cold:
            clear_memos()
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"wall": round(median(wall), 4), "cpu": round(median(cpu), 4),
            "walls": [round(x, 4) for x in wall], "cpus": [round(x, 4) for x in cpu]}


def ratio(result: dict, baseline: dict, key: str = "cpu") -> float:
    """A figure against the baseline measured in the same run."""
    return round(result[key] / baseline[key], 3) if baseline[key] else float("inf")


# --- arguments and results -----------------------------------------------------------------

def arguments(doc: str | None, corpus_help: str = "a number of synthetic articles, a file "
              "or folder of articles, or a stage snapshot .pkl") -> argparse.ArgumentParser:
    """The convention every benchmark follows: CORPUS, --runs, --cold, --json."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help=corpus_help)
    ap.add_argument("--runs", type=int, default=3, help="runs per figure (medians)")
    ap.add_argument("--cold", action="store_true", help="empty the memos before each run")
    ap.add_argument("--json", help="results file (default: benchmarks/results/NAME.json)")
    return ap


def record(name: str, figures: dict, args: argparse.Namespace | None = None,
           note: str = "") -> Path:
    """Write the figures of one benchmark run as JSON, with the command, the code's commit
    and the machine's load, and print them."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    data = {"name": name, "figures": figures, "note": note,
            "command": "python " + " ".join(shlex.quote(a) for a in
                                            [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]),
            "commit": commit, "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load": round(os.getloadavg()[0], 1), "cpus": os.cpu_count(),
            "python": platform.python_version()}
    out = Path(args.json) if args is not None and getattr(args, "json", None) else \
        RESULTS / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    print(f"results: {out}")
    return out


# --- rendering -----------------------------------------------------------------------------

def _cell(v) -> str:
    if isinstance(v, dict):
        rest = ", ".join(f"{k} {_cell(x)}" for k, x in v.items()
                         if k not in ("wall", "cpu", "walls", "cpus"))
        if "cpu" in v and "wall" in v:
            return f"{v['wall']:.2f} s wall, {v['cpu']:.2f} s CPU" + (", " + rest if rest else "")
        return rest
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


def render(results: Path = RESULTS, target: Path = HERE / "RESULTS.md") -> str:
    """The results files as Markdown tables, written between the suite's marks in
    ``target`` (appended once if the marks are not there yet)."""
    parts = [MARK_BEGIN, "", "## Suite results (benchmarks/results/*.json)", ""]
    for path in sorted(results.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        parts += [f"### {d['name']}", "", f"    {d['command']}", "",
                  f"{d['when']}, commit {d.get('commit') or '?'}, load {d.get('load')} on "
                  f"{d.get('cpus')} CPUs. {d.get('note', '')}".rstrip(), "",
                  "| figure | value |", "|---|---|"]
        parts += [f"| {k} | {_cell(v)} |" for k, v in d["figures"].items()]
        parts.append("")
    parts.append(MARK_END)
    block = "\n".join(parts)
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if MARK_BEGIN in text and MARK_END in text:
        head, rest = text.split(MARK_BEGIN, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    target.write_text(text, encoding="utf-8")
    return block


def main() -> None:
    ap = argparse.ArgumentParser(description="The benchmark suite's commands.")
    ap.add_argument("command", choices=["render"], help="render: results/*.json into RESULTS.md")
    ap.parse_args()
    render()
    print(f"rendered {len(list(RESULTS.glob('*.json')))} result file(s) into "
          f"{HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
