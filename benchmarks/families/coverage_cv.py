"""Choose a reuse constant by leave-one-family-out on the coverage of the families' related pairs.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR
    PYTHONPATH=src .venv/bin/python benchmarks/families/coverage_cv.py DIR --param gap_sure \\
        --values 1,0.8,0.75,0.7,0.65,0.6 [--misses]

Every related pair of the half's truth is aligned again (``relate_many`` over the cleaned
articles of DIR/report.json, segmented as the pipeline does) with ``ReuseSettings`` whose
``--param`` takes each value; a side counts when its coverage is within 0.15 of the truth's
estimate (the issue's figure; a pair left unrelated misses both sides). Per family, the
value is the one that does best on the other families (ties: the first value listed, so list
the current default first); the leave-one-family-out total is what those choices score.
``--misses`` prints, for the value chosen on all families, the sides still off and their
kinds (what remains to fix). Unrelated pairs of the truth are not aligned: a constant of the
alignment's gaps acts only inside a relation the aligned sentences make already.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path


def family_of(aid: str, letters: dict) -> str:
    return letters[aid[0]]


def load(out: Path):
    from newslineage.model import Article
    from newslineage.segment import segment_article

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    arts = {}
    for r in report["articles"]:
        if r["id"] in truth["articles"]:
            arts[r["id"]] = segment_article(Article(id=r["id"], source=r["source"], text=r["text"],
                                                    language=r.get("language"), title=r.get("title")))
    fams = {}
    for f in sorted((out / "truth").glob("*.json")):
        for aid in json.loads(f.read_text(encoding="utf-8"))["articles"]:
            fams[aid] = f.stem
    est = {(e["a"], e["b"]): e["coverage"] for e in truth["coverage_estimates"]}
    pairs = [(p["a"], p["b"]) for p in truth["pairs"] if p["a"] in arts and p["b"] in arts]
    return arts, fams, est, pairs


def score(arts, est, pairs, settings) -> list[tuple[str, str, str, float, float | None]]:
    """(a, b, side, truth, got) of every side of every pair."""
    from newslineage.reuse.relate import relate_many

    rels = relate_many([(arts[a], arts[b]) for a, b in pairs], True, settings)
    out = []
    for (a, b), r in zip(pairs, rels):
        for side in ("a", "b"):
            out.append((a, b, side, est[(a, b)][side], None if r is None else r.coverage[side]))
    return out


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("out", help="a folder run.py --out wrote (articles, truth, report.json)")
    cli.add_argument("--param", required=True, help="a field of ReuseSettings")
    cli.add_argument("--values", required=True, help="comma-separated; the current default first")
    cli.add_argument("--misses", action="store_true")
    args = cli.parse_args(argv)
    from newslineage.settings import ReuseSettings

    arts, fams, est, pairs = load(Path(args.out))
    values = [type(getattr(ReuseSettings(), args.param))(v) for v in args.values.split(",")]
    per = {}  # value -> family -> sides within
    sides = {}
    for v in values:
        rows = score(arts, est, pairs, replace(ReuseSettings(), **{args.param: v}))
        sides[v] = rows
        per[v] = defaultdict(int)
        for a, _, _, t, g in rows:
            per[v][fams[a]] += g is not None and abs(g - t) <= 0.15
        print(f"{args.param} = {v}: {sum(per[v].values())}/{len(rows)} sides within 0.15", flush=True)
    families = sorted(set(fams[a] for a, _ in pairs))
    lofo, chosen = 0, defaultdict(int)
    for f in families:
        best = max(values, key=lambda v: (sum(n for g, n in per[v].items() if g != f), -values.index(v)))
        chosen[best] += 1
        lofo += per[best][f]
    n = len(sides[values[0]])
    print(f"leave-one-family-out: {lofo}/{n} = {lofo / n:.3f}; chosen per fold: "
          + ", ".join(f"{v} x{c}" for v, c in sorted(chosen.items(), key=lambda x: -x[1])))
    if args.misses:
        best = max(values, key=lambda v: (sum(per[v].values()), -values.index(v)))
        kind = lambda aid: re.sub(r"^.\d\d_", "", aid).split("_")[0]
        for a, b, side, t, g in sides[best]:
            if g is None or abs(g - t) > 0.15:
                me, other = (a, b) if side == "a" else (b, a)
                print(f"  {kind(me):12} vs {kind(other):12} truth {t:.2f} got {g}  {me} / {other}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
