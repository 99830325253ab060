#!/usr/bin/env python3
"""The benchmark suite's commands, over the registry (registry.py) and the shared module
(suite.py):

    python benchmarks/bench.py list            # every registered benchmark
    python benchmarks/bench.py run --quick     # the quick subset (make bench)
    python benchmarks/bench.py run NAME...     # any of them by name
    python benchmarks/bench.py render          # results/*.json into RESULTS.md
"""
from __future__ import annotations

import argparse

import registry
import render


def main() -> None:
    ap = argparse.ArgumentParser(description="The benchmark suite's commands: run the "
                                 "registered benchmarks, list them, render their results.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run benchmarks by name (or --quick: the quick subset)")
    run.add_argument("names", nargs="*")
    run.add_argument("--quick", action="store_true", help="the quick subset (make bench)")
    sub.add_parser("list", help="the registered benchmarks")
    sub.add_parser("render", help="results/*.json into RESULTS.md (as render.py)")
    args = ap.parse_args()
    if args.command == "render":
        render.main()
        return
    if args.command == "list":
        registry.show()
        return
    todo = registry.select(args.names, args.quick)
    if not todo:
        raise SystemExit("name benchmarks to run (`list` shows them) or give --quick")
    failed = registry.run(todo)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")
    render.main()


if __name__ == "__main__":
    main()
