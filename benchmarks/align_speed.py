"""Cost of relating one pair, per kind of pair, on BBC news-base articles (one process).

    .venv/bin/python benchmarks/align_speed.py [--n 200]

- overlap: the pairs of overlaps.tsv (duplicates and updated versions: lexical reuse).
- edited: an article against a copy with every 3rd sentence dropped and British/American
  re-spelling, honorifics and number formats changed (a near-duplicate reprint).
- same-topic: random pairs of the same category that are not in overlaps.tsv (the pairs an
  embedding candidate index proposes; they should mostly get no relation).
Prints pairs/second with and without embeddings, the share of pairs that reached the
embedding step, and how many got a relation.
"""
from __future__ import annotations

import json
import random
import re

from newslineage import segment
from newslineage.reuse import align, prepare, relate
from newslineage.model import Article
from suite import Clock, data, parser, record




def edit(text: str, rng: random.Random) -> str:
    sents = re.split(r"(?<=[.!?])\s+", text)
    kept = [s for k, s in enumerate(sents) if k % 3 != 2]
    out = " ".join(kept)
    for a, b in (("ize", "ise"), ("or ", "our "), ("Mr ", "Mr. "), ("000", ",000")):
        out = out.replace(a, b)
    return out


def main():
    ap = parser(__doc__)
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    DATA = data("news-base", what="align_speed.py")
    rows = [json.loads(line) for line in open(DATA / "articles.jsonl", encoding="utf-8")]
    by_id = {r["id"]: r for r in rows}
    rng = random.Random(0)
    overlaps = [line.split("\t")[:2] for line in open(DATA / "overlaps.tsv")][1:]
    known = {tuple(p) for p in overlaps}

    def art(aid, text):
        return segment.segment_article(Article(id=aid, source=aid, text=text, language="en"))

    sets = {"overlap": [(art(a, by_id[a]["text"]), art(b, by_id[b]["text"]))
                        for a, b in overlaps[:args.n]]}
    picks = rng.sample(rows, args.n)
    sets["edited"] = [(art(r["id"], r["text"]), art(r["id"] + "/e", edit(r["text"], rng)))
                      for r in picks]
    same = []
    while len(same) < args.n:
        a, b = rng.sample(rows, 2)
        if a["category"] == b["category"] and (a["id"], b["id"]) not in known \
                and (b["id"], a["id"]) not in known:
            same.append((art(a["id"], a["text"]), art(b["id"], b["text"])))
    sets["same-topic"] = same

    calls = {"n": 0}
    orig = align._embedding_edges

    def counting(*a, **k):
        calls["n"] += 1
        return orig(*a, **k)
    align._embedding_edges = counting
    from newslineage import embed
    embed.encode(["warm up"])
    embed.encode_e5(["warm up"])  # both models loaded: the table is the cost per pair
    figures = {}
    print("| pairs | embeddings | pairs/s | reached embeddings | related | kinds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, pairs in sets.items():
        for emb in (False, True):
            prepare._cache.clear()
            prepare._sentence_cache.clear()
            embed._cache.clear()
            align._e5_cache.clear()
            calls["n"] = 0
            with Clock() as c:
                rels = [relate.relate_one(a, b, embeddings=emb) for a, b in pairs]
            dt = c.wall
            kinds = {}
            for r in rels:
                if r:
                    kinds[r.kind] = kinds.get(r.kind, 0) + 1
            print(f"| {name} ({len(pairs)}) | {'on' if emb else 'off'} | {len(pairs) / dt:.0f} | "
                  f"{calls['n']} | {sum(r is not None for r in rels)} | "
                  f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))} |")
            figures[f"{name}, embeddings {'on' if emb else 'off'}"] = {
                "pairs": len(pairs), "pairs/s": round(len(pairs) / dt),
                "reached embeddings": calls["n"], "related": sum(r is not None for r in rels)}
    record("align_speed", figures, args, quiet=True)


if __name__ == "__main__":
    main()
