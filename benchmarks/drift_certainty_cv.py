#!/usr/bin/env python3
"""Choose drift/certainty.py's STEP (how many grades apart two modals or hedges put one for
the other must be for a finding) by leave-one-family-out over the tune families.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR   # once
    PYTHONPATH=src .venv/bin/python benchmarks/drift_certainty_cv.py DIR

Drift is found over DIR's report once per setting: "off" (no grading: ``hedges`` flags a
lexicon hedge on one side only, the rule before certainty.py), STEP 1 and STEP 2. Each hedge
finding is true when it holds the words of a drift truth of its family (and the truth's
articles are the finding's pair). A setting scores hits - 2 x false alarms over the hedge
findings. For each family the setting best on the other families is applied to it; the
setting best on all of them is the one shipped. Ties go to the setting with fewer findings.
"""
from __future__ import annotations

import sys
from pathlib import Path

from drift_epithets_cv import judged_drift  # (this folder: the same findings and truths)
from newslineage.drift import certainty, checks

SETTINGS = ("off", 1, 2)
FALSE_COST = 2


def findings(out: Path, setting) -> list[dict]:
    keep = certainty.STEP, checks.both_graded
    if setting == "off":
        checks.both_graded = lambda a, b, op: None
    else:
        certainty.STEP = setting
    try:
        rows = []
        for _, d, fam, true in judged_drift(out):
            if d.type != "hedge":
                continue
            rows.append({"family": fam, "note": d.note.split(":")[0], "pair": (d.a, d.b), "true": true})
        return rows
    finally:
        certainty.STEP, checks.both_graded = keep


def main(out: str) -> None:
    rows = {s: findings(Path(out), s) for s in SETTINGS}
    fams = sorted({r["family"] for rs in rows.values() for r in rs})

    def score(s, on):
        kept = [r for r in rows[s] if r["family"] in on]
        h = sum(r["true"] for r in kept)
        return h, len(kept) - h

    def best(on):
        return max(SETTINGS, key=lambda s: (lambda h, f: (h - FALSE_COST * f, -(h + f)))(*score(s, on)))

    th = tf = 0
    for fam in fams:
        s = best(set(fams) - {fam})
        h, f = score(s, {fam})
        th, tf = th + h, tf + f
        print(f"{fam:28} chosen on the others: {s} -> {h} true, {f} false hedge findings")
    print(f"leave-one-family-out: {th} true, {tf} false hedge findings")
    for s in SETTINGS:
        h, f = score(s, set(fams))
        print(f"in sample, setting {s}: {h} true, {f} false hedge findings")
    s = best(set(fams))
    print(f"on all tune families: {s}")
    old = {(r["pair"], r["note"]) for r in rows["off"]}
    new = {(r["pair"], r["note"]) for r in rows[s]}
    for r in rows[s]:
        if (r["pair"], r["note"]) not in old:
            print(("  new TRUE  " if r["true"] else "  new false ") + f"{r['family']}: {r['note']}")
    for r in rows["off"]:
        if (r["pair"], r["note"]) not in new:
            print(("  gone TRUE  " if r["true"] else "  gone false ") + f"{r['family']}: {r['note']}")


if __name__ == "__main__":
    main(sys.argv[1])
