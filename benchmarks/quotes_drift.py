"""Cost of the quotes and drift stages on one corpus, apart from the stages before them.

The stages up to stories run once and their output (articles, relations) is kept in a pickle
next to the corpus, so quotes and drift can be timed again and again. Each repeat starts cold
(sentence parses, quote vectors and spelling keys forgotten); the median is reported.

    .venv/bin/python benchmarks/quotes_drift.py /tmp/newslineage-bench/c1000/articles.jsonl --repeat 3
"""
from __future__ import annotations

from pathlib import Path

from suite import (Clock, add_runs, clear_memos, load_pickle, parser, record, save_pickle,
                   summary)


def prepare(corpus: str, cache: Path):
    if cache.exists():
        return load_pickle(cache)
    from newslineage import candidates, clean, lineage, read, segment, stories
    from newslineage.reuse import relate
    arts, _ = read.read_inputs([corpus])
    arts = segment.segment(clean.clean(arts))
    rels = relate.relate_pairs(arts, candidates.candidate_pairs(arts))
    rels, _ = lineage.trace(arts, rels)
    _, same = stories.cluster(arts, rels)
    rels += same
    save_pickle((arts, rels), cache)
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
    cli = parser(__doc__)
    cli.add_argument("corpus")
    add_runs(cli, 3, "--repeat")
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
    runs = {"quotes": ([], []), "drift": ([], [])}
    for _ in range(args.runs):  # drift after the quotes of the same run, as the pipeline has it
        forget()
        with Clock() as c:
            q = quotes.link_quotes(arts, rels)
        runs["quotes"][0].append(c.wall)
        runs["quotes"][1].append(c.cpu)
        with Clock() as c:
            d = drift.detect(arts, rels, q)
        runs["drift"][0].append(c.wall)
        runs["drift"][1].append(c.cpu)
    tq, td = summary(*runs["quotes"]), summary(*runs["drift"])
    mq, md = tq["wall"], td["wall"]
    print(f"articles={len(arts)} reuse_relations={len(reuse)} related_articles={len(related)} "
          f"quotes={len(q)} drift={len(d)}")
    print(f"quotes median {mq:.2f}s {sorted(round(x, 2) for x in tq['walls'])}  drift median "
          f"{md:.2f}s {sorted(round(x, 2) for x in td['walls'])}")
    print(f"quotes+drift {(mq + md) * 1000 / max(1, len(related)):.2f} ms per related article, "
          f"{(mq + md) * 1000 / max(1, len(reuse)):.2f} ms per reuse relation")
    record("quotes_drift", {"articles": len(arts), "reuse relations": len(reuse),
                            "quotes": len(q), "drift": len(d), "link_quotes": tq,
                            "drift.detect": td}, args, quiet=True)


if __name__ == "__main__":
    main()
