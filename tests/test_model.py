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
