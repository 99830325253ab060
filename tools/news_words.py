#!/usr/bin/env python3
"""Build resources/news_words.json: how often each word is written in lower case in real news
(the BBC articles of shared/data/news-base), so that drift can tell a house word that stands
before names every day ("former", "new", "south", "chief", "rival") from a writer's judgement
("fickle", "embattled", "overpriced"), which news copy rarely uses.

    PYTHONPATH=src .venv/bin/python tools/news_words.py [--check] [--data DIR]

Counts every lower-case word (letters, inner hyphens and apostrophes) over the 2,225 articles
and keeps those written at least MIN_COUNT times; a word missing from the file was written
fewer times. Only the counts ship, never text. --check: exit 1 when the file differs.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "src" / "newslineage" / "resources" / "news_words.json"
DATA = ROOT.parent / "shared" / "data" / "news-base"
MIN_COUNT = 3  # below the smallest threshold drift's judging words choose from
WORD = re.compile(r"[^\W\d_][\w'’-]*")
KEEP = re.compile(r"[a-z][a-z'-]*[a-z]")


def build(data: Path) -> dict:
    counts: collections.Counter = collections.Counter()
    with open(data / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            for w in WORD.findall(json.loads(line)["text"]):
                if w[:1].islower():
                    counts[w.replace("’", "'")] += 1
    kept = {w: c for w, c in counts.items() if c >= MIN_COUNT and KEEP.fullmatch(w)}
    by_count: dict[str, list[str]] = collections.defaultdict(list)
    for w, c in sorted(kept.items()):
        by_count[str(c)].append(w)
    return {"_about": "Lower-case words of the BBC articles in shared/data/news-base (2,225, "
                      f"2004-2005) written at least {MIN_COUNT} times, grouped by that count "
                      "(drift's judging words: a frequent house word is no label). Built by "
                      "tools/news_words.py; counts only, no text.",
            "en": {c: " ".join(ws) for c, ws in sorted(by_count.items(), key=lambda kv: int(kv[0]))}}


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--check", action="store_true")
    cli.add_argument("--data", type=Path, default=DATA)
    a = cli.parse_args()
    text = json.dumps(build(a.data), ensure_ascii=False, indent=0) + "\n"
    if a.check:
        same = PATH.exists() and PATH.read_text(encoding="utf-8") == text
        print("news_words.json is " + ("what the tool builds" if same else "NOT what the tool builds"))
        return 0 if same else 1
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote {PATH} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
