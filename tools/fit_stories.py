"""Fit the weights of the story score and its threshold (``StoryIndex`` names_weight,
figures_weight, words_weight, lead_weight, place_weight, threshold) on training data, by
cross-validation grouped by family, keeping the time policy (the bar's offsets) as it is.

    PYTHONPATH=src python tools/fit_stories.py [--bbc 600] [--seed 0] [--band 0.2] [--strict]
                                               [--pairs CACHE.json] [--stories [--link 8]]

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

A pair-level gain need not survive the story level (joins chain): ``--stories`` checks each
fold's weights as the product uses them (average link over ``--link`` members), its threshold
set by a story-level budget (clustering the BBC articles merges in no category more pairs than
the hand weights do), counting the held-out fold's families partitioned exactly; the last
line gives the weights for StoryIndex. Check them with benchmarks/families/run.py and
benchmarks/stories.py --bbc too (benchmarks/RESULTS-stories.md).
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

    idx = StoryIndex(**dict(zip(WEIGHTS, HAND.tolist()), threshold=HAND_T, **NO_BEAT))
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
TYPICAL_LEAD = 0.3  # the hand weights' lead share assumed when it is not computed (scoring.TYPICAL_LEAD)


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
    ap.add_argument("--stories", action="store_true", help="also check the fitted weights at the "
                    "story level (threshold by a story-level BBC budget; held-out families clustered)")
    ap.add_argument("--link", type=int, default=8, help="with --stories: average link over up to "
                    "this many members of a story (StoryIndex link_members; 0: single link)")
    ap.add_argument("--loose-budget", action="store_true", help="with --stories: the story-level "
                    "budget is the hand weights' BBC merges with single link (default: the fewer of "
                    "that and the hand weights' with --link, per category)")
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
    fold_weights = []
    for f in range(FOLDS):
        tr, te = fold != f, fold == f
        w, T, negw = fit(F[tr], off[tr], y[tr], g[tr], args.band, args.strict)
        fold_weights.append(np.round(w, 2))
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
    if args.stories:
        fold_of = {k: int(v) for k, v in zip(g.tolist(), fold.tolist()) if k not in ("bbc", "cross")}
        story_level(story_inputs(args.pairs, args.bbc, args.seed), fold_weights, fold_of, w,
                    args.link, args.band, args.loose_budget)


# -- the story level -------------------------------------------------------------------------
# A pair-level gain need not survive clustering (joins chain through stories), so with
# --stories the weights of each fold are also checked as the product uses them: the threshold is
# set by a story-level false-join budget (clustering the BBC articles dated one day merges no
# more pairs than the product does now) and the held-out fold's families are clustered with
# the tune half's reuse relations, counting those partitioned exactly.
WEIGHTS = ("names_weight", "figures_weight", "words_weight", "lead_weight", "place_weight")


def story_inputs(cache: str | None, n_bbc: int, seed: int) -> dict:
    """The tune half's articles as the pipeline cleans them (with their sentences: the lead is
    read from them), the reuse relations it hands the stories stage, the families' true
    stories, and the BBC articles dated one day (kept in CACHE.stories.pkl beside the pairs)."""
    import pickle

    from newslineage import pipeline
    from newslineage.model import Article

    path = Path(cache + ".stories.pkl") if cache else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "families" / "build.py"), tmp,
                        "--half", "tune"], check=True, capture_output=True)
        opts = pipeline.Options(workers=1)
        arts, _ = pipeline.read_and_clean([str(Path(tmp) / "articles")], opts)
        rels = [{"a": r.a, "b": r.b, "kind": r.kind} for r in pipeline.find_reuse(arts, opts)]
        fams = {t.stem: json.loads(t.read_text())["stories"] for t in sorted((Path(tmp) / "truth").glob("*.json"))}
    bbc = bbc_articles(n_bbc, seed)
    data = {"articles": arts, "relations": rels, "families": fams, "bbc": [
        Article(id=a["id"], source=a["id"], text=a["text"], title=a["title"], published=a["published"],
                language=a["language"]) for a in bbc], "category": {a["id"]: a["category"] for a in bbc}}
    if path:
        path.write_bytes(pickle.dumps(data))
    return data


def clustered(arts, rels, options: dict) -> list[list[str]]:
    """The stories (article ids) ``stories.cluster`` gives with these ``StoryIndex`` options."""
    from newslineage.model import Relation
    from newslineage.stories import cluster
    got, _ = cluster(arts, [Relation(a=r["a"], b=r["b"], kind=r["kind"]) for r in rels], **options)
    return [s.articles for s in got]


def merges(groups, cat: dict) -> dict:
    """Merged pairs by category (pairs of two categories under 'cross'), and their 'total'."""
    out = dict.fromkeys(sorted(set(cat.values())) + ["cross"], 0)
    for x in groups:
        for i, a in enumerate(x):
            for b in x[i + 1:]:
                out[cat[a] if cat[a] == cat[b] else "cross"] += 1
    out["total"] = sum(out.values())
    return out


def within(m: dict, budget: dict) -> bool:
    return all(m[k] <= budget[k] for k in budget)


def exact(groups, fams: dict, only=None) -> int:
    """Families (of ``only``, if given) whose articles the stories partition exactly."""
    n = 0
    for fam, truth in fams.items():
        if only is not None and fam not in only:
            continue
        ids = {a for st in truth for a in st}
        got = {frozenset(a for a in x if a in ids) for x in groups} - {frozenset()}
        n += got == {frozenset(st) for st in truth}
    return n


# The beat's parts (StoryIndex's defaults weigh them since tools/fit_story_weights.py): none here,
# as this fit has the five parts only.
NO_BEAT = dict.fromkeys(("shared_names_weight", "shared_idf_weight", "rarest_name_weight",
                         "title_weight", "language_weight"), 0.0)


def options(w, T: float, link: int, band: float) -> dict:
    return dict(zip(WEIGHTS, (float(v) for v in w)), threshold=float(T), link_members=link, band=band,
                typical_lead=TYPICAL_LEAD, **NO_BEAT)


def story_threshold(bbc, cat, w, link: int, band: float, budget: dict) -> tuple[float, dict]:
    """The lowest threshold (to 0.01, between 0.3 and 2) at which clustering the BBC articles
    with weights ``w`` merges no more pairs of any category than ``budget``, and the pairs it
    merges (taken as falling with the threshold: a bisection)."""
    lo, hi = 30, 200
    got = {}
    while lo < hi:
        mid = (lo + hi) // 2
        got[mid] = merges(clustered(bbc, [], options(w, mid / 100, link, band)), cat)
        if within(got[mid], budget):
            hi = mid
        else:
            lo = mid + 1
    if lo not in got:
        got[lo] = merges(clustered(bbc, [], options(w, lo / 100, link, band)), cat)
    return lo / 100, got[lo]


def story_level(data: dict, fold_weights: list, fold_of: dict, w_all, link: int, band: float,
                loose: bool = False) -> None:
    """Out-of-fold families partitioned exactly, each fold's weights with its story-level
    threshold, against the hand weights with single link (the product before the fit). The
    budget: in no category more merged BBC pairs than the hand weights give, with single link
    or with the same link rule, whichever is fewer (a link rule that chains less is not spent
    on looser weights); ``loose``: than the hand weights with single link."""
    arts, rels, fams = data["articles"], data["relations"], data["families"]
    bbc, cat = data["bbc"], data["category"]
    fold_fam = {fam: fold_of.get(next(iter(truth[0]))[0]) for fam, truth in fams.items()}
    now = options(HAND, HAND_T, 0, HAND_BAND)  # the hand weights, single link (the product before)
    hand_bbc = merges(clustered(bbc, [], now), cat)
    hand_tune = exact(clustered(arts, rels, now), fams)
    link_tune = exact(clustered(arts, rels, options(HAND, HAND_T, link, HAND_BAND)), fams)
    link_bbc = merges(clustered(bbc, [], options(HAND, HAND_T, link, HAND_BAND)), cat)
    budget = hand_bbc if loose else {k: min(hand_bbc[k], link_bbc[k]) for k in hand_bbc}
    if not loose:
        budget.pop("total")
    print(f"story level ({len(fams)} tune families, {len(bbc)} BBC articles dated one day; budget, "
          f"merged BBC pairs of each category: {budget}, " + ("the hand weights', single link)" if loose else
                                                      "the hand weights', the fewer of single and the same link)"))
    print(f"  hand weights, single link            tune exact {hand_tune}/{len(fams)}  BBC merged pairs {hand_bbc}")
    print(f"  hand weights, average link {link:<2}        tune exact {link_tune}/{len(fams)}  BBC merged pairs {link_bbc}")
    held = 0
    for f, w in enumerate(fold_weights):
        T, nb = story_threshold(bbc, cat, w, link, band, budget)
        mine = {fam for fam, k in fold_fam.items() if k == f}
        ok = exact(clustered(arts, rels, options(w, T, link, band)), fams, mine)
        held += ok
        print(f"  fold {f}: threshold {T:.2f} (BBC merged pairs {nb}); held-out families exact {ok}/{len(mine)}")
    print(f"  fitted, average link {link}, out of fold: tune exact {held}/{len(fams)}")
    T, nb = story_threshold(bbc, cat, w_all, link, band, budget)
    ins = exact(clustered(arts, rels, options(w_all, T, link, band)), fams)
    print(f"all training data: " + ", ".join(f"{n}={v:.2f}" for n, v in zip(WEIGHTS, w_all))
          + f", threshold={T:.2f}, link_members={link}, band={band}: BBC merged pairs {nb}, "
          f"tune exact {ins}/{len(fams)} (in sample)")


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
