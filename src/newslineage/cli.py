"""The command line: a thin layer over the library API.

    newslineage analyze PATH... [--json OUT] [--html OUT] [--format json|html|csv|graphml]
    newslineage compare A B [--json OUT|-] [--html OUT] | --pairs PAIRS.tsv [--json OUT.jsonl]
    newslineage schema
"""
from __future__ import annotations

import gc
import io
import json
import os
import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from . import pipeline
from .report.stream import write_json


class _PlainHelp:
    """--help without Python type names (<bool>, <list[str]>, {paths}...): an option shows
    its metavar (FILE, N...), a flag and an argument nothing but their names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for p in self.params:
            label = p.metavar if (p.metavar and not isinstance(p, TyperArgument)) else None
            p.display_type_rich = lambda ctx, label=label: label
            if isinstance(p, TyperArgument):
                name = (p.metavar or p.name.upper()) + ("..." if p.nargs != 1 else "")
                p._usage_display_name = lambda name=name: name
                p._rich_display_name = lambda name=name: name


    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.display_type_rich = lambda ctx: None
        return opt


class _Command(_PlainHelp, TyperCommand):
    pass


class _Group(_PlainHelp, TyperGroup):
    pass


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_Group,
                  help="Trace how news text travels: shared passages, lineage, stories, quotes, drift.")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _version(value: bool) -> None:
    if value:
        from . import __version__
        typer.echo(f"newslineage {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Trace how news text travels: shared passages, lineage, stories, quotes, drift."""


class Format(str, Enum):
    json = "json"
    html = "html"
    csv = "csv"
    graphml = "graphml"


def _err(msg: str) -> None:
    from .report.terminal import safe
    typer.echo(f"newslineage: {safe(msg)}", err=True)


def _outputs(checks: list[tuple[Path | None, str]], inputs: list[str]) -> None:
    """Every output checked before any work: a user error exits 2 with what to do."""
    from .report.files import OutputError, check_output

    seen: dict[str, str] = {}
    for path, what in checks:
        if path is None:
            continue
        try:
            check_output(path, inputs, what)
        except OutputError as e:
            _err(str(e))
            raise typer.Exit(2)
        key = os.path.abspath(path)
        if key in seen:
            _err(f"{what} {path}: also given as {seen[key]}; give each output its own file")
            raise typer.Exit(2)
        seen[key] = what


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


@app.command(cls=_Command)
def analyze(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, directories, or - for stdin."),
    json_out: Optional[Path] = typer.Option(None, "--json", metavar="FILE", help="Write the JSON report here."),
    html_out: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Write the HTML report here."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write an export here, in the --format or the one its extension names (.json, .html, .csv, .graphml)."),
    fmt: Optional[Format] = typer.Option(None, "--format", metavar="json|html|csv|graphml", help="Export format for --out (or stdout)."),
    field: List[str] = typer.Option([], "--field", metavar="KEY=NAME", help="JSON field name (keys: text, id, title, url, published, outlet, language)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Find paraphrase and translation with sentence embeddings."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", min=1, help="Worker processes (default: all cores)."),
    engine: Engine = typer.Option(Engine.local, "--engine", metavar="local|dask", help="Where the work runs: this machine's process pool, or a Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler's address (tcp://HOST:8786); without it a local cluster is started."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="TOML file of settings, one [table] per stage (see newslineage.settings)."),
) -> None:
    """Analyze a pile of news articles."""
    from .report import terminal
    from .report.files import format_of
    from .settings import Settings

    if out is not None and fmt is None:
        inferred = format_of(out)
        if inferred is None or inferred == "jsonl":
            _err(f"--out {out}: cannot tell the format from its extension; give --format "
                 "json|html|csv|graphml, or name it .json, .html, .csv or .graphml")
            raise typer.Exit(2)
        fmt = Format(inferred)
    fields = _parse_fields(field)
    try:
        settings = Settings.from_toml(config) if config else None
    except ValueError as e:
        _err(str(e))
        raise typer.Exit(2)
    _outputs([(json_out, "--json"), (html_out, "--html"), (out, "--out")], paths)
    progress = None if quiet else terminal.progress_callback()
    try:
        report = pipeline.analyze(paths, fields=fields, embeddings=embeddings,
                                  workers=workers, progress=progress, settings=settings,
                                  engine=engine.value, scheduler=scheduler)
    except pipeline.NoArticlesError as e:
        _err(str(e))
        if json_out and getattr(e, "inputs", None):  # the per-input reasons are kept
            from .model import Report
            _write(json_out, Report(inputs=e.inputs).to_json_bytes())
        raise typer.Exit(2)
    except pipeline.EngineError as e:
        _err(str(e))
        raise typer.Exit(2)
    finally:
        if progress is not None:
            progress.close()
    if _ONE_COMMAND:
        # What the run made (corpus, report, memos, models) lives until the process exits
        # and holds no cyclic garbage: out of the collector's sight, neither the collections
        # while the report is written (the first walked every object the paused run made)
        # nor the full one at exit walk it. Not in a caller's process (``app`` run by a test).
        gc.freeze()
    if json_out:
        _write(json_out, partial(write_json, report))
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


def _write(path: Path, text) -> None:
    # text: str, bytes, or a function writing to the open file (``write_atomic``)
    from .report.files import write_atomic
    try:
        write_atomic(path, text)
    except OSError as e:
        _err(f"{path}: cannot write it ({e.strerror or e}); check the folder and free space")
        raise typer.Exit(1)


def _read_text(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    from .settings import ReadSettings
    p = Path(arg)
    if not p.is_file():
        _err(f"{arg}: no such file. Give a text file, or - for stdin.")
        raise typer.Exit(2)
    cap = ReadSettings().max_article_bytes
    if p.stat().st_size > cap:
        _err(f"{arg}: over {cap // 1_000_000} MB, the size of the largest article read; "
             "compare articles, not whole collections (analyze reads those)")
        raise typer.Exit(2)
    return p.read_text(encoding="utf-8", errors="replace")


@app.command(cls=_Command)
def compare(
    a: Optional[str] = typer.Argument(None, metavar="A", help="First text (a file of any format analyze reads, or -)."),
    b: Optional[str] = typer.Argument(None, metavar="B", help="Second text (a file, or -)."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", metavar="FILE", help="TSV of id<TAB>text_a<TAB>text_b lines."),
    json_out: Optional[str] = typer.Option(None, "--json", metavar="FILE", help="Write the JSON record here (- for stdout); with --pairs, JSON Lines (default stdout)."),
    html_out: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Write the side-by-side HTML page of the pair here."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Find paraphrase and translation with sentence embeddings."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal summary."),
) -> None:
    """Compare two texts: what they share, how much of each, what changed, who took from whom."""
    json_path = None if json_out in (None, "-") else Path(json_out)
    if pairs:
        from .compare_pairs import compare_pairs_file, read_pairs

        if not pairs.is_file():
            _err(f"--pairs {pairs}: no such file. Give a TSV of id<TAB>text_a<TAB>text_b lines.")
            raise typer.Exit(2)
        _outputs([(json_path, "--json")], [str(pairs)])
        try:
            for _ in read_pairs(pairs):  # a malformed line is the user's to fix: say it first
                pass
        except (ValueError, OSError) as e:
            _err(str(e))
            raise typer.Exit(2)
        buf = io.StringIO() if json_path else sys.stdout
        n = compare_pairs_file(pairs, buf, embeddings=embeddings)
        if json_path:
            _write(json_path, buf.getvalue())
        _err(f"compared {n} pairs")
        return
    if not a or not b:
        _err("give two texts (files or -), or --pairs PAIRS.tsv")
        raise typer.Exit(2)
    if a == "-" and b == "-":
        _err("only one of the two texts can come from standard input (-)")
        raise typer.Exit(2)
    _outputs([(json_path, "--json"), (html_out, "--html")], [x for x in (a, b) if x != "-"])
    from .comparison import InputError, compare_files

    try:
        cmp = compare_files(a, b, embeddings=embeddings)
    except InputError as e:
        _err(str(e))
        raise typer.Exit(2)
    if json_out == "-":
        sys.stdout.write(json.dumps(cmp.to_dict(), ensure_ascii=False, indent=1) + "\n")
    elif json_path:
        _write(json_path, json.dumps(cmp.to_dict(), ensure_ascii=False, indent=1) + "\n")
    if html_out:
        from .report import html as html_report
        _write(html_out, html_report.render(cmp.report(), title=f"newslineage: {cmp.a} vs {cmp.b}",
                                            start="#pair/0" if cmp.relation else None))
    if not quiet and json_out != "-":
        from .report import pair
        pair.summary(cmp)


@app.command(cls=_Command)
def html(
    report_json: Path = typer.Argument(..., metavar="REPORT.json", help="A JSON report written by analyze --json."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE", help="Write the HTML report here."),
) -> None:
    """Turn a saved JSON report into the HTML report, without analyzing again."""
    from .model import Report
    from .report import html as html_report
    from .report import schema as sch

    _outputs([(out, "--out")], [str(report_json)])
    advice = "Give a file written by `newslineage analyze --json`."
    try:
        data = json.loads(report_json.read_bytes())
        sch.validate(data)
        report = Report.from_dict(data)
    except OSError as e:
        _err(f"{report_json}: cannot read it ({e.strerror or e}). {advice}")
        raise typer.Exit(2)
    except (ValueError, RecursionError) as e:
        _err(f"{report_json}: not a newslineage report: {e}\n{advice}")
        raise typer.Exit(2)
    _write(out, html_report.render(report))


@app.command(cls=_Command)
def schema() -> None:
    """Print the JSON Schema of the report."""
    from .report import schema as sch
    typer.echo(json.dumps(sch.load(), indent=1))


# -- the store: add, check, report, serve ------------------------------------------------------

def _open_store(db: Path, create: bool = False, **settings):
    from .settings import Settings
    from .store import Store, StoreError

    st = Settings()
    for key, value in settings.items():
        setattr(st.store, key, value)
    try:
        return Store(str(db), st, create=create)
    except StoreError as e:
        _err(str(e))
        raise typer.Exit(2)


@app.command()
def add(
    paths: List[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
    db: Path = typer.Option(..., "--db", help="The store (a SQLite file, created if absent)."),
    field: List[str] = typer.Option([], "--field", help="JSON field name, KEY=NAME (as analyze)."),
    batch_size: int = typer.Option(10_000, "--batch-size", min=1, help="Articles per transaction."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes (default: all cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Add articles to a store: relate them to what is stored, update lineage and stories."""
    store = _open_store(db, create=True, embeddings=embeddings, workers=workers)

    def said(info: dict) -> None:
        if not quiet:
            secs = ", ".join(f"{k} {v:.1f}" for k, v in info["seconds"].items())
            _err(f"batch {info['batch']}: {info['added']} articles added ({info['articles']} "
                 f"stored), {info['aligned']} pairs aligned, {info['relations']} relations "
                 f"(started from the {info['started_from']}; seconds: {secs})")

    with store:
        res = store.add(paths, fields=_parse_fields(field), batch_size=batch_size, progress=said)
    for s in res.inputs:
        if s.status != "ok":
            _err(f"{s.source}: {s.status}: {s.message}")
    if not quiet:
        _err(f"{res.added} articles added, {res.skipped} already stored")
    if res.added == 0 and res.skipped == 0:
        _err("no article could be read. Check the paths and the messages above.")
        raise typer.Exit(2)


@app.command()
def check(
    text_file: str = typer.Argument(..., help="A text file, or - for stdin."),
    db: Path = typer.Option(..., "--db", help="The store to check against."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON answer here (default stdout)."),
    title: Optional[str] = typer.Option(None, "--title"),
    outlet: Optional[str] = typer.Option(None, "--outlet"),
    published: Optional[str] = typer.Option(None, "--published", help="ISO 8601 date."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings"),
) -> None:
    """What one text (not stored) shares with a store: relations, passages, lineage, drift, story."""
    text = _read_text(text_file)
    if not text.strip():
        _err(f"{text_file}: the text is empty; give the article's text.")
        raise typer.Exit(2)
    with _open_store(db, embeddings=embeddings) as store:
        found = store.check(text, title=title, outlet=outlet, published=published)
    data = json.dumps(found, ensure_ascii=False, indent=1)
    if json_out:
        _write(json_out, data)
    else:
        typer.echo(data)


@app.command("report")
def store_report(
    db: Path = typer.Option(..., "--db", help="The store."),
    story: Optional[str] = typer.Option(None, "--story", help="Only this story's articles."),
    since: Optional[str] = typer.Option(None, "--since", help="Only articles published on or after this ISO date."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet's articles."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write the HTML report here."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON report here."),
) -> None:
    """The report of a store, or of a slice of it (a story, a date, an outlet)."""
    if not html_out and not json_out:
        _err("give --html OUT.html and/or --json OUT.json")
        raise typer.Exit(2)
    with _open_store(db) as store:
        report = store.report(story=story, since=since, outlet=outlet)
    if not report.articles:
        _err("no stored article is in that slice; check --story, --since or --outlet")
        raise typer.Exit(2)
    if json_out:
        _write(json_out, partial(write_json, report))
    if html_out:
        from .report import html as html_report
        _write(html_out, html_report.render(report))


@app.command()
def serve(
    db: Path = typer.Option(..., "--db", help="The store to serve."),
    port: int = typer.Option(8000, "--port", min=0, max=65535),
    host: str = typer.Option("127.0.0.1", "--host"),
    token_file: Optional[Path] = typer.Option(None, "--token-file", help="A file holding the bearer token (else NEWSLINEAGE_TOKEN)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings"),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Server processes (default: one per core; a check uses one core while it runs)."),
) -> None:
    """Serve a store over HTTP (REST API, OpenAPI docs at /docs, HTML views)."""
    import os
    from .service import app as service

    workers = workers or os.cpu_count() or 1

    token = os.environ.get("NEWSLINEAGE_TOKEN", "")
    if token_file:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as e:
            _err(f"{token_file}: cannot read the token ({e.strerror}); give a readable file.")
            raise typer.Exit(2)
    if not token:
        _err("no token: set NEWSLINEAGE_TOKEN or give --token-file FILE (clients send "
             "'Authorization: Bearer TOKEN')")
        raise typer.Exit(2)
    # Adds posted to the service run in its process (workers=1): forking a pool from a
    # process whose threads are serving checks could copy a lock held by one of them.
    store = _open_store(db, create=True, embeddings=embeddings, workers=1)
    service.run(store, token=token, host=host, port=port, workers=workers)


# Set by ``main``: this process runs one command and exits.
_ONE_COMMAND = False


def main() -> None:  # pragma: no cover
    global _ONE_COMMAND
    _ONE_COMMAND = True
    try:
        app()
    except SystemExit:
        raise
    except Exception as e:  # an internal error: say so (briefly: no report dumped), exit 1
        detail = str(e)
        detail = detail if len(detail) <= 300 else detail[:300] + "..."
        _err(f"internal error: {type(e).__name__}: {detail} (please report it)")
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
