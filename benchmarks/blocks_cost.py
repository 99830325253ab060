#!/usr/bin/env python3
"""CPU of the reuse stage (``pipeline.find_reuse``, one process) with the ordered block
alignment over every leftover sentence (as the aligner does) or over the embedding plan's
sentences only (as it did before): the cost of aligning whole paraphrases and translations.

    PYTHONPATH=src .venv/bin/python benchmarks/blocks_cost.py /tmp/newslineage-bench/c2000/articles.jsonl now
    PYTHONPATH=src .venv/bin/python benchmarks/blocks_cost.py /tmp/newslineage-bench/c2000/articles.jsonl plan

Run each mode in a fresh process (the sentence and vector caches would hide the cost of a
second run) and compare medians over a few runs.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newslineage import embed, pipeline  # noqa: E402
from newslineage.reuse import align  # noqa: E402


def plan_only() -> None:
    """Restrict the block alignment to the sentences the embedding plan picked."""
    plan_of, blocks = align._embedding_plan, align._block_edges
    last = {}

    def plan(*args):
        last["plan"] = out = plan_of(*args)
        return out

    def block_edges(pa, pb, left_a, left_b, cross, st=align._DEFAULT):
        p = last.get("plan")
        if p:
            ra, rb = set(p[0]), set(p[1])
            left_a = [i for i in left_a if i in ra]
            left_b = [j for j in left_b if j in rb]
        return blocks(pa, pb, left_a, left_b, cross, st) if left_a and left_b else []

    align._embedding_plan, align._block_edges = plan, block_edges


def main() -> None:
    corpus, mode = sys.argv[1], sys.argv[2]
    opts = pipeline.Options(workers=1)
    articles, _ = pipeline.read_and_clean([corpus], opts)
    embed.warm()
    if mode == "plan":
        plan_only()
    cpu = time.process_time()
    relations = pipeline.find_reuse(articles, opts)
    print(f"{mode}: find_reuse CPU {time.process_time() - cpu:.1f} s, {len(relations)} relations")


if __name__ == "__main__":
    main()
