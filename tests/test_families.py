"""The evaluation families: every spec validates, and the builder writes what its truth says."""
from __future__ import annotations

import html
import importlib.util
import json
from collections import Counter

import pytest

from conftest import ROOT, need_shared

_spec = importlib.util.spec_from_file_location("families_build", ROOT / "benchmarks" / "families" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_every_spec_validates_and_the_halves_balance():
    specs = build.load_specs()
    assert len(specs) >= 2
    for spec in specs:
        build.validate(spec)  # raises SpecError naming the spec and the field
    # the held-out half stays as it was first drawn (9 families); new families go to tune
    halves = Counter(s["half"] for s in specs)
    assert halves["heldout"] >= 9 and halves["tune"] >= halves["heldout"], halves
    families = [s["family"] for s in specs]
    assert len(families) == len(set(families))
    build.check_bbc_ids(specs)  # each BBC article once, none sharing text with another
    ids = [a["id"] for s in specs for a in s["articles"]]
    assert len(ids) == len(set(ids)), "article ids repeat across families"


def test_a_bad_spec_is_refused_with_its_name():
    spec = json.loads((build.SPECS / "f01-mittal-jobs.json").read_text())
    spec["_file"] = "broken.json"
    spec["articles"][1] = dict(spec["articles"][1], op="excerpt", n=None)
    with pytest.raises(build.SpecError, match=r"broken\.json: a02_\w+: excerpt needs n"):
        build.validate(spec)


def test_builder_writes_one_family_and_its_truth(tmp_path):
    need_shared("data", "news-base", "articles.jsonl")
    info = build.build(tmp_path, "all", ["f01-mittal-jobs"])
    spec = json.loads((build.SPECS / "f01-mittal-jobs.json").read_text())
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert info["families"] == ["f01-mittal-jobs"]
    assert set(truth["articles"]) == {a["id"] for a in spec["articles"]}
    assert truth == json.loads((tmp_path / "truth" / "f01-mittal-jobs.json").read_text())

    # every article is written once, in its format; the feed holds the jsonl ones
    files = {p.stem: p for p in (tmp_path / "articles").iterdir() if p.suffix in (".txt", ".html")}
    feed = {r["id"]: r for r in map(json.loads, (tmp_path / "articles" / "feeds.jsonl").read_text().splitlines())}
    for a in spec["articles"]:
        assert (a["id"] in files) == (a["format"] != "jsonl") and (a["id"] in feed) == (a["format"] == "jsonl")
        raw = html.unescape(files[a["id"]].read_text()) if a["id"] in files else feed[a["id"]]["text"]
        t = truth["articles"][a["id"]]
        for snippet in t["body"] + t["boilerplate"]:
            assert snippet in raw, (a["id"], snippet)

    pairs = {(p["a"][:3], p["b"][:3]): p for p in truth["pairs"]}
    # reprint and excerpt of the Reuters wire: siblings from a wire outside the corpus
    p = pairs[("a01", "a02")]
    assert p["lineage"] == "common-source" and p["origin"] == "reuters"
    assert p["coverage_a"][0] < 0.5 < p["coverage_b"][0]
    # the merge shares only the AFP paragraphs with the AFP reprint
    assert pairs[("a03", "a04")]["origin"] == "afp"
    assert ("a01", "a04") not in pairs
    assert "translation" in pairs[("a01", "a07")]["kinds"]
    # no text shared: the independent report, the different event, the unrelated articles
    assert set(truth["no_reuse"]) == {a["id"] for a in spec["articles"] if a["op"] in ("independent", "bbc")}
    assert {o["name"] for o in truth["origins"]} == {"reuters", "afp"}
    assert truth["stories"][0] == [a["id"] for a in spec["articles"] if a.get("role", "event") == "event"]


def test_an_in_corpus_original_is_the_origin_of_its_copies(tmp_path):
    need_shared("data", "news-base", "articles.jsonl")
    build.build(tmp_path, "all", ["f02-nestle-sales"])
    truth = json.loads((tmp_path / "truth.json").read_text())
    pairs = {(p["a"][:3], p["b"][:3]): p for p in truth["pairs"]}
    assert pairs[("b01", "b02")]["lineage"] == "b-from-a" and pairs[("b01", "b02")]["origin"] == "b01_original_bbc"
    assert pairs[("b02", "b03")]["lineage"] == "common-source"
    assert [o["name"] for o in truth["origins"]] == ["dpa"]


def test_every_drift_truth_names_words_the_articles_hold(tmp_path):
    """quote_drift: the new words are in the first article, the old in the second; drift: each
    word is in the changed article or in an article of its family (the source side)."""
    need_shared("data", "news-base", "articles.jsonl")
    build.build(tmp_path, "all")
    truth = json.loads((tmp_path / "truth.json").read_text())
    texts = {}
    for p in (tmp_path / "articles").iterdir():
        if p.suffix == ".jsonl":
            texts.update({r["id"]: r["text"] for r in map(json.loads, p.read_text().splitlines())})
        else:
            texts[p.stem] = html.unescape(p.read_text())
    texts = {k: v.casefold() for k, v in texts.items()}
    for q in truth["quote_drift"]:
        (new_in, old_in), (new, old) = q["articles"], q["words"]
        assert new.casefold() in texts[new_in] and old.casefold() not in texts[new_in], q
        assert old.casefold() in texts[old_in], q
    for d in truth["drift"]:
        changed = d["articles"][0]
        family = [t for k, t in texts.items() if k[0] == changed[0]]
        assert d["words"][0].casefold() in texts[changed], d
        for w in d["words"][1:]:
            assert any(w.casefold() in t for t in family if t is not texts[changed]), d
    for d in truth["not_drift"]:  # both spellings of the same thing are in the built articles
        assert all(any(w.casefold() in t for t in texts.values()) for w in d["words"]), d


def test_run_scores_a_perfect_report_perfectly_and_sees_a_missing_pair(tmp_path):
    need_shared("data", "news-base", "articles.jsonl")
    need_shared("eval", "seeds_check.py")
    import sys
    sys.path.insert(0, str(build.HERE))
    try:
        import run
    finally:
        sys.path.remove(str(build.HERE))
    build.build(tmp_path, "all", ["f02-nestle-sales"])
    truth = json.loads((tmp_path / "truth.json").read_text())
    fam = {"f02-nestle-sales": truth}
    est = {(e["a"], e["b"]): e["coverage"] for e in truth["coverage_estimates"]}
    origins = [{"id": f"origin:{o['name']}", "name": o["name"].upper(), "in_corpus": False,
                "children": o["children"]} for o in truth["origins"]]
    by_name = {o["name"].lower(): o["id"] for o in origins}
    relations = [{"a": p["a"], "b": p["b"], "kind": p["kinds"][0], "coverage": est[(p["a"], p["b"])],
                  "lineage": {"type": p["lineage"], "origin": by_name.get(p["origin"], p["origin"])}}
                 for p in truth["pairs"]]
    report = {"relations": relations, "origins": origins,
              "stories": [{"articles": s} for s in truth["stories"]]}
    m = run.issue_metrics(report, truth, fam, run.load_checker().norm)
    assert (m["precision"], m["recall"], m["lineage"], m["coverage"], m["stories"]) == (1, 1, 1, 1, "1/1")
    # a pair not found, a sibling called a copy, and the independent report left alone
    report["relations"] = relations[1:]
    report["relations"][0] = dict(relations[1], lineage={"type": "a-from-b", "origin": relations[1]["a"]})
    report["stories"] = [{"articles": [a for a in truth["stories"][0] if "independent" not in a]},
                         {"articles": [a for a in truth["stories"][0] if "independent" in a]}] + \
                        [{"articles": s} for s in truth["stories"][1:]]
    m = run.issue_metrics(report, truth, fam, run.load_checker().norm)
    n = len(truth["pairs"])
    assert m["recall"] == (n - 1) / n and m["lineage"] == (n - 2) / n and m["stories"] == "0/1"


def test_a_chain_of_copies_comes_from_each_article_up_the_chain(tmp_path):
    need_shared("data", "news-base", "articles.jsonl")
    build.build(tmp_path, "all", ["f19-deccan-atr", "f20-odriscoll-out"])
    truth = json.loads((tmp_path / "truth.json").read_text())
    pairs = {(p["a"][:3], p["b"][:3]): p for p in truth["pairs"]}
    # reprint -> copy -> copy of the copy, all the wire's words: the wire is the origin
    for k in (("s01", "s02"), ("s01", "s03"), ("s02", "s03"), ("s04", "s05")):
        assert pairs[k]["lineage"] == "b-from-a" and pairs[k]["origin"] == "pti", k
    # a copy of a text in its own words (a translation, an independent report) comes from it
    assert pairs[("t05", "t06")]["origin"] == "t05_translation_es_deporteshoy"
    assert pairs[("t07", "t08")]["origin"] == "t07_independent_scotsreporter"
    # an unsigned, undated original in the pile is still the origin of its copies
    assert pairs[("t01", "t02")]["lineage"] == "b-from-a" and pairs[("t01", "t02")]["origin"] == "t01_original_newswire"

