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

import sys
from pathlib import Path

from suite import (ROOT, Clock, CpuMeter, add_runs, load_pickle, median, parser, record,
                   summary)

sys.path.insert(0, str(ROOT / "src"))

from newslineage import embed, stories  # noqa: E402

STEPS = ["_profiles", "profile", "_word_counts", "_best", "_candidates", "_score", "_cheap", "_whole",
         "_vectors", "_index", "stories", "same_story_relations"]


def _wrap_steps(meter: CpuMeter) -> None:
    for name in STEPS:
        setattr(stories.StoryIndex, name, meter.wrap(getattr(stories.StoryIndex, name), name))


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("snapshot", type=Path, help="a pickle of (articles, relations, origins)")
    add_runs(cli, 3)
    cli.add_argument("--steps", action="store_true")
    cli.add_argument("--no-vectors", action="store_true")
    args = cli.parse_args()
    articles, relations, _ = load_pickle(args.snapshot)
    vectors = not args.no_vectors
    if vectors:
        embed._use()
    steps = CpuMeter()
    if args.steps:
        _wrap_steps(steps)
    enc, texts = CpuMeter(), [0]

    def encoder(batch):
        texts[0] += len(batch)
        return embed.encode(batch)
    encoder = enc.wrap(encoder, "encode")

    walls, cpus = [], []
    for _ in range(args.runs):
        embed._cache.clear()
        index = stories.StoryIndex(encoder=encoder, embeddings=vectors)
        with Clock() as c:
            found, same = stories.cluster(articles, relations, index=index)
        walls.append(c.wall)
        cpus.append(c.cpu)
    n = args.runs
    print(f"{len(articles)} articles: {len(found)} stories, {len(same)} same-story relations; "
          f"median of {n}: wall {median(walls):.2f} s, CPU {median(cpus):.2f} s")
    figures = {"articles": len(articles), "stories": len(found), "same-story relations": len(same),
               "vectors": vectors, "stories.cluster": summary(walls, cpus)}
    if vectors:
        calls = enc.calls.get("encode", 0)
        print(f"lead vectors: {texts[0] / n:.0f} texts in {calls / n:.0f} encoder calls "
              f"per run, {enc.total() / n:.2f} s CPU per run")
        figures["lead vectors per run"] = {"texts": round(texts[0] / n), "CPU s": round(enc.total() / n, 2)}
    for name in STEPS:
        if name in steps.spent:
            print(f"  {name:22s} {steps.spent[name] / n:.2f} s CPU")
    if steps.spent:
        figures["CPU s per step"] = {k: round(v / n, 2) for k, v in steps.spent.items()}
    record("stories_speed", figures, args, quiet=True)


if __name__ == "__main__":
    main()
