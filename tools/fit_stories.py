"""Choose the story threshold (``StoriesSettings.threshold``) on training data, by
cross-validation grouped by family.

    PYTHONPATH=src python tools/fit_stories.py [--bbc 600] [--seed 0]

Training data (never a corpus a test or a benchmark checks):
- the TUNE half of the evaluation families (benchmarks/families, built from
  ../shared/data/news-base): positives are the pairs of one story that share no text (an
  independent report of the event against each copy); negatives are the pairs of different
  stories inside a family (a same-topic different-event article, unrelated articles) and
  across families;
- hard negatives from ../shared/data/news-base: BBC articles of one category, all published
  the same day a few hours apart (nearly all different events on one topic).

Each pair is scored as ``StoryIndex.match`` does with lead vectors, less the part of its bar
that depends on time (``StoryIndex.needed`` - threshold), so one threshold applies to all.
For each held-out family the threshold is chosen on the other families and the BBC pairs
(highest balanced accuracy, the middle of the best run), then counted on the held-out one;
the threshold printed last is chosen on all of them.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT.parent / "shared" / "data" / "news-base" / "articles.jsonl"


def family_articles(out: Path) -> tuple[list[dict], dict]:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "families" / "build.py"), str(out),
                    "--half", "tune"], check=True, capture_output=True)
    rep = out / "report.json"
    subprocess.run([sys.executable, "-m", "newslineage.cli", "analyze", str(out / "articles"),
                    "--json", str(rep), "--quiet"], check=True, capture_output=True)
    return json.loads(rep.read_text())["articles"], json.loads((out / "truth.json").read_text())


def bbc_articles(n: int, seed: int) -> list[dict]:
    rows = [json.loads(line) for line in BASE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    rng.shuffle(rows)
    out = []
    for k, r in enumerate(rows[:n]):
        out.append({"id": f"bbc_{r['id']}", "title": r["title"], "text": r["text"], "language": "en",
                    "category": r["category"], "published": f"2005-03-10T{8 + k % 10:02d}:00:00+00:00"})
    return out


def scored_pairs(arts: list[dict], label, group) -> list[tuple[float, int, str]]:
    from newslineage.model import Article
    from newslineage.stories import StoryIndex

    idx = StoryIndex()
    objs = [Article(id=a["id"], source=a["id"], text=a["text"], title=a.get("title"),
                    published=a.get("published"), language=a.get("language")) for a in arts]
    ps = {a.id: idx.profile(a) for a in objs}
    for a in objs:
        idx.articles[a.id] = a
        idx._index(ps[a.id])
    idx._vectors(list(ps.values()))
    out = []
    for x, y in combinations(sorted(ps), 2):
        lab = label(x, y)
        if lab is None:
            continue
        m = idx.match(ps[x], ps[y])
        if m.score <= 0:
            out.append((-1.0, lab, group(x, y)))  # time rules it out whatever the threshold
            continue
        out.append((m.score - (idx.needed(ps[x], ps[y]) - idx.threshold), lab, group(x, y)))
    return out


def best_threshold(pairs, grid) -> float:
    s = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    acc = []
    for t in grid:
        tpr = ((s >= t) & (y == 1)).sum() / max(1, (y == 1).sum())
        tnr = ((s < t) & (y == 0)).sum() / max(1, (y == 0).sum())
        acc.append((tpr + tnr) / 2)
    acc = np.array(acc)
    top = np.flatnonzero(acc >= acc.max() - 1e-9)
    return float(grid[top[len(top) // 2]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bbc", type=int, default=600, help="BBC articles dated one day (hard negatives)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fam, truth = family_articles(Path(tmp))
    story = {a: k for k, s in enumerate(truth["stories"]) for a in s}
    shared = {frozenset((p["a"], p["b"])) for p in truth["pairs"]}

    def fam_label(x, y):
        if frozenset((x, y)) in shared:
            return None  # shares text: joined by the reuse relation, not by this score
        return int(story.get(x) == story.get(y))

    pairs = scored_pairs(fam, fam_label, lambda x, y: x[0] if x[0] == y[0] else "cross")
    bbc = bbc_articles(args.bbc, args.seed)
    cat = {a["id"]: a["category"] for a in bbc}
    pairs += scored_pairs(bbc, lambda x, y: 0 if cat[x] == cat[y] else None, lambda x, y: "bbc")
    grid = np.round(np.arange(0.10, 0.80, 0.01), 2)
    fams = sorted({g for _, _, g in pairs if g not in ("cross", "bbc")})
    pos = sum(p[1] for p in pairs)
    print(f"{len(pairs)} pairs: {pos} same-story without shared text, {len(pairs) - pos} different "
          f"events ({sum(g == 'bbc' for *_, g in pairs)} BBC same-category same-day)")
    for f in fams:
        train = [p for p in pairs if p[2] != f]
        test = [p for p in pairs if p[2] == f]
        t = best_threshold(train, grid)
        tp = sum(1 for s, y, _ in test if y and s >= t)
        fp = sum(1 for s, y, _ in test if not y and s >= t)
        print(f"held out {f}: threshold {t:.2f} (chosen on the rest): {tp}/{sum(y for _, y, _ in test)} "
              f"same-story pairs joined, {fp}/{sum(1 - y for _, y, _ in test)} different-event pairs joined")
    t = best_threshold(pairs, grid)
    for name, sel in (("same story", lambda p: p[1] == 1), ("family negatives", lambda p: p[1] == 0 and p[2] != "bbc"),
                      ("BBC negatives", lambda p: p[2] == "bbc")):
        v = np.array([p[0] for p in pairs if sel(p)])
        print(name, "quantiles 50/90/99/99.9/max:", np.round(np.quantile(v, [0.5, 0.9, 0.99, 0.999, 1.0]), 3))
    bb = [p for p in pairs if p[2] == "bbc"]
    print(f"BBC same-day same-category pairs above {t:.2f}: {sum(s >= t for s, *_ in bb)}/{len(bb)}")
    print(f"threshold (all training data): {t:.2f}")


if __name__ == "__main__":
    main()
