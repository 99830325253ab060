"""The terminal summary of one compared pair (``newslineage compare A B``).

What a reader asks of two texts, in order: do they share text, and how (kind, how much of each
side); where (the passages side by side, changed words marked); what changed in meaning (the
drift); and who took from whom, on what evidence (the lineage call). Article text is printed as
rich ``Text``, never as markup, so nothing in it can style the terminal.
"""
from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..comparison import Comparison

KINDS = {
    "duplicate": "the same text on both sides",
    "near-verbatim": "lightly edited copies of each other",
    "excerpt": "one side is mostly inside the other, which is longer",
    "rewrite": "most of one side is a paraphrase of the other",
    "translation": "the shared passages are translations",
    "partial": "they share some passages",
}
CHANGED_A, CHANGED_B = "bold red", "bold green"
# Where the summary has no colour (a file, a pipe, NO_COLOR), the changed words are bracketed
# as wdiff does: [-only in A-] and {+only in B+}.
PLAIN_A, PLAIN_B = ("[-", "-]"), ("{+", "+}")


def _pct(x: float) -> str:
    return f"{round(100 * (x or 0))}%"


def side_texts(text_a: str, text_b: str, passage, plain: bool = False) -> tuple[Text, Text]:
    """The two sides of a passage as they read, the words that differ marked (the character
    ranges the HTML report marks, from the passage's word diff): in colour, or with ``plain``
    bracketed ([-...-] in A, {+...+} in B) for a summary that has no colour."""
    from .html import diff_ranges

    out = []
    for side, text, span, style, marks in ((1, text_a, passage.a, CHANGED_A, PLAIN_A),
                                           (2, text_b, passage.b, CHANGED_B, PLAIN_B)):
        r = []
        if passage.diff and passage.kind != "translation":
            r = diff_ranges(text, span, passage.diff, side)
        if plain:
            parts, at = [], span[0]
            for s, e in zip(r[::2], r[1::2]):
                parts += [text[at:s], marks[0], text[s:e], marks[1]]
                at = e
            out.append(Text("".join(parts) + text[at:span[1]]))
            continue
        t = Text(text[span[0]:span[1]])
        for s, e in zip(r[::2], r[1::2]):
            t.stylize(style, s - span[0], e - span[0])
        out.append(t)
    return out[0], out[1]


def _lineage(cmp: Comparison) -> str:
    lin = cmp.relation.lineage
    if lin.type == "a-from-b":
        call = f"{cmp.a} took from {cmp.b}"
    elif lin.type == "b-from-a":
        call = f"{cmp.b} took from {cmp.a}"
    elif lin.type == "common-source":
        origin = (lin.origin or "").removeprefix("origin:")
        call = f"both come from {origin or 'a common source'}"
    else:
        call = "who took from whom is not known"
    return f"{call} (confidence {lin.confidence:.2f})" if lin.type != "unknown" else call


def summary(cmp: Comparison, console: Console | None = None, file: IO | None = None,
            top: int = 12) -> None:
    """Print the story of the pair: kind, coverage, passages, drift, lineage."""
    console = console or Console(file=file, highlight=False)
    console.print(Text.assemble(("A ", "bold"), cmp.a, ("  vs  ", "dim"), ("B ", "bold"), cmp.b))
    rel = cmp.relation
    if rel is None:
        console.print("These two texts share no passage: neither copies, edits, rewrites nor "
                      "translates the other.")
        return
    console.print(Text.assemble(("kind: ", "bold"), rel.kind, f" ({KINDS.get(rel.kind, '')})"))
    console.print(Text.assemble(
        ("coverage: ", "bold"), f"{_pct(rel.coverage['a'])} of A ({cmp.a}) and "
        f"{_pct(rel.coverage['b'])} of B ({cmp.b}) are in shared passages; "
        f"{len(rel.passages)} passage{'s' if len(rel.passages) != 1 else ''}, "
        f"confidence {rel.score:.2f}"))
    console.print(Text.assemble(("lineage: ", "bold"), _lineage(cmp)))
    for ev in rel.lineage.evidence:
        console.print(Text("  - " + ev))

    plain = console.no_color or console.color_system is None
    marked = "changed words [-in A-] {+in B+}" if plain else "changed words marked"
    table = Table(title=f"Passages ({marked})", show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column(f"A: {cmp.a}", ratio=1)
    table.add_column(f"B: {cmp.b}", ratio=1)
    table.add_column("kind", width=13)
    ta, tb = cmp.texts.get(cmp.a, ""), cmp.texts.get(cmp.b, "")
    for k, p in enumerate(rel.passages[:top], 1):
        xa, xb = side_texts(ta, tb, p, plain)
        table.add_row(str(k), xa, xb, f"{p.kind}\n{p.score:.2f}")
    console.print(table)
    if len(rel.passages) > top:
        console.print(f"... and {len(rel.passages) - top} more passages (see --json or --html)")

    if cmp.drift:
        drift = Table(title="Drift: edits that change the meaning", show_lines=False, expand=True)
        drift.add_column("type", width=9)
        drift.add_column(f"A: {cmp.a}", ratio=1)
        drift.add_column(f"B: {cmp.b}", ratio=1)
        drift.add_column("note", ratio=1)
        for d in cmp.drift:
            # A drift record names its sides; show each text under its own column.
            at, bt = (d.a_text, d.b_text) if d.a == cmp.a else (d.b_text, d.a_text)
            drift.add_row(d.type, Text(at), Text(bt), Text(d.note))
        console.print(drift)
    else:
        console.print("drift: none found (no number, date, name, hedge, negation, label or "
                      "quote changed in the shared passages)")
