"""Fit the weights of the story score and its threshold (``StoryIndex`` names_weight,
figures_weight, words_weight, lead_weight, place_weight, threshold) on training data, by
cross-validation grouped by family, keeping the time policy (the bar's offsets) as it is.

    PYTHONPATH=src python tools/fit_stories.py [--bbc 600] [--seed 0] [--band 0.2] [--strict]
                                               [--pairs CACHE.json]

Training data (never a corpus a test or a benchmark checks; tests/data/stories is a test set):
- the TUNE half of the evaluation families (benchmarks/families, built from
  ../shared/data/news-base): positives are the pairs of one story that share no text (an
  independent report of the event against each copy); negatives are the pairs of different
  stories inside a family (a same-topic different-event article, unrelated articles) and
  across families, scored as if published the same day (the text alone must keep them apart);
- hard negatives from ../shared/data/news-base: BBC articles of one category, all published
  the same day a few hours apart (nearly all different events on one topic).

Each pair has the text signals of ``StoryIndex.match`` (with lead vectors) and the part of
its bar that depends on time (``StoryIndex.needed`` - threshold): a pair is joined when
w . features - offset >= threshold.

The fit: a logistic loss of 20 x (w . f - T - offset), the negatives counted 10 to 100 times
the positives in total; the weights' direction comes from the loss, the threshold from the
false-join budget, an explicit choice: no more BBC same-day same-category pairs joined than
the product joins now (the hand weights deciding as ``StoryIndex`` does, band 0.05), on the
same pairs; ``--strict`` also holds the family and cross-family different-event pairs to it.
The weighting that joins the most same-story pairs within the budget wins. Families go to
5 folds whole (BBC and cross-family pairs spread at random); the figures printed for the
fitted weights are out of fold, counted both with every lead computed and as the product
decides (the lead computed only within ``--band`` of the bar less its typical share).

A pair-level gain need not survive the story level (a story is scored as a whole and joins
chain): check any weights with benchmarks/families/run.py and benchmarks/stories.py --bbc
before making them the defaults (benchmarks/RESULTS-stories.md).
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


HAND = np.array([0.6, 0.05, 0.8, 0.5, 0.15])  # names, figures, words, lead, place: set by hand
HAND_T = 0.55
HAND_BAND = 0.05
NEG_WEIGHTS = (10, 20, 30, 50, 100)  # how much more a different-event pair counts than a same-story one
FOLDS = 5
TYPICAL_LEAD = 0.3  # stories.scoring.TYPICAL_LEAD: the lead's share assumed when it is not computed


def arrays(pairs):
    """Features, bar offsets, labels and groups of the pairs time does not rule out."""
    pairs = [p for p in pairs if p[1] is not None]
    F = np.array([p[0] for p in pairs], dtype=float)
    off = np.array([p[1] for p in pairs], dtype=float)
    y = np.array([p[2] for p in pairs], dtype=bool)
    g = np.array([p[3] for p in pairs])
    return F, off, y, g


def false_joins(hit, y, g) -> tuple[int, int]:
    """(BBC same-day same-category pairs, family and cross-family different-event pairs) joined."""
    bbc = g == "bbc"
    return int((hit & ~y & bbc).sum()), int((hit & ~y & ~bbc).sum())


def logistic(F, off, y, negw: float, k: float = 20.0):
    """Weights and threshold minimising the logistic loss of k x (w.f - T - offset), the
    different-event pairs counted ``negw`` times as much (in total) as the same-story ones."""
    from scipy.optimize import minimize

    wts = np.where(y, 1.0, negw * y.sum() / max(1, (~y).sum()))

    def loss(th):
        w, T = th[:5], th[5]
        z = k * (F @ w - T - off)
        return float((wts * np.where(y, np.logaddexp(0, -z), np.logaddexp(0, z))).sum() / wts.sum()
                     + 1e-3 * (w @ w))

    r = minimize(loss, np.r_[HAND, HAND_T], method="L-BFGS-B", bounds=[(0, 3)] * 6)
    return r.x[:5], float(r.x[5])


def budget_threshold(F, off, y, g, w, budget: tuple[int, int], band: float,
                     strict: bool = False) -> float:
    """The lowest threshold (to 0.001) at which the weights ``w``, deciding as ``StoryIndex``
    does with ``band``, join no more BBC same-day same-category pairs than ``budget[0]`` (and,
    ``strict``, no more family and cross-family different-event pairs than ``budget[1]``):
    the false-join budget decides the threshold, the loss only the direction of the weights."""
    s = F @ w - off
    T = 0.0
    limits = [(~y & (g == "bbc"), budget[0])] + ([(~y & (g != "bbc"), budget[1])] if strict else [])
    for mask, n in limits:
        neg = np.sort(s[mask])[::-1]
        if len(neg) > n:
            T = max(T, neg[n] + 1e-3)
    T = float(np.ceil(T * 1000) / 1000)
    # the banded decision joins some pairs on the lead's typical share without computing it
    while any(int((decide(F, off, w, T, band) & mask).sum()) > n for mask, n in limits):
        T = round(T + 0.001, 3)
    return T


def fit(F, off, y, g, band: float, strict: bool = False):
    """Weights and threshold for these pairs: for each weighting of the negatives a logistic
    fit, its threshold set by the budget (the hand weights' false joins on the same pairs);
    the fit that joins the most same-story pairs wins."""
    budget = false_joins(decide(F, off, HAND, HAND_T, HAND_BAND), y, g)
    best = None
    for negw in NEG_WEIGHTS:
        w, _ = logistic(F, off, y, negw)
        T = budget_threshold(F, off, y, g, w, budget, band, strict)
        tp = int((decide(F, off, w, T, band) & y).sum())
        if best is None or tp > best[0]:
            best = (tp, w, T, negw)
    return best[1], best[2], best[3]


def decide(F, off, w, T, band: float | None = None):
    """Joined or not. Without ``band``: every pair scored with its lead. With it, as
    ``StoryIndex`` decides: the cheap signals against the bar less the lead's typical share,
    the lead computed (and the full score against the bar) only within ``band`` of it."""
    full = F @ w - off >= T
    if band is None:
        return full
    cheap = F @ (w * np.array([1, 1, 1, 0, 1])) - off
    bar = T - w[3] * TYPICAL_LEAD
    return np.where(np.abs(cheap - bar) < band, full, cheap >= bar)


def folds(g, k: int, seed: int = 0) -> np.ndarray:
    """Fold of each pair: a family's pairs in one fold; cross-family and BBC pairs spread."""
    rng = np.random.default_rng(seed)
    fams = sorted(set(g.tolist()) - {"bbc", "cross"})
    of = {f: i % k for i, f in enumerate(rng.permutation(fams))}
    fold = np.array([of.get(x, -1) for x in g.tolist()])
    fold[fold < 0] = rng.integers(k, size=int((fold < 0).sum()))
    return fold


def line(name, hit, y, g) -> str:
    bbc, fam = false_joins(hit, y, g)
    return (f"{name:34s} same-story {int((hit & y).sum()):3d}/{int(y.sum())}  different-event: "
            f"families {fam:3d}/{int((~y & (g != 'bbc')).sum())}  BBC {bbc:4d}/{int((g == 'bbc').sum())}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bbc", type=int, default=600, help="BBC articles dated one day (hard negatives)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--band", type=float, default=0.2, help="the band the product decides with (see decide)")
    ap.add_argument("--strict", action="store_true", help="hold the family and cross-family "
                    "different-event pairs to the hand weights' count too (default: the BBC pairs only)")
    ap.add_argument("--pairs", help="keep the scored pairs in this file (JSON) and read them from it "
                    "when it exists (the features take minutes)")
    args = ap.parse_args()
    if args.pairs and Path(args.pairs).exists():
        pairs = [tuple(p) for p in json.loads(Path(args.pairs).read_text())]
    else:
        pairs = training_pairs(args.bbc, args.seed)
        if args.pairs:
            Path(args.pairs).write_text(json.dumps(pairs))
    F, off, y, g = arrays(pairs)
    print(f"{len(pairs)} pairs, {len(y)} within the time window: {int(y.sum())} same-story without "
          f"shared text, {int((~y & (g != 'bbc')).sum())} family and cross-family different-event "
          f"(as if the same day), {int((g == 'bbc').sum())} BBC same-category same-day")
    fold = folds(g, FOLDS, args.seed)
    hit = np.zeros(len(y), dtype=bool)
    banded = np.zeros(len(y), dtype=bool)
    for f in range(FOLDS):
        tr, te = fold != f, fold == f
        w, T, negw = fit(F[tr], off[tr], y[tr], g[tr], args.band, args.strict)
        hit[te] = decide(F[te], off[te], w, T)
        banded[te] = decide(F[te], off[te], w, T, args.band)
        print(f"  fold {f}: weights {np.round(w, 2).tolist()} threshold {T:.3f} (negatives x{negw}); "
              + line("held out", hit[te], y[te], g[te]).strip())
    print("out of fold (families grouped, 5 folds):")
    print(line("  hand weights", decide(F, off, HAND, HAND_T), y, g))
    print(line(f"  hand weights, band {HAND_BAND}", decide(F, off, HAND, HAND_T, HAND_BAND), y, g))
    print(line("  fitted", hit, y, g))
    print(line(f"  fitted, band {args.band}", banded, y, g))
    w, T, negw = fit(F, off, y, g, args.band, args.strict)
    w, T = np.round(w, 2), float(np.ceil(T * 100) / 100)
    print(f"all training data (negatives x{negw}), rounded: " + ", ".join(
        f"{n}_weight={v:.2f}" for n, v in zip(FEATURES, w)) + f", threshold={T:.2f}")
    print(line("  in sample", decide(F, off, w, T), y, g))
    print(line(f"  in sample, band {args.band}", decide(F, off, w, T, args.band), y, g))


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
