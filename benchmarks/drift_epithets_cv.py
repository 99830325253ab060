#!/usr/bin/env python3
"""Choose the thresholds of drift/judging.py (which words put before a name judge it) by
leave-one-family-out over the tune families.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR   # once
    PYTHONPATH=src .venv/bin/python benchmarks/drift_epithets_cv.py DIR

Drift is found once over DIR's report with every word judging (the rule before
judging.py), and each epithet finding ("label 'X' ... before NAME") is true when it holds the
words of a drift truth of its family. A setting (RATED_MIN, COMMON_MIN) keeps the findings
whose label holds a word that judges at that setting; it scores hits - 2 x false alarms. For
each family the setting best on the other families is applied to it; the setting best on all
of them is the one shipped. Ties go to the setting that keeps fewer findings.
"""
from __future__ import annotations

import json
import re
import sys
from itertools import product
from pathlib import Path

from newslineage.drift import epithets, judging, passage_drift
from newslineage.model import Report

RATED = (0.5, 1.0, 1.5, 2.0, 99.0)
COMMON = (3, 5, 8, 10, 15, 20, 30, 50, 10**9)  # 10**9: every unrated word judges (the old rule)
FALSE_COST = 2


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").casefold())


def judged_drift(out: Path):
    """(report, finding, its family, whether a drift truth of the family names it) for every
    passage drift finding over the report in ``out`` (a families dir built by run.py): true
    when the truth's articles are the finding's pair and its words are in the finding's text."""
    rep = Report.from_json((out / "report.json").read_bytes())
    truths = {p.stem: json.loads(p.read_text()) for p in sorted((out / "truth").glob("*.json"))}
    fam_of = {aid: fam for fam, t in truths.items() for aid in t["articles"]}
    for d in passage_drift(rep.articles, rep.relations):
        fam = fam_of.get(d.a)
        text = norm(" ".join((d.a_text, d.b_text, d.note)))
        true = any(set(t["articles"]) <= {d.a, d.b} and all(norm(w) in text for w in t["words"])
                   for t in truths.get(fam, {}).get("drift", []))
        yield rep, d, fam, true


def findings(out: Path) -> list[dict]:
    keep = epithets.judges
    epithets.judges = lambda w, lang: True
    try:
        rows = []
        for rep, d, fam, true in judged_drift(out):
            m = re.match(r"label '([^']+)'.* before ", d.note) if d.type == "label" else None
            if not m:
                continue
            lang = next((a.language for a in rep.articles if a.id == d.a), None)
            rows.append({"family": fam, "label": m.group(1), "lang": lang, "true": true})
        return rows
    finally:
        epithets.judges = keep


def fires(row, setting) -> bool:
    judging.RATED_MIN, judging.COMMON_MIN = setting
    return any(judging.judges(w, row["lang"]) for w in row["label"].casefold().split())


def main(out: str) -> None:
    rows = findings(Path(out))
    grid = list(product(RATED, COMMON))
    fired = {s: [fires(r, s) for r in rows] for s in grid}
    fams = sorted({r["family"] for r in rows})

    def score(s, on):
        h = sum(f and r["true"] for f, r in zip(fired[s], rows) if r["family"] in on)
        n = sum(f for f, r in zip(fired[s], rows) if r["family"] in on)
        return h, n - h

    def best(on):
        return max(grid, key=lambda s: (lambda h, f: (h - FALSE_COST * f, -(h + f), s[0], -s[1]))(*score(s, on)))

    th = tf = 0
    for fam in fams:
        s = best(set(fams) - {fam})
        h, f = score(s, {fam})
        th, tf = th + h, tf + f
        print(f"{fam:28} chosen on the others: rated {s[0]} common {s[1]} -> {h} true, {f} false")
    print(f"leave-one-family-out: {th} true, {tf} false (of {sum(r['true'] for r in rows)} true and "
          f"{sum(not r['true'] for r in rows)} false epithet findings with every word judging)")
    s = best(set(fams))
    h, f = score(s, set(fams))
    print(f"on all tune families: rated {s[0]} common {s[1]} -> {h} true, {f} false")
    for r, k in zip(rows, fired[s]):
        print(("  TRUE " if r["true"] else "  false") + (" kept   " if k else " dropped") + f" {r['family']}: {r['label']}")


if __name__ == "__main__":
    main(sys.argv[1])
