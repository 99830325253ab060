#!/usr/bin/env python3
"""The latest figures of every benchmark (benchmarks/results/*.json) as tables, written into
benchmarks/RESULTS.md between the suite's marker comments; the narrative around them is left
as it is (and the RESULTS-*.md files are never touched).

    python benchmarks/render.py [--results DIR] [--target FILE]
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK_BEGIN = "<!-- suite results: made by `python benchmarks/render.py`; do not edit -->"
MARK_END = "<!-- end of suite results -->"
_BEGIN = re.compile(r"<!-- suite results[^\n]*-->")  # any version of the first mark
_RUNS = ("wall", "cpu", "walls", "cpus")
_LONG = 160  # characters of a cell before it is cut (the JSON file has the whole of it)


def cell(v) -> str:
    """One figure as text: timings as medians of wall and CPU, nested figures inline."""
    if isinstance(v, dict):
        rest = ", ".join(f"{k} {cell(x)}" for k, x in v.items() if k not in _RUNS)
        if "cpu" in v and "wall" in v:
            runs = len(v.get("cpus", [])) or 1
            head = f"{v['wall']:.2f} s wall, {v['cpu']:.2f} s CPU"
            head += f" (median of {runs})" if runs > 1 else ""
            return head + (", " + rest if rest else "")
        return rest
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, list):
        return ", ".join(cell(x) for x in v)
    text = str(v).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= _LONG else text[:_LONG - 1] + "…"


def section(d: dict) -> list[str]:
    meta = (f"{d.get('when', '?')}, commit {d.get('commit') or '?'}, load {d.get('load')} on "
            f"{d.get('cpus')} CPUs. {d.get('note', '')}").rstrip()
    out = [f"### {d['name']}", "", f"    {d.get('command', '')}", "", meta, "",
           "| figure | value |", "|---|---|"]
    out += [f"| {k} | {cell(v)} |" for k, v in d["figures"].items()]
    return out + [""]


def block(results: Path) -> str:
    files = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results.glob("*.json"))]
    parts = [MARK_BEGIN, "", "## Suite results (benchmarks/results/*.json)", "",
             "The latest run of each benchmark, as its results file has it (made again by "
             "`python benchmarks/render.py`).", "",
             "| benchmark | when | commit | load |", "|---|---|---|---|"]
    parts += [f"| [{d['name']}](#{d['name'].lower()}) | {d.get('when', '?')} | "
              f"{d.get('commit') or '?'} | {d.get('load')} |" for d in files]
    parts.append("")
    for d in files:
        parts += section(d)
    parts.append(MARK_END)
    return "\n".join(parts)


def render(results: Path = HERE / "results", target: Path = HERE / "RESULTS.md") -> str:
    """Write the results block between the marks of ``target`` (appended once if the marks
    are not there yet); everything outside the marks stays byte for byte."""
    new = block(results)
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    m = _BEGIN.search(text)
    if m and MARK_END in text[m.end():]:
        text = text[:m.start()] + new + text[m.end():].split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    target.write_text(text, encoding="utf-8")
    return new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument("--target", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args([] if __name__ != "__main__" else None)
    render(args.results, args.target)
    print(f"rendered {len(list(args.results.glob('*.json')))} result file(s) into {args.target}")


if __name__ == "__main__":
    main()
