#!/usr/bin/env python3
"""Lineage settings scored family by family, in sample and leave-one-family-out.

    # once: a half's articles and reuse relations, as lineage.trace receives them
    PYTHONPATH=src .venv/bin/python benchmarks/families/lineage_cv.py snapshot --half tune /tmp/lin/tune.pkl
    # per family lineage right for each value of each constant, and the leave-one-out figure
    PYTHONPATH=src .venv/bin/python benchmarks/families/lineage_cv.py cv /tmp/lin/tune.pkl \
        --grid root=0.5,0.95,1.5 common=0.25,1,2
    # each rule of the forest switched off alone: which families it moves
    PYTHONPATH=src .venv/bin/python benchmarks/families/lineage_cv.py rules /tmp/lin/tune.pkl

A constant is a field of LineageSettings (``root``, ``credit``, ...) or a vote of
lineage/direction.py written ``dr.TIME_PRECISE``. For each constant alone (the others at their
defaults), each family is scored with the value that does best on the other families (ties:
the default, then the smaller value): the sum of those is the leave-one-family-out figure,
what a constant chosen on the tune families does to a family that did not choose it. Only the
tune half is read here; the held-out half is for before -> after figures (run.py).
"""
from __future__ import annotations

import json
import pickle
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import build  # noqa: E402
from run import issue_metrics, load_checker  # noqa: E402
from suite import parser  # noqa: E402


def snapshot(half: str, out: str) -> None:
    from newslineage import pipeline

    d = Path(tempfile.mkdtemp(prefix=f"lin-cv-{half}-"))
    info = build.build(d, half)
    opts = pipeline.Options(workers=1)
    articles, _ = pipeline.read_and_clean([str(d / "articles")], opts)
    relations = pipeline.find_reuse(articles, opts)
    truths = {f: json.loads((d / "truth" / f"{f}.json").read_text()) for f in info["families"]}
    with open(out, "wb") as fh:
        pickle.dump((articles, relations, truths), fh)
    print(f"{len(articles)} articles, {len(relations)} relations, {len(truths)} families -> {out}")


def traced_report(snap, settings=None, votes=None) -> dict:
    """The report (as JSON) of lineage traced over a snapshot's articles and relations, with
    ``settings`` and the direction module's vote constants ``votes`` set for the call."""
    from newslineage import lineage
    from newslineage.lineage import direction as dr
    from newslineage.model import Report

    articles, relations = snap[0], snap[1]
    old = {k: getattr(dr, k) for k in (votes or {})}
    try:
        for k, v in (votes or {}).items():
            setattr(dr, k, v)
        rels, origins = lineage.trace(articles, relations, settings=settings)
    finally:
        for k, v in old.items():
            setattr(dr, k, v)
    return json.loads(Report(articles=articles, relations=rels, origins=origins).to_json())


def per_family(snap, settings=None, votes=None) -> dict[str, tuple[int, int]]:
    """family -> (pairs with lineage type and origin right, related pairs in its truth)."""
    truths = snap[2]
    rep = traced_report(snap, settings, votes)
    norm = load_checker().norm
    out = {}
    for fam, t in truths.items():
        m = issue_metrics(rep, t, {}, norm)
        out[fam] = (round(m["lineage"] * m["pairs"]), m["pairs"])
    return out


def _setting(name: str, value: float):
    from newslineage.settings import LineageSettings

    if name.startswith("dr."):
        return LineageSettings(), {name[3:]: value}
    return replace(LineageSettings(), **{name: value}), {}


def _default(name: str) -> float:
    from newslineage.lineage import direction as dr
    from newslineage.settings import LineageSettings

    return getattr(dr, name[3:]) if name.startswith("dr.") else getattr(LineageSettings(), name)


def cv(snap_path: str, grid: list[str]) -> None:
    with open(snap_path, "rb") as fh:
        snap = pickle.load(fh)
    base = per_family(snap)
    fams = sorted(base)
    n = sum(t for _, t in base.values())
    print(f"default: {sum(r for r, _ in base.values())}/{n} right")
    for item in grid:
        name, vals = item.split("=")
        d = _default(name)
        values = sorted({float(v) for v in vals.split(",")} | {d})
        scores = {v: (base if v == d else per_family(snap, *_setting(name, v))) for v in values}
        total = {v: sum(s[f][0] for f in fams) for v, s in scores.items()}
        loo = 0
        moved = []
        for f in fams:
            pick = max(values, key=lambda v: (total[v] - scores[v][f][0], v == d, -v))
            loo += scores[pick][f][0]
            if scores[pick][f][0] != base[f][0]:
                moved.append(f"{f[:3]} {base[f][0]}->{scores[pick][f][0]} (at {pick:g})")
        row = "  ".join(f"{v:g}: {total[v]}" for v in values)
        print(f"{name:18} default {d:g}; in sample {row}; leave-one-family-out {loo}/{n}"
              + (f"  [{'; '.join(moved)}]" if moved else ""))
        # which families each value moves (against the default), to see who a value serves
        for v in values:
            if v == d:
                continue
            diff = [f"{f[:3]} {scores[v][f][0] - base[f][0]:+d}" for f in fams if scores[v][f][0] != base[f][0]]
            if diff:
                print(f"    {v:g}: " + ", ".join(diff))


# Rules of the forest that can be switched off one at a time (module, attribute, stand-in):
# what each does to every family, not only to the one that motivated it.
RULES = {
    "stand_ins": ("newslineage.lineage.forest", "stand_ins", lambda *a, **k: {}),
    "shared_versions": ("newslineage.lineage.versions", "shared_versions", lambda *a, **k: {}),
    "copied_translation": ("newslineage.lineage.forest", "_copied_translation", lambda *a, **k: None),
    "merged_articles": ("newslineage.lineage.forest", "_merged_articles", lambda *a, **k: None),
    "retold": ("newslineage.lineage", "_retold", lambda *a, **k: set()),
    "region_source": ("newslineage.lineage.forest", "_region_source", lambda *a, **k: None),
}


def rules(snap_path: str, names: list[str]) -> None:
    """Each rule switched off alone: the families it moves (+: right without it)."""
    import importlib

    with open(snap_path, "rb") as fh:
        snap = pickle.load(fh)
    base = per_family(snap)
    for name in names or sorted(RULES):
        mod, attr, off = RULES[name]
        m = importlib.import_module(mod)
        old = getattr(m, attr)
        setattr(m, attr, off)
        try:
            got = per_family(snap)
        finally:
            setattr(m, attr, old)
        diff = [f"{f[:3]} {got[f][0] - base[f][0]:+d}" for f in sorted(base) if got[f][0] != base[f][0]]
        print(f"without {name:20} {sum(r for r, _ in got.values())} right (with it "
              f"{sum(r for r, _ in base.values())}): " + (", ".join(diff) or "no family moves"))


def main(argv=None) -> int:
    cli = parser(__doc__)
    sub = cli.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("--half", choices=("tune",), default="tune")
    s.add_argument("out")
    c = sub.add_parser("cv")
    c.add_argument("snap")
    c.add_argument("--grid", nargs="+", required=True)
    r = sub.add_parser("rules")
    r.add_argument("snap")
    r.add_argument("names", nargs="*", help=f"rules to switch off, one at a time (default all: {sorted(RULES)})")
    args = cli.parse_args(argv)
    if args.cmd == "rules":
        rules(args.snap, args.names)
    elif args.cmd == "snapshot":
        snapshot(args.half, args.out)
    else:
        cv(args.snap, args.grid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
