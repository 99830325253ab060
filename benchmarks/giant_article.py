"""Is `analyze` near linear in one article's length? Four short articles and one single-line
article of each size, timed in a fresh process, against the four short ones alone (the
baseline, in the same run).

    python benchmarks/giant_article.py [--mb 0.2 1 5] [--runs 1]

The giant article is sentences of tests/hostile_corpus.py's topics in random order on one
line (no paragraph breaks: the worst case for per-paragraph work). Prints wall seconds and
seconds per MB beyond the baseline: flat seconds per MB is linear work.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def timed(folder: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newslineage", "analyze", str(folder), "--quiet",
                    "--json", str(folder.parent / f"{folder.name}.json")], check=True, env=env)
    return time.perf_counter() - t


def main() -> None:
    from hostile_corpus import TOPICS, article
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[0.2, 1.0, 5.0])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nl-giant-"))
    sentences = [t[1] for t in TOPICS]
    try:
        base = tmp / "base"
        base.mkdir()
        for i in range(4):
            (base / f"s{i}.txt").write_text(article(i))
        base_s = statistics.median(timed(base) for _ in range(args.runs))
        print(f"baseline (4 short articles): {base_s:.1f} s")
        for mb in args.mb:
            folder = tmp / f"g{mb}"
            shutil.copytree(base, folder)
            rnd, out, n = random.Random(1), [], 0
            while n < mb * 1e6:
                s = rnd.choice(sentences) + " "
                out.append(s)
                n += len(s)
            (folder / "giant.txt").write_text("".join(out))
            wall = statistics.median(timed(folder) for _ in range(args.runs))
            print(f"{mb:5.1f} MB one-line article: {wall:7.1f} s  ({wall / base_s:.1f}x the "
                  f"baseline; {(wall - base_s) / mb:.1f} s per MB beyond it)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
