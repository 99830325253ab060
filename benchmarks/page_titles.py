"""Titles of real pages copied as text: is the title the clean stage reads from `txt/ID.txt`
the page's own headline? The headline is the page's `<h1>` or `og:title` in `html/ID.html.gz`,
kept when the copied text shows it as a line (71 of the 80 shared pages).

    PYTHONPATH=src .venv/bin/python benchmarks/page_titles.py [../shared/data/article-extraction] [--show]
"""
from __future__ import annotations

import argparse
import glob
import gzip
import re
import sys
import unicodedata
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s or "")).strip().casefold()


def headlines(html: bytes, shown: set[str]) -> set[str]:
    import lxml.html
    doc = lxml.html.fromstring(html)
    found = {norm(e.text_content()) for e in doc.iter("h1")} | {norm(x) for x in doc.xpath('//meta[@property="og:title"]/@content')}
    return {h for h in found if h and h in shown}


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("data", nargs="?", default=str(DEFAULT))
    cli.add_argument("--show", action="store_true", help="print every page whose title is wrong")
    args = cli.parse_args()
    if not Path(args.data, "txt").is_dir():
        print(f"no pages under {args.data}/txt: pass the article-extraction folder", file=sys.stderr)
        return 2
    from newslineage.clean import clean_one
    from newslineage.model import Article
    right = total = 0
    for p in sorted(glob.glob(f"{args.data}/txt/*.txt")):
        pid = Path(p).stem
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        want = headlines(gzip.open(f"{args.data}/html/{pid}.html.gz").read(), {norm(ln) for ln in text.splitlines()})
        if not want:
            continue
        got = clean_one(Article(id=pid, source=p, text=text)).title
        total += 1
        right += norm(got) in want
        if args.show and norm(got) not in want:
            print(f"{pid[:8]}  got {got!r:.60}  want {sorted(want)[0]!r:.60}")
    print(f"title is the page's headline: {right}/{total} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
