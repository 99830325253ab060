"""Sentence segmentation: the regex splitter (pysbd only for ambiguous stops) against pysbd on
every paragraph, on BBC news-base articles.

    .venv/bin/python benchmarks/segment_speed.py [--n 500]

Prints articles/second of each and how many articles they segment differently.
"""
from __future__ import annotations

import json

import pysbd

from newslineage import segment
from suite import Clock, data, parser, record




def main():
    ap = parser(__doc__)
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for _, line in zip(range(args.n), open(data("news-base", "articles.jsonl", what="segment_speed.py")))]
    segment.sentences("Warm up. U.S. pysbd.")
    with Clock() as c:
        ours = [[t[s:e] for s, e in segment.sentences(t)] for t in texts]
    t_ours = c.wall
    seg = pysbd.Segmenter(language="en", clean=False)
    with Clock() as c:
        ref = [[x.strip() for ps, pe in segment.paragraphs(t) for x in seg.segment(t[ps:pe])
                if x.strip()] for t in texts]
    t_ref = c.wall
    differ = sum(a != b for a, b in zip(ours, ref))
    n = len(texts)
    print(f"{n} articles, {sum(map(len, ours))} sentences (pysbd: {sum(map(len, ref))})")
    print(f"segment.sentences: {n / t_ours:.0f} articles/s; pysbd per paragraph: "
          f"{n / t_ref:.0f} articles/s ({t_ref / t_ours:.0f}x slower); "
          f"{differ} articles segmented differently")
    record("segment_speed", {"articles": n, "articles/s": round(n / t_ours),
                             "pysbd articles/s (baseline)": round(n / t_ref),
                             "pysbd x ours": round(t_ref / t_ours, 1),
                             "segmented differently": differ}, args, quiet=True)


if __name__ == "__main__":
    main()
