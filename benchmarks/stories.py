#!/usr/bin/env python3
"""Story clustering: pairwise precision, recall and F1 against labelled events.

    .venv/bin/python benchmarks/stories.py                 # labelled set + example corpus
    .venv/bin/python benchmarks/stories.py --sweep         # thresholds 0.35..0.75
    .venv/bin/python benchmarks/stories.py --seeds         # also the seeds (needs ../shared)
    .venv/bin/python benchmarks/stories.py --bbc 150       # false merges among 150 BBC
                                                           # politics articles dated one day
    .venv/bin/python benchmarks/stories.py --speed /tmp/c1k/articles.jsonl --runs 3 [--options JSON]
                                                           # time the stories stage alone

--speed CORPUS: read -> clean -> reuse -> lineage once (cached as CORPUS.stories.pkl beside it;
--reuse-embeddings to build the relations with embeddings, slower), then time
``stories.cluster`` alone (median of --runs, wall and CPU), with lead vectors and without.
With the synthetic corpus's truth.jsonl beside it, stories are scored against the groups of
articles that share text (its originals are independent, so every merge beyond shared text is
a false merge there: a precision stress).

Sets:
- tests/data/stories: 30 invented articles in 13 events (no shared text; traps: the same people
  a week apart, two earthquakes in one month). Clustered without reuse relations.
- examples/corpus: the example corpus through the whole pipeline (reuse relations included).
- seeds (--seeds): the five seed articles through the whole pipeline.
- BBC (--bbc N): N politics articles from ../shared/data/news-base all given the same date,
  which are (nearly all) different events on one topic: every merged pair counts against
  precision; only the number of merged pairs is reported.
"""
from __future__ import annotations

import json
import sys
import time
from itertools import combinations
from pathlib import Path

from suite import (ROOT, add_runs, data, load_pickle, machine, parser, record, save_pickle,
                   shared, timed)

sys.path.insert(0, str(ROOT / "src"))

from newslineage import stories  # noqa: E402
from newslineage.model import Article  # noqa: E402


def pairs_of(groups):
    out = set()
    for g in groups:
        out.update(frozenset(p) for p in combinations(sorted(g), 2))
    return out


def score(pred_groups, true_groups):
    p, t = pairs_of(pred_groups), pairs_of(true_groups)
    tp = len(p & t)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(t) if t else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, len(p), len(t)


def labelled_set():
    d = ROOT / "tests" / "data" / "stories"
    arts = []
    for line in (d / "articles.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        arts.append(Article(id=r["id"], source=r["id"], text=r["text"], title=r.get("title"),
                            outlet=r.get("outlet"), published=r.get("published")))
    labels = json.loads((d / "labels.json").read_text("utf-8"))
    groups: dict[str, list[str]] = {}
    for aid, ev in labels.items():
        groups.setdefault(ev, []).append(aid)
    return arts, [], list(groups.values())


def analysed(path: Path, truth: Path):
    import newslineage
    rep = newslineage.analyze([str(path)], stories=False, quotes=False)
    true = json.loads(truth.read_text("utf-8"))["stories"]
    return rep.articles, rep.relations, true


def run(name, arts, rels, true, **opts):
    t0 = time.perf_counter()
    got, same = stories.cluster(arts, rels, **opts)
    dt = time.perf_counter() - t0
    prec, rec, f1, npred, ntrue = score([s.articles for s in got], true)
    print(f"{name:16} P={prec:.3f} R={rec:.3f} F1={f1:.3f}  pairs pred/true {npred}/{ntrue}  "
          f"stories {len(got)}/{len(true)}  same-story relations {len(same)}  {dt:.2f}s")
    return {"P": round(prec, 3), "R": round(rec, 3), "F1": round(f1, 3),
            "stories": f"{len(got)}/{len(true)}"}


def bbc(n: int, **opts):
    src = data("news-base", "articles.jsonl", what="stories.py --bbc")
    rows = [json.loads(x) for x in src.read_text("utf-8").splitlines()]
    rows = [r for r in rows if r["category"] == "politics"][:n]
    arts = [Article(id=r["id"], source=r["id"], text=r["text"], title=r["title"], published="2005-03-01")
            for r in rows]
    got, _ = stories.cluster(arts, [], **opts)
    merged = pairs_of([s.articles for s in got])
    sizes = sorted((len(s.articles) for s in got if len(s.articles) > 1), reverse=True)
    print(f"{'bbc-politics':16} {n} articles, one date: {len(merged)} merged pairs, "
          f"{len(sizes)} multi-article stories (sizes {sizes[:8]})")


def _relations(corpus: Path, embeddings: bool):
    from newslineage import lineage, pipeline
    cache = corpus.with_suffix(".stories.pkl")
    if cache.exists():
        return load_pickle(cache)
    opts = pipeline.Options(workers=1, embeddings=embeddings)
    arts, _ = pipeline.read_and_clean([str(corpus)], opts)
    rels = pipeline.find_reuse(arts, opts)
    rels, _ = lineage.trace(arts, rels)
    save_pickle((arts, rels), cache)
    return arts, rels


def _truth_groups(path: Path):
    up: dict[str, str] = {}

    def find(x):
        while up.get(x, x) != x:
            x = up[x]
        return x
    rows = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    for r in rows:
        roots = sorted({u[0] for u in r["units"]}) or [r["id"]]
        for x in roots + [r["id"]]:
            a, b = find(x), find(roots[0])
            if a != b:
                up[a] = b
    groups: dict[str, list[str]] = {}
    for r in rows:
        groups.setdefault(find(r["id"]), []).append(r["id"])
    return list(groups.values())


def speed(corpus: Path, runs: int, reuse_embeddings: bool, options: dict | None = None):
    arts, rels = _relations(corpus, reuse_embeddings)
    truth = corpus.parent / "truth.jsonl"
    true = _truth_groups(truth) if truth.exists() else None
    print(f"{corpus}: {len(arts)} articles, {len(rels)} reuse relations, load {machine()['load']:.1f}")
    from newslineage import embed
    embed.encode(["load the model before timing"])
    for emb in (False, True):
        made = []

        def fresh():
            embed._cache.clear()  # every run encodes its leads afresh
            made.append(stories.StoryIndex(embeddings=emb, **(options or {})))
        kept = []
        t = timed(lambda: stories.cluster(arts, rels, index=made[-1]), runs, setup=fresh, keep=kept)
        (got, same), index = kept[-1], made[-1]
        w, c = t["wall"], t["cpu"]
        line = (f"  lead vectors {'on ' if emb else 'off'}: wall {w:.2f}s cpu {c:.2f}s "
                f"({1000 * c / len(arts):.2f} ms/article cpu), {len(got)} stories, "
                f"{len(same)} same-story relations, {index.encoded} leads encoded")
        if true is not None:
            prec, rec, f1, npred, ntrue = score([s.articles for s in got], true)
            line += f", vs shared-text groups P={prec:.3f} R={rec:.3f} F1={f1:.3f}"
        print(line, flush=True)


def main():
    cli = parser(__doc__)
    cli.add_argument("--sweep", action="store_true")
    cli.add_argument("--seeds", action="store_true")
    cli.add_argument("--no-examples", action="store_true")
    cli.add_argument("--bbc", type=int, default=0)
    cli.add_argument("--speed", type=Path, help="a JSONL corpus: time the stories stage alone")
    cli.add_argument("--options", default="{}", help="with --speed: StoryIndex parameters (JSON), "
                     "e.g. another weighting to time against the defaults")
    add_runs(cli, 3)
    cli.add_argument("--reuse-embeddings", action="store_true")
    args = cli.parse_args()
    if args.speed:
        return speed(args.speed, args.runs, args.reuse_embeddings, json.loads(args.options))
    sets = [("labelled-30", *labelled_set())]
    if not args.no_examples:
        try:
            sets.append(("example-corpus", *analysed(ROOT / "examples" / "corpus", ROOT / "examples" / "corpus_truth.json")))
        except Exception as e:  # the pipeline may not run end to end yet
            print(f"example corpus skipped: {type(e).__name__}: {e}")
    if args.seeds:
        seeds = shared("seeds", what="stories.py --seeds")
        sets.append(("seeds", *analysed(seeds / "articles", seeds / "truth.json")))
    thresholds = [0.4, 0.45, 0.5, 0.55, 0.6, 0.7] if args.sweep else [None]
    figures = {}
    for t in thresholds:
        opts = {} if t is None else {"threshold": t}
        print(f"-- threshold {t if t is not None else stories.StoryIndex().threshold}")
        for name, arts, rels, true in sets:
            figures[name + ("" if t is None else f", threshold {t}")] = run(name, arts, rels, true,
                                                                           **opts)
        if args.bbc:
            bbc(args.bbc, **opts)
    record("stories_sweep" if args.sweep else "stories", figures, args, quiet=True)


if __name__ == "__main__":
    main()
