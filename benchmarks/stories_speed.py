#!/usr/bin/env python3
"""Time the stories stage alone on a stage-input snapshot (articles, relations, origins).

    .venv/bin/python benchmarks/stories_speed.py /tmp/nl-state/c10000/lineage.pkl --runs 3
    .venv/bin/python benchmarks/stories_speed.py SNAPSHOT --steps        # CPU per StoryIndex step
    .venv/bin/python benchmarks/stories_speed.py SNAPSHOT --no-vectors   # StoryIndex(embeddings=False)

Reports the median of --runs (CPU and wall, single process) of ``stories.cluster``, and how many
lead vectors were encoded and what encoding cost (CPU). USE is loaded before timing; the
embedding cache is cleared before each run so every run encodes what it needs.
With --steps, the CPU spent in each StoryIndex step (profile, _best and its parts, _index,
labels) is added up by wrapping the methods (no cProfile, whose per-call overhead distorts).
"""
from __future__ import annotations

import argparse
import functools
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newslineage import embed, stories  # noqa: E402

STEPS = ["_profiles", "profile", "_word_counts", "_best", "_candidates", "_score", "_cheap", "_whole",
         "_vectors", "_index", "stories", "same_story_relations"]


def _wrap_steps(spent: dict[str, float]) -> None:
    for name in STEPS:
        f = getattr(stories.StoryIndex, name)

        @functools.wraps(f)
        def timed(*a, _f=f, _name=name, **k):
            c = time.process_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - c
        setattr(stories.StoryIndex, name, timed)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("snapshot", type=Path, help="a pickle of (articles, relations, origins)")
    cli.add_argument("--runs", type=int, default=3)
    cli.add_argument("--steps", action="store_true")
    cli.add_argument("--no-vectors", action="store_true")
    args = cli.parse_args()
    sys.setrecursionlimit(100000)
    with open(args.snapshot, "rb") as f:
        articles, relations, _ = pickle.load(f)
    vectors = not args.no_vectors
    if vectors:
        embed._use()
    spent: dict[str, float] = {}
    if args.steps:
        _wrap_steps(spent)
    enc = {"calls": 0, "texts": 0, "cpu": 0.0}

    def encoder(texts):
        c = time.process_time()
        out = embed.encode(texts)
        enc["calls"] += 1
        enc["texts"] += len(texts)
        enc["cpu"] += time.process_time() - c
        return out

    walls, cpus = [], []
    for _ in range(args.runs):
        embed._cache.clear()
        index = stories.StoryIndex(encoder=encoder, embeddings=vectors)
        w, c = time.perf_counter(), time.process_time()
        found, same = stories.cluster(articles, relations, index=index)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    n = args.runs
    print(f"{len(articles)} articles: {len(found)} stories, {len(same)} same-story relations; "
          f"median of {n}: wall {statistics.median(walls):.2f} s, CPU {statistics.median(cpus):.2f} s")
    if vectors:
        print(f"lead vectors: {enc['texts'] / n:.0f} texts in {enc['calls'] / n:.0f} encoder calls "
              f"per run, {enc['cpu'] / n:.2f} s CPU per run")
    for name in STEPS:
        if name in spent:
            print(f"  {name:22s} {spent[name] / n:.2f} s CPU")


if __name__ == "__main__":
    main()
