"""The moved step's sentence pairs on a half of the families, read against provenance, and
what each rule for them does to coverage and to drift findings, by leave-one-family-out.

    PYTHONPATH=src .venv/bin/python benchmarks/families/run.py --half tune --out DIR
    PYTHONPATH=src .venv/bin/python benchmarks/families/moved_pairs.py DIR [--list]

Every related pair of DIR's truth and every relation of DIR/report.json between two of its
articles (a relation the truth does not hold: two reports of one event that share a little
text) is aligned again (``relate_many``, as coverage_cv.py does) with the moved step off,
and with it on under each rule: a moved pair whose facts do not meet stands at cosine >=
``moved_sure`` (0.55 = the gaps' ``gap_sure``, as shipped by the moved step; 1.0 = facts must
meet). The pairs the step proposes (each the other's closest at cosine >= ``moved_floor``)
are recorded with their cosine and whether their facts meet; a pair is right when both
sentences render the same source paragraph (build.py's provenance: a sentence lies in the
body paragraph that holds it), wrong when they render different ones or either is the
article's own text. Drift: ``passage_drift`` over each rule's relations (the report's lineage
put on them), a finding true when it holds the words of a drift truth of its family
(drift_valence_cv.py's rule), false otherwise; the rule "count for coverage, no drift" keeps
the shipped rule's coverage and the findings with the step off.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import build  # noqa: E402
from coverage_cv import load  # noqa: E402

SURES = (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 1.0)


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "")).strip().casefold()


def provenance(out: Path, arts: dict) -> dict[str, list]:
    """Article id -> the provenance of each of its sentences ((source, paragraph) or None for
    the article's own text)."""
    base = build.load_base()
    truths = {p.stem for p in (out / "truth").glob("*.json")}
    prov = {}
    for spec in build.load_specs():
        if spec["family"] not in truths:
            continue
        built = {}
        for a in spec["articles"]:
            a = dict(a)
            body = build.body_of(a, spec, base, built)
            built[a["id"]] = (a, body)
            if a["id"] not in arts:
                continue
            art = arts[a["id"]]
            paras = [(norm(t), p if p is None or mode != "own" else None) for t, p, mode in body]
            row = []
            for s, e in art._sentences:
                sent = norm(art.text[s:e])
                hit = [p for t, p in paras if sent and sent in t]
                if not hit:  # split across paragraphs or changed by cleaning: most words
                    words = set(sent.split())
                    hit = [max(paras, key=lambda tp: len(words & set(tp[0].split())))[1]] if paras else [None]
                row.append(hit[0])
            prov[a["id"]] = row
    return prov


def relate(arts, pairs, settings, record):
    """relate_many with the moved step's proposals recorded (a, b, i, j, cos, facts)."""
    from newslineage.reuse import align, gap_fill
    from newslineage.reuse.facts import facts_meet
    by_text = {a.text: k for k, a in arts.items()}
    real = gap_fill.moved_edges

    def spy(pa, pb, rows, cols, chosen, trans, st, encode):
        keep = real(pa, pb, rows, cols, chosen, trans, replace(st, moved_sure=0.0), encode)
        if record is not None:
            for e in keep:
                record.append((by_text.get(pa.text), by_text.get(pb.text), e.i, e.j, e.score,
                               facts_meet(pa, [e.i], pb, [e.j], trans, st)))
        return [e for e in keep if e.score >= st.moved_sure or facts_meet(pa, [e.i], pb, [e.j], trans, st)]

    align.moved_edges = spy
    try:
        from newslineage.reuse.relate import relate_many
        return relate_many([(arts[a], arts[b]) for a, b in pairs], True, settings)
    finally:
        align.moved_edges = real


def drift_rows(arts, pairs, rels, lineage, truths, fams):
    from newslineage.drift import passage_drift
    keep = []
    for (a, b), r in zip(pairs, rels):
        if r is not None:
            r.lineage = lineage.get((a, b)) or r.lineage
            keep.append(r)
    rows = []
    for d in passage_drift(list(arts.values()), keep):
        fam = fams.get(d.a)
        text = norm(" ".join((d.a_text, d.b_text, d.note)))
        true = any(set(t["articles"]) <= {d.a, d.b} and all(norm(w) in text for w in t["words"])
                   for t in truths.get(fam, {}).get("drift", []))
        rows.append((fam, d.a, d.b, d.type, true, d.note[:110]))
    return rows


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("out")
    cli.add_argument("--list", action="store_true", help="print every proposed pair and each rule's drift changes")
    cli.add_argument("--sures", default=",".join(map(str, SURES)))
    args = cli.parse_args(argv)
    from newslineage.model import Lineage
    from newslineage.settings import ReuseSettings
    out = Path(args.out)
    arts, fams, est, pairs = load(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    truths = {p.stem: json.loads(p.read_text()) for p in sorted((out / "truth").glob("*.json"))}
    truth_pairs = {frozenset(p) for p in pairs}
    extra = [(r["a"], r["b"]) for r in report["relations"] if r.get("kind") != "same-story"
             and r["a"] in arts and r["b"] in arts and frozenset((r["a"], r["b"])) not in truth_pairs]
    lineage = {(r["a"], r["b"]): Lineage(**{k: v for k, v in (r.get("lineage") or {}).items()
                                            if k in Lineage.__dataclass_fields__})
               for r in report["relations"] if r.get("kind") != "same-story"}
    lineage.update({(b, a): l for (a, b), l in list(lineage.items())})  # noqa: E741
    every = pairs + extra
    prov = provenance(out, arts)
    print(f"{len(pairs)} truth pairs, {len(extra)} related in the report outside the truth", flush=True)

    proposed = []
    sures = [float(v) for v in args.sures.split(",")]
    cover, drift = {}, {}
    for v in [None] + sures:  # None: the step off
        st = replace(ReuseSettings(), moved_floor=1.0) if v is None else replace(ReuseSettings(), moved_sure=v)
        rels = relate(arts, every, st, proposed if v == sures[0] else None)
        per = defaultdict(int)
        for (a, b), r in zip(pairs, rels[:len(pairs)]):
            for side in ("a", "b"):
                g = None if r is None else r.coverage[side]
                per[fams[a]] += g is not None and abs(g - est[(a, b)][side]) <= 0.15
        cover[v] = per
        drift[v] = drift_rows(arts, every, rels, lineage, truths, fams)
        t = sum(r[4] for r in drift[v])
        print(f"moved_sure {'off' if v is None else v}: sides within 0.15 {sum(per.values())}/{2 * len(pairs)}; "
              f"drift findings {t} true, {len(drift[v]) - t} false", flush=True)

    # the pairs, by whether facts meet, right by provenance
    groups = Counter()
    for a, b, i, j, c, fm in dict.fromkeys(proposed):
        pa, pb = prov[a][i], prov[b][j]
        right = pa is not None and pa == pb
        where = "truth pair" if frozenset((a, b)) in truth_pairs else "outside truth"
        own = pa is None or pb is None
        groups[(fm, right, where, own)] += 1
        if args.list:
            print(f"  {'facts' if fm else 'no-facts'} {'RIGHT' if right else 'wrong'} {c:.2f} {a}:{i} {b}:{j} "
                  f"{pa} / {pb} | {arts[a].text[slice(*arts[a]._sentences[i])][:70]!r}"
                  f" | {arts[b].text[slice(*arts[b]._sentences[j])][:70]!r}")
    for fm in (True, False):
        for where in ("truth pair", "outside truth"):
            r = sum(n for (f, ok, w, _), n in groups.items() if f == fm and w == where and ok)
            w_ = sum(n for (f, ok, w, _), n in groups.items() if f == fm and w == where and not ok)
            own = sum(n for (f, ok, w, o), n in groups.items() if f == fm and w == where and o)
            print(f"facts {'meet' if fm else 'do not meet'}, {where}: {r} right, {w_} wrong ({own} on own text)")

    # rules scored: coverage sides and drift true / false, leave-one-family-out; on a tie the
    # stricter rule (precision first): the higher moved_sure, then the step off, then no drift
    rules = {f"sure {v}": (cover[v], drift[v]) for v in sures}
    rules["off"] = (cover[None], drift[None])
    rules[f"sure {sures[0]}, no drift"] = (cover[sures[0]], drift[None])
    order = ["off"] + [f"sure {v}" for v in sorted(sures, reverse=True)] + [f"sure {sures[0]}, no drift"]
    strict = {n: k for k, n in enumerate(order)}
    families = sorted(set(fams[a] for a, _ in pairs))

    def tally(rule, skip=None):
        c, d = rules[rule]
        cov = sum(n for f, n in c.items() if f != skip)
        t = sum(r[4] for r in d if r[0] != skip)
        return cov, t, sum(not r[4] for r in d if r[0] != skip)

    for name in rules:
        cov, t, f = tally(name)
        print(f"{name:22} sides {cov}, drift findings {t} true {f} false")
    for among, what in ((lambda n: n.startswith("sure") and "drift" not in n, "moved_sure"),
                        (lambda n: True, "every rule")):
        for key, label in ((lambda c, t, f: (c, t - 2 * f), "coverage, then drift"),
                           (lambda c, t, f: (t - 2 * f, c), "drift (true - 2 x false), then coverage")):
            lofo_c = lofo_t = lofo_f = 0
            chosen = Counter()
            for fam in families:
                best = max(filter(among, rules), key=lambda n: (*key(*tally(n, fam)), -strict[n]))
                chosen[best] += 1
                c, d = rules[best]
                lofo_c += c.get(fam, 0)
                lofo_t += sum(r[4] for r in d if r[0] == fam)
                lofo_f += sum(not r[4] for r in d if r[0] == fam)
            print(f"{what}, leave-one-family-out by {label}: sides {lofo_c}, drift {lofo_t} true {lofo_f} false; "
                  + ", ".join(f"{n} x{k}" for n, k in chosen.most_common()))
    if args.list:
        base = Counter(r[1:] for r in drift[sures[0]])
        for name in ("sure 1.0", "off"):
            now = Counter(r[1:] for r in rules[name][1])
            for r in base - now:
                print(f"  {name} drops {'TRUE' if r[3] else 'false'} {r[0]}/{r[1]} {r[2]}: {r[4]}")
            for r in now - base:
                print(f"  {name} adds {'TRUE' if r[3] else 'false'} {r[0]}/{r[1]} {r[2]}: {r[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
