#!/usr/bin/env python3
"""The story stage of an add, batch by batch: clustering the whole store again (what an add
did before) vs resuming the kept story index (``stories.resume``), on the articles and reuse
links an add's batches really give, with the answers compared at every batch.

    python benchmarks/store_stories.py 5000 --batches 10

First an add of CORPUS in ``--batches`` batches (lineage, quotes and stories off) records each
batch's articles and reuse links; it prints, per batch, how many links among the stored
articles appeared or went and how many stored articles were cleaned again (what makes a kept
index replay from an earlier article). Then, in one process, each batch's stories are made
both ways. Prints CPU seconds per batch and in all, and where each resume started.
"""
from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from suite import arguments, corpus, record  # noqa: E402


def batches_of(articles, n_batches: int) -> list[tuple[list, list]]:
    """(articles in seq order, reuse links) of every batch of an add in ``n_batches``."""
    from newslineage.model import Relation
    from newslineage.store import Store, incremental

    seen = []
    run = incremental.run

    def keep(arts, digests, known, settings, **kw):
        kw.update(lineage=False, quotes=False, stories=False)
        report = run(arts, digests, known, settings, **kw)
        seen.append((list(arts), [Relation(r.a, r.b, r.kind) for r in report.relations]))
        return report

    incremental.run = keep
    try:
        with tempfile.TemporaryDirectory(prefix="nl-stories-") as tmp:
            Store(str(Path(tmp) / "news.db")).add_articles(
                articles, batch_size=math.ceil(len(articles) / n_batches))
    finally:
        incremental.run = run
    return seen


def moves(seen) -> list[dict]:
    out = []
    for (old, lo), (new, ln) in zip(seen, seen[1:]):
        n = len(old)
        pos = {a.id: i for i, a in enumerate(new)}
        inside = lambda links: {frozenset((r.a, r.b)) for r in links  # noqa: E731
                                if pos[r.a] < n and pos[r.b] < n}
        moved = inside(lo) ^ inside(ln)
        recleaned = [i for i in range(n) if old[i].text != new[i].text or old[i].title != new[i].title]
        out.append({"stored": n, "links_moved": len(moved),
                    "first_moved_at": min((max(pos[x] for x in p) for p in moved), default=None),
                    "recleaned": len(recleaned), "first_recleaned": recleaned[0] if recleaned else None})
    return out


def main() -> None:
    ap = arguments(__doc__, runs=1)
    ap.add_argument("--batches", type=int, default=10)
    args = ap.parse_args()
    from newslineage import embed, stories

    seen = batches_of(corpus(args.corpus), args.batches)
    for m in moves(seen):
        print(m, flush=True)
    embed.warm()
    index, rows = None, []
    for arts, links in seen:
        t = time.process_time()
        want = stories.cluster(arts, links)
        t_cluster = time.process_time() - t
        t, stats = time.process_time(), {}
        index, st, same = stories.resume(index, arts, links, stats)
        t_resume = time.process_time() - t
        identical = ([(s.id, s.label, s.articles) for s in st] == [(s.id, s.label, s.articles) for s in want[0]]
                     and [(r.a, r.b, r.score, r.lineage.evidence) for r in same]
                     == [(r.a, r.b, r.score, r.lineage.evidence) for r in want[1]])
        rows.append({"articles": len(arts), "cluster_cpu": round(t_cluster, 2),
                     "resume_cpu": round(t_resume, 2), "replayed_from": stats["replayed_from"],
                     "identical": identical})
        print(rows[-1], flush=True)
    figures = {"batches": rows, "cluster_cpu": round(sum(r["cluster_cpu"] for r in rows), 2),
               "resume_cpu": round(sum(r["resume_cpu"] for r in rows), 2),
               "identical": all(r["identical"] for r in rows), "moves": moves(seen)}
    record(f"store_stories_{args.corpus}", figures, args, quiet=True)
    print(f"stories over {len(rows)} batches: cluster {figures['cluster_cpu']} CPU s, resume "
          f"{figures['resume_cpu']} CPU s; identical: {figures['identical']}")


if __name__ == "__main__":
    main()
