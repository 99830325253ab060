"""The report records: JSON form and back, and the `html` command over a saved report."""
import json

from typer.testing import CliRunner

from newslineage.cli import app
from newslineage.model import Report


def test_report_round_trips_through_json(example_report):
    data = json.loads(example_report.to_json())
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.relations and isinstance(again.relations[0].passages[0].a, tuple)


def test_from_dict_refuses_another_schema():
    import pytest
    with pytest.raises(ValueError, match="newslineage.report/1"):
        Report.from_dict({"schema": "something/2"})


def test_html_command_renders_a_saved_report(example_report, tmp_path):
    src = tmp_path / "r.json"
    src.write_text(example_report.to_json(), encoding="utf-8")
    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["html", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html") or page.lower().startswith("<!doctype html")
    assert example_report.articles[0].id in page


def test_html_command_names_a_bad_input(tmp_path):
    bad = tmp_path / "notes.json"
    bad.write_text("not json", encoding="utf-8")
    res = CliRunner().invoke(app, ["html", str(bad), "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 2
    assert "notes.json" in res.output


# --- passage diffs in a report: spans of the article texts, not the words again -------------

def _fixture():
    from report_fixtures import fixture_report
    return fixture_report()


def test_report_diffs_are_spans_of_the_article_texts():
    rep = _fixture()
    texts = {a.id: a.text for a in rep.articles}
    data = rep.to_dict()
    sides = 0
    for r, rd in zip(rep.relations, data["relations"]):
        for p, pd in zip(r.passages, rd["passages"]):
            if "diff" not in pd:
                continue
            for op, op_d in zip(p.diff, pd["diff"]):
                for side, aid in ((1, r.a), (2, r.b)):
                    if isinstance(op_d[side], list):
                        s, e = op_d[side]
                        assert texts[aid][s:e] == op[side]
                        sides += 1
                    else:
                        assert op_d[side] == op[side]
    assert sides


def test_verbatim_passage_whose_words_are_all_equal_has_no_diff():
    from newslineage.model import Article, Passage, Relation, Report
    text = "The minister said the talks would resume on Monday."
    words = text[:-1]  # the diff's words stop before the full stop
    full = Passage(a=(0, len(text)), b=(0, len(text)), kind="verbatim", score=1.0,
                   diff=[["equal", text, text]])
    trimmed = Passage(a=(0, len(text)), b=(0, len(text)), kind="verbatim", score=1.0,
                      diff=[["equal", words, words]])
    rep = Report(articles=[Article("a", "a.txt", text), Article("b", "b.txt", text)],
                 relations=[Relation("a", "b", "duplicate", passages=[full, trimmed])])
    data = rep.to_dict()
    written = data["relations"][0]["passages"]
    assert "diff" not in written[0]
    assert written[1]["diff"] == [["equal", [0, len(words)], [0, len(words)]]]
    back = Report.from_dict(json.loads(rep.to_json()))
    assert [p.diff for p in back.relations[0].passages] == [full.diff, trimmed.diff]


def test_diff_words_not_in_the_text_are_kept_as_words():
    from newslineage.model import Article, Passage, Relation, Report
    a, b = "Prices rose 5% in May.", "Prices rose five percent in May."
    p = Passage(a=(0, len(a)), b=(0, len(b)), kind="near-verbatim", score=0.8,
                diff=[["equal", "prices rose", "prices rose"], ["replace", "5%", "five percent"],
                      ["equal", "in May", "in May"], ["insert", "", ""]])
    rep = Report(articles=[Article("a", "a.txt", a), Article("b", "b.txt", b)],
                 relations=[Relation("a", "b", "near-verbatim", passages=[p])])
    diff = rep.to_dict()["relations"][0]["passages"][0]["diff"]
    assert diff[0] == ["equal", "prices rose", "prices rose"]  # case differs: not in the text
    assert diff[1] == ["replace", [12, 14], [12, 24]]
    assert diff[3] == ["insert", "", ""]
    assert Report.from_dict(rep.to_dict()).relations[0].passages[0].diff == p.diff


def test_a_saved_report_without_diffs_reads_back():
    from newslineage.model import Report
    data = _fixture().to_dict()
    for r in data["relations"]:
        for p in r["passages"]:
            p.pop("diff", None)
    back = Report.from_dict(data)
    for r in back.relations:
        for p in r.passages:
            ta, tb = back.article(r.a).text, back.article(r.b).text
            if p.kind in ("verbatim", "near-verbatim"):
                assert p.diff == [["equal", ta[p.a[0]:p.a[1]], tb[p.b[0]:p.b[1]]]]
            else:
                assert p.diff == []


def test_json_text_is_the_dict_form_with_and_without_orjson(monkeypatch):
    import gc

    from newslineage import model
    rep = _fixture()
    data = rep.to_dict()
    assert json.loads(rep.to_json()) == data
    assert json.loads(rep.to_json_bytes(indent=2)) == data
    assert rep.to_json(indent=2).count("\n") > 50
    monkeypatch.setattr(model, "_orjson", None)
    assert json.loads(rep.to_json()) == data
    assert json.loads(rep.to_json(indent=1)) == data
    assert gc.isenabled()


def test_spans_read_as_a_list_of_tuples_and_pickle_as_one_array():
    import pickle

    from newslineage.model import Spans

    spans = [(0, 5), (7, 12), (13, 20)]
    s = Spans(spans)
    assert list(s) == spans and s == spans and spans == s and s == [list(x) for x in spans]
    assert len(s) == 3 and s[1] == (7, 12) and s[-1] == (13, 20) and s[:2] == spans[:2]
    assert s[::2] == spans[::2] and not Spans() and Spans() == []
    assert [a for a, _ in s] == [0, 7, 13]
    back = pickle.loads(pickle.dumps(s))
    assert back == s and isinstance(back, Spans)
    import pytest
    with pytest.raises(IndexError):
        s[3]


def test_segmented_articles_hold_their_spans_compactly():
    from newslineage.model import Article, Spans
    from newslineage.segment import paragraphs, segment_article, sentences

    text = "One sentence here. Another one there.\n\nA second paragraph."
    a = segment_article(Article(id="a", source="x", text=text))
    assert isinstance(a._sentences, Spans) and isinstance(a._paragraphs, Spans)
    assert a._paragraphs == paragraphs(text) and a._sentences == sentences(text)


def test_streamed_json_is_the_reports_bytes(monkeypatch, tmp_path, example_report):
    import io

    from newslineage.model import Article, Relation, Report
    from newslineage.report import files, stream

    monkeypatch.setattr(stream, "SLICE", 3)  # several slices of every list
    for rep in (_fixture(), example_report, Report()):
        fh = io.BytesIO()
        stream.write_json(rep, fh)
        assert fh.getvalue() == rep.to_json_bytes()
    # a record orjson refuses (a key that is not a string): the json module writes the
    # report, from the start of the file
    odd = Report(articles=[Article("a", "a.txt", "x"), Article("b", "b.txt", "z")],
                 relations=[Relation("a", "b", "duplicate", coverage={1: 1.0})])
    out = tmp_path / "r.json"
    files.write_atomic(out, lambda fh: stream.write_json(odd, fh))
    assert out.read_bytes() == odd.to_json_bytes()
    assert b'"coverage":{"1":1.0}' in out.read_bytes()
