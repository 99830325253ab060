"""Cost of the quotes and drift stages on one corpus, apart from the stages before them.

The stages up to stories run once and their output (articles, relations) is kept in a pickle
next to the corpus, so quotes and drift can be timed again and again. Each repeat starts cold
(sentence parses, quote vectors and spelling keys forgotten); the median is reported.

    .venv/bin/python benchmarks/quotes_drift.py /tmp/newslineage-bench/c1000/articles.jsonl --repeat 3
"""
from __future__ import annotations

import argparse
import pickle
import statistics
import time
from pathlib import Path

from suite import clear_memos


def prepare(corpus: str, cache: Path):
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from newslineage import candidates, clean, lineage, read, segment, stories
    from newslineage.reuse import relate
    arts, _ = read.read_inputs([corpus])
    arts = segment.segment(clean.clean(arts))
    rels = relate.relate_pairs(arts, candidates.candidate_pairs(arts))
    rels, _ = lineage.trace(arts, rels)
    _, same = stories.cluster(arts, rels)
    rels += same
    cache.write_bytes(pickle.dumps((arts, rels)))
    return arts, rels


def forget() -> None:
    """Cold caches, as in a fresh worker."""
    if clear_memos():  # every memo of the package (older trees: by name below)
        return
    from newslineage import embed
    from newslineage.quotes import extract, normalize
    embed._cache.clear()
    getattr(extract, "_PARSED", {}).clear()
    from newslineage.drift import tokens
    for fn in (normalize.spelling_key, getattr(tokens, "_forms", None)):
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()


def main():
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("corpus")
    cli.add_argument("--repeat", type=int, default=3)
    cli.add_argument("--cache", help="pickle of (articles, relations); default: CORPUS.relations.pkl")
    args = cli.parse_args()
    cache = Path(args.cache or args.corpus + ".relations.pkl")
    arts, rels = prepare(args.corpus, cache)
    from newslineage import drift, quotes
    from newslineage.embed import encode
    from newslineage.quotes.speakers import nlp
    nlp(), encode(["model load"])  # models load outside the timing
    reuse = [r for r in rels if r.kind != "same-story"]
    related = {x for r in reuse for x in (r.a, r.b)}
    tq, td = [], []
    for _ in range(args.repeat):
        forget()
        t = time.perf_counter()
        q = quotes.link_quotes(arts, rels)
        tq.append(time.perf_counter() - t)
        t = time.perf_counter()
        d = drift.detect(arts, rels, q)
        td.append(time.perf_counter() - t)
    mq, md = statistics.median(tq), statistics.median(td)
    print(f"articles={len(arts)} reuse_relations={len(reuse)} related_articles={len(related)} "
          f"quotes={len(q)} drift={len(d)}")
    print(f"quotes median {mq:.2f}s {sorted(round(x, 2) for x in tq)}  drift median {md:.2f}s "
          f"{sorted(round(x, 2) for x in td)}")
    print(f"quotes+drift {(mq + md) * 1000 / max(1, len(related)):.2f} ms per related article, "
          f"{(mq + md) * 1000 / max(1, len(reuse)):.2f} ms per reuse relation")


if __name__ == "__main__":
    main()
