#!/usr/bin/env python3
"""Reuse on real news nobody here wrote: the BBC news-base articles (2,225, 2004-2005) hold
their own duplicates and updated versions of a story, listed by the data set's
``overlaps.tsv`` (every pair whose bodies share >= 30% of their word 5-grams, of the smaller).

    python benchmarks/bbc_overlaps.py [--report R.json] [--workers N]

Analyzes ``../shared/data/news-base/articles.jsonl`` (reuse only: no lineage, stories or
quotes) and prints
- recall of the listed pairs, by 5-gram containment band, and the kinds reported for them;
- the relations found outside the list, by their own 5-gram containment (measured as the
  list measures it): text the list's 30% floor leaves out (a shared paragraph), or none at
  all (a relation made of paraphrase: the cases to read, ``--show`` prints them).
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from suite import data, parser, record

BANDS = ((0.3, 0.5), (0.5, 0.8), (0.8, 0.999), (0.999, 1.01))


def grams(text: str) -> set:
    w = re.findall(r"\w+", text.lower())
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def containment(a: set, b: set) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def main() -> int:
    cli = parser(__doc__)
    cli.add_argument("--report", help="score this report of the corpus instead of analyzing it")
    cli.add_argument("--workers", type=int, default=None)
    cli.add_argument("--show", type=int, default=0, help="print this many relations outside the list")
    args = cli.parse_args()
    base = data("news-base", "articles.jsonl", what="bbc_overlaps.py").parent
    texts = {}
    for line in open(base / "articles.jsonl", encoding="utf-8"):
        r = json.loads(line)
        texts[r["id"]] = r["text"]
    listed = {}
    for line in list(open(base / "overlaps.tsv", encoding="utf-8"))[1:]:
        a, b, _, c = line.rstrip("\n").split("\t")
        listed[frozenset((a, b))] = float(c)
    if args.report:
        report = json.loads(Path(args.report).read_text())
    else:
        from newslineage import pipeline
        opts = dict(lineage=False, stories=False, quotes=False)
        if args.workers:
            opts["workers"] = args.workers
        rep = pipeline.analyze([str(base / "articles.jsonl")], **opts)
        report = json.loads(rep.to_json())
    rels = {frozenset((r["a"], r["b"])): r for r in report["relations"] if r.get("kind") != "same-story"}
    g = {}

    def gr(x):
        if x not in g:
            g[x] = grams(texts[x])
        return g[x]

    found = Counter()
    total = Counter()
    kinds = Counter()
    for k, c in listed.items():
        band = next(f"{lo:.1f}-{min(hi, 1):.1f}" for lo, hi in BANDS if lo <= c < hi)
        total[band] += 1
        if k in rels:
            found[band] += 1
            kinds[(band, rels[k]["kind"])] += 1
    outside = Counter()
    odd = []
    for k, r in rels.items():
        if k in listed:
            continue
        a, b = sorted(k)
        c = containment(gr(a), gr(b))
        band = "0.1-0.3" if c >= 0.1 else ("0.02-0.1" if c >= 0.02 else "< 0.02")
        outside[f"{band} {r['kind']}"] += 1
        if c < 0.02:
            odd.append((a, b, r["kind"], round(c, 3), r.get("coverage")))
    figures = {
        "listed pairs": len(listed),
        "found": sum(found.values()),
        "recall": round(sum(found.values()) / max(1, len(listed)), 3),
        "recall by containment": {b: f"{found[b]}/{total[b]}" for b in sorted(total)},
        "kinds by containment": {f"{b} {kd}": n for (b, kd), n in sorted(kinds.items())},
        "relations outside the list, by containment and kind": dict(sorted(outside.items())),
    }
    record("bbc_overlaps", figures, args, note="news-base, reuse stages only")
    for a, b, kd, c, cov in odd[:args.show]:
        print(f"\n== {a} / {b}: {kd}, containment {c}, coverage {cov}")
        print("   A:", texts[a][:300].replace("\n", " "))
        print("   B:", texts[b][:300].replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
