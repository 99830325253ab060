#!/usr/bin/env python3
"""What the stories stage holds, per article: one ``stories.cluster`` over a stage snapshot under
tracemalloc, the index kept, then its parts weighed one by one.

    .venv/bin/python benchmarks/stories_memory.py /tmp/nl-state/c10000/reuse.pkl [--top 12]

The snapshot is ``make_state.py``'s reuse.pkl (the articles and relations stories receive in a
run). USE is loaded (and called once) before tracing, so the figures are the stage's own: the traced peak and what
the index still holds at the end (what the stories aside keeps until its answer is read), and
that split by part (profiles field by field, postings, vocabularies, the token map, the stories
as a whole, the log a resume reads), each object counted once. With --top, the allocation sites
that hold most at the end.
"""
from __future__ import annotations

import sys
import tracemalloc
from array import array
from pathlib import Path

import numpy as np

from suite import ROOT, load_pickle, parser, record

sys.path.insert(0, str(ROOT / "src"))

from newslineage import embed, stories  # noqa: E402

MiB = 1 << 20


class _Weigh:
    """Deep sizes with every object counted once across all parts (an array view counts its
    base once; strings shared with the articles count where first met)."""

    def __init__(self, skip=()):
        self.seen: set[int] = {id(x) for x in skip}

    def __call__(self, obj) -> int:
        stack, total = [obj], 0
        while stack:
            x = stack.pop()
            if id(x) in self.seen:
                continue
            self.seen.add(id(x))
            if isinstance(x, np.ndarray):
                base = x
                while base.base is not None and isinstance(base.base, np.ndarray):
                    base = base.base
                total += sys.getsizeof(x) - (x.nbytes if x.base is None else 0)
                if id(base) not in self.seen or base is x:
                    self.seen.add(id(base))
                    total += base.nbytes
                continue
            total += sys.getsizeof(x)
            if isinstance(x, dict):
                stack.extend(x.keys())
                stack.extend(x.values())
            elif isinstance(x, (list, tuple, set, frozenset)):
                stack.extend(x)
            elif isinstance(x, (str, bytes, int, float, array)) or x is None:
                pass
            elif hasattr(x, "__dict__"):
                stack.extend(vars(x).values())
            elif hasattr(x, "__slots__"):
                stack.extend(getattr(x, s) for s in x.__slots__ if hasattr(x, s))
        return total


PROFILE_FIELDS = ["names", "words", "counts", "tf", "vec", "numbers", "when", "t", "place", "title", "id"]


def parts(index, articles) -> dict[str, int]:
    # the articles (and their texts, ids, titles) belong to the run, not to the stage
    w = _Weigh(skip=[index.articles])
    for a in articles:
        w.seen.add(id(a))
        w(a.id), w(a.title), w(a.text)
    w.seen.add(id(index.articles))
    out = {}
    ps = list(index.profiles.values())
    w.seen.add(id(index.profiles))
    out["profiles: dict and records"] = sys.getsizeof(index.profiles) + sum(
        sys.getsizeof(p) + sys.getsizeof(vars(p)) for p in ps)
    w.seen.update(id(p) for p in ps)
    for f in PROFILE_FIELDS:
        out[f"profiles: {f}"] = sum(w(getattr(p, f)) for p in ps)
    for name in ["_npost", "_wpost", "_numpost", "_name_ids", "_word_ids", "_name_list", "_token_ids",
                 "_agg", "_labels", "_leads", "members", "story_of", "best", "reuse", "_log",
                 "_partners", "_vec_at", "_num", "_order", "_rank"]:
        out[name] = w(getattr(index, name))
    out["the rest"] = w(vars(index))
    return out


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("snapshot", type=Path, help="make_state.py's reuse.pkl: (articles, relations)")
    cli.add_argument("--top", type=int, default=12)
    args = cli.parse_args()
    articles, relations = load_pickle(args.snapshot)[:2]
    from newslineage.model import Relation
    links = [Relation(r.a, r.b, r.kind) for r in relations]
    embed.encode([articles[0].title or "warm"])  # USE's weights are read at its first call
    embed._cache.clear()
    n = len(articles)
    tracemalloc.start()
    index = stories.StoryIndex()
    found, same = stories.cluster(articles, links, index=index)
    held, peak = tracemalloc.get_traced_memory()
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()
    print(f"{n} articles, {len(found)} stories, {len(same)} same-story relations, "
          f"{index.encoded} lead vectors")
    print(f"traced: peak {peak / MiB:.1f} MiB ({peak / n / 1024:.1f} KiB an article), held at the "
          f"end {held / MiB:.1f} MiB ({held / n / 1024:.1f} KiB an article; embed memo included)")
    sizes = parts(index, articles)
    total = sum(sizes.values())
    print(f"the index, part by part: {total / MiB:.1f} MiB ({total / n / 1024:.2f} KiB an article)")
    for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]):
        if v >= 0.005 * total:
            print(f"  {k:28s} {v / MiB:7.2f} MiB  {v / n:8.0f} B an article")
    if args.top:
        print("allocation sites holding most at the end:")
        for s in snap.statistics("lineno")[:args.top]:
            print(f"  {s.size / MiB:7.2f} MiB  {s.count:8d}  {s.traceback[0].filename.rsplit('/', 2)[-1]}:"
                  f"{s.traceback[0].lineno}")
    record("stories_memory", {"articles": n, "traced peak MiB": round(peak / MiB, 1),
                              "held MiB": round(held / MiB, 1), "index MiB": round(total / MiB, 1),
                              "parts MiB": {k: round(v / MiB, 2) for k, v in sizes.items()}},
           args, quiet=True)


if __name__ == "__main__":
    main()
