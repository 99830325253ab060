#!/usr/bin/env python3
"""Speed of the read stage on JSON Lines (plain and gzip), a folder of .txt files and HTML.

    .venv/bin/python benchmarks/read_speed.py ARTICLES.jsonl [--html 300] [--workers 2]

ARTICLES.jsonl: e.g. ../shared/bench/make_corpus.py output. Writes its derived inputs to a
temporary folder; prints articles per second for each, and for the HTML folder also read by
--workers processes (pages are extracted in workers; the same articles), in the same run.
"""
from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

from newslineage import read
from newslineage.model import Article
from suite import Clock, corpus_file, parser, peak_rss_mib, record

FIGURES: dict = {}


def timed(label: str, paths: list[str], workers: int = 1) -> float:
    with Clock() as c:
        n = sum(1 for item in read.iter_articles(paths, workers=workers) if isinstance(item, Article))
    dt = c.wall
    print(f"{label:<28} {n:>7} articles {dt:7.2f} s {n / dt:9.0f}/s")
    FIGURES[label.strip()] = {"articles": n, "wall s": round(dt, 2), "per s": round(n / dt)}
    return dt


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("jsonl", help="a JSON Lines file of articles, or a number of synthetic ones")
    ap.add_argument("--txt", type=int, default=5000, help="articles written as .txt files")
    ap.add_argument("--html", type=int, default=300, help="articles written as .html pages")
    ap.add_argument("--workers", type=int, default=2, help="processes reading the HTML pages")
    args = ap.parse_args()
    args.jsonl = corpus_file(args.jsonl)
    tmp = Path(tempfile.mkdtemp(prefix="nl-read-"))
    try:
        gz = tmp / "a.jsonl.gz"
        with open(args.jsonl, "rb") as src, gzip.open(gz, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst)
        (tmp / "txt").mkdir()
        (tmp / "html").mkdir()
        with open(args.jsonl, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= max(args.txt, args.html):
                    break
                rec = json.loads(line)
                if i < args.txt:
                    (tmp / "txt" / f"{i:06d}.txt").write_text(rec["text"], encoding="utf-8")
                if i < args.html:
                    body = "".join(f"<p>{p}</p>" for p in rec["text"].split("\n\n"))
                    (tmp / "html" / f"{i:06d}.html").write_text(
                        f"<html><head><title>{rec.get('title', '')}</title></head><body>"
                        f"<nav><a href='/'>Home</a></nav><article>{body}</article>"
                        "<footer>Copyright</footer></body></html>", encoding="utf-8")
        timed("jsonl", [args.jsonl])
        timed("jsonl.gz", [str(gz)])
        timed(f"folder of {args.txt} .txt", [str(tmp / "txt")])
        one = timed(f"folder of {args.html} .html", [str(tmp / "html")])
        many = timed(f"  the same, {args.workers} workers", [str(tmp / "html")], args.workers)
        print(f"  {one / many:.2f}x faster with {args.workers} workers")
        print(f"max RSS {peak_rss_mib():.0f} MB")
        record("read_speed", {**FIGURES, "HTML, workers x one process": round(one / many, 2),
                              "peak RSS MiB": round(peak_rss_mib())}, args, quiet=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
