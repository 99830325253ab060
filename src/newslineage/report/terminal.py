"""The terminal side of a run: progress bars on stderr while it works, a summary on stdout after.

    progress = terminal.progress_callback()     # progress(stage, done, total); progress.close()
    report = newslineage.analyze(paths, progress=progress)
    progress.close()
    terminal.summary(report)

Progress is drawn only when stderr is a terminal, so logs and pipes stay clean.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from typing import IO

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..model import Report

# Control characters (C0 but tab and newline, DEL, C1) and bidi overrides from untrusted text
# (file names, outlets, credits) would reach the terminal as escape sequences: shown instead.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Untrusted text made inert for a terminal: control characters become \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


# What each stage's counter counts, for the bar's label.
_STAGE_LABELS = {
    "read": "reading inputs", "clean": "cleaning articles", "segment": "segmenting",
    "candidates": "finding candidate pairs", "align": "aligning pairs", "relate": "relating pairs",
    "lineage": "tracing lineage", "stories": "clustering stories", "quotes": "linking quotes",
    "drift": "detecting drift",
}


class _NoProgress:
    """Progress that shows nothing (stderr is not a terminal)."""

    enabled = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        pass

    def close(self) -> None:
        pass


class _BarProgress:
    """One rich progress bar per stage, created when the stage first reports."""

    enabled = True

    def __init__(self, console: Console):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._progress = Progress(TextColumn("[bold]{task.description:<24}"), BarColumn(),
                                  MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                                  console=console, transient=False)
        self._tasks: dict[str, int] = {}
        self._started = False
        self._closed = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._closed:
            return
        if not self._started:
            self._progress.start()
            self._started = True
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(_STAGE_LABELS.get(stage, stage),
                                                                total=max(total, 0))
        self._progress.update(task, completed=done, total=max(total, done, 0))

    def close(self) -> None:
        if self._started and not self._closed:
            self._progress.stop()
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def progress_callback(stream: IO | None = None, force: bool | None = None):
    """A callable ``progress(stage, done, total)`` with ``.close()``.

    Bars go to ``stream`` (stderr by default) when it is a terminal, or when ``force`` is true;
    otherwise the callable does nothing.
    """
    stream = stream if stream is not None else sys.stderr
    show = force if force is not None else bool(getattr(stream, "isatty", lambda: False)())
    if not show:
        return _NoProgress()
    return _BarProgress(Console(file=stream, force_terminal=bool(force) or None))


def _pct(x: float) -> str:
    return f"{round(100 * (x or 0))}%"


def _name(report: Report, aid: str, width: int = 22, dated: bool = True) -> Text:
    """Outlet and date (or the id): short enough for an 80-column table. Plain text, never markup."""
    a = report.article(aid)
    label = aid if a is None else (a.outlet or a.id)
    if len(label) > width:
        label = label[: width - 1] + "\u2026"
    if dated and a is not None and a.published:
        label += f" {a.published[:10]}"
    return Text(safe(label))


def _counts(items) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0])))


def _lineage(report: Report, r) -> str:
    lin = r.lineage
    origin = None
    if lin.origin:
        o = next((o for o in report.origins if o.id == lin.origin), None)
        origin = o.name if o else lin.origin
    if lin.type == "a-from-b":
        return "A took from B"
    if lin.type == "b-from-a":
        return "B took from A"
    if lin.type == "common-source":
        return f"both from {origin or 'a common source'}"
    return "unknown"


def summary(report: Report, console: Console | None = None, top: int = 10) -> None:
    """Print what the run found: inputs, articles, relations, origins, stories, quotes, drift,
    and the strongest relations."""
    console = console or Console()
    text_rels = [r for r in report.relations if r.kind != "same-story"]

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Inputs", f"{len(report.inputs)}"
                 + (f": {_counts(s.status for s in report.inputs)}" if report.inputs else ""))
    langs = safe(_counts(a.language or "?" for a in report.articles))
    head.add_row("Articles", f"{len(report.articles)}" + (f" ({langs})" if langs else ""))
    head.add_row("Relations", f"{len(report.relations)}"
                 + (f": {_counts(r.kind for r in report.relations)}" if report.relations else ""))
    outside = [o for o in report.origins if not o.in_corpus]
    head.add_row("Origins", f"{len(report.origins)} ({len(outside)} outside the corpus)")
    for o in sorted(report.origins, key=lambda o: -len(o.children))[:top]:
        where = "outside the corpus" if not o.in_corpus else "in the corpus"
        head.add_row("", f"{escape(safe(o.name))} [dim]({where})[/dim] \u2192 {len(o.children)} article"
                         f"{'s' if len(o.children) != 1 else ''}")
    multi = [s for s in report.stories if len(s.articles) > 1]
    head.add_row("Stories", f"{len(report.stories)} ({len(multi)} with more than one article)")
    changed = sum(1 for q in report.quotes if q.changed)
    head.add_row("Quotes", f"{len(report.quotes)} linked across articles, {changed} worded differently")
    head.add_row("Drift", f"{len(report.drift)}"
                 + (f": {_counts(d.type for d in report.drift)}" if report.drift else ""))
    console.print()
    console.print("[bold]newslineage[/bold] found:")
    console.print(head)

    problems = [s for s in report.inputs if s.status != "ok"]
    if problems:
        t = Table(title="Inputs that gave no article", title_justify="left", box=box.SIMPLE_HEAD)
        t.add_column("status")
        t.add_column("input", overflow="fold")
        t.add_column("why", overflow="fold")
        for s in problems[:top]:
            t.add_row(s.status, Text(safe(s.source)), Text(safe(s.message or "")))
        if len(problems) > top:
            t.add_row("", f"... and {len(problems) - top} more", "")
        console.print(t)

    if text_rels:
        t = Table(title=f"Top relations (of {len(text_rels)} that share text)", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True)
        # One line per relation whatever the width: names are cut with an ellipsis rather
        # than wrapped, and dates are shown from 120 columns.
        dated = console.width >= 120
        best = sorted(text_rels, key=lambda r: (-r.score, -max(r.coverage.get("a", 0), r.coverage.get("b", 0))))
        lineages = [safe(_lineage(report, r)) for r in best[:top]]
        lin_w = min(24, max(map(len, lineages)))
        # what is left after the fixed columns and the gaps between the seven columns
        name_w = max(8, min(30, (console.width - 13 - 7 - 3 - lin_w - 12) // 2))
        t.add_column("kind", no_wrap=True, min_width=13)
        t.add_column("A", no_wrap=True, overflow="ellipsis", max_width=name_w)
        t.add_column("B", no_wrap=True, overflow="ellipsis", max_width=name_w)
        t.add_column("cov A/B", justify="right", no_wrap=True, min_width=7)
        t.add_column("psg", justify="right", no_wrap=True, min_width=3)
        t.add_column("lineage", no_wrap=True, overflow="ellipsis", max_width=lin_w)
        for r in best[:top]:
            cov = f"{round(100 * (r.coverage.get('a') or 0))}/{_pct(r.coverage.get('b', 0))}"
            t.add_row(r.kind, _name(report, r.a, dated=dated), _name(report, r.b, dated=dated),
                      cov, str(len(r.passages)), Text(safe(_lineage(report, r))))
        console.print(t)
    else:
        console.print("[dim]No two articles share text.[/dim]")


__all__ = ["progress_callback", "summary", "safe"]
