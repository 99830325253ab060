#!/usr/bin/env python3
"""Time the reuse stages in one process on a stage snapshot, the way ``pipeline.find_reuse``
runs them with ``workers=1``: segment, candidates, relate (+ the sibling round).

    python benchmarks/reuse_speed.py /tmp/nl-state/c10000/clean.pkl [--repeat 3] [--no-embeddings]

The snapshot is a pickled list of cleaned articles (``benchmarks/make_state.py``). Prints
wall and CPU seconds per stage (median of ``--repeat`` runs, each on a fresh copy of the
articles; the models are loaded and warmed before timing, and the per-process caches are
emptied between runs), the candidate stage's own timings and the time spent in the garbage
collector. To compare two versions of the code, run it under each (PYTHONPATH=old/src).
"""
from __future__ import annotations

import copy
import gc
import time

from suite import add_runs, clear_memos, load_pickle, median, parser, record


def clear_caches() -> None:
    """Every memo of the package empty, as in a fresh process (``memo.clear_all``; older
    trees, without the memo helper, by name)."""
    if clear_memos():
        return
    from newslineage import embed, normalize, segment
    from newslineage.reuse import align, prepare
    from newslineage.candidates import minhash, names
    prepare._cache.clear()
    prepare._sentence_cache.clear()
    normalize._FORMS.clear()
    normalize.norm_word.cache_clear()
    minhash._hash_cache.clear()
    getattr(minhash, "_sig_cache", {}).clear()
    embed._cache.clear()
    align._e5_cache.clear()
    for mod, name in ((segment, "_pysbd_cache"), (names, "_name_features"),
                      (names, "_number_features")):
        cache = getattr(mod, name, None)
        if cache is not None and hasattr(cache, "clear"):
            cache.clear()
        elif cache is not None and hasattr(cache, "__self__"):
            cache.__self__.clear()


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("snapshot")
    add_runs(ap, 3, "--repeat")
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args()
    from newslineage import candidates, embed, segment
    from newslineage.reuse import align, relate

    emb = not args.no_embeddings
    base = load_pickle(args.snapshot)
    if emb:  # model loading is not the stages' cost
        embed.encode(["warm the sentence encoder up"])
        align.encode_e5(["warm the second encoder up"])
    gc_time = [0.0]

    def on_gc(phase, info):
        if phase == "start":
            on_gc.t = time.perf_counter()
        else:
            gc_time[0] += time.perf_counter() - on_gc.t

    gc.callbacks.append(on_gc)
    rows = []
    for _ in range(args.runs):
        arts = copy.deepcopy(base)
        clear_caches()
        gc.collect()
        gc_time[0] = 0.0
        t = {}
        w0, c0 = time.perf_counter(), time.process_time()
        arts = segment.segment(arts)
        w1, c1 = time.perf_counter(), time.process_time()
        t["segment"] = (w1 - w0, c1 - c0)
        found = candidates.find(arts, embeddings=emb, settings=candidates.Settings(workers=1))
        pairs = found.as_list()
        w2, c2 = time.perf_counter(), time.process_time()
        t["candidates"] = (w2 - w1, c2 - c1)
        rels = relate.relate_pairs(arts, pairs, embeddings=emb, workers=1)
        index = {a.id: i for i, a in enumerate(arts)}
        more = candidates.sibling_pairs(rels, index, set(pairs))
        if more:
            rels += relate.relate_pairs(arts, more, embeddings=emb, workers=1)
        w3, c3 = time.perf_counter(), time.process_time()
        t["relate"] = (w3 - w2, c3 - c2)
        t["total"] = (w3 - w0, c3 - c0)
        t["gc"] = (gc_time[0], gc_time[0])
        t.update({f"  cand.{k}": (v, v) for k, v in found.timings.items()})
        rows.append(t)
        print(" ".join(f"{k.strip()} {v[0]:.2f}" for k, v in t.items()), flush=True)
    print(f"{len(base)} articles, {len(pairs)} + {len(more)} pairs, {len(rels)} relations; "
          f"median of {args.runs}:")
    figures = {"articles": len(base), "pairs": len(pairs) + len(more), "relations": len(rels),
               "runs": args.runs, "embeddings": emb}
    for k in rows[0]:
        wall = median(r[k][0] for r in rows)
        cpu = median(r[k][1] for r in rows)
        print(f"{k:14} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
        figures[k.strip()] = {"wall": round(wall, 3), "cpu": round(cpu, 3)}
    record("reuse_speed", figures, args, quiet=True)


if __name__ == "__main__":
    main()
