"""Clough & Stevenson (2011) short-answer reuse corpus: how each answer relates to its source.

    .venv/bin/python benchmarks/clough.py [--no-embeddings]

Each of the 95 answers is related to the Wikipedia source of its task (``relate_one``). Prints
the mean coverage of the source and of the answer per category (cut / light / heavy / non) and
a 4-class confusion matrix, the predicted class coming from the relation:

- no relation, or under 20% of the answer in passages      -> non
- verbatim passages hold most of what is aligned, or lexical
  passages hold 80% of it with a mean similarity >= 0.93     -> cut
- verbatim + near-verbatim passages hold most of it         -> light
- otherwise (paraphrase)                                    -> heavy
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from newslineage import segment
from newslineage.reuse import relate
from newslineage.model import Article
from suite import DATA as DATA_ROOT, Clock, parser, record

DATA = DATA_ROOT / "clough-stevenson"
CLASSES = ("cut", "light", "heavy", "non")


def read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def classify(rel, answer_side: str) -> str:
    if rel is None or rel.coverage[answer_side] < 0.2:
        return "non"
    size, lexscore = defaultdict(int), 0.0
    for p in rel.passages:
        s = p.a if answer_side == "a" else p.b
        size[p.kind] += s[1] - s[0]
        if p.kind in ("verbatim", "near-verbatim"):
            lexscore += p.score * (s[1] - s[0])
    total = sum(size.values()) or 1
    lexical = size["verbatim"] + size["near-verbatim"]
    if size["verbatim"] / total >= 0.5 or (lexical / total >= 0.8
                                            and lexscore / max(1, lexical) >= 0.93):
        return "cut"
    if (size["verbatim"] + size["near-verbatim"]) / total >= 0.5:
        return "light"
    return "heavy"


def main():
    ap = parser(__doc__)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data} is absent: this benchmark needs the shared "
                         "Clough-Stevenson copy (../shared/data/clough-stevenson)")
    with open(args.data / "file_information.csv", encoding="utf-8") as f:
        info = [(r["File"], r["Task"], r["Category"]) for r in csv.DictReader(f)]
    sources = {}
    for fn, task, cat in info:
        if cat == "orig":
            sources[task] = segment.segment_article(
                Article(id=fn, source=fn, text=read(args.data / fn), language="en"))
    cov = defaultdict(lambda: ([], []))
    confusion = defaultdict(int)
    with Clock() as clock:
        for fn, task, cat in info:
            if cat == "orig":
                continue
            ans = segment.segment_article(
                Article(id=fn, source=fn, text=read(args.data / fn), language="en"))
            rel = relate.relate_one(ans, sources[task], embeddings=not args.no_embeddings)
            cov[cat][0].append(rel.coverage["b"] if rel else 0.0)
            cov[cat][1].append(rel.coverage["a"] if rel else 0.0)
            confusion[(cat, classify(rel, "a"))] += 1
    took = clock.wall
    print(f"{sum(confusion.values())} answers in {took:.1f}s"
          f" (embeddings {'off' if args.no_embeddings else 'on'})\n")
    print("| category | answers | source coverage (mean) | answer coverage (mean) | related |")
    print("| --- | --- | --- | --- | --- |")
    for c in CLASSES:
        src, ans = cov[c]
        print(f"| {c} | {len(src)} | {sum(src) / len(src):.2f} | {sum(ans) / len(ans):.2f} | "
              f"{sum(x > 0 for x in ans)}/{len(ans)} |")
    print("\nconfusion (rows: truth, columns: predicted)\n")
    print("| truth \\ predicted | " + " | ".join(CLASSES) + " |")
    print("| --- " * (len(CLASSES) + 1) + "|")
    for t in CLASSES:
        print(f"| {t} | " + " | ".join(str(confusion[(t, p)]) for p in CLASSES) + " |")
    right = sum(confusion[(c, c)] for c in CLASSES)
    reuse_ok = sum(v for (t, p), v in confusion.items() if (t == "non") == (p == "non"))
    n = sum(confusion.values())
    print(f"\n4-class accuracy {right / n:.3f}; reuse vs non accuracy {reuse_ok / n:.3f}")
    record("clough" + ("_no_embeddings" if args.no_embeddings else ""), {
        "answers": n, "4-class accuracy": round(right / n, 3),
        "reuse vs non accuracy": round(reuse_ok / n, 3),
        "confusion (truth: predicted)": {t: {p: confusion[(t, p)] for p in CLASSES}
                                         for t in CLASSES},
        "wall s": round(took, 1)}, args, quiet=True)


if __name__ == "__main__":
    main()
