#!/usr/bin/env python3
"""Stories of the tune families and of BBC articles of one day, dated, undated and half undated.

    PYTHONPATH=src .venv/bin/python benchmarks/stories_undated.py [--options '{"undated_margin": 0}'] [--cache C]

The tune half of benchmarks/families as the pipeline hands it to the stories stage and 600 BBC
articles (../shared/data/news-base, all categories) published one day 08:00-17:00, from
``tools/fit_stories.py story_inputs`` (kept in C.stories.pkl). Prints the tune families the
stories partition exactly and, for the BBC articles as dated, with every date removed and with
every other date removed, the merged pairs by category (all different events but for a few:
the false-join check of a change in how time is weighed). ``--options``: StoryIndex
parameters as JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import fit_stories as fs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--options", default="{}", help="StoryIndex parameters (JSON)")
    ap.add_argument("--cache", default="/tmp/stories_undated", help="story_inputs cache prefix")
    args = ap.parse_args()
    opts = json.loads(args.options)
    d = fs.story_inputs(args.cache, 600, 0)
    fams = d["families"]
    groups = fs.clustered(d["articles"], d["relations"], opts)
    miss = [f for f in fams if not fs.exact(groups, fams, {f})]
    print(f"tune families exact {len(fams) - len(miss)}/{len(fams)}; apart: {' '.join(miss)}")
    bbc, cat = d["bbc"], d["category"]
    for name, arts in (("dated", bbc), ("undated", [replace(a, published=None) for a in bbc]),
                       ("every other undated", [replace(a, published=None) if k % 2 else a
                                                for k, a in enumerate(bbc)])):
        print(f"BBC {len(bbc)} {name}: merged pairs {fs.merges(fs.clustered(arts, [], opts), cat)}")


if __name__ == "__main__":
    main()
