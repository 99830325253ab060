#!/usr/bin/env python3
"""Fit the story score's weights (``StoryIndex``'s defaults): a logistic pair classifier (same
event or not) over the score's parts and the beat's, checked against the hand weights and a
gradient-boosted classifier by grouped cross-validation, at the pair and at the story level.

    PYTHONPATH=src .venv/bin/python tools/fit_story_weights.py --inputs /tmp/pairs.json.stories.pkl \
        [--cache PAIRS.npz] [--stories "5 parts + beat (all)" --pair-threshold [--band 0.05]] [--all-data]

--inputs: the training articles (made there when missing, as ``tools/fit_stories.py --stories``
keeps them: the TUNE half of benchmarks/families as the pipeline cleans it, the reuse relations
the stories stage gets, 600 BBC articles of ../shared/data/news-base dated one day 08:00-17:00).
Never trained on tests/data/stories (a test's corpus), the held-out families or any corpus a
test or benchmark checks.

Pairs: an independent report against each article of its event it shares no text with
(positive); articles of different stories inside a family and across families, scored as if
published the same day (the text must keep them apart) and again with their real times (within
the window: time must keep its weight), and BBC same-category pairs as dated and with one side
undated (negative). The parts are what ``StoryIndex`` computes (``Scoring._cheap``): name overlap,
shared figures, word cosine, lead cosine, dateline place, and the beat's parts (names shared,
their idf in all, the rarest's idf, title stems shared, another language).

The fit: z = w.f + b (balanced classes); the time offset of the bar (``StoryIndex.needed`` -
threshold) counts c times, c the one of SCALES that joins the most training positives within the
false-join budget the hand weights spend on the same training pairs (BBC pairs, and family
different-event pairs, each no more than the hand weights join); the threshold is the lowest
within that budget. As StoryIndex weights: w/c and the threshold over c, so the bar's offsets
keep their units. Folds: the families in 5 groups, the BBC pairs by category (a fold holds out
a topic), a cross-family pair in the training of neither family's fold. ``--stories`` clusters
the held-out fold's families as the product does with each fold's weights (average link) and
counts those partitioned exactly; ``--all-data`` prints the weights fitted on every pair (the
defaults, benchmarks/RESULTS-stories.md).
"""
from __future__ import annotations

import argparse
import math
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

NAMES = ("names", "figures", "words", "lead", "place", "shared_names", "shared_idf",
         "rarest_name", "title", "language")
# StoryIndex's weight for each part
WEIGHTS = ("names_weight", "figures_weight", "words_weight", "lead_weight", "place_weight",
           "shared_names_weight", "shared_idf_weight", "rarest_name_weight", "title_weight",
           "language_weight")
# the weights StoryIndex had before this fit, set by hand (names, figures, words, lead, place)
HAND = np.array([0.6, 0.05, 0.8, 0.5, 0.15])
HAND_T = 0.55


def pair_table(arts, label, group, same_day_negatives=True):
    """Parts, time offset, label and group of every labelled pair of ``arts`` (indexed
    together; the parts as ``StoryIndex`` computes them, the lead with every vector)."""
    from newslineage.stories import StoryIndex

    idx = StoryIndex(shared_names_weight=1e-9)  # computes the beat's parts
    ps = {}
    for a in arts:
        ps[a.id] = idx.profile(a)
        idx.articles[a.id] = a
        idx._index(ps[a.id])
    idx._vectors(list(ps.values()))
    rows, offs, ys, gs = [], [], [], []
    for x, y in combinations(sorted(ps), 2):
        lab = label(x, y)
        if lab is None:
            continue
        px, py = ps[x], ps[y]
        if not lab and same_day_negatives:
            off = 0.0
        else:
            gap = idx.gap_days(px, py)
            if gap is not None and gap > idx.max_gap_days:
                continue
            off = idx.needed(px, py) - idx.threshold
        ov, nums, tcos, here = (float(v[0]) for v in idx._cheap(px, [py]))
        cos = 0.2 if px.vec is None or py.vec is None else float(np.dot(px.vec, py.vec))
        rows.append([ov, nums, tcos, max(0.0, cos - 0.2), here, *idx._more[0].tolist()])
        offs.append(off)
        ys.append(lab)
        gs.append(group(x, y))
    return np.array(rows), np.array(offs), np.array(ys, dtype=bool), np.array(gs)


def load_inputs(inputs: str) -> dict:
    """The training articles (``fit_stories.story_inputs``, kept in INPUTS: NAME.stories.pkl)."""
    from fit_stories import story_inputs
    if not inputs.endswith(".stories.pkl"):
        raise SystemExit("--inputs must end in .stories.pkl")
    return story_inputs(inputs[:-len(".stories.pkl")], 600, 0)


def build(inputs: str):
    d = load_inputs(inputs)
    arts, rels, fams = d["articles"], d["relations"], d["families"]
    shared = {frozenset((r["a"], r["b"])) for r in rels}
    story = {a: (fam, k) for fam, st in fams.items() for k, s in enumerate(st) for a in s}

    def fam_label(x, y):
        if frozenset((x, y)) in shared:
            return None  # joined by its reuse relation, not by this score
        return int(story[x] == story[y])

    def fam_group(x, y):
        fx, fy = sorted((story[x][0], story[y][0]))
        return fx if fx == fy else f"cross:{fx}|{fy}"

    F1 = pair_table(arts, fam_label, fam_group)
    # the family's different-event pairs again with their real times (those within the window):
    # time must keep its weight against the text (a decoy is often days apart or undated)
    F1r = pair_table(arts, lambda x, y: 0 if fam_label(x, y) == 0 else None, fam_group,
                     same_day_negatives=False)
    cat = d["category"]
    F2 = pair_table(d["bbc"], lambda x, y: 0 if cat[x] == cat[y] else None, lambda x, y: "bbc:" + cat[x],
                    same_day_negatives=False)
    # the same BBC pairs with one side undated (its bar's margin): the fit must keep the time
    # policy, not spend it (every other negative pair is dated the same day)
    undated = undated_margin()
    F3 = (F2[0], np.full(len(F2[1]), undated), F2[2], F2[3])
    return tuple(np.concatenate(parts) for parts in zip(F1, F1r, F2, F3))


def undated_margin() -> float:
    from newslineage.stories import StoryIndex
    return StoryIndex().undated_margin


def folds(g, k=5, seed=0):
    """Fold of each pair (families in k groups, BBC categories spread over the folds, a
    cross-family pair with its first family) and the fold of each family."""
    rng = np.random.default_rng(seed)
    fams = sorted({x for x in g.tolist() if not x.startswith(("bbc:", "cross:"))})
    of = {f: i % k for i, f in enumerate(rng.permutation(fams))}
    cats = sorted({x for x in g.tolist() if x.startswith("bbc:")})
    of.update({c: i % k for i, c in enumerate(cats)})
    fold = np.array([of[x] if x in of else of[x[6:].split("|")[0]] for x in g.tolist()])
    # a cross-family pair that touches a family of another fold is in neither's training
    other = np.array([of[x[6:].split("|")[1]] if x.startswith("cross:") else f
                      for x, f in zip(g.tolist(), fold.tolist())])
    return fold, other, {f: of[f] for f in fams}


def budget_T(s, y, g, spent):
    """The lowest threshold at which scores ``s`` join no more BBC and no more family
    different-event pairs than ``spent`` (the hand weights' count on the same pairs)."""
    T = -np.inf
    bbc = np.char.startswith(g.astype(str), "bbc:")
    for mask, n in ((~y & bbc), spent[0]), ((~y & ~bbc), spent[1]):
        neg = np.sort(s[mask])[::-1]
        if len(neg) > n:
            T = max(T, neg[n] + 1e-9)
    return T


def false_joins(hit, y, g):
    bbc = np.char.startswith(g.astype(str), "bbc:")
    return int((hit & ~y & bbc).sum()), int((hit & ~y & ~bbc).sum())


SCALES = (2, 4, 8, 16, 32, 64, 128)


def fit(F, off, y, g, hand_hit, cols, C=1.0):
    """A logistic fit over the parts ``cols`` as StoryIndex weights: the logit z = w.f + b;
    the time offset counts c times (c from SCALES: the one that joins the most training
    positives within the hand weights' budget); weights w/c, threshold -b/c, so the bar's
    offsets keep their units. Returns (weights over all parts, threshold)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    sc = StandardScaler().fit(F[:, cols])
    m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(sc.transform(F[:, cols]), y)
    w = np.zeros(F.shape[1])
    w[cols] = m.coef_[0] / sc.scale_
    b = float(m.intercept_[0] - (m.coef_[0] * sc.mean_ / sc.scale_).sum())
    z = F @ w + b
    spent = false_joins(hand_hit, y, g)
    best = None
    for c in SCALES:
        T = budget_T(z - c * off, y, g, spent)
        tp = int(((z - c * off >= T) & y).sum())
        if best is None or tp > best[0]:
            best = (tp, c, T)
    _, c, T = best
    return w / c, float((T - b) / c)


NO_LEAD = np.array([1, 1, 1, 0, 1, 1, 1, 1, 1, 1.0])


def lead_share(F, off, y, g, w, T) -> float:
    """``StoryIndex.typical_lead`` for weights ``w``: the bar without lead vectors is T less
    lead_weight x share; the share is the largest at which the pairs scored without their lead
    join no more BBC and family different-event pairs than the hand weights do without theirs
    (with the share they assumed, 0.3)."""
    hand = F[:, :5] @ (HAND * NO_LEAD[:5]) - off >= HAND_T - HAND[3] * 0.3
    Tn = budget_T(F @ (w * NO_LEAD) - off, y, g, false_joins(hand, y, g))
    return float(max(0.0, (T - Tn) / w[3]))


def lgbm_cv(F, off, y, g, fold, other, hand_hit):
    from lightgbm import LGBMClassifier
    for leaves, n in ((4, 100), (8, 200)):
        hit = np.zeros(len(y), bool)
        for f in range(5):
            tr, te = (fold != f) & (other != f), fold == f
            m = LGBMClassifier(n_estimators=n, num_leaves=leaves, learning_rate=0.05, min_child_samples=10,
                               subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
                               class_weight="balanced", verbose=-1, n_jobs=1).fit(F[tr], y[tr])
            p = np.clip(m.predict_proba(F)[:, 1], 1e-6, 1 - 1e-6)
            z = np.log(p / (1 - p))
            spent = false_joins(hand_hit[tr], y[tr], g[tr])
            best = None
            for c in SCALES:
                T = budget_T((z - c * off)[tr], y[tr], g[tr], spent)
                tp = int((((z - c * off)[tr] >= T) & y[tr]).sum())
                if best is None or tp > best[0]:
                    best = (tp, c, T)
            hit[te] = (z - best[1] * off)[te] >= best[2]
        print(f"{f'lgbm {leaves} leaves {n} trees, all parts':40s} same-story {int((hit & y).sum()):4d}/{int(y.sum())}"
              f"  false joins BBC/families {false_joins(hit, y, g)}")


PART_SETS = {"5 parts": [0, 1, 2, 3, 4], "5 parts + beat (all)": list(range(10)),
             "5 parts + names' parts": [0, 1, 2, 3, 4, 5, 6, 7], "all but language": list(range(9)),
             "all but title": [0, 1, 2, 3, 4, 5, 6, 7, 9]}


def story_level(data, F, off, y, g, fold, other, fam_fold, hand_hit, cols, band, link=8,
                pair_threshold=False):
    """Each fold's weights as StoryIndex uses them: the threshold set by the story-level budget
    (clustering the 600 BBC articles merges in no category more pairs than the hand weights),
    the held-out fold's families clustered with the tune half, counted when partitioned exactly."""
    from fit_stories import clustered, exact, merges, within
    arts, rels, fams, bbc, cat = (data[k] for k in ("articles", "relations", "families", "bbc", "category"))
    # the hand weights as StoryIndex had them before this fit (none on the beat's parts)
    hand = dict(zip(WEIGHTS, [*HAND.tolist(), 0.0, 0.0, 0.0, 0.0, 0.0]), threshold=HAND_T,
                link_members=link, band=0.05, typical_lead=0.3)
    budget = merges(clustered(bbc, [], hand), cat)
    budget.pop("total")
    hand_groups = clustered(arts, rels, hand)
    hand_missed = sorted(fam[:3] for fam in fams if not exact(hand_groups, fams, {fam}))
    print(f"  story level, hand weights: tune exact {exact(hand_groups, fams)}/{len(fams)} (missed {' '.join(hand_missed)}); "
          f"BBC 600 merged pairs {budget} (the budget)")
    total = 0
    for f in range(5):
        tr = (fold != f) & (other != f)
        w, T0 = fit(F[tr], off[tr], y[tr], g[tr], hand_hit[tr], cols)
        share = lead_share(F[tr], off[tr], y[tr], g[tr], w, T0)
        opts = dict(zip(WEIGHTS, map(float, w)), link_members=link, band=band, typical_lead=share)
        lo, hi = int(T0 * 30), int(T0 * 150)
        while lo < hi and not pair_threshold:  # the lowest threshold (to 0.01) within the BBC budget
            mid = (lo + hi) // 2
            if within(merges(clustered(bbc, [], dict(opts, threshold=mid / 100)), cat), budget):
                hi = mid
            else:
                lo = mid + 1
        T = lo / 100
        if pair_threshold:  # the pair level's (both budgets, training pairs) when higher
            T = max(T, round(T0, 2))
        mine = {fam for fam, k in fam_fold.items() if k == f}
        groups = clustered(arts, rels, dict(opts, threshold=T))
        ok = exact(groups, fams, mine)
        base = exact(hand_groups, fams, mine)
        total += ok
        missed = sorted(fam[:3] for fam in mine if not exact(groups, fams, {fam}))
        print(f"    fold {f}: threshold {T:.2f} (pair level {T0:.2f}); held-out families exact {ok}/{len(mine)} "
              f"(hand {base}; missed {' '.join(missed)}); BBC merged "
              f"{merges(clustered(bbc, [], dict(opts, threshold=T)), cat)['total']}; lead share {share:.3f}; weights "
              + " ".join(f"{x:.2f}" for x in w))
    print(f"  out of fold: tune exact {total}/{len(fams)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--cache")
    ap.add_argument("--stories", help="also check this part set at the story level (a PART_SETS key)")
    ap.add_argument("--band", type=float, default=0.2)
    ap.add_argument("--all-data", action="store_true", help="print the weights fitted on all pairs")
    ap.add_argument("--pair-threshold", action="store_true", help="at the story level, the threshold "
                    "set at the pair level (both budgets) instead of the BBC 600 clustering's budget")
    ap.add_argument("--quiet-pairs", action="store_true", help="skip the pair-level table")
    args = ap.parse_args()
    if args.cache and Path(args.cache).exists():
        z = np.load(args.cache, allow_pickle=False)
        F, off, y, g = z["F"], z["off"], z["y"], z["g"]
    else:
        F, off, y, g = build(args.inputs)
        if args.cache:
            np.savez(args.cache, F=F, off=off, y=y, g=g)
    bbc = np.char.startswith(g.astype(str), "bbc:")
    print(f"{len(y)} pairs: {int(y.sum())} same-story sharing no text, "
          f"{int((~y & ~bbc).sum())} family/cross-family different-event, {int(bbc.sum())} BBC same-category")
    fold, other, fam_fold = folds(g)
    hand_hit = F[:, :5] @ HAND - off >= HAND_T
    print(f"{'hand weights (T 0.55)':40s} same-story {int((hand_hit & y).sum()):4d}/{int(y.sum())}  "
          f"false joins BBC/families {false_joins(hand_hit, y, g)}")
    for name, cols in ({} if args.quiet_pairs else PART_SETS).items():
        hit = np.zeros(len(y), bool)
        for f in range(5):
            tr, te = (fold != f) & (other != f), fold == f
            w, T = fit(F[tr], off[tr], y[tr], g[tr], hand_hit[tr], cols)
            hit[te] = (F @ w - off)[te] >= T
        print(f"{'logistic, ' + name:40s} same-story {int((hit & y).sum()):4d}/{int(y.sum())}  "
              f"false joins BBC/families {false_joins(hit, y, g)}")
    if not args.quiet_pairs:
        lgbm_cv(F, off, y, g, fold, other, hand_hit)
    if args.all_data:
        cols = PART_SETS[args.stories or "5 parts + beat (all)"]
        w, T = fit(F, off, y, g, hand_hit, cols)
        print("all pairs: " + ", ".join(f"{n}={v:.3f}" for n, v in zip(WEIGHTS, w)) + f", threshold={T:.3f} "
              f"(pair level), typical_lead={lead_share(F, off, y, g, w, T):.3f}")
    if args.stories:
        story_level(load_inputs(args.inputs), F, off, y, g, fold, other, fam_fold,
                    hand_hit, PART_SETS[args.stories], args.band, pair_threshold=args.pair_threshold)


if __name__ == "__main__":
    main()
