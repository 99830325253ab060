"""Time the two halves of the quotes stage apart on a stories.pkl snapshot, as the pipeline
runs them: ``find_quotes`` on all articles, then ``link_quotes`` with that ``found``. The
link time is also given without the spaCy parse (``extract._parse``, wrapped with
process_time). spaCy and the encoder are loaded first; every per-process cache is cleared
before each half (find runs in a worker of the pipeline, link on the main line). The cyclic
collector is paused, as over a pipeline run. ``--save F`` pickles the report records, ``--check F`` compares with them.

    .venv/bin/python benchmarks/quotes_parts.py /tmp/nl-state/c10000/stories.pkl --repeat 1
"""
from __future__ import annotations

import argparse
import gc
import functools
import pickle
import statistics
import sys
import time


def _clear_caches() -> None:
    from newslineage.quotes import cues, extract, link, marks, normalize, speakers
    extract._PARSED.clear()
    for mod in (cues, extract, link, marks, normalize, speakers):
        for v in list(vars(mod).values()):
            if hasattr(v, "cache_clear"):
                v.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("snapshot")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--save")
    ap.add_argument("--check")
    args = ap.parse_args()
    sys.setrecursionlimit(100000)
    with open(args.snapshot, "rb") as fh:
        articles, relations, _ = pickle.load(fh)
    from newslineage.embed import encode
    from newslineage.quotes import extract, find_quotes, link_quotes, speakers
    speakers.nlp()
    encode(["warm up"])
    spent = [0.0]
    inner = extract._parse

    @functools.wraps(inner)
    def timed(jobs):
        c = time.process_time()
        try:
            return inner(jobs)
        finally:
            spent[0] += time.process_time() - c
    extract._parse = timed
    gc.disable()
    finds, links, rests = [], [], []
    for _ in range(args.repeat):
        _clear_caches()
        spent[0] = 0.0
        c = time.process_time()
        found = find_quotes(articles)
        c1 = time.process_time()
        _clear_caches()
        c1b = time.process_time()
        quotes = link_quotes(articles, relations, found=found)
        c2 = time.process_time()
        finds.append(c1 - c)
        links.append(c2 - c1b)
        rests.append(c2 - c1b - spent[0])
    med = statistics.median
    print(f"find {med(finds):.3f} link {med(links):.3f} link-no-parse {med(rests):.3f} "
          f"total {med(finds) + med(links):.3f} ({len(quotes)} quotes)")
    out = [q.to_dict() for q in quotes]
    if args.save:
        with open(args.save, "wb") as fh:
            pickle.dump(out, fh)
    if args.check:
        with open(args.check, "rb") as fh:
            ref = pickle.load(fh)
        print("identical" if ref == out else f"DIFFERENT: {sum(a != b for a, b in zip(ref, out))} of {len(ref)} vs {len(out)}")


if __name__ == "__main__":
    main()
