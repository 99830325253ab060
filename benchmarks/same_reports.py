#!/usr/bin/env python3
"""Two versions of the code on one corpus: are their reports the same, and how fast is each?

    python benchmarks/same_reports.py 2000 --old /tmp/old/src --new src [--runs 1]
    python benchmarks/same_reports.py examples/corpus --old /tmp/old/src

``--old`` and ``--new`` are ``src`` folders (an export of a commit: ``git archive REV | tar
-x -C /tmp/old``). Each run analyzes the corpus in a fresh process per version, old then new,
with a different hash seed each (a report must not depend on it), and compares the JSON
reports byte for byte. Prints and records (benchmarks/results/same_reports.json) the CPU and
wall seconds of each version (medians), the ratio new/old, peak RSS and whether every
report was identical; on a difference, the first relations that differ.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from suite import arguments, corpus_file, median, record, run_process, tree_env


def _analyze(src: str, corpus: str, out: Path, seed: int) -> dict:
    r = run_process([sys.executable, "-m", "newslineage.cli", "analyze", corpus, "--json",
                     str(out), "--quiet"], env=tree_env(src, PYTHONHASHSEED=seed), check=True)
    return {"wall": r["wall"], "cpu": r["cpu"], "rss_mib": r["rss_mib"]}


def _first_differences(a: Path, b: Path, most: int = 3) -> list[str]:
    ra, rb = json.loads(a.read_bytes()), json.loads(b.read_bytes())
    out = [f"{k}: {len(ra[k])} vs {len(rb[k])} records" for k in ra if ra[k] != rb.get(k)]
    rel_a = {(r["a"], r["b"]): r for r in ra["relations"]}
    rel_b = {(r["a"], r["b"]): r for r in rb["relations"]}
    for key in sorted(set(rel_a) | set(rel_b)):
        if rel_a.get(key) != rel_b.get(key) and len(out) < most + 8:
            pa = len((rel_a.get(key) or {}).get("passages", []))
            pb = len((rel_b.get(key) or {}).get("passages", []))
            out.append(f"relation {key[0]}/{key[1]}: {pa} vs {pb} passages")
    return out


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument("--old", required=True, help="src folder of the old version")
    ap.add_argument("--new", default="src", help="src folder of the new version (default: src)")
    args = ap.parse_args()
    path = corpus_file(args.corpus)
    runs = {"old": [], "new": []}
    same = True
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.runs):
            outs = {}
            for n, (name, src) in enumerate((("old", args.old), ("new", args.new))):
                outs[name] = Path(tmp) / f"{name}{k}.json"
                runs[name].append(_analyze(src, path, outs[name], seed=2 * k + n + 1))
                print(f"run {k + 1} {name}: " + ", ".join(f"{x} {v:.1f}" for x, v in
                                                          runs[name][-1].items()), flush=True)
            if outs["old"].read_bytes() != outs["new"].read_bytes():
                same = False
                notes = _first_differences(outs["old"], outs["new"])
    fig = {name: {x: round(median(r[x] for r in rs), 2) for x in ("wall", "cpu", "rss_mib")}
           for name, rs in runs.items()}
    fig["cpu new/old"] = round(fig["new"]["cpu"] / fig["old"]["cpu"], 3)
    fig["wall new/old"] = round(fig["new"]["wall"] / fig["old"]["wall"], 3)
    fig["reports identical"] = same
    if notes:
        fig["differences"] = "; ".join(notes)
    record(f"same_reports_{Path(args.corpus).stem}", fig, args,
           note=f"{args.runs} run(s) of each, old then new, on a shared machine")


if __name__ == "__main__":
    main()
