"""Exports of a report: json | html | csv | graphml, each as one string.

CSV is one table with a ``row`` column saying what each line is: ``relation`` (one per pair)
or ``passage`` (one per aligned passage, with the text of both sides), so a spreadsheet can
filter either. GraphML is the lineage graph of every story (``newslineage.lineage``).
"""
from __future__ import annotations

import csv
import io

from ..model import Report

FORMATS = ("json", "html", "csv", "graphml")

CSV_COLUMNS = [
    "row", "a", "b", "kind", "coverage_a", "coverage_b", "score",
    "lineage", "origin", "confidence", "evidence",
    "passage", "a_start", "a_end", "b_start", "b_end", "passage_kind", "passage_score",
    "passage_origin", "a_text", "b_text",
]


def to_csv(report: Report) -> str:
    """Relations and their passages as one CSV table (see the module docstring)."""
    texts = {a.id: a.text for a in report.articles}
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in report.relations:
        base = {"a": r.a, "b": r.b, "kind": r.kind}
        w.writerow({**base, "row": "relation",
                    "coverage_a": r.coverage.get("a", 0.0), "coverage_b": r.coverage.get("b", 0.0),
                    "score": r.score, "lineage": r.lineage.type, "origin": r.lineage.origin or "",
                    "confidence": r.lineage.confidence, "evidence": "; ".join(r.lineage.evidence)})
        ta, tb = texts.get(r.a, ""), texts.get(r.b, "")
        for i, p in enumerate(r.passages):
            w.writerow({**base, "row": "passage", "passage": i,
                        "a_start": p.a[0], "a_end": p.a[1], "b_start": p.b[0], "b_end": p.b[1],
                        "passage_kind": p.kind, "passage_score": p.score,
                        "passage_origin": p.origin or "",
                        "a_text": ta[p.a[0]:p.a[1]], "b_text": tb[p.b[0]:p.b[1]]})
    return out.getvalue()


def export(report: Report, fmt: str) -> str:
    """The report in ``fmt`` (one of json, html, csv, graphml)."""
    fmt = (fmt or "").lower()
    if fmt == "json":
        return report.to_json()
    if fmt == "html":
        from . import html
        return html.render(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "graphml":
        from ..lineage import to_graphml
        return to_graphml(report)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


__all__ = ["export", "to_csv", "FORMATS", "CSV_COLUMNS"]
