"""Time the quotes stage on a stage-input snapshot (single process, cold caches), its halves
apart as the pipeline runs them: ``find_quotes`` on all articles (in a worker), then
``link_quotes`` with that ``found`` (on the main line), whose time is also given without the
spaCy parse (``extract._parse``, wrapped with process_time).

The snapshot is stories.pkl from /tmp/nl-state/<size>/ (written by benchmarks/make_state.py):
(articles, relations incl. same-story, stories). Models are loaded before the timing; every
per-process cache of the quotes stage is cleared before each half; the cyclic collector is
paused, as over a pipeline run. Prints the medians of ``--repeat`` runs. ``--save F`` pickles
the output, ``--check F`` compares it with a saved one (records that differ, groups that
differ, speakers that differ).

    .venv/bin/python benchmarks/quotes_speed.py /tmp/nl-state/c10000/stories.pkl --repeat 3
"""
from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
from collections import Counter

from suite import clear_memos


def _clear_caches() -> None:
    if clear_memos():  # every memo of the package (older trees: by name below)
        return
    from newslineage.quotes import cues, extract, link, marks, normalize, speakers
    extract._PARSED.clear()
    for mod in (cues, extract, link, marks, normalize, speakers):
        for v in list(vars(mod).values()):
            if hasattr(v, "cache_clear"):
                v.cache_clear()


def _records(quotes) -> list[tuple]:
    return [(q.speaker, q.changed, [(v.article, v.text, tuple(v.span)) for v in q.variants]) for q in quotes]


def _compare(ref: list[tuple], new: list[tuple]) -> None:
    if ref == new:
        print("identical to the saved output")
        return
    rk = {tuple((a, s) for a, _, s in v): (sp, ch) for sp, ch, v in ref}
    nk = {tuple((a, s) for a, _, s in v): (sp, ch) for sp, ch, v in new}
    common = set(rk) & set(nk)
    other = [(rk[k], nk[k]) for k in common if rk[k] != nk[k]]
    print(f"records: saved {len(ref)}, now {len(new)}; quote groups only in saved {len(set(rk) - set(nk))}, "
          f"only now {len(set(nk) - set(rk))}; same variants with another speaker or changed flag "
          f"{len(other)} {dict(Counter((a[0] is None, b[0] is None) for a, b in other))}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("snapshot")
    ap.add_argument("--repeat", type=int, default=3)
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
    parse = [0.0]
    inner = extract._parse

    def timed_parse(jobs):
        c = time.process_time()
        try:
            return inner(jobs)
        finally:
            parse[0] += time.process_time() - c

    extract._parse = timed_parse
    gc.disable()
    finds, links, rests = [], [], []
    for _ in range(args.repeat):
        _clear_caches()
        c = time.process_time()
        found = find_quotes(articles)
        finds.append(time.process_time() - c)
        _clear_caches()
        parse[0] = 0.0
        c = time.process_time()
        quotes = link_quotes(articles, relations, found=found)
        links.append(time.process_time() - c)
        rests.append(links[-1] - parse[0])
    med = statistics.median
    print(f"{len(articles)} articles, {len(relations)} relations -> {len(quotes)} quotes; CPU "
          f"find {med(finds):.2f} s, link {med(links):.2f} s (without the parse "
          f"{med(rests):.2f} s), total {med(finds) + med(links):.2f} s")
    out = _records(quotes)
    if args.save:
        with open(args.save, "wb") as fh:
            pickle.dump(out, fh)
    if args.check:
        with open(args.check, "rb") as fh:
            _compare(pickle.load(fh), out)


if __name__ == "__main__":
    main()
