#!/usr/bin/env python3
"""Build one half of the families, analyze it, and print the seeds_check score per family.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune [--out DIR] [--areas reuse,lineage]

The half is analyzed as one pile (all its families together, as a user would hand them in),
with `python -m newslineage.cli analyze`. Each family is then scored on the part of the
report about its own articles (its relations, origins, stories restricted to it), with its
own truth (DIR/truth/<family>.json); the last lines score the whole half against
DIR/truth.json and count the checks per area. Needs ../shared (the data and eval/).
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import build  # noqa: E402
from suite import PY, parser, record, run_process, shared  # noqa: E402


def load_checker():
    path = shared("eval", "seeds_check.py", what="the families' score (the shared seeds_check.py)")
    spec = importlib.util.spec_from_file_location("seeds_check", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def restrict(report: dict, ids: set[str]) -> dict:
    """The report seen from one family: its articles, the relations among them, origins and
    stories cut down to them (a story that mixes families shows up as a wrong partition)."""
    out = dict(report)
    out["articles"] = [a for a in report.get("articles", []) if a.get("id") in ids]
    out["relations"] = [r for r in report.get("relations", []) if r.get("a") in ids or r.get("b") in ids]
    out["origins"] = [dict(o, children=[c for c in o.get("children", []) if c in ids])
                      for o in report.get("origins", [])]
    stories = []
    for s in report.get("stories", []):
        kept = [a for a in s.get("articles", []) if a in ids]
        if kept:
            stories.append(dict(s, articles=kept))
    out["stories"] = stories
    out["quotes"] = [q for q in report.get("quotes", [])
                     if any(v.get("article") in ids for v in q.get("variants", []))]
    out["drift"] = [d for d in report.get("drift", []) if d.get("a") in ids or d.get("b") in ids]
    return out


def score(checker, report_path: Path, truth_path: Path, areas=None) -> tuple[int, int, list[str]]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        checker.main(str(report_path), str(truth_path), areas)
    lines = buf.getvalue().splitlines()
    m = re.search(r"(\d+)/(\d+) checks hold", lines[-1])
    return int(m.group(1)), int(m.group(2)), lines[:-1]


def issue_metrics(report: dict, truth: dict, fam_truths: dict, norm) -> dict:
    """The figures the lineage issue asks of the held-back half: reuse pairs found with
    precision and recall; lineage type and origin right per related pair; coverage within 0.15
    of the estimate (each side); families whose stories are partitioned exactly."""
    ids = set(truth["articles"])
    rels = {frozenset((r["a"], r["b"])): r for r in report.get("relations", [])
            if r.get("kind") != "same-story" and r.get("a") in ids and r.get("b") in ids}
    want = {frozenset((p["a"], p["b"])): p for p in truth["pairs"]}
    found = [k for k in want if k in rels]
    origins = {o.get("id"): o for o in report.get("origins", [])}
    est = {frozenset((e["a"], e["b"])): e for e in truth.get("coverage_estimates", [])}
    lineage_ok = cov_ok = cov_n = 0
    for k in found:
        p, r = want[k], rels[k]
        flip = r["a"] == p["b"]
        lin = r.get("lineage") or {}
        typ = p["lineage"]
        if flip:
            typ = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}.get(typ, typ)
        o = origins.get(lin.get("origin"))
        name = norm(o.get("name") if o else lin.get("origin"))
        lineage_ok += lin.get("type") == typ and norm(p["origin"]) in name
        cov = r.get("coverage", {})
        got = (cov.get("b"), cov.get("a")) if flip else (cov.get("a"), cov.get("b"))
        e = est[k]["coverage"]
        for g, t in zip(got, (e["a"], e["b"])):
            cov_n += 1
            cov_ok += g is not None and abs(g - t) <= 0.15
    stories_ok = 0
    for fam, ft in fam_truths.items():
        fids = set(ft["articles"])
        got = {frozenset(a for a in s.get("articles", []) if a in fids) for s in report.get("stories", [])} - {frozenset()}
        stories_ok += got == {frozenset(s) for s in ft["stories"]}
    n = max(len(want), 1)
    return {"pairs": len(want), "precision": len(found) / max(len(rels), 1), "recall": len(found) / n,
            "lineage": lineage_ok / n, "coverage": cov_ok / max(cov_n, 1),
            "stories": f"{stories_ok}/{len(fam_truths)}"}


def main(argv=None) -> int:
    cli = parser(__doc__)
    cli.add_argument("--half", choices=("tune", "heldout", "all"), default="tune")
    cli.add_argument("--out", help="where to build and write the report (default: a temporary folder)")
    cli.add_argument("--areas", help="comma-separated areas to count (default: all)")
    cli.add_argument("--misses", action="store_true", help="print every check that fails")
    cli.add_argument("--workers", default="1", help="passed to analyze (default 1: the machine is shared)")
    cli.add_argument("--report", help="score this report of the same half instead of running analyze "
                     "(the articles are rebuilt the same way, so a report from an earlier run stays valid)")
    args = cli.parse_args(argv)
    areas = set(args.areas.split(",")) if args.areas else None
    checker = load_checker()
    out = Path(args.out or tempfile.mkdtemp(prefix=f"families-{args.half}-"))
    info = build.build(out, args.half)
    report_path = Path(args.report) if args.report else out / "report.json"
    if not args.report:
        cmd = [PY, "-m", "newslineage.cli", "analyze", str(out / "articles"),
               "--json", str(report_path), "--workers", args.workers]
        done = run_process(cmd)
        if done["code"] != 0 or not report_path.exists():
            print(f"analyze failed ({done['code']}): {done['err']}", file=sys.stderr)
            return 1
    report = json.loads(report_path.read_text())
    per_area = Counter()
    held_area = Counter()
    fam_truths = {}
    for fam in info["families"]:
        truth_path = out / "truth" / f"{fam}.json"
        fam_truths[fam] = json.loads(truth_path.read_text())
        ids = set(fam_truths[fam]["articles"])
        fam_report = out / f"report-{fam}.json"
        fam_report.write_text(json.dumps(restrict(report, ids)))
        held, total, lines = score(checker, fam_report, truth_path, areas)
        print(f"{fam:32} {held:4}/{total:<4} " + (f"{held / total:.3f}" if total else "(no check in these areas)"))
        for ln in lines:
            ok, area = ln.startswith("ok"), ln[5:14].strip()
            per_area[area] += 1
            held_area[area] += ok
            if args.misses and not ok:
                print("    " + ln)
    held, total, _ = score(checker, report_path, out / "truth.json", areas)
    print(f"{'areas':32} " + "  ".join(f"{a} {held_area[a]}/{per_area[a]}" for a in sorted(per_area)))
    print(f"{'half ' + args.half + ' (one pile)':32} {held:4}/{total:<4} {held / total:.3f}   ({out})")
    m = issue_metrics(report, json.loads((out / "truth.json").read_text()), fam_truths, checker.norm)
    print(f"{'issue figures':32} related pairs {m['pairs']}: reuse P {m['precision']:.3f} R {m['recall']:.3f}; "
          f"lineage right {m['lineage']:.3f}; coverage within 0.15 {m['coverage']:.3f}; "
          f"stories exact {m['stories']} families")
    record(f"families_{args.half}" + (f"_{args.areas.replace(',', '_')}" if args.areas else ""),
           {"checks held": f"{held}/{total}", "share": round(held / max(total, 1), 3),
            "by area": {a: f"{held_area[a]}/{per_area[a]}" for a in sorted(per_area)},
            "reuse P, R": [round(m["precision"], 3), round(m["recall"], 3)],
            "lineage right": round(m["lineage"], 3), "coverage within 0.15": round(m["coverage"], 3),
            "stories exact (families)": m["stories"]}, args, quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
