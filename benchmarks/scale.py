#!/usr/bin/env python3
"""Scale benchmark: newslineage against the MinHash LSH baseline users would otherwise run.

    python benchmarks/scale.py 1000 10000 [100000] [--runs 3] [--timeout 1800]

For each size: make the synthetic corpus with ../shared/bench/make_corpus.py (cached in
/tmp/newslineage-bench/cN), then time

  baseline  datasketch MinHash (128 permutations) over word 5-shingles + MinHashLSH
            (threshold 0.5), reading the same JSONL, inserting and querying every article;
  pipeline  `newslineage analyze articles.jsonl --json REPORT --quiet` in a subprocess, with
            its peak RSS, scored by ../shared/bench/score_pairs.py (precision, recall per kind);
  stages    read -> clean -> segment -> candidates through the library, in a subprocess, with
            the candidate recall per copy kind and candidates per article. Always run: it says
            where the time goes, and it is the measure while later stages are missing.

Prints medians over --runs runs (wall time, ratio to the baseline, peak RSS). Targets of the
performance issue: pipeline on 10k <= 3x the baseline; 100k <= 10 min and <= 4 GiB on 2 cores;
time(100k) / time(10k) <= 12.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
CACHE = Path(os.environ.get("NEWSLINEAGE_BENCH_DIR", "/tmp/newslineage-bench"))
PY = sys.executable

# Run a command and report its peak RSS (KiB): the wrapper's only child is the command.
RSS_WRAPPER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "sys.stderr.write('@@maxrss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
               "sys.exit(r.returncode)")


def corpus(n: int) -> Path:
    out = CACHE / f"c{n}"
    if not (out / "truth.jsonl").exists():
        subprocess.run([PY, str(SHARED / "make_corpus.py"), str(n), str(out)], check=True)
    return out


def run_measured(cmd: list[str], timeout: float) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS bytes, return code, stderr tail) of ``cmd``."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run([PY, "-c", RSS_WRAPPER] + cmd, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, 0, -9, f"timed out after {timeout:.0f} s"
    wall = time.perf_counter() - t0
    m = re.search(r"@@maxrss (\d+)", p.stderr)
    rss = int(m.group(1)) * 1024 if m else 0
    err = "\n".join(l for l in p.stderr.splitlines() if not l.startswith("@@"))[-600:]
    return wall, rss, p.returncode, (p.stdout[-2000:] + err)


# -- baseline ---------------------------------------------------------------------------------

def baseline(path: Path) -> dict:
    """What a user would write: one MinHash per article, LSH at Jaccard 0.5, query each."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    ids, sigs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            w = r["text"].lower().split()
            m = MinHash(num_perm=128)
            m.update_batch([" ".join(w[i:i + 5]).encode("utf-8") for i in range(max(1, len(w) - 4))])
            ids.append(r["id"])
            sigs.append(m)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    with lsh.insertion_session() as s:
        for k, m in zip(ids, sigs):
            s.insert(k, m)
    pairs = set()
    for k, m in zip(ids, sigs):
        pairs.update(frozenset((k, o)) for o in lsh.query(m) if o != k)
    return {"seconds": time.perf_counter() - t0, "pairs": pairs}


# -- truth ------------------------------------------------------------------------------------

def load_truth(path: Path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    by_unit = defaultdict(list)
    for r in rows:
        for u in r["units"]:
            by_unit[tuple(u)].append(r["id"])
    true = set()
    for ids in by_unit.values():
        true.update(frozenset(p) for p in combinations(sorted(set(ids)), 2))
    return rows, true


def recall_by_kind(rows, got: set) -> dict:
    per = defaultdict(lambda: [0, 0])
    for r in rows:
        for parent in r["parents"]:
            per[r["kind"]][1] += 1
            per[r["kind"]][0] += frozenset((r["id"], parent)) in got
    return {k: f / t for k, (f, t) in sorted(per.items())}


# -- stages through the library (run as a child: --stages-child JSONL OUT) ----------------------

def stages_child(path: str, out: str, embeddings: bool) -> None:
    import importlib

    from newslineage.candidates import find

    t, info = {}, {}
    t0 = time.perf_counter()
    read = importlib.import_module("newslineage.read")
    articles, _ = read.read_inputs([path])
    t["read"] = time.perf_counter() - t0
    for stage in ("clean", "segment"):
        try:
            mod = importlib.import_module(f"newslineage.{stage}")
            fn = getattr(mod, stage)
        except (ImportError, AttributeError) as e:
            info[f"{stage}_missing"] = str(e)
            continue
        t0 = time.perf_counter()
        articles = fn(articles)
        t[stage] = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = find(articles, embeddings=embeddings)
    t["candidates"] = time.perf_counter() - t0
    info.update({f"candidates.{k}": v for k, v in found.timings.items()})
    info.update(found.counts)
    pairs = [[articles[a].id, articles[b].id] for a, b in found.pairs.tolist()]
    json.dump({"timings": t, "info": info, "pairs": pairs, "per_article": found.per_article()},
              open(out, "w"))


def run_stages(path: Path, timeout: float, embeddings: bool) -> dict:
    out = CACHE / "stages.json"
    cmd = [PY, str(Path(__file__).resolve()), "--stages-child", str(path), str(out)]
    if not embeddings:
        cmd.append("--no-embeddings")
    wall, rss, rc, err = run_measured(cmd, timeout)
    if rc != 0:
        return {"error": err, "seconds": wall}
    res = json.load(open(out))
    res.update(seconds=wall, rss=rss)
    return res


def run_pipeline(path: Path, timeout: float, embeddings: bool) -> dict:
    report = CACHE / "report.json"
    report.unlink(missing_ok=True)
    exe = Path(PY).with_name("newslineage")
    cmd = ([str(exe)] if exe.exists() else [PY, "-m", "newslineage.cli"]) + \
        ["analyze", str(path), "--json", str(report), "--quiet"]
    if not embeddings:
        cmd.append("--no-embeddings")
    wall, rss, rc, err = run_measured(cmd, timeout)
    if rc != 0 or not report.exists():
        return {"error": err.strip().splitlines()[-1] if err.strip() else f"exit {rc}",
                "seconds": wall}
    score = subprocess.run([PY, str(SHARED / "score_pairs.py"), str(report),
                            str(path.parent / "truth.jsonl"), "--min", "0"],
                           capture_output=True, text=True).stdout
    return {"seconds": wall, "rss": rss, "score": score}


# -- driver -----------------------------------------------------------------------------------

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_s(x):
    return "-" if x is None else f"{x:.1f} s"


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    cli.add_argument("--runs", type=int, default=1)
    cli.add_argument("--timeout", type=float, default=1800, help="seconds per pipeline run")
    cli.add_argument("--no-embeddings", action="store_true")
    cli.add_argument("--skip-pipeline", action="store_true", help="baseline and stages only")
    cli.add_argument("--stages-child", nargs=2, help=argparse.SUPPRESS)
    a = cli.parse_args()
    emb = not a.no_embeddings
    if a.stages_child:
        stages_child(*a.stages_child, embeddings=emb)
        return

    print(f"cores: {len(os.sched_getaffinity(0))}, load: {os.getloadavg()[0]:.1f}, "
          f"embeddings: {emb}, runs: {a.runs}")
    summary = {}
    for n in a.sizes:
        path = corpus(n) / "articles.jsonl"
        rows, true = load_truth(path.parent / "truth.jsonl")
        base, stg, pipe = [], [], []
        for _ in range(a.runs):
            base.append(baseline(path))
            stg.append(run_stages(path, a.timeout, emb))
            if not a.skip_pipeline:
                pipe.append(run_pipeline(path, a.timeout, emb))
        b_s = med([r["seconds"] for r in base])
        bpairs = base[-1]["pairs"]
        bhit = len(bpairs & true)
        print(f"\n== {n} articles ({len(true)} true pairs)")
        print(f"baseline  {fmt_s(b_s)}  pairs {len(bpairs)}  precision {bhit / max(1, len(bpairs)):.3f}"
              f"  recall {bhit / max(1, len(true)):.3f}")
        print("          recall by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in recall_by_kind(rows, bpairs).items()))
        ok = [r for r in stg if "error" not in r]
        if ok:
            last = ok[-1]
            got = {frozenset(p) for p in last["pairs"]}
            hit = len(got & true)
            st = {k: med([r["timings"].get(k) for r in ok]) for k in last["timings"]}
            s_s = med([r["seconds"] for r in ok])
            print(f"stages    {fmt_s(s_s)} (x{s_s / b_s:.2f} baseline)  peak RSS {med([r['rss'] for r in ok]) / 2**20:.0f} MiB  "
                  + "  ".join(f"{k} {v:.1f}s" for k, v in st.items()))
            print("          candidates: " + ", ".join(f"{k} {v:.2f}s" for k, v in last["info"].items() if k.startswith("candidates."))
                  + "  " + ", ".join(f"{k} {v}" for k, v in last["info"].items() if not k.startswith("candidates.")))
            print(f"          candidate pairs {len(got)} ({last['per_article']:.2f} per article), "
                  f"recall {hit / max(1, len(true)):.4f}, precision {hit / max(1, len(got)):.3f}")
            print("          candidate recall by kind: " + ", ".join(f"{k} {v:.4f}" for k, v in recall_by_kind(rows, got).items()))
        else:
            print(f"stages    failed: {stg[-1].get('error')}")
        if not a.skip_pipeline:
            okp = [r for r in pipe if "error" not in r]
            if okp:
                p_s = med([r["seconds"] for r in okp])
                print(f"pipeline  {fmt_s(p_s)} (x{p_s / b_s:.2f} baseline)  peak RSS {med([r['rss'] for r in okp]) / 2**20:.0f} MiB")
                print("          " + okp[-1]["score"].strip().replace("\n", "\n          "))
                summary[n] = p_s
            else:
                print(f"pipeline  not measured: {pipe[-1]['error']}")
    if len(summary) >= 2:
        ns = sorted(summary)
        for lo, hi in zip(ns, ns[1:]):
            print(f"\npipeline time({hi}) / time({lo}) = {summary[hi] / summary[lo]:.1f}")


if __name__ == "__main__":
    main()
