"""Is `analyze` near linear in one article's length? Four short articles and one single-line
article of each size, timed in a fresh process, against the four short ones alone (the
baseline, in the same run).

    python benchmarks/giant_article.py [--mb 0.2 1 5] [--runs 1]

The giant article is sentences of tests/hostile_corpus.py's topics in random order on one
line (no paragraph breaks: the worst case for per-paragraph work). Prints wall seconds and
seconds per MB beyond the baseline: flat seconds per MB is linear work.
"""
from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

from suite import PY, ROOT, add_runs, median, parser, record, run_process, tree_env

sys.path.insert(0, str(ROOT / "tests"))


def timed(folder: Path) -> float:
    return run_process([PY, "-m", "newslineage", "analyze", str(folder), "--quiet", "--json",
                        str(folder.parent / f"{folder.name}.json")], env=tree_env(),
                       check=True)["wall"]


def main() -> None:
    from hostile_corpus import TOPICS, article
    ap = parser(__doc__)
    ap.add_argument("--mb", type=float, nargs="+", default=[0.2, 1.0, 5.0])
    add_runs(ap, 1)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nl-giant-"))
    sentences = [t[1] for t in TOPICS]
    try:
        base = tmp / "base"
        base.mkdir()
        for i in range(4):
            (base / f"s{i}.txt").write_text(article(i))
        base_s = median(timed(base) for _ in range(args.runs))
        print(f"baseline (4 short articles): {base_s:.1f} s")
        figures = {"runs": args.runs, "baseline (4 short articles) wall s": round(base_s, 1)}
        for mb in args.mb:
            folder = tmp / f"g{mb}"
            shutil.copytree(base, folder)
            rnd, out, n = random.Random(1), [], 0
            while n < mb * 1e6:
                s = rnd.choice(sentences) + " "
                out.append(s)
                n += len(s)
            (folder / "giant.txt").write_text("".join(out))
            wall = median(timed(folder) for _ in range(args.runs))
            print(f"{mb:5.1f} MB one-line article: {wall:7.1f} s  ({wall / base_s:.1f}x the "
                  f"baseline; {(wall - base_s) / mb:.1f} s per MB beyond it)", flush=True)
            figures[f"{mb} MB one-line article"] = {"wall s": round(wall, 1),
                                                    "x baseline": round(wall / base_s, 1)}
        record("giant_article", figures, args, quiet=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
