"""Time and size of the JSON report, against the serialiser it replaced.

    .venv/bin/python benchmarks/json_speed.py REPORT [REPORT ...] [--repeat 3]

REPORT is a saved JSON report (``newslineage analyze --json``) or a pickled ``Report``
(e.g. the stage snapshots of benchmarks/stages.py). For each it prints, median of --repeat
runs: the JSON text as bytes (``to_json_bytes``, what the CLI writes) and as str
(``to_json``), the dict form (``to_dict``), reading back (``Report.from_json``), the old
serialiser (a generic dataclass walk and ``json.dumps(indent=1)``, the passage diffs written
as words), and the size of both outputs.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from newslineage.model import SCHEMA, Report
from suite import add_runs, load_pickle, parser, record, timed


def _old_public(obj):
    """The report's JSON form as it was written before (generic, diffs as words)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _old_public(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if not f.name.startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [_old_public(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _old_public(v) for k, v in obj.items()}
    return obj


def old_to_json(report: Report) -> str:
    return json.dumps({"schema": SCHEMA, **_old_public(report)}, ensure_ascii=False, indent=1)


def load(path: Path) -> Report:
    if path.suffix in (".pkl", ".pickle"):
        return load_pickle(path)
    return Report.from_json(path.read_bytes())


def median_time(fn, repeat: int):
    """The median wall seconds of ``fn()`` and what it returned."""
    kept: list = []
    return timed(fn, repeat, keep=kept)["wall"], kept[-1]


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("reports", nargs="+", type=Path)
    add_runs(ap, 3, "--repeat")
    ap.add_argument("--no-old", action="store_true", help="skip the old serialiser (slow)")
    args = ap.parse_args()
    print("| report | articles | passages | old_s | old_MB | to_json_bytes_s | to_json_s | "
          "to_dict_s | from_json_s | MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    figures = {}
    for path in args.reports:
        rep = load(path)
        passages = sum(len(r.passages) for r in rep.relations)
        t_bytes, data = median_time(rep.to_json_bytes, args.runs)
        t_str, _ = median_time(rep.to_json, args.runs)
        t_dict, _ = median_time(rep.to_dict, args.runs)
        t_read, _ = median_time(lambda: Report.from_json(data), args.runs)
        if args.no_old:
            t_old, old_mb = float("nan"), float("nan")
        else:
            t_old, old = median_time(lambda: old_to_json(rep), args.runs)
            old_mb = len(old.encode("utf-8")) / 1e6
        print(f"| {path} | {len(rep.articles)} | {passages} | {t_old:.2f} | {old_mb:.1f} | "
              f"{t_bytes:.2f} | {t_str:.2f} | {t_dict:.2f} | {t_read:.2f} | {len(data) / 1e6:.1f} |",
              flush=True)
        figures[str(path)] = {"articles": len(rep.articles), "passages": passages,
                              "wall s to_json_bytes": round(t_bytes, 3),
                              "to_json": round(t_str, 3), "to_dict": round(t_dict, 3),
                              "from_json": round(t_read, 3), "old": round(t_old, 3),
                              "MB": round(len(data) / 1e6, 1)}
    record("json_speed", figures, args, quiet=True)


if __name__ == "__main__":
    main()
