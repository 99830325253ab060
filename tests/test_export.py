"""Exports: json, html, csv (relations and passages), graphml."""
from __future__ import annotations

import csv
import io
import json

import pytest

from newslineage.report import export, schema
from report_fixtures import fixture_report


def test_json_export_is_the_report():
    rep = fixture_report()
    data = json.loads(export.export(rep, "json"))
    schema.validate(data)
    assert data == rep.to_dict()


def test_html_export():
    assert export.export(fixture_report(), "HTML").startswith("<!DOCTYPE html>")


def test_csv_has_a_row_per_relation_and_per_passage():
    rep = fixture_report()
    rows = list(csv.DictReader(io.StringIO(export.export(rep, "csv"))))
    assert set(rows[0]) == set(export.CSV_COLUMNS)
    rels = [r for r in rows if r["row"] == "relation"]
    psgs = [r for r in rows if r["row"] == "passage"]
    assert len(rels) == len(rep.relations)
    assert len(psgs) == sum(len(r.passages) for r in rep.relations)
    texts = {a.id: a.text for a in rep.articles}
    for p in psgs:
        assert texts[p["a"]][int(p["a_start"]):int(p["a_end"])] == p["a_text"]
        assert texts[p["b"]][int(p["b_start"]):int(p["b_end"])] == p["b_text"]
    first = rels[0]
    assert first["lineage"] == "common-source" and first["origin"] == "origin:meridian-press"
    assert float(first["coverage_a"]) == rep.relations[0].coverage["a"]


def test_csv_keeps_markup_commas_and_newlines_intact():
    from newslineage.model import Passage, Relation

    rep = fixture_report()
    xss = rep.article("004_<script>").text
    assert "\n\n" in xss and "<script>" in xss and '"' in xss
    rep.relations.append(Relation("004_<script>", "000_reprint", "partial", passages=[
        Passage((0, len(xss)), (0, 10), "paraphrase", 0.5)]))
    rows = list(csv.DictReader(io.StringIO(export.export(rep, "csv"))))
    assert rows[-1]["a_text"] == xss


def test_graphml_export():
    pytest.importorskip("newslineage.lineage", reason="the lineage stage is not in this tree yet")
    from lxml import etree

    root = etree.fromstring(export.export(fixture_report(), "graphml").encode())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    assert {"000_reprint", "001_merge", "002_rewrite"} <= nodes
    assert root.findall(".//g:edge", ns)


def test_unknown_format_says_what_to_use():
    with pytest.raises(ValueError, match="json, html, csv, graphml"):
        export.export(fixture_report(), "pdf")
