#!/usr/bin/env python3
"""Lineage on the random families (random_specs.py): right by family, misses by class, and
the forest's weights fitted with folds by family.

    python3 benchmarks/families/random_specs.py /tmp/rand --n 200 --seed 1
    # once: each pile's articles and reuse relations, as lineage.trace receives them
    PYTHONPATH=src .venv/bin/python benchmarks/families/random_eval.py snapshot /tmp/rand /tmp/rand.pkl
    # lineage right, the misses by class and the signals that decided each wrong edge
    PYTHONPATH=src .venv/bin/python benchmarks/families/random_eval.py misses /tmp/rand.pkl [--show 20]
    # the weights chosen on k-1 folds of families, scored on the fold left out
    PYTHONPATH=src .venv/bin/python benchmarks/families/random_eval.py fit /tmp/rand.pkl \
        --grid root=0.5,0.95,1.5 credit=2,3,4 --folds 5

A weight is a field of LineageSettings or a vote of lineage/direction.py written ``dr.NAME``.
``fit`` goes over the grid one weight at a time (coordinate ascent, two rounds) on the
training folds' families and scores each left-out fold with what its training folds chose:
the out-of-fold figure is what the weights do to families they were not chosen on.
"""
from __future__ import annotations

import json
import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from lineage_cv import traced_report  # noqa: E402
from run import load_checker  # noqa: E402
from suite import parser  # noqa: E402


def snapshot(rand_dir: str, out: str) -> None:
    from newslineage import pipeline

    snaps = []
    for pile in sorted(Path(rand_dir).glob("pile*")):
        opts = pipeline.Options(workers=1)
        articles, _ = pipeline.read_and_clean([str(pile / "articles")], opts)
        relations = pipeline.find_reuse(articles, opts)
        truths = {p.stem: json.loads(p.read_text()) for p in sorted((pile / "truth").glob("*.json"))}
        snaps.append((articles, relations, truths))
        print(f"{pile.name}: {len(articles)} articles, {len(relations)} relations, {len(truths)} families",
              flush=True)
    with open(out, "wb") as fh:
        pickle.dump(snaps, fh)


def judge(rep: dict, truth: dict, norm) -> list[dict]:
    """Each related pair of the truth: right or not, and how (the issue's lineage figure)."""
    rels = {frozenset((r["a"], r["b"])): r for r in rep.get("relations", []) if r.get("kind") != "same-story"}
    origins = {o.get("id"): o for o in rep.get("origins", [])}
    kind_of = {a["id"]: a["op"] for a in truth.get("spec", {}).get("articles", [])}
    out = []
    for p in truth["pairs"]:
        r = rels.get(frozenset((p["a"], p["b"])))
        row = {"a": p["a"], "b": p["b"], "want": p["lineage"], "origin": p["origin"],
               "decidable": p.get("decidable", True),
               "ops": f"{kind_of.get(p['a'], '?')}/{kind_of.get(p['b'], '?')}", "kinds": p["kinds"]}
        if r is None:
            out.append(dict(row, ok=False, cls="pair not found", got=None))
            continue
        flip = r["a"] == p["b"]
        lin = r.get("lineage") or {}
        typ = p["lineage"]
        if flip:
            typ = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}.get(typ, typ)
        o = origins.get(lin.get("origin"))
        name = norm(o.get("name") if o else lin.get("origin"))
        got = lin.get("type")
        type_ok, origin_ok = got == typ, norm(p["origin"]) in name
        row.update(ok=type_ok and origin_ok, got=got, got_origin=lin.get("origin"),
                   evidence=(lin.get("evidence") or [""])[:4], confidence=lin.get("confidence"))
        if row["ok"]:
            cls = "right"
        elif got == "unknown":
            cls = "unknown"
        elif not type_ok and typ in ("a-from-b", "b-from-a") and got in ("a-from-b", "b-from-a"):
            cls = "direction reversed"
        elif not type_ok and typ in ("a-from-b", "b-from-a"):
            cls = "copy called sibling (common source)"
        elif not type_ok:
            cls = "siblings called copy"
        else:
            inside = p["origin"] in truth["articles"]
            cls = f"origin wrong (truth {'in the pile' if inside else 'outside'})"
        out.append(dict(row, cls=cls))
    return out


def tags(row: dict) -> list[str]:
    t = []
    if "translation" in row["kinds"]:
        t.append("translation")
    if "merge" in row["ops"]:
        t.append("merge")
    if "duplicate" in row["kinds"]:
        t.append("duplicates")
    if "copy" in row["ops"]:
        t.append("copy of a copy" if row["ops"].count("copy") == 2 else "copy")
    return t


def credits_read(snaps) -> tuple[dict, set[str]]:
    """How often lineage reads a credit written in each position and wording (position ->
    [read, written]): clean's credit lines and the heads lineage reads itself; and the
    articles whose credit went unread."""
    from newslineage.lineage.cited import article_sources, key, known_sources

    by_pos: dict[str, list[int]] = {}
    unread = set()
    for articles, _rels, truths in snaps:
        known = known_sources(articles)
        # (a wire's other names fold to one key, "Deutsche Presse Agentur" to "dpa")
        got = {a.id: set(article_sources(a, known, False).credits) for a in articles}
        for t in truths.values():
            for a in t.get("spec", {}).get("articles", []):
                if not a.get("credits"):
                    continue
                ok = all(any(key(c) in g or g in key(c) for g in got.get(a["id"], ()) if g)
                         for c in a["credits"])
                if not ok:
                    unread.add(a["id"])
                for p in a.get("credit_pos", []):
                    row = by_pos.setdefault(p, [0, 0])
                    row[0] += ok
                    row[1] += 1
    return by_pos, unread


def per_family(snaps, settings=None, votes=None) -> dict[str, tuple[int, int]]:
    norm = load_checker().norm
    out = {}
    for snap in snaps:
        rep = traced_report(snap, settings, votes)
        for fam, t in snap[2].items():
            rows = judge(rep, t, norm)
            rows = [r for r in rows if r["decidable"]]
            out[fam] = (sum(r["ok"] for r in rows), len(rows))
    return out


def misses(path: str, show: int) -> None:
    with open(path, "rb") as fh:
        snaps = pickle.load(fh)
    norm = load_checker().norm
    rows = []
    fams_ok = Counter()
    for snap in snaps:
        rep = traced_report(snap)
        for fam, t in snap[2].items():
            got = judge(rep, t, norm)
            for r in got:
                r["family"] = fam
            rows += got
            fams_ok[all(r["ok"] for r in got if r["decidable"])] += 1
    n = len(rows)
    print(f"all pairs: {sum(r['ok'] for r in rows)}/{n} related pairs with lineage right "
          f"({sum(r['ok'] for r in rows) / max(n, 1):.3f})")
    und = [r for r in rows if not r["decidable"]]
    print(f"undecidable (no signal can tell; left out below): {len(und)}, of which right {sum(r['ok'] for r in und)}: "
          + ", ".join(f"{k} {c}" for c, k in Counter(r["cls"] for r in und).most_common()))
    rows = [r for r in rows if r["decidable"]]
    n = len(rows)
    print(f"decidable pairs: {sum(r['ok'] for r in rows)}/{n} with lineage right "
          f"({sum(r['ok'] for r in rows) / max(n, 1):.3f}); families all right {fams_ok[True]}/{sum(fams_ok.values())}")
    bad = [r for r in rows if not r["ok"]]
    by_pos, unread = credits_read(snaps)
    print("\ncredits read by lineage, by position and wording (read/written; an article counts in each of its positions):")
    for p, (k, t) in sorted(by_pos.items(), key=lambda x: x[1][0] / x[1][1]):
        print(f"  {k:4}/{t:<4} {p}")
    hit = [r for r in bad if r["a"] in unread or r["b"] in unread]
    print(f"misses where a side's credit went unread: {len(hit)} of {len(bad)}")
    print("\nmisses by class (in brackets: of them, a side's credit unread):")
    for cls, k in Counter(r["cls"] for r in bad).most_common():
        fams = len({r["family"] for r in bad if r["cls"] == cls})
        un = sum(1 for r in bad if r["cls"] == cls and (r["a"] in unread or r["b"] in unread))
        print(f"  {k:5} {cls} ({fams} families) [{un}]")
    print("\nmisses by shape (a pair may have several):")
    for tag, k in Counter(t for r in bad for t in tags(r) or ["plain"]).most_common():
        tot = sum(1 for r in rows if tag in (tags(r) or ["plain"]))
        print(f"  {k:5} of {tot:5} {tag}")
    print("\nmisses by the pair's operations:")
    for ops, k in Counter(r["ops"] for r in bad).most_common(15):
        print(f"  {k:5} {ops}")
    print("\nsignals that decided the wrong edges:")
    sig = Counter()
    for r in bad:
        head = (r.get("evidence") or [""])[0]
        s = head[head.find("(") + 1:head.find(")")] if "decided by the family forest" in head else "(none)"
        sig[s] += 1
    for s, k in sig.most_common(15):
        print(f"  {k:5} {s}")
    for r in bad[:show]:
        print(f"\n{r['family']} {r['a']} {r['b']} [{r['ops']}] want {r['want']} via {r['origin']}; "
              f"got {r['got']} via {r.get('got_origin')} ({r['cls']})")
        for e in r.get("evidence") or []:
            print("     " + e[:220])


def _setting(name: str, value: float, base):
    if name.startswith("dr."):
        return base[0], dict(base[1], **{name[3:]: value})
    return replace(base[0], **{name: value}), base[1]


def _default(name: str) -> float:
    from newslineage.lineage import direction as dr
    from newslineage.settings import LineageSettings

    return getattr(dr, name[3:]) if name.startswith("dr.") else getattr(LineageSettings(), name)


def fit(path: str, grid: list[str], folds: int, rounds: int = 2) -> None:
    """Coordinate ascent over the grid on each fold's training families; every setting's
    per-family score is computed once over all piles and reused by every fold."""
    from newslineage.settings import LineageSettings

    with open(path, "rb") as fh:
        snaps = pickle.load(fh)
    axes = {}
    for item in grid:
        name, vals = item.split("=")
        axes[name] = sorted({float(v) for v in vals.split(",")} | {_default(name)})
    cache: dict = {}

    def score(point: tuple) -> dict:
        if point not in cache:
            st, votes = LineageSettings(), {}
            for (name, v) in point:
                st, votes = _setting(name, v, (st, votes))
            cache[point] = per_family(snaps, st, votes)
        return cache[point]

    default = tuple((k, _default(k)) for k in axes)
    base = score(default)
    fams = sorted(base)
    n = sum(t for _, t in base.values())
    fold_of = {f: i % folds for i, f in enumerate(fams)}

    def total(point, keep):
        s = score(point)
        return sum(s[f][0] for f in fams if keep(f))

    def climb(keep):
        point = dict(default)
        for _ in range(rounds):
            for name, vals in axes.items():
                best = max(vals, key=lambda v: (total(tuple(dict(point, **{name: v}).items()), keep),
                                                v == point[name]))
                point[name] = best
        return tuple(point.items())

    oof = 0
    for k in range(folds):
        chosen = climb(lambda f: fold_of[f] != k)
        got = sum(score(chosen)[f][0] for f in fams if fold_of[f] == k)
        was = sum(base[f][0] for f in fams if fold_of[f] == k)
        oof += got
        print(f"fold {k}: chose {dict((a, b) for a, b in chosen if b != dict(default)[a]) or 'the defaults'}; "
              f"left-out families {was} -> {got}", flush=True)
    whole = climb(lambda f: True)
    print(f"defaults {sum(r for r, _ in base.values())}/{n}; out of fold {oof}/{n}; "
          f"chosen on all families {dict(whole)}: {sum(r for r, _ in score(whole).values())}/{n} in sample")


def main(argv=None) -> int:
    cli = parser(__doc__)
    sub = cli.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("rand_dir")
    s.add_argument("out")
    m = sub.add_parser("misses")
    m.add_argument("snap")
    m.add_argument("--show", type=int, default=0)
    f = sub.add_parser("fit")
    f.add_argument("snap")
    f.add_argument("--grid", nargs="+", required=True)
    f.add_argument("--folds", type=int, default=5)
    args = cli.parse_args(argv)
    if args.cmd == "snapshot":
        snapshot(args.rand_dir, args.out)
    elif args.cmd == "misses":
        misses(args.snap, args.show)
    else:
        fit(args.snap, args.grid, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
