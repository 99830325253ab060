#!/usr/bin/env python3
"""Build the evaluation families: articles and a truth file in the seeds' format.

    python3 benchmarks/families/build.py OUT_DIR [--half tune|heldout|all] [--family ID ...]

Each spec in specs/ (one JSON file per family) names BBC articles of
../shared/data/news-base (relative to the repository root) and the operations that turn
them into the articles of one event: an original, reprints with page furniture, an excerpt,
a merge of two wires, rewrites, paraphrases, translations, an independent report, a
same-topic different-event article and unrelated articles. The BBC text is read at build
time and never stored in the repository; the texts a spec writes itself (paraphrases,
translations, rewrites, second wires, independent reports) are in the spec.

OUT_DIR receives articles/ (.txt, .html and one feeds.jsonl, as real inputs come), truth.json
for everything built (score with ../shared/eval/seeds_check.py REPORT --truth OUT_DIR/truth.json)
and truth/<family>.json for each family alone.

The truth of shared text is derived from provenance: every body paragraph records which
paragraph of which source it renders (verbatim, re-worded or translated), so coverage is the
share of an article's body characters whose source paragraph also appears in the other
article. validate() checks every spec before anything is written.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # imported by file path too (tests)
from pages import render_html, render_record, render_txt  # noqa: E402

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
ROOT = HERE.parent.parent
NEWS_BASE = ROOT.parent / "shared" / "data" / "news-base" / "articles.jsonl"

OPS = {"original", "reprint", "excerpt", "merge", "rewrite", "paraphrase", "translation",
       "independent", "bbc", "copy"}  # copy: a copy of another article of the family (with
# "lead" and "skip": an update of it, its first paragraphs replaced by a new lead)
WRITTEN = {"rewrite", "paraphrase", "translation", "independent"}  # body written in the spec
ROLES = {"event", "different-event", "unrelated"}
FORMATS = {"txt", "html", "jsonl"}
HALVES = ("tune", "heldout")
# an article id starts with its family's letter: a-z for f01-f26, then A-Z for f27-f52
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# slack of a coverage range: a copied paragraph aligns almost exactly, a re-worded or
# translated one may lose part of itself to the aligner (the issue asks >= 0.7 for a whole
# re-worded article, so 1.0 - 0.3)
SLACK = {"copied": 0.15, "reworded": 0.3}


class SpecError(ValueError):
    pass


def load_base(path: Path = NEWS_BASE) -> dict[str, dict]:
    if not path.exists():
        raise SystemExit(f"{path} is absent: the families are built from the BBC articles of "
                         "news-base; clone the project beside its shared/ folder "
                         "(../shared/data/news-base/articles.jsonl)")
    with path.open(encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def load_specs(names=None) -> list[dict]:
    specs = []
    for p in sorted(SPECS.glob("*.json")):
        try:
            spec = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise SpecError(f"{p.name}: not valid JSON ({e}); fix the spec") from e
        spec["_file"] = p.name
        if not names or spec.get("family") in names:
            specs.append(spec)
    return specs


def validate(spec: dict, base: dict | None = None) -> None:
    """Raise SpecError naming the spec and the field when a spec cannot be built."""
    name = spec.get("_file") or spec.get("family")

    def need(ok, msg):
        if not ok:
            raise SpecError(f"{name}: {msg}")

    need(re.fullmatch(r"f\d\d-[a-z0-9-]+", spec.get("family", "")), "family must look like f01-short-name")
    need(spec.get("half") in HALVES, f"half must be one of {HALVES}")
    sources = spec.get("sources", {})
    need(sources, "sources is empty")
    for key, src in sources.items():
        need(("bbc" in src) != ("paragraphs" in src), f"source {key}: give either bbc or paragraphs")
        need(src.get("name"), f"source {key}: name (the wire or outlet that wrote it) is missing")
        if base is not None and "bbc" in src:
            need(src["bbc"] in base, f"source {key}: {src['bbc']} is not in news-base")
    ids = [a.get("id") for a in spec.get("articles", [])]
    need(len(ids) == len(set(ids)), "article ids repeat")
    need(6 <= len(ids) <= 15, f"{len(ids)} articles: a family has 6 to 15")
    originals = {}
    prefix = LETTERS[int(spec["family"][1:3]) - 1]
    seen = set()
    for a in spec["articles"]:
        aid = a.get("id", "?")
        need(re.fullmatch(rf"{prefix}\d\d_[a-z0-9_]+", aid or ""), f"{aid}: id must start with {prefix} and two digits "
             "(the family's letter: seeds_check names a pair by the first three characters of its ids)")
        need(a.get("op") in OPS, f"{aid}: op must be one of {sorted(OPS)}")
        need(a.get("format") in FORMATS, f"{aid}: format must be one of {sorted(FORMATS)}")
        need(a.get("role", "event") in ROLES, f"{aid}: role must be one of {sorted(ROLES)}")
        of = a.get("of")
        if a["op"] == "merge":
            need(isinstance(of, list) and len(of) == 2 and all(o in sources for o in of), f"{aid}: merge of two sources")
            need(all(o[0] in of for o in a.get("order", [])) and a.get("order"), f"{aid}: order lists [source, paragraph] pairs of the merged sources")
        elif a["op"] == "copy":
            need(of is None and a.get("copy_of") in seen, f"{aid}: a copy names an earlier article of the family in copy_of")
            need(next(x for x in spec["articles"] if x["id"] == a["copy_of"])["op"] != "bbc", f"{aid}: copies a BBC decoy")
        elif a["op"] in ("bbc", "independent"):
            need(of is None, f"{aid}: {a['op']} derives from no source")
            if a["op"] == "bbc":
                need(a.get("bbc") and (base is None or a["bbc"] in base), f"{aid}: bbc id missing or not in news-base")
                need(a.get("role") in ("different-event", "unrelated"), f"{aid}: a bbc article is different-event or unrelated")
        else:
            need(of in sources, f"{aid}: of must name a source ({sorted(sources)})")
        seen.add(aid)
        if a["op"] == "original":
            need(of not in originals, f"{aid}: source {of} has two originals")
            originals[of] = aid
        if a["op"] in WRITTEN:
            paras = a.get("paragraphs")
            need(isinstance(paras, list) and paras, f"{aid}: {a['op']} needs its paragraphs")
            for p in paras:
                need(isinstance(p, str) or (isinstance(p, dict) and "text" in p), f"{aid}: a paragraph is a string or {{src, text, covers}}")
                need(not isinstance(p, dict) or 0 < p.get("covers", 1) <= 1, f"{aid}: covers is a share in (0, 1]")
        if a["op"] == "translation":
            need(a.get("language", "en") != "en", f"{aid}: a translation names its language")
        if a["op"] == "excerpt":
            need(isinstance(a.get("n"), int) and a["n"] >= 1, f"{aid}: excerpt needs n (paragraphs kept)")
    for d in spec.get("quote_drift", []) + spec.get("drift", []) + spec.get("not_drift", []):
        for aid in d.get("articles", []):
            need(aid in ids, f"drift names {aid}, which is not an article of the family")
        need(d.get("words"), "a drift item needs words")


def bbc_ids(spec: dict) -> list[str]:
    return [s["bbc"] for s in spec["sources"].values() if "bbc" in s] + \
        [a["bbc"] for a in spec["articles"] if a.get("op") == "bbc"]


def _grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    w = re.findall(r"\w+", text.casefold())
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def check_bbc_ids(specs: list[dict], base: dict | None = None) -> None:
    """Each BBC article is used once, and no two used articles already share text in news-base
    (overlaps.tsv lists its pairs of duplicates and updated versions): an "unrelated" article
    that the BBC itself re-used would make the truth wrong."""
    used = {}
    for spec in specs:
        for b in bbc_ids(spec):
            if b in used:
                raise SpecError(f"{spec['_file']}: {b} is already used by {used[b]}; pick another article")
            used[b] = spec["_file"]
    if base is not None:  # overlaps.tsv misses some: no eight words in a row shared in a family
        for spec in specs:
            grams = {b: _grams(base[b]["text"]) for b in bbc_ids(spec) if b in base}
            for x, y in combinations(sorted(grams), 2):
                if grams[x] & grams[y]:
                    raise SpecError(f"{spec['_file']}: {x} and {y} share text (eight words in a row); pick another article")
    overlaps = NEWS_BASE.parent / "overlaps.tsv"
    if overlaps.exists():
        for line in overlaps.read_text(encoding="utf-8").splitlines()[1:]:
            a, b = line.split("\t")[:2]
            if a in used and b in used:
                raise SpecError(f"{used[a]} uses {a} and {used[b]} uses {b}, which share text in news-base (overlaps.tsv)")


def _source_paragraphs(src: dict, base: dict) -> list[str]:
    if "bbc" in src:
        return base[src["bbc"]]["text"].split("\n\n")
    return list(src["paragraphs"])


def _apply_edits(text: str, edits) -> str:
    for old, new in edits or []:
        text = text.replace(old, new)
    return text


def write_article(out_dir: Path, a: dict, texts: list[str], records: list[dict]) -> None:
    """Article ``a`` with body paragraphs ``texts`` in its format: a .txt or .html page under
    ``out_dir``/articles, or a JSON Lines record appended to ``records``."""
    if a["format"] == "txt":
        (out_dir / "articles" / f"{a['id']}.txt").write_text(render_txt(a, texts), encoding="utf-8")
    elif a["format"] == "html":
        (out_dir / "articles" / f"{a['id']}.html").write_text(render_html(a, texts), encoding="utf-8")
    else:
        records.append(render_record(a, texts))


def body_of(a: dict, spec: dict, base: dict, built: dict) -> list[tuple[str, tuple | None, str]]:
    """The article's body paragraphs as (text, provenance, mode); provenance is (source, index)
    of the source paragraph rendered (an independent report is its own source), mode is
    copied / reworded / own / None (a decoy's text)."""
    op = a["op"]
    if op == "copy":  # the copied article's paragraphs, without its dateline, maybe cut short
        target, body = built[a["copy_of"]]
        body = list(body[:a.get("n") or len(body)])
        if target.get("dateline"):
            body[0] = (body[0][0][len(target["dateline"]):],) + body[0][1:]
        out = [(_apply_edits(t, a.get("edits")), prov, mode) for t, prov, mode in body]
        # an update: the same outlet's later version, its lead written anew (own text) in place
        # of the first `skip` paragraphs
        out = [(t, None, None) for t in a.get("lead", [])] + out[a.get("skip", 0):]
        if a.get("dateline"):
            out[0] = (a["dateline"] + out[0][0],) + out[0][1:]
        return out
    src_paras = {k: _source_paragraphs(s, base) for k, s in spec["sources"].items()}
    if op == "bbc":
        return [(p, None, None) for p in base[a["bbc"]]["text"].split("\n\n")]
    if op in ("original", "reprint", "excerpt"):
        paras = src_paras[a["of"]]
        keep = range(a["n"]) if op == "excerpt" else range(len(paras))
        out = [(_apply_edits(paras[i], a.get("edits")), (a["of"], i), "copied") for i in keep]
    elif op == "merge":
        out = [(_apply_edits(src_paras[k][i], a.get("edits")), (k, i), "copied") for k, i in a["order"]]
    else:  # written in the spec
        out = []
        for i, p in enumerate(a["paragraphs"]):
            text, src = (p, i) if isinstance(p, str) else (p["text"], p.get("src", i))
            if op == "independent":
                out.append((text, (a["id"], i), "own"))
                continue
            prov = None if src is None else (a["of"], src)
            out.append((text, prov, None if prov is None else "reworded"))
    if a.get("dateline") and out:
        out[0] = (a["dateline"] + out[0][0], out[0][1], out[0][2])
    return out


# ---- truth ---------------------------------------------------------------------------------

def _snippets(paras: list[str]) -> list[str]:
    """Words 3-11 of the first, a middle and the last paragraph: text the cleaner must keep
    (away from datelines and quotes marks that a cleaner may legitimately restyle)."""
    picks = sorted({0, len(paras) // 2, len(paras) - 1})
    out = []
    for i in picks:
        words = paras[i].split()
        out.append(" ".join(words[3:11] if len(words) > 12 else words))
    return out


def _node(spec: dict, key: str, originals: dict) -> str:
    """The node a source is known by in a report: its original's article id when the original
    is in the corpus, else the lower-case name of the wire (an origin outside the corpus)."""
    return originals.get(key) or spec["sources"][key]["name"].lower()


def family_truth(spec: dict, base: dict, built: dict) -> dict:
    """built: id -> (article spec, body [(text, prov, mode)])."""
    arts, originals = spec["articles"], {a["of"]: a["id"] for a in spec["articles"] if a["op"] == "original"}
    truth = {"articles": {}, "pairs": [], "no_reuse": [], "origins": [], "stories": [],
             "quote_drift": [], "drift": [], "not_drift": [], "coverage_estimates": [],
             "in_corpus_origins": []}
    for a in arts:
        body = [t for t, _, _ in built[a["id"]][1]]
        if a.get("dateline") and body:  # a dateline is metadata: the snippets avoid it
            body[0] = body[0][len(a["dateline"]):]
        furniture = list(a.get("head", [])) + list(a.get("top", [])) + list(a.get("bottom", [])) + [v for _, v in a.get("inline", [])]
        published, outlet = a.get("published"), a.get("outlet")
        if a["format"] == "txt":  # a text file states only what its lines say
            lines = " ".join(a.get(k) and " ".join(a[k]) or "" for k in ("head", "meta_top", "top", "meta_bottom", "bottom"))
            published = published if published and published[:4] in lines else None
            outlet = outlet if outlet and outlet.casefold() in lines.casefold() else None
        truth["articles"][a["id"]] = {
            "title": a["title"], "outlet": outlet,
            "published_date": (published or "")[:10] or None,
            "credits": list(a.get("credits", [])), "byline": list(a.get("byline", [])),
            "language": a.get("language", "en"),
            # the outlet's name may also be metadata the cleaner keeps: not counted as furniture
            "boilerplate": [x for x in furniture if len(x) >= 12 and x != a.get("outlet")],
            "body": _snippets(body)}

    by_id = {a["id"]: a for a in arts}

    def covers(a):
        """The share of each source paragraph an article renders: 1 unless a written paragraph
        says it condenses its source (\"covers\": 0.4 keeps about 40% of the content)."""
        if a["op"] == "copy":
            return {p: c for p, c in covers(by_id[a["copy_of"]]).items() if p in {q for _, q, _ in built[a["id"]][1]}}
        out = {}
        for (_, prov, _), p in zip(built[a["id"]][1], a.get("paragraphs") or [None] * len(built[a["id"]][1])):
            if prov:
                out[prov] = p.get("covers", 1.0) if isinstance(p, dict) else 1.0
        return out

    def chain(a):
        """The articles a copy descends from, nearest first."""
        out = []
        while a.get("copy_of"):
            out.append(a["copy_of"])
            a = by_id[a["copy_of"]]
        return out

    def origin_of_copy(a):
        """Where a copy's text starts: the nearest article up its chain whose version is its
        own (written, edited, updated, or an excerpt whose cut the copy keeps whole), else the source
        the chain renders unchanged (its original in the pile, or the wire; through a merge,
        the source most of the copy renders, as the merge's passages have their sources)."""
        cut, first = a.get("n"), a
        while a.get("copy_of"):
            c = by_id[a["copy_of"]]
            if c["op"] == "merge":  # as the merge's passages: the source most of the copy renders
                keys = [p[0] for _, p, _ in built[first["id"]][1] if p]
                return _node(spec, max(sorted(set(keys)), key=keys.count), originals)
            if c["op"] in WRITTEN or c["op"] == "original" or c.get("edits") or c.get("lead") \
                    or (c["op"] == "excerpt" and cut is None):
                return c["id"]
            cut = cut if c["op"] == "copy" and cut is not None else c.get("n") if cut is None else cut
            a = c
        return _node(spec, a["of"], originals)

    def shared(x, y):
        bx, by = built[x["id"]][1], built[y["id"]][1]
        cx, cy = covers(x), covers(y)
        common = set(cx) & set(cy)
        if not common:
            return None
        cov = []
        # a paragraph aligns as far as the scantier rendering of it goes
        for b, c in ((bx, cx), (by, cy)):
            total = sum(len(t) for t, _, _ in b)
            cov.append(round(sum(len(t) * min(cx[p], cy[p]) / c[p] for t, p, _ in b if p in common) / total, 3))
        return common, cov

    for x, y in combinations(arts, 2):
        s = shared(x, y)
        if not s:
            continue
        common, (ca, cb) = s
        keys = sorted({k for k, _ in common})
        lx, ly = x.get("language", "en"), y.get("language", "en")
        modes = {m for a in (x, y) for _, p, m in built[a["id"]][1] if p in common}
        # a copy, or a copy of a copy (a chain of reprints), comes from each article up its chain
        copied = y["id"] if x["id"] in chain(y) else x["id"] if y["id"] in chain(x) else None
        if copied:  # an article and its copy: the same words
            modes = {"copied"}
        if lx != ly:
            kinds = ["translation"] + (["partial"] if min(ca, cb) < 0.7 else [])
            slack = SLACK["reworded"]
        elif "reworded" in modes:
            kinds, slack = ["rewrite", "partial"], SLACK["reworded"]
        elif min(ca, cb) >= 0.85:  # a copy that drops a short last paragraph may be called an excerpt
            kinds, slack = ["duplicate", "near-verbatim"] + (["excerpt"] if min(ca, cb) < 0.97 else []), SLACK["copied"]
        else:
            kinds, slack = ["near-verbatim", "excerpt", "partial"], SLACK["copied"]
        # the source whose text they share decides the lineage (a merge shares the main wire);
        # a copy comes from the article it copies
        key = max(keys, key=lambda k: sum(1 for kk, _ in common if kk == k))
        node = origin_of_copy(by_id[copied]) if copied else _node(spec, key, originals)
        if copied:  # the copy is the later side, whatever its text's origin
            lineage = "b-from-a" if copied == y["id"] else "a-from-b"
        else:
            lineage = "b-from-a" if node == x["id"] else "a-from-b" if node == y["id"] else "common-source"
        # never below half the estimate: a relation found with almost nothing aligned is not right
        rng = lambda c: [round(max(c / 2, c - slack), 2), round(min(1.0, c + SLACK["copied"]), 2)]
        truth["pairs"].append({"a": x["id"], "b": y["id"], "kinds": kinds,
                               "coverage_a": rng(ca), "coverage_b": rng(cb),
                               "lineage": lineage, "origin": node,
                               "note": f"{x['op']} / {y['op']} of {'+'.join(spec['sources'][k]['name'] if k in spec['sources'] else k for k in keys)}"})
        truth["coverage_estimates"].append({"a": x["id"], "b": y["id"], "coverage": {"a": ca, "b": cb}})
    related = {i for p in truth["pairs"] for i in (p["a"], p["b"])}
    truth["no_reuse"] = [a["id"] for a in arts if a["id"] not in related]
    for key, src in spec["sources"].items():
        kids = sorted(a["id"] for a in arts if a.get("of") == key or (isinstance(a.get("of"), list) and key in a["of"]))
        if key in originals:  # as in examples/corpus_truth.json: a credited source whose original is in the pile
            truth["in_corpus_origins"].append({"name": src["name"].lower(), "article": originals[key],
                                               "children": [k for k in kids if k != originals[key]]})
            continue
        if kids:
            truth["origins"].append({"name": src["name"].lower(), "in_corpus": False, "children": kids})
    truth["stories"] = [[a["id"] for a in arts if a.get("role", "event") == "event"]] + \
        [[a["id"]] for a in arts if a.get("role", "event") != "event"]
    for k in ("quote_drift", "drift", "not_drift"):
        truth[k] = [{kk: v for kk, v in d.items()} for d in spec.get(k, [])]
    return truth


def merge_truths(truths: list[dict]) -> dict:
    out = {}
    for t in truths:
        for k, v in t.items():
            if isinstance(v, dict):
                out.setdefault(k, {}).update(v)
            else:
                out.setdefault(k, []).extend(v)
    return out


def build(out_dir: Path, half: str = "all", families=None, base: dict | None = None) -> dict:
    base = base if base is not None else load_base()
    specs = [s for s in load_specs(families) if half == "all" or s["half"] == half]
    if not specs:
        raise SystemExit(f"no family matches half={half} families={families}")
    for s in specs:
        validate(s, base)
    check_bbc_ids(load_specs(), base)  # across every family, built or not
    out_dir = Path(out_dir)
    if (out_dir / "articles").exists():
        shutil.rmtree(out_dir / "articles")
    (out_dir / "articles").mkdir(parents=True)
    (out_dir / "truth").mkdir(exist_ok=True)
    records, truths = [], []
    for spec in specs:
        built = {}
        for a in spec["articles"]:
            a = dict(a)
            if a["op"] == "bbc" and not a.get("title"):
                a["title"] = base[a["bbc"]]["title"]
            body = body_of(a, spec, base, built)
            built[a["id"]] = (a, body)
            write_article(out_dir, a, [t for t, _, _ in body], records)
        spec = dict(spec, articles=[built[a["id"]][0] for a in spec["articles"]])
        t = family_truth(spec, base, built)
        (out_dir / "truth" / f"{spec['family']}.json").write_text(json.dumps(t, indent=1, ensure_ascii=False), encoding="utf-8")
        truths.append(t)
    if records:
        with (out_dir / "articles" / "feeds.jsonl").open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    truth = merge_truths(truths)
    (out_dir / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
    return {"families": [s["family"] for s in specs], "articles": len(truth["articles"]),
            "pairs": len(truth["pairs"])}


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("out_dir")
    cli.add_argument("--half", choices=("tune", "heldout", "all"), default="all")
    cli.add_argument("--family", nargs="*", help="build only these families (ids such as f01-mittal-jobs)")
    cli.add_argument("--show", action="store_true", help="print the truth's pairs, origins and stories, to read them by hand")
    args = cli.parse_args(argv)
    try:
        info = build(Path(args.out_dir), args.half, args.family)
    except SpecError as e:
        print(f"build.py: {e}", file=sys.stderr)
        return 2
    print(f"{len(info['families'])} families, {info['articles']} articles, {info['pairs']} related pairs -> {args.out_dir}")
    if args.show:
        truth = json.loads((Path(args.out_dir) / "truth.json").read_text(encoding="utf-8"))
        for p in truth["pairs"]:
            print(f"{p['a']:40} {p['b']:40} {'/'.join(p['kinds']):28} {p['coverage_a']} {p['coverage_b']} {p['lineage']} via {p['origin']}")
        print("no reuse:", " ".join(truth["no_reuse"]))
        for o in truth["origins"] + truth["in_corpus_origins"]:
            print(f"origin {o['name']} ({o.get('article', 'outside')}):", " ".join(o["children"]))
        for s in truth["stories"]:
            print("story:", " ".join(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
