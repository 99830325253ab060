"""The JSON Schema of the report: shipped, valid draft 2020-12, and every report we make follows it."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from newslineage.report import schema
from report_fixtures import fixture_report


def test_schema_is_valid_draft_2020_12_and_names_the_contract():
    s = schema.load()
    Draft202012Validator.check_schema(s)
    assert s["$schema"].endswith("2020-12/schema")
    assert s["properties"]["schema"]["const"] == "newslineage.report/1"


def test_load_returns_a_fresh_copy():
    s = schema.load()
    s["properties"].clear()
    assert schema.load()["properties"]


def test_fixture_report_follows_the_schema():
    schema.validate(fixture_report().to_dict())
    schema.validate(fixture_report())  # a Report record is accepted as well


def test_json_round_trip_follows_the_schema():
    schema.validate(json.loads(fixture_report().to_json()))


@pytest.mark.parametrize("break_it, where", [
    (lambda r: r["relations"][0].update(kind="copy"), "report.relations[0].kind"),
    (lambda r: r["relations"][0]["passages"][0].update(kind="same"), "report.relations[0].passages[0].kind"),
    (lambda r: r["articles"][0].pop("text"), "report.articles[0]"),
    (lambda r: r["inputs"][0].update(status="fine"), "report.inputs[0].status"),
    (lambda r: r["drift"][0].update(type="tone"), "report.drift[0].type"),
    (lambda r: r["relations"][0]["coverage"].update(a=1.5), "report.relations[0].coverage.a"),
    (lambda r: r["articles"][0].update(published="last Monday"), "report.articles[0].published"),
    (lambda r: r.update(schema="newslineage.report/2"), "report.schema"),
])
def test_broken_reports_fail_naming_the_place(break_it, where):
    rep = fixture_report().to_dict()
    break_it(rep)
    with pytest.raises(schema.ReportSchemaError) as e:
        schema.validate(rep)
    assert where in str(e.value)
    assert e.value.problems


def test_references_are_checked():
    rep = fixture_report().to_dict()
    rep["relations"][0]["b"] = "no-such-article"
    rep["relations"][1]["passages"][0]["a"] = [0, 10 ** 6]
    rep["stories"][0]["articles"].append("ghost")
    with pytest.raises(schema.ReportSchemaError) as e:
        schema.validate(rep)
    msg = str(e.value)
    assert "'no-such-article' is not the id of an article" in msg
    assert "report.relations[1].passages[0].a" in msg
    assert "report.stories[0].articles[4]" in msg
    schema.validate(rep, references=False)  # shapes alone are fine


def test_added_fields_are_allowed():
    rep = fixture_report().to_dict()
    rep["generator"] = {"name": "newslineage"}
    rep["articles"][0]["wordcount"] = 120
    schema.validate(rep)


def test_cli_prints_the_schema():
    from typer.testing import CliRunner
    from newslineage.cli import app

    res = CliRunner().invoke(app, ["schema"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == schema.load()


def test_seeds_report_follows_the_schema(seeds_report):
    schema.validate(seeds_report)


def test_example_report_follows_the_schema(example_report):
    schema.validate(example_report)


def test_diff_spans_are_checked_against_their_article():
    rep = fixture_report().to_dict()
    passage = next(p for r in rep["relations"] for p in r["passages"] if p.get("diff"))
    schema.validate(rep)
    passage["diff"][0][1] = [0, 10 ** 6]
    with pytest.raises(schema.ReportSchemaError, match=r"diff\[0\]\[1\]: span"):
        schema.validate(rep)
    passage["diff"][0][1] = [0, 1, 2]
    with pytest.raises(schema.ReportSchemaError, match=r"diff\[0\]\[1\]"):
        schema.validate(rep)


def test_impossible_published_dates_do_not_pass_the_schema():
    import pytest as _pytest
    from newslineage.model import Article, Report
    from newslineage.report import schema as sch
    for bad in ("2024-13-45", "2024-00-10", "2024-05-06T25:00"):
        rep = Report(articles=[Article(id="a", source="a", text="x", published=bad)])
        with _pytest.raises(sch.ReportSchemaError):
            sch.validate(rep)
    for good in ("2024-12-31", "2024-05-06T23:59:59+02:00", "2024-05-06T10:00Z"):
        sch.validate(Report(articles=[Article(id="a", source="a", text="x", published=good)]))
