#!/usr/bin/env python3
"""Lineage against the truth of a synthetic corpus (make_corpus.py's truth.jsonl: parents).

    # once: the reuse relations of a corpus, as lineage.trace receives them
    python benchmarks/lineage_truth.py snapshot CORPUS/articles.jsonl /tmp/lin/c2k-s1.pkl
    # score lineage.trace on it (optionally with LineageSettings fields: --set root=1.2)
    python benchmarks/lineage_truth.py score /tmp/lin/c2k-s1.pkl CORPUS/truth.jsonl

What a right answer is, per related pair whose both articles have a truth row:
- copy c and one of its parents p: "c from p" (p is the source), or "common-source" with an
  outside origin that both credit (a credited wire: which of two reprints of one wire took
  from the other nobody can tell from the texts, and a wire reprint's source is the wire).
- two articles that share a root paragraph, neither an ancestor of the other (siblings):
  "common-source".
- one an ancestor of the other through a chain of copies: that direction.
Prints the share right per group and over all, and the wrong-direction count (the error
the forest must avoid: a source called the copy of its copy).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from suite import load_pickle, parser, record, save_pickle, truth_rows


def snapshot(corpus: str, out: str) -> None:
    from newslineage import clean, pipeline, read

    articles, _ = read.read_inputs([corpus])
    articles = clean.clean(articles)
    relations = pipeline.find_reuse(articles, pipeline.Options())
    save_pickle((articles, relations), out)
    print(f"{len(articles)} articles, {len(relations)} relations -> {out}")


def _ancestors(rows: dict[str, dict]) -> dict[str, set[str]]:
    memo: dict[str, set[str]] = {}

    def up(a: str) -> set[str]:
        if a not in memo:
            memo[a] = set()
            out = set()
            for p in rows.get(a, {}).get("parents", []):
                out |= {p} | up(p)
            memo[a] = out
        return memo[a]

    for a in rows:
        up(a)
    return memo


def expected(a: str, b: str, rows, anc) -> str:
    if b in anc[a]:
        return "a-from-b"
    if a in anc[b]:
        return "b-from-a"
    return "common-source"


def score(relations, origins, truth_rows: list[dict], verbose: bool = False) -> dict:
    rows = {r["id"]: r for r in truth_rows}
    anc = _ancestors(rows)
    outside = {o.id for o in origins if not o.in_corpus}
    got: Counter = Counter()
    total: Counter = Counter()
    wrong_dir = 0
    for r in relations:
        if r.kind == "same-story" or r.a not in rows or r.b not in rows:
            continue
        want = expected(r.a, r.b, rows, anc)
        direct = (r.b in rows[r.a]["parents"]) or (r.a in rows[r.b]["parents"])
        group = "parent" if direct else ("chain" if want != "common-source" else "sibling")
        t = r.lineage.type
        ok = t == want or (want != "common-source" and t == "common-source"
                           and r.lineage.origin in outside)
        total[group] += 1
        got[group] += ok
        if t in ("a-from-b", "b-from-a") and want in ("a-from-b", "b-from-a") and t != want:
            wrong_dir += 1
        if verbose and not ok:
            print(f"  {group}: {r.a} {r.b} want {want} got {t} {r.lineage.origin} "
                  f"{r.lineage.evidence[:3]}")
    res = {g: (got[g], total[g]) for g in sorted(total)}
    n, k = sum(total.values()), sum(got.values())
    res["all"] = (k, n)
    res["wrong_direction"] = wrong_dir
    return res


def grid(snapshot_path: str, truth: str, specs: list[str]) -> None:
    import itertools

    from newslineage import lineage
    from newslineage.settings import LineageSettings

    articles, relations = load_pickle(snapshot_path)
    rows = truth_rows(truth)
    names = [s.split("=", 1)[0] for s in specs]
    values = [[float(v) for v in s.split("=", 1)[1].split(",")] for s in specs]
    for combo in itertools.product(*values):
        st = LineageSettings(**dict(zip(names, combo)))
        out, origins = lineage.trace(articles, relations, settings=st)
        res = score(out, origins, rows)
        k, n = res["all"]
        parts = "  ".join(f"{g} {v[0] / max(1, v[1]):.3f}" for g, v in res.items()
                          if isinstance(v, tuple) and g != "all")
        print(f"{dict(zip(names, combo))}  all {k}/{n} = {k / max(1, n):.3f}  {parts}  "
              f"wrong direction {res['wrong_direction']}", flush=True)


def families_score(report: str, truth: str, verbose: bool = False) -> tuple[int, int, int]:
    """(right, found, all) over the truth's related pairs: lineage type and origin as
    seeds_check counts them, among the pairs the report relates and among all."""
    t = json.loads(Path(truth).read_text())
    rep = json.loads(Path(report).read_text())
    origins = {o["id"]: o for o in rep.get("origins", [])}
    rels = {frozenset((r["a"], r["b"])): r for r in rep.get("relations", []) if r["kind"] != "same-story"}
    right = found = 0
    for p in t["pairs"]:
        r = rels.get(frozenset((p["a"], p["b"])))
        if r is None:
            continue
        found += 1
        want = p["lineage"]
        if r["a"] == p["b"]:
            want = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}.get(want, want)
        lin = r.get("lineage") or {}
        o = origins.get(lin.get("origin"))
        name = (o["name"] if o else lin.get("origin") or "").lower()
        ok = lin.get("type") == want and p["origin"].lower() in name
        right += ok
        if verbose and not ok:
            print(f"  {p['a']} {p['b']} want {want} {p['origin']} got {lin.get('type')} "
                  f"{lin.get('origin')} {lin.get('evidence', [])[:3]}")
    return right, found, len(t["pairs"])


def main() -> None:
    cli = parser(__doc__)
    sub = cli.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("corpus")
    s.add_argument("out")
    c = sub.add_parser("score")
    c.add_argument("snapshot")
    c.add_argument("truth")
    c.add_argument("--set", action="append", default=[], help="LineageSettings field=value")
    c.add_argument("-v", action="store_true", help="list the wrong pairs")
    f = sub.add_parser("families", help="lineage of a families report (benchmarks/families)")
    f.add_argument("report")
    f.add_argument("truth")
    f.add_argument("-v", action="store_true")
    g = sub.add_parser("grid", help="score every combination of --grid field=v1,v2,...")
    g.add_argument("snapshot")
    g.add_argument("truth")
    g.add_argument("--grid", action="append", default=[])
    a = cli.parse_args()
    if a.cmd == "families":
        k, n, total = families_score(a.report, a.truth, a.v)
        print(f"lineage right {k}/{n} = {k / max(1, n):.3f} of the related pairs found "
              f"({n} of {total} truth pairs found; {k}/{total} = {k / max(1, total):.3f} of all)")
        return
    if a.cmd == "grid":
        grid(a.snapshot, a.truth, a.grid)
        return
    if a.cmd == "snapshot":
        snapshot(a.corpus, a.out)
        return
    from newslineage import lineage

    articles, relations = load_pickle(a.snapshot)
    rows = truth_rows(a.truth)
    try:
        from newslineage.settings import LineageSettings
    except ImportError:  # code before the forest (PYTHONPATH at an older src/): no settings
        out, origins = lineage.trace(articles, relations)
    else:
        st = LineageSettings()
        for kv in a.set:
            k, v = kv.split("=", 1)
            setattr(st, k, float(v))
        out, origins = lineage.trace(articles, relations, settings=st)
    res = score(out, origins, rows, a.v)
    for g, v in res.items():
        if isinstance(v, tuple):
            print(f"{g:8} {v[0]}/{v[1]} = {v[0] / max(1, v[1]):.3f}")
    print(f"wrong direction: {res['wrong_direction']}")
    record("lineage_truth", {**{g: f"{v[0]}/{v[1]}" for g, v in res.items() if isinstance(v, tuple)},
                             "wrong direction": res["wrong_direction"], "settings": a.set},
           a, quiet=True)


if __name__ == "__main__":
    sys.exit(main())
