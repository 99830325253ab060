#!/usr/bin/env python3
"""Why candidate pairs among stored articles move as a store grows: each prefix of a corpus
(what an add's batches see) gets its candidates, and every pair among the articles of one
prefix that the next prefix adds or drops is put down to the signal that had it and the cut
that took it (``raw``: the signal's own rule, before the cap per article; ``top_k``: the
cap per article). A moved pair that aligns to a relation makes the kept story index replay
from its later article.

    python benchmarks/store_moves.py DB.memo --batches 10

DB.memo: the memo file an add left (its cleaned articles, signatures, lead vectors and
aligned pairs are used; the articles as cleaned at the end, so re-cleaning is left out).
"""
from __future__ import annotations

import argparse
import collections

import numpy as np


def stages(articles, sigs, vectors, n: int, st) -> dict:
    from newslineage.candidates import _embedding, _lexical, _top_k, names

    s = sigs[:n]
    lex, lex_score, _ = _lexical(s, n, st)
    loose, loose_score, shared, overlap = names.pairs(
        [x[4] for x in s], max_df=st.names_max_df, min_shared=2, details=True)
    strict = ((shared >= st.names_min_shared) & (loose_score >= st.names_min_score)
              & (overlap >= st.names_min_overlap))
    nam, nam_score = loose[strict], loose_score[strict]
    emb, emb_score, _ = _embedding(articles[:n], s, np.concatenate([lex, nam]), loose,
                                   loose_score, st, vectors)
    out = {}
    for name, p, sc, k in (("lexical", lex, lex_score, st.k_lexical),
                           ("names", nam, nam_score, st.k_names),
                           ("embedding", emb, emb_score, st.k_embedding)):
        out[name + " raw"] = set(map(tuple, p.tolist()))
        out[name] = set(map(tuple, p[_top_k(p, sc, k)].tolist()))
    out["all"] = out["lexical"] | out["names"] | out["embedding"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("memo")
    ap.add_argument("--batches", type=int, default=10)
    args = ap.parse_args()
    from newslineage.settings import CandidateSettings
    from newslineage.store import incremental

    with open(args.memo, "rb") as f:
        _, memo = incremental.load_memo(f)
    arts = memo.articles
    related = {k: r is not None for k, (_, _, r) in memo.known.items()}
    step = len(arts) // args.batches
    st = CandidateSettings()
    prev, total = None, collections.Counter()
    for t in range(1, args.batches + 1):
        cur = stages(arts, memo.sigs, memo.vectors, t * step, st)
        if prev is not None:
            m = (t - 1) * step
            new = {p for p in cur["all"] if p[1] < m}
            why, first = collections.Counter(), None
            for p in sorted(prev["all"] ^ new, key=lambda p: p[1]):
                went = p in prev["all"]
                has, lacks = (prev, cur) if went else (cur, prev)
                cut = "+".join(f"{sg} {'top_k' if p in lacks[sg + ' raw'] else 'raw'}"
                               for sg in ("lexical", "names", "embedding") if p in has[sg])
                rel = related.get((arts[p[0]].id, arts[p[1]].id))
                label = f"{'went' if went else 'came'} {cut} " + (
                    "related" if rel else "unrelated" if rel is False else "not aligned")
                why[label] += 1
                total[label] += 1
                if rel and first is None:
                    first = p[1]
            print(f"{m} -> {t * step}: {sum(why.values())} moved among the first {m}, the "
                  f"first that is a relation at {first}: {dict(why)}", flush=True)
        prev = cur
    print("in all:")
    for k, c in sorted(total.items(), key=lambda kv: -kv[1]):
        print(f"  {c:6d} {k}")


if __name__ == "__main__":
    main()
