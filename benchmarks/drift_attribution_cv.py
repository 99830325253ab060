#!/usr/bin/env python3
"""Choose the edited-share gate of the attribution check (drift/attribution.EDITED_MAX) by
leave-one-family-out over the tune families.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR   # once
    PYTHONPATH=src .venv/bin/python benchmarks/drift_attribution_cv.py DIR

An attribution dropped or added ("Reports say that ...") is read only in a stretch where few
of its words were edited. Drift is found once over DIR's report with the gate open; each
finding of the check keeps the share of its stretch's words inside edits,
and is true when it holds the words of a drift truth of its family (articles and words, as
seeds_check reads them), false otherwise. A gate scores hits - 2 x false alarms; for each
family the gate best on the other families is applied to it, and the sums are the
out-of-fold figures; the gate best on all families is the one shipped (ties: the lower gate,
fewer findings).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from newslineage.drift import attribution, checks, passage_drift
from newslineage.drift.sides import edited_share
from newslineage.model import Report

GATES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.0)
FALSE_COST = 2


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").casefold())


def findings(out: Path) -> list[dict]:
    rows: dict[tuple, dict] = {}
    attr = attribution.attributions

    def keep(check, a, b, ops, found):
        share = edited_share(a, b, ops)
        for f in found:
            rows.setdefault((check, a.article, b.article, f[1], f[2]),
                            {"check": check, "a": a.article, "b": b.article, "share": share,
                             "text": norm(" ".join(f[1:])), "note": f[3][:110]})

    def loose_attr(a, b, ops, direction):
        attribution.EDITED_MAX = 1.0
        found = attr(a, b, ops, direction)
        keep("attribution", a, b, ops, found)
        return found

    checks._CHECKS = tuple((loose_attr if c is attr else c, k) for c, k in checks._CHECKS)
    rep = Report.from_json((out / "report.json").read_bytes())
    passage_drift(rep.articles, rep.relations)
    truths = {p.stem: json.loads(p.read_text()) for p in sorted((out / "truth").glob("*.json"))}
    fam_of = {aid: fam for fam, t in truths.items() for aid in t["articles"]}
    out_rows = []
    for r in rows.values():
        r["family"] = fam_of.get(r["a"])
        r["true"] = any(set(t["articles"]) <= {r["a"], r["b"]} and all(norm(w) in r["text"] for w in t["words"])
                        for t in truths.get(r["family"], {}).get("drift", []))
        out_rows.append(r)
    return out_rows


def score(rows, gate, fams) -> tuple[int, int]:
    fired = [r for r in rows if r["family"] in fams and r["share"] <= gate]
    hits = sum(r["true"] for r in fired)
    return hits, len(fired) - hits


def choose(rows, check: str) -> None:
    rows = [r for r in rows if r["check"] == check]
    fams = sorted({r["family"] for r in rows})

    def best(on):
        return max(GATES, key=lambda g: (lambda h, f: (h - FALSE_COST * f, -g))(*score(rows, g, on)))

    tot_h = tot_f = 0
    print(f"== {check}: {sum(r['true'] for r in rows)} true, {sum(not r['true'] for r in rows)} false "
          f"with the gate open, in {len(fams)} families")
    for fam in fams:
        g = best(set(fams) - {fam})
        h, f = score(rows, g, {fam})
        tot_h, tot_f = tot_h + h, tot_f + f
        print(f"{fam:30} gate chosen on the others {g} -> {h} true, {f} false")
    g = best(set(fams))
    h, f = score(rows, g, set(fams))
    print(f"leave-one-family-out: {tot_h} true, {tot_f} false; on all tune families: gate {g} -> {h} true, {f} false")
    for r in sorted(rows, key=lambda r: r["share"]):
        print(("  TRUE " if r["true"] else "  false") + f" {r['share']:.2f} {r['family']}: {r['note']}")


def main(out: str) -> None:
    rows = findings(Path(out))
    choose(rows, "attribution")


if __name__ == "__main__":
    main(sys.argv[1])
