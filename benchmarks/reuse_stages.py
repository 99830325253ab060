#!/usr/bin/env python3
"""Time the reuse stages (segment -> candidates -> relate) the way ``pipeline.find_reuse`` runs
them (same pools), with the candidate recall and the reuse precision/recall per copy kind.

    python benchmarks/reuse_stages.py /tmp/newslineage-bench/c10000 [--clean] [--no-embeddings]

CORPUS is a make_corpus.py directory (articles.jsonl + truth.jsonl). Without ``--clean`` the
articles are segmented as read (furniture lines included: cleaning is another stage's cost);
with it, ``pipeline.read_and_clean`` runs first (it segments too). Prints seconds per stage, peak RSS of this
process and of the largest pool worker, and the scores (pairs: a relation is counted as found
when the truth's units intersect; per copy kind: each copy against the article(s) it was made
from, as score_pairs.py does).
"""
from __future__ import annotations

import os
import sys
import time

from suite import (corpus_dir, load_truth, parser, peak_rss_mib, recall_by_kind, record,
                   children_peak_rss_mib)


def per_kind(rows, got: set) -> dict:
    return {k: round(v, 4) for k, v in recall_by_kind(rows, got).items()}


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("corpus", help="a make_corpus.py folder, or a number of synthetic articles")
    ap.add_argument("--clean", action="store_true")
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    from newslineage import candidates, pipeline, read
    from newslineage.reuse import relate
    from newslineage.parallel import map_batches

    emb = not args.no_embeddings
    if args.corpus.isdigit():
        args.corpus = str(corpus_dir(int(args.corpus)))
    t = {"start": time.perf_counter()}
    last = [t["start"]]

    def lap(name: str) -> None:
        now = time.perf_counter()
        t[name] = now - last[0]
        last[0] = now
        print(f"{name:12} {t[name]:7.1f} s", flush=True)

    path = os.path.join(args.corpus, "articles.jsonl")
    opts = pipeline.Options(workers=args.workers, embeddings=emb)
    if args.clean:
        arts, _ = pipeline.read_and_clean([path], opts)   # segments too, in the same pool
        lap("read+clean+segment")
    else:
        arts, _ = read.read_inputs([path])
        lap("read")
        spans = map_batches(pipeline._segment_batch, arts, workers=args.workers, batch_size=500)
        for a, (paragraphs, sentences) in zip(arts, spans):
            a._paragraphs, a._sentences = paragraphs, sentences
        lap("segment")
    found = candidates.find(arts, embeddings=emb,
                            settings=candidates.Settings(workers=args.workers))
    pairs = found.as_list()
    lap("candidates")
    print("             " + ", ".join(f"{k} {v:.1f} s" for k, v in found.timings.items()),
          f"| {len(pairs)} pairs, {found.per_article():.2f} per article,",
          f"{found.counts.get('embedded', 0)} articles embedded;",
          ", ".join(f"{k} {v}" for k, v in found.counts.items() if k.endswith("_pairs")))
    rels = relate.relate_pairs(arts, pairs, embeddings=emb, workers=args.workers)
    index = {a.id: i for i, a in enumerate(arts)}
    more = candidates.sibling_pairs(rels, index, set(pairs))
    if more:
        rels += relate.relate_pairs(arts, more, embeddings=emb, workers=args.workers)
    lap("relate")
    total = time.perf_counter() - t["start"]
    rss, child = peak_rss_mib(), children_peak_rss_mib()
    print(f"{'total':12} {total:7.1f} s   peak RSS {rss:.0f} MiB (largest worker {child:.0f} MiB)")

    rows, true = load_truth(os.path.join(args.corpus, "truth.jsonl"))
    ids = [a.id for a in arts]
    cand = {frozenset((ids[i], ids[j])) for i, j in pairs}
    got = {frozenset((r.a, r.b)) for r in rels}
    hit = len(got & true)
    print("candidate recall per kind", per_kind(rows, cand))
    print("relation recall per kind ", per_kind(rows, got))
    print(f"relations {len(got)}: precision {hit / max(1, len(got)):.4f} "
          f"recall {hit / max(1, len(true)):.4f} (of {len(true)} true pairs)")
    record("reuse_stages", {
        "articles": len(arts), "embeddings": emb,
        **{k: round(v, 1) for k, v in t.items() if k != "start"}, "total s": round(total, 1),
        "peak RSS MiB, largest worker": [round(rss), round(child)],
        "candidate recall per kind": per_kind(rows, cand),
        "relation recall per kind": per_kind(rows, got),
        "relations P, R": [round(hit / max(1, len(got)), 4), round(hit / max(1, len(true)), 4)]},
        args, quiet=True)


if __name__ == "__main__":
    sys.exit(main())
