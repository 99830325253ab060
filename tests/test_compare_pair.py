"""`newslineage compare A B`: the story of one pair, as `analyze` tells it for that pair."""
import json

import pytest
from typer.testing import CliRunner

from newslineage import read
from newslineage.cli import app
from newslineage.comparison import compare_articles

from conftest import EXAMPLES

WIRE = EXAMPLES / "01_wire_npa.txt"
REWRITE = EXAMPLES / "04_rewrite_newspulse.txt"


def _drift_by_pair(report) -> dict:
    """What analyze's drift stages find for each pair, before ``drift.merge`` folds one change
    seen between several copies into one record (the report's ``drift`` holds that record
    once, under the first pair that showed it, with ``articles`` naming all who carry it)."""
    from newslineage import drift

    arts, rels = report.articles, report.relations
    out, seen = {}, set()
    for d in drift.passage_drift(arts, rels) + drift.quote_drift(arts, rels, report.quotes):
        key = (d.a, d.b, d.type, d.a_text.casefold(), d.b_text.casefold())
        if key not in seen:
            seen.add(key)
            out.setdefault((d.a, d.b), []).append(_plain(d))
    return out


def _plain(d) -> dict:
    return {k: v for k, v in d.to_dict().items() if k != "articles"}


@pytest.mark.slow
def test_compare_agrees_with_analyze_on_every_related_pair(example_report):
    """kind, coverage, passages and drift of each reuse relation of the example corpus are
    what `compare` finds for the two articles alone. (A passage's ``origin`` is left out: it
    names the common source, which is an article of the corpus in `analyze` and an outside
    wire when the pair stands alone; so is a drift's ``articles``, see ``_drift_by_pair``.)"""
    raw = {a.id: a for a in read.read_inputs([str(EXAMPLES)])[0]}
    drift = _drift_by_pair(example_report)
    related = [r for r in example_report.relations if r.kind != "same-story"]
    assert len(related) >= 5
    for r in related:
        cmp = compare_articles(raw[r.a], raw[r.b])
        got = cmp.relation
        assert got is not None, (r.a, r.b)
        assert (got.a, got.b, got.kind, got.coverage) == (r.a, r.b, r.kind, r.coverage)
        strip = lambda ps: [{k: v for k, v in p.to_dict().items() if k != "origin"} for p in ps]  # noqa: E731
        assert strip(got.passages) == strip(r.passages), (r.a, r.b)
        assert [_plain(d) for d in cmp.drift] == drift.get((r.a, r.b), []), (r.a, r.b)
        # and each of them is in the report, under this pair or folded into another's record
        for d in cmp.drift:
            assert any(x.type == d.type and {r.a, r.b} <= set(x.articles or [x.a, x.b])
                       for x in example_report.drift), (r.a, r.b, d)
        assert cmp.texts[r.a] == example_report.article(r.a).text


@pytest.fixture(scope="module")
def wire_vs_rewrite(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp")
    res = CliRunner().invoke(app, ["compare", str(WIRE), str(REWRITE), "--json",
                                   str(out / "pair.json"), "--html", str(out / "pair.html")])
    return res, json.loads((out / "pair.json").read_text()), (out / "pair.html").read_text()


def test_cli_summary_tells_kind_coverage_passages_drift_and_lineage(wire_vs_rewrite):
    res, rec, _ = wire_vs_rewrite
    assert res.exit_code == 0, res.output
    text = res.output
    assert "01_wire_npa" in text and "04_rewrite_newspulse" in text
    assert "kind: rewrite" in text
    assert f"{round(100 * rec['relation']['coverage']['a'])}% of A" in text
    assert "04_rewrite_newspulse took from 01_wire_npa" in text
    assert "Passages" in text and "Drift" in text and "number" in text


def test_cli_summary_without_colour_brackets_the_changed_words(wire_vs_rewrite):
    """Written to a file or a pipe (no colour), the changed words still show: [-A-] {+B+}."""
    res, _, _ = wire_vs_rewrite
    assert "[-in A-] {+in B+}" in res.output
    assert "{+dense+}" in res.output and "[-thick-]" in res.output  # 'thick gray smoke'


def test_plain_marks_are_the_colour_marks():
    from newslineage.report.pair import side_texts

    cmp = compare_articles(*read.read_inputs([str(WIRE), str(REWRITE)])[0], embeddings=False)
    ta, tb = cmp.texts["01_wire_npa"], cmp.texts["04_rewrite_newspulse"]
    assert any(p.diff for p in cmp.relation.passages)
    for p in cmp.relation.passages:
        colour, plain = side_texts(ta, tb, p), side_texts(ta, tb, p, plain=True)
        for c, t, (op, cl) in zip(colour, plain, (("[-", "-]"), ("{+", "+}"))):
            marked = [c.plain[s.start:s.end] for s in c.spans]
            assert t.plain.count(op) == len(marked)
            assert t.plain.replace(op, "").replace(cl, "") == c.plain


def test_cli_json_is_the_comparison_record(wire_vs_rewrite):
    from jsonschema import Draft202012Validator

    from newslineage.report import schema

    _, rec, _ = wire_vs_rewrite
    assert (rec["a"], rec["b"]) == ("01_wire_npa", "04_rewrite_newspulse")
    check = Draft202012Validator({"$defs": schema.load()["$defs"], "$ref": "#/$defs/comparison"})
    assert not list(check.iter_errors(rec))
    # spans read in the cleaned texts the record carries
    p = rec["relation"]["passages"][0]
    assert rec["texts"]["01_wire_npa"][p["a"][0]:p["a"][1]].strip()
    assert any(d["type"] == "number" for d in rec["drift"])


def test_cli_html_opens_on_the_side_by_side_page(wire_vs_rewrite):
    _, _, page = wire_vs_rewrite
    assert '"start":"#pair/0"' in page and "04_rewrite_newspulse" in page


def test_cli_unrelated_pair_says_so_in_words(tmp_path):
    a, b = tmp_path / "tram.txt", tmp_path / "ferry.txt"
    a.write_text("The city council voted on Monday to extend the tram line to the northern "
                 "suburbs, a project expected to cost 240 million euros.", encoding="utf-8")
    b.write_text("A ferry caught fire off the coast of Crete on Tuesday morning, forcing the "
                 "evacuation of 312 passengers.", encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", str(a), str(b), "--no-embeddings"])
    assert res.exit_code == 0, res.output
    assert "share no passage" in res.output and "tram" in res.output and "ferry" in res.output
    res = CliRunner().invoke(app, ["compare", str(a), str(b), "--no-embeddings", "--json", "-"])
    rec = json.loads(res.output)
    assert rec["relation"] is None and (rec["a"], rec["b"]) == ("tram", "ferry")


def test_cli_missing_file_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "nope.txt"), str(WIRE)])
    assert res.exit_code == 2
    assert "nope.txt: no such file" in res.output
