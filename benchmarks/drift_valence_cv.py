#!/usr/bin/env python3
"""Choose the thresholds of drift/valence.py by leave-one-family-out over the tune families.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR   # once
    PYTHONPATH=src .venv/bin/python benchmarks/drift_valence_cv.py DIR

Drift is found once over DIR's report with the loosest thresholds; every finding that comes
from the sentiment lexicon (a stance change, an evaluative label) keeps the valences that made
it, and is true when it holds the words of a drift truth of its family, false otherwise (the
truths list the changes written into the family; a synonym swap flagged is a false alarm).
A setting scores hits - 2 x false alarms (precision matters more than recall). For each
family, the setting best on the other families is applied to it; the figures are the sum of
what the held-out families get. The setting best on all of them is the one shipped.
"""
from __future__ import annotations

import json
import re
import sys
from itertools import product
from pathlib import Path

from newslineage.drift import passage_drift, valence
from newslineage.drift import triggers
from newslineage.model import Report

FLIPS = (0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 99.0)
GAPS = (0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 99.0)
LABELS = (0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 99.0)
FALSE_COST = 2


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").casefold())


def findings(out: Path) -> list[dict]:
    """The lexicon's findings at the loosest thresholds, with family, truth and valences."""
    valence.FLIP_MIN, valence.GAP_MIN, valence.LABEL_MIN = min(FLIPS), min(GAPS), min(LABELS)
    triggers._triggers.cache_clear()
    rep = Report.from_json((out / "report.json").read_bytes())
    truths = {p.stem: json.loads(p.read_text()) for p in sorted((out / "truth").glob("*.json"))}
    fam_of = {aid: fam for fam, t in truths.items() for aid in t["articles"]}
    rows = []
    for d in passage_drift(rep.articles, rep.relations):
        m = re.search(r"\((?:opposite polarity|stronger wording|weaker wording), ([-+][\d.]+) vs ([-+][\d.]+)\)", d.note)
        lab = re.match(r"label '([^']+)'", d.note) if d.type == "label" else None
        if m:
            va, vb = float(m.group(1)), float(m.group(2))
            kind = "flip" if va * vb < 0 else "gap"
            value = min(abs(va), abs(vb)) if kind == "flip" else abs(abs(va) - abs(vb))
        elif lab and valence.valence(lab.group(1).casefold(), "en") is not None and \
                " " not in lab.group(1) and not _lexicon_label(lab.group(1)):
            kind, value = "label", abs(valence.valence(lab.group(1).casefold(), "en"))
        else:
            continue
        fam = fam_of.get(d.a)
        text = norm(" ".join((d.a_text, d.b_text, d.note)))
        true = any(set(t["articles"]) <= {d.a, d.b} and all(norm(w) in text for w in t["words"])
                   for t in truths.get(fam, {}).get("drift", []))
        rows.append({"family": fam, "kind": kind, "value": value, "true": true, "note": d.note[:120]})
    return rows


def _lexicon_label(word: str) -> bool:
    from newslineage.drift import lexicon
    return (word.casefold(),) in lexicon.labels()


def score(rows, setting, fams) -> tuple[int, int]:
    flip, gap, label = setting
    least = {"flip": flip, "gap": gap, "label": label}
    fired = [r for r in rows if r["family"] in fams and r["value"] >= least[r["kind"]]]
    hits = sum(r["true"] for r in fired)
    return hits, len(fired) - hits


def main(out: str) -> None:
    rows = findings(Path(out))
    fams = sorted({r["family"] for r in rows})
    grid = list(product(FLIPS, GAPS, LABELS))

    def best(on):  # ties go to the highest thresholds: fewer findings
        return max(grid, key=lambda s: (lambda h, f: (h - FALSE_COST * f, s))(*score(rows, s, on)))

    tot_h = tot_f = 0
    for fam in fams:
        s = best(set(fams) - {fam})
        h, f = score(rows, s, {fam})
        tot_h, tot_f = tot_h + h, tot_f + f
        print(f"{fam:30} chosen on the others: flip {s[0]} gap {s[1]} label {s[2]} -> {h} true, {f} false")
    print(f"leave-one-family-out: {tot_h} true, {tot_f} false findings "
          f"(of {sum(r['true'] for r in rows)} true and {sum(not r['true'] for r in rows)} false at the loosest setting)")
    s = best(set(fams))
    h, f = score(rows, s, set(fams))
    print(f"on all tune families: flip {s[0]} gap {s[1]} label {s[2]} -> {h} true, {f} false")
    for r in rows:
        print(("  TRUE " if r["true"] else "  false") + f" {r['kind']:5} {r['value']:.2f} {r['family']}: {r['note']}")


if __name__ == "__main__":
    main(sys.argv[1])
