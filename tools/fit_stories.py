"""Choose the weight of the dateline place in the story score (``StoryIndex.place_weight``) on
training data, by cross-validation grouped by family.

    PYTHONPATH=src python tools/fit_stories.py [--bbc 600] [--seed 0] [--pairs CACHE.json]

Training data (never a corpus a test or a benchmark checks; tests/data/stories is a test set):
- the TUNE half of the evaluation families (benchmarks/families, built from
  ../shared/data/news-base): positives are the pairs of one story that share no text (an
  independent report of the event against each copy); negatives are the pairs of different
  stories inside a family (a same-topic different-event article, unrelated articles) and
  across families, scored as if published the same day (the text alone must keep them apart);
- hard negatives from ../shared/data/news-base: BBC articles of one category, all published
  the same day a few hours apart (nearly all different events on one topic).

Each pair is scored as ``StoryIndex.match`` does with lead vectors, less the part of its bar
that depends on time (``StoryIndex.needed`` - threshold), so one threshold applies to all.
The other weights and the threshold stay as they are (a lower threshold or a heavier lead
chosen this way merged BBC articles of one topic into stories of a whole week's politics).
For each held-out family the place weight is chosen on the other families and the BBC pairs
(the smallest weight that joins the most same-story pairs without joining more
different-event pairs than no weight does), then counted on the held-out one; the weight
printed last is chosen on all of them.
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


FEATURES = ("names", "figures", "words", "lead", "place")


def pair_features(idx, x, y) -> list[float]:
    """The text signals of ``StoryIndex.match``: idf-weighted name overlap, shared figures
    (up to 4), tf-idf word cosine, lead cosine above 0.2, dateline place named in the other."""
    ov, nums, tcos, here = (float(v[0]) for v in idx._cheap(x, [y]))
    cos = float(np.dot(x.vec, y.vec)) if x.vec is not None and y.vec is not None else 0.2
    return [ov, nums, tcos, max(0.0, cos - 0.2), here]


def scored_pairs(arts: list[dict], label, group, same_day_negatives: bool = False
                 ) -> list[tuple[list[float], float, int, str]]:
    """(features, bar offset, label, group) of every labelled pair; the bar offset is the
    part of the pair's bar that depends on time (``StoryIndex.needed`` - threshold), None
    when time rules the pair out whatever the score. With ``same_day_negatives`` a negative
    pair is scored as if both were published the same day (the families date most of their
    different-event articles days apart or not at all: time alone would keep them apart)."""
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
        if not lab and same_day_negatives:
            off = 0.0  # as if published the same day: the text alone must keep them apart
        else:
            gap = idx.gap_days(ps[x], ps[y])
            off = None if gap is not None and gap > idx.max_gap_days else idx.needed(ps[x], ps[y]) - idx.threshold
        out.append((pair_features(idx, ps[x], ps[y]), off, lab, group(x, y)))
    return out


HAND = np.array([0.6, 0.05, 0.8, 0.5])  # names, figures, words, lead: the weights before the place
PLACE_GRID = np.round(np.arange(0.0, 0.61, 0.05), 2)


def fit_place(pairs, threshold: float) -> float:
    """The place weight, the other weights and the threshold as they are: the one that joins
    the most same-story pairs of ``pairs`` while joining no more different-event pairs than
    without it (the smallest such weight: a place is a weak signal on its own)."""
    F = np.array([p[0] for p in pairs])
    off = np.array([np.inf if p[1] is None else p[1] for p in pairs])
    y = np.array([p[2] for p in pairs], dtype=bool)
    base = F[:, :4] @ HAND - off
    allowed = int(((base >= threshold) & ~y).sum())
    best = (-1, 0.0)
    for w in PLACE_GRID:
        hit = base + w * F[:, 4] >= threshold
        if int((hit & ~y).sum()) <= allowed and int((hit & y).sum()) > best[0]:
            best = (int((hit & y).sum()), float(w))
    return best[1]


def joined(pairs, w_place: float, threshold: float) -> tuple[int, int]:
    """(same-story pairs, different-event pairs) whose score reaches the threshold."""
    if not pairs:
        return 0, 0
    F = np.array([p[0] for p in pairs])
    off = np.array([np.inf if p[1] is None else p[1] for p in pairs])
    y = np.array([p[2] for p in pairs], dtype=bool)
    hit = F[:, :4] @ HAND + w_place * F[:, 4] - off >= threshold
    return int((hit & y).sum()), int((hit & ~y).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bbc", type=int, default=600, help="BBC articles dated one day (hard negatives)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pairs", help="keep the scored pairs in this file (JSON) and read them from it "
                    "when it exists (the features take minutes)")
    args = ap.parse_args()
    if args.pairs and Path(args.pairs).exists():
        pairs = [tuple(p) for p in json.loads(Path(args.pairs).read_text())]
    else:
        pairs = training_pairs(args.bbc, args.seed)
        if args.pairs:
            Path(args.pairs).write_text(json.dumps(pairs))
    from newslineage.stories import StoryIndex

    threshold = StoryIndex().threshold
    fams = sorted({g for *_, g in pairs if g not in ("cross", "bbc")})
    pos = sum(p[2] for p in pairs)
    print(f"{len(pairs)} pairs: {pos} same-story without shared text, {len(pairs) - pos} different "
          f"events ({sum(p[3] == 'bbc' for p in pairs)} BBC same-category same-day); threshold {threshold}")
    total = np.zeros(4, dtype=int)
    for f in fams:
        train = [p for p in pairs if p[3] != f]
        test = [p for p in pairs if p[3] == f]
        w = fit_place(train, threshold)
        tp0, fp0 = joined(test, 0.0, threshold)
        tp, fp = joined(test, w, threshold)
        total += (tp0, fp0, tp, fp)
        n_pos = sum(p[2] for p in test)
        print(f"  held out {f}: place weight {w:.2f} (chosen on the rest): {tp}/{n_pos} same-story pairs "
              f"joined ({tp0} without the place), {fp}/{len(test) - n_pos} different-event pairs ({fp0})")
    print(f"families held out one at a time: same-story pairs joined {total[2]} ({total[0]} without the "
          f"place), different-event pairs joined {total[3]} ({total[1]} without)")
    w = fit_place(pairs, threshold)
    tp, fp = joined(pairs, w, threshold)
    print(f"all training data: {tp} same-story and {fp} different-event pairs joined")
    print(f"place weight (all training data): {w:.2f}")


def training_pairs(n_bbc: int, seed: int) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        fam, truth = family_articles(Path(tmp))
    story = {a: k for k, s in enumerate(truth["stories"]) for a in s}
    shared = {frozenset((p["a"], p["b"])) for p in truth["pairs"]}

    def fam_label(x, y):
        if frozenset((x, y)) in shared:
            return None  # shares text: joined by the reuse relation, not by this score
        return int(story.get(x) == story.get(y))

    pairs = scored_pairs(fam, fam_label, lambda x, y: x[0] if x[0] == y[0] else "cross",
                         same_day_negatives=True)
    bbc = bbc_articles(n_bbc, seed)
    cat = {a["id"]: a["category"] for a in bbc}
    return pairs + scored_pairs(bbc, lambda x, y: 0 if cat[x] == cat[y] else None, lambda x, y: "bbc")


if __name__ == "__main__":
    main()
