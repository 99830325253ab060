"""The command line: a thin layer over the library API.

    newslineage analyze PATH... [--json OUT] [--html OUT] [--format json|html|csv|graphml]
    newslineage compare A B | --pairs PAIRS.tsv --json OUT.jsonl
    newslineage schema
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import pipeline

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Trace how news text travels: shared passages, lineage, stories, quotes, drift.")


class Format(str, Enum):
    json = "json"
    html = "html"
    csv = "csv"
    graphml = "graphml"


def _err(msg: str) -> None:
    typer.echo(f"newslineage: {msg}", err=True)


def _parse_fields(fields: list[str]) -> dict | None:
    from .read.records import FIELD_KEYS

    out = {}
    for f in fields:
        key, sep, name = f.partition("=")
        if not sep or not name or key not in FIELD_KEYS:
            raise typer.BadParameter(f"{f!r}: write KEY=NAME with KEY one of "
                                     f"{', '.join(FIELD_KEYS)}, e.g. --field text=body",
                                     param_hint="--field")
        out[key] = name
    return out or None


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON report here."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write the HTML report here."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the --format export here."),
    fmt: Optional[Format] = typer.Option(None, "--format", help="Export format for --out (or stdout)."),
    field: List[str] = typer.Option([], "--field", help="JSON field name, KEY=NAME (keys: text, id, title, url, published, outlet, language)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Find paraphrase and translation with sentence embeddings."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: all cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML file of settings, one [table] per stage (see newslineage.settings)."),
) -> None:
    """Analyze a pile of news articles."""
    from .report import terminal
    from .settings import Settings

    try:
        settings = Settings.from_toml(config) if config else None
    except ValueError as e:
        _err(str(e))
        raise typer.Exit(2)
    progress = None if quiet else terminal.progress_callback()
    try:
        report = pipeline.analyze(paths, fields=_parse_fields(field), embeddings=embeddings,
                                  workers=workers, progress=progress, settings=settings)
    except pipeline.NoArticlesError as e:
        _err(str(e))
        raise typer.Exit(2)
    finally:
        if progress is not None:
            progress.close()
    if json_out:
        _write(json_out, report.to_json_bytes())
    if html_out:
        from .report import html
        _write(html_out, html.render(report))
    if fmt:
        from .report import export
        text = export.export(report, fmt.value)
        if out:
            _write(out, text)
        else:
            sys.stdout.write(text)
    if not quiet:
        terminal.summary(report)


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)  # the JSON report comes as UTF-8 already
    else:
        path.write_text(text, encoding="utf-8")


def _read_text(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    p = Path(arg)
    if not p.is_file():
        _err(f"{arg}: no such file. Give a text file, or - for stdin.")
        raise typer.Exit(2)
    return p.read_text(encoding="utf-8", errors="replace")


@app.command()
def compare(
    a: Optional[str] = typer.Argument(None, help="First text file (or -)."),
    b: Optional[str] = typer.Argument(None, help="Second text file (or -)."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="TSV of id<TAB>text_a<TAB>text_b lines."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="With --pairs: write JSON Lines here (default stdout)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings"),
) -> None:
    """Compare two texts: their relation and aligned passages, or none."""
    from .pairs import compare_pairs_file

    if pairs:
        out = open(json_out, "w", encoding="utf-8") if json_out else sys.stdout
        try:
            n = compare_pairs_file(pairs, out, embeddings=embeddings)
        finally:
            if json_out:
                out.close()
        _err(f"compared {n} pairs")
        return
    if not a or not b:
        _err("give two texts (files or -), or --pairs PAIRS.tsv")
        raise typer.Exit(2)
    rel = pipeline.compare(_read_text(a), _read_text(b), embeddings=embeddings)
    typer.echo(json.dumps(rel.to_dict() if rel else None, ensure_ascii=False, indent=1))


@app.command()
def html(
    report_json: Path = typer.Argument(..., help="A JSON report written by analyze --json."),
    out: Path = typer.Option(..., "--out", "-o", help="Write the HTML report here."),
) -> None:
    """Turn a saved JSON report into the HTML report, without analyzing again."""
    from .model import Report
    from .report import html as html_report

    try:
        report = Report.from_json(report_json.read_bytes())
    except (OSError, ValueError) as e:
        _err(f"{report_json}: cannot read it as a report ({e}). Give a file written by "
             "`newslineage analyze --json`.")
        raise typer.Exit(2)
    _write(out, html_report.render(report))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report."""
    from .report import schema as sch
    typer.echo(json.dumps(sch.load(), indent=1))


def main() -> None:  # pragma: no cover
    try:
        app()
    except SystemExit:
        raise
    except Exception as e:  # an internal error: say so, exit 1
        _err(f"internal error: {e!r}")
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
