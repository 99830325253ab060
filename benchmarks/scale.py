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
import time
from pathlib import Path

from suite import (CACHE, PY, Clock, corpus_dir, load_truth, machine, median, minhash,
                   newslineage_cmd, parser, recall_by_kind, record, run_process, shared)


def run_measured(cmd: list[str], timeout: float) -> dict:
    """``run_process`` with the failure said in ``error`` (the last line of its output)."""
    r = run_process(cmd, timeout=timeout)
    if r["code"] != 0:
        tail = (r["out"][-2000:] + r["err"][-600:]).strip()
        r["error"] = f"timed out after {timeout:.0f} s" if r["code"] == -9 else \
            (tail.splitlines()[-1] if tail else f"exit {r['code']}")
    return r


# -- baseline ---------------------------------------------------------------------------------

def baseline(path: Path) -> dict:
    """What a user would write: one MinHash per article, LSH at Jaccard 0.5, query each."""
    from datasketch import MinHashLSH

    with Clock() as clock:
        ids, sigs = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                ids.append(r["id"])
                sigs.append(minhash(r["text"]))
        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        with lsh.insertion_session() as s:
            for k, m in zip(ids, sigs):
                s.insert(k, m)
        pairs = set()
        for k, m in zip(ids, sigs):
            pairs.update(frozenset((k, o)) for o in lsh.query(m) if o != k)
    return {"seconds": clock.wall, "cpu": clock.cpu, "pairs": pairs}


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
    r = run_measured(cmd, timeout)
    if "error" in r:
        return {"error": r["error"], "seconds": r["wall"]}
    res = json.loads(out.read_text())
    res.update(seconds=r["wall"], cpu=r["cpu"], rss=r["rss_mib"] * 2**20)
    return res


def run_pipeline(path: Path, timeout: float, embeddings: bool) -> dict:
    report = CACHE / "report.json"
    report.unlink(missing_ok=True)
    cmd = newslineage_cmd() + ["analyze", str(path), "--json", str(report), "--quiet"]
    if not embeddings:
        cmd.append("--no-embeddings")
    r = run_measured(cmd, timeout)
    if "error" in r or not report.exists():
        return {"error": r.get("error", "no report"), "seconds": r["wall"]}
    score = run_process([PY, str(shared("bench", "score_pairs.py")), str(report),
                         str(path.parent / "truth.jsonl"), "--min", "0"])["out"]
    return {"seconds": r["wall"], "cpu": r["cpu"], "rss": r["rss_mib"] * 2**20, "score": score}


# -- driver -----------------------------------------------------------------------------------

def med(xs):
    xs = [x for x in xs if x is not None]
    return median(xs) if xs else None


def fmt_s(x):
    return "-" if x is None else f"{x:.1f} s"


def main() -> None:
    cli = parser(__doc__)
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

    print(f"cores: {machine()['cpus']}, load: {machine()['load']:.1f}, "
          f"embeddings: {emb}, runs: {a.runs}")
    summary = {}
    for n in a.sizes:
        path = corpus_dir(n) / "articles.jsonl"
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
        b_cpu = med([r["cpu"] for r in base])
        fig = {"articles": n, "true pairs": len(true), "runs": a.runs,
               "baseline": {"wall": round(b_s, 2), "cpu": round(b_cpu, 2),
                            "precision": round(bhit / max(1, len(bpairs)), 3),
                            "recall": round(bhit / max(1, len(true)), 3)}}
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
            fig["stages"] = {"wall": round(s_s, 2), "cpu": round(med([r["cpu"] for r in ok]), 2),
                             "rss_mib": round(med([r["rss"] for r in ok]) / 2**20),
                             "candidate recall": round(hit / max(1, len(true)), 4)}
        else:
            print(f"stages    failed: {stg[-1].get('error')}")
        if not a.skip_pipeline:
            okp = [r for r in pipe if "error" not in r]
            if okp:
                p_s = med([r["seconds"] for r in okp])
                print(f"pipeline  {fmt_s(p_s)} (x{p_s / b_s:.2f} baseline)  peak RSS {med([r['rss'] for r in okp]) / 2**20:.0f} MiB")
                print("          " + okp[-1]["score"].strip().replace("\n", "\n          "))
                summary[n] = p_s
                p_cpu = med([r["cpu"] for r in okp])
                fig["pipeline"] = {"wall": round(p_s, 2), "cpu": round(p_cpu, 2),
                                   "rss_mib": round(med([r["rss"] for r in okp]) / 2**20)}
                fig["pipeline x baseline (wall)"] = round(p_s / b_s, 2)
                fig["pipeline x baseline (CPU)"] = round(p_cpu / b_cpu, 2)
                fig["score"] = okp[-1]["score"].strip().splitlines()[-1]
            else:
                print(f"pipeline  not measured: {pipe[-1]['error']}")
        record(f"scale_{n}", fig, a, note="embeddings off" if not emb else "", quiet=True)
    if len(summary) >= 2:
        ns = sorted(summary)
        for lo, hi in zip(ns, ns[1:]):
            print(f"\npipeline time({hi}) / time({lo}) = {summary[hi] / summary[lo]:.1f}")


if __name__ == "__main__":
    main()
