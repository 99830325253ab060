"""The terminal summary and progress bars, and the CLI that prints them."""
from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from newslineage.report import terminal
from report_fixtures import fixture_report


def _summary(report, width=120) -> str:
    buf = io.StringIO()
    terminal.summary(report, console=Console(file=buf, width=width, color_system=None))
    return buf.getvalue()


def test_summary_counts_everything():
    rep = fixture_report()
    out = _summary(rep)
    assert "3: 1 empty, 1 error, 1 ok" in out
    assert f"Articles   {len(rep.articles)}" in out
    assert "2 partial, 1 near-verbatim, 1 rewrite, 1 same-story" in out
    assert "Meridian Press (outside the corpus) \u2192 3 articles" in out
    assert "Stories    2 (1 with more than one article)" in out
    assert "1 linked across articles, 1 worded differently" in out
    assert "1 hedge, 1 label, 1 meaning, 1 number" in out
    assert "truncated gzip stream" in out  # the failed input, with why


def test_summary_top_relations_strongest_first():
    out = _summary(fixture_report())
    table = out[out.index("Top relations"):]
    assert "of 4 that share text" in table
    assert table.index("near-verbatim") < table.index("rewrite") < table.index("partial")
    assert "same-story" not in table
    assert "both from Meridian Press" in table


def test_summary_prints_names_literally():
    rep = fixture_report()
    rep.articles[0].outlet = "[bold red]Loud[/bold red]"
    rep.origins[0].name = "[link=x]Wire[/link]"
    rep.inputs[1].message = "[blink]bad"
    out = _summary(rep, width=200)
    assert "[bold red]Loud" in out and "[link=x]Wire[/link]" in out and "[blink]bad" in out


def test_summary_of_an_empty_report():
    from newslineage.model import Report
    out = _summary(Report())
    assert "Articles   0" in out and "No two articles share text" in out


def test_summary_fits_80_columns():
    out = _summary(fixture_report(), width=80)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_progress_is_off_when_not_a_terminal():
    buf = io.StringIO()
    p = terminal.progress_callback(stream=buf)
    p("align", 3, 10)
    p.close()
    p.close()
    assert buf.getvalue() == "" and not p.enabled


def test_progress_draws_bars_when_forced():
    buf = io.StringIO()
    p = terminal.progress_callback(stream=buf, force=True)
    assert p.enabled
    p("read", 5, 5)
    for d in range(0, 11, 5):
        p("align", d, 10)
    p.close()
    p("align", 10, 10)  # after close: ignored, no error
    out = buf.getvalue()
    assert "reading inputs" in out and "aligning pairs" in out and "10/10" in out


@pytest.fixture
def cli_with_fixture(monkeypatch):
    """The CLI over the fixture report (the pipeline is tested elsewhere)."""
    from typer.testing import CliRunner
    from newslineage import cli, pipeline

    calls = {}

    def fake_analyze(paths, **opts):
        calls.update(opts)
        if opts.get("progress"):
            opts["progress"]("read", 1, 1)
        return fixture_report()

    monkeypatch.setattr(pipeline, "analyze", fake_analyze)
    return CliRunner(), cli.app, calls


def test_cli_prints_summary_and_writes_reports(cli_with_fixture, tmp_path):
    runner, app, calls = cli_with_fixture
    res = runner.invoke(app, ["analyze", "somewhere", "--json", str(tmp_path / "r.json"),
                              "--html", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert "newslineage found" in res.output and "Top relations" in res.output
    from newslineage.report import schema
    schema.validate(json.loads((tmp_path / "r.json").read_text()))
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    # Not a terminal: the progress callback is there but draws nothing.
    assert calls["progress"] is not None and not calls["progress"].enabled


def test_cli_quiet_prints_nothing(cli_with_fixture):
    runner, app, calls = cli_with_fixture
    res = runner.invoke(app, ["analyze", "somewhere", "--quiet", "--format", "csv"])
    assert res.exit_code == 0
    assert res.output.startswith("row,a,b,kind")
    assert "newslineage found" not in res.output and calls["progress"] is None


def test_summary_at_80_columns_keeps_one_line_per_relation():
    out = _summary(fixture_report(), width=80)
    table = out[out.index("Top relations"):]
    rows = [line for line in table.splitlines()[3:] if line.strip() and "\u2500" not in line]
    assert len(rows) == 4  # one line each, no cell wrapped onto the next
    assert all(len(line) <= 80 for line in rows)
    assert "both from Meridian Press" in table and "B took from A" in table


def test_control_sequences_in_untrusted_text_are_escaped():
    from newslineage.model import InputStatus
    rep = fixture_report()
    rep.articles[0].outlet = "Evil\x1b[2J\x1b]0;pwned\x07 Times"
    rep.inputs.append(InputStatus(source="x\x1b[31m.txt", status="error", message="bad\x9b"))
    out = _summary(rep, width=200)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[31m" in out
