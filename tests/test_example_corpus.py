"""The whole pipeline on the bundled example corpus, held to examples/corpus_truth.json.

The truth file says what a correct analysis of examples/corpus finds (examples/README.md tells
the story in prose). Each area (read, metadata, clean, reuse, lineage, stories, quotes, drift)
has its own tests, so a failure points at one stage. The checks read the report in its JSON
form (``Report.to_dict()``), the contract other programs consume.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

TRUTH_PATH = Path(__file__).resolve().parent.parent / "examples" / "corpus_truth.json"
TRUTH = json.loads(TRUTH_PATH.read_text(encoding="utf-8"))
ARTICLES = TRUTH["articles"]
PAIRS = TRUTH["pairs"]
REUSE_KINDS = {"duplicate", "near-verbatim", "excerpt", "rewrite", "translation", "partial"}
FLIP = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}


def norm(s: str | None) -> str:
    """Compare text as a reader would: Unicode forms, curly quotes, spacing and case aside."""
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().casefold()


def pair_id(p: dict) -> str:
    return f"{p['a']}~{p['b']}"


@pytest.fixture(scope="module")
def rep(example_report) -> dict:
    return example_report.to_dict()


@pytest.fixture(scope="module")
def arts(rep) -> dict:
    return {a["id"]: a for a in rep["articles"]}


def relation(rep: dict, a: str, b: str) -> tuple[dict | None, bool]:
    """The reuse relation between a and b, and whether the report names the pair b, a."""
    for r in rep["relations"]:
        if r["kind"] == "same-story":
            continue
        if (r["a"], r["b"]) == (a, b):
            return r, False
        if (r["a"], r["b"]) == (b, a):
            return r, True
    return None, False


def reuse_of(rep: dict, aid: str) -> list[dict]:
    return [r for r in rep["relations"] if aid in (r["a"], r["b"]) and r["kind"] != "same-story"]


# --- read ---------------------------------------------------------------------------------

def test_every_article_is_read(rep):
    ids = {a["id"] for a in rep["articles"]}
    assert set(ARTICLES) <= ids, f"missing articles: {sorted(set(ARTICLES) - ids)}"
    assert len(rep["articles"]) == len(ARTICLES), f"unexpected articles: {sorted(ids - set(ARTICLES))}"


def test_every_input_accounted_for(rep):
    corpus = TRUTH_PATH.parent / "corpus"
    files = sorted(p.name for p in corpus.rglob("*") if p.is_file())
    statuses = rep["inputs"]
    named = " ".join(s["source"] for s in statuses)
    for f in files:
        assert f in named, f"{f} has no input status"
    assert all(s["status"] == "ok" for s in statuses), [s for s in statuses if s["status"] != "ok"]
    assert sum(s["articles"] for s in statuses) == len(ARTICLES)


# --- metadata -----------------------------------------------------------------------------

@pytest.mark.parametrize("aid", sorted(ARTICLES))
def test_metadata(arts, aid):
    t, a = ARTICLES[aid], arts[aid]
    if t["title"]:
        assert norm(a["title"]) == norm(t["title"])
    if t["outlet"]:
        got = norm(a["outlet"])
        assert got and (norm(t["outlet"]) in got or got in norm(t["outlet"])), a["outlet"]
    if t["published_date"]:
        assert str(a["published"] or "").startswith(t["published_date"]), a["published"]
    for c in t["credits"]:
        assert any(norm(c) in norm(x) for x in a["credits"]), f"credit {c} not in {a['credits']}"
    for b in t.get("byline", []):
        assert any(norm(b) in norm(x) for x in a["byline"]), f"byline {b} not in {a['byline']}"
    if t.get("language"):
        assert a["language"] == t["language"]


# --- clean --------------------------------------------------------------------------------

@pytest.mark.parametrize("aid", sorted(ARTICLES))
def test_body_kept(arts, aid):
    text = norm(arts[aid]["text"])
    lost = [s for s in ARTICLES[aid]["body"] if norm(s) not in text]
    assert not lost, f"body sentences lost from {aid}: {lost}"


@pytest.mark.parametrize("aid", sorted(a for a, t in ARTICLES.items() if t["boilerplate"]))
def test_furniture_removed_and_kept_for_audit(arts, aid):
    a = arts[aid]
    text = norm(a["text"])
    assert text, f"{aid} has an empty body"
    kept = [s for s in ARTICLES[aid]["boilerplate"] if norm(s) in text]
    assert not kept, f"furniture left in the body of {aid}: {kept}"
    assert a["removed"], f"{aid}: furniture was removed but nothing is recorded in 'removed'"
    assert all(r["text"].strip() and r["reason"] for r in a["removed"])


# --- reuse --------------------------------------------------------------------------------

@pytest.mark.parametrize("p", PAIRS, ids=pair_id)
def test_reuse_kind_and_coverage(rep, p):
    r, flip = relation(rep, p["a"], p["b"])
    assert r is not None, f"no reuse relation between {p['a']} and {p['b']} ({p['note']})"
    assert r["kind"] in p["kinds"], f"kind {r['kind']}, expected one of {p['kinds']}"
    cov = r["coverage"]
    ca, cb = (cov["b"], cov["a"]) if flip else (cov["a"], cov["b"])
    assert p["coverage_a"][0] <= ca <= p["coverage_a"][1], f"coverage of {p['a']}: {ca}"
    assert p["coverage_b"][0] <= cb <= p["coverage_b"][1], f"coverage of {p['b']}: {cb}"


@pytest.mark.parametrize("p", PAIRS, ids=pair_id)
def test_passages_point_into_both_texts(rep, arts, p):
    r, _ = relation(rep, p["a"], p["b"])
    assert r is not None and r["passages"], f"no passages between {p['a']} and {p['b']}"
    la, lb = len(arts[r["a"]]["text"]), len(arts[r["b"]]["text"])
    for x in r["passages"]:
        assert 0 <= x["a"][0] < x["a"][1] <= la and 0 <= x["b"][0] < x["b"][1] <= lb, x


@pytest.mark.parametrize("aid", TRUTH["no_reuse"])
def test_no_reuse_for_unrelated_and_other_events(rep, aid):
    assert any(r["kind"] != "same-story" for r in rep["relations"]), "the report found no reuse at all"
    fp = reuse_of(rep, aid)
    assert not fp, f"{aid} shares no text, yet: {[(r['a'], r['b'], r['kind']) for r in fp]}"


def test_no_reuse_across_families(rep):
    groups = [set(g) for g in TRUTH["no_reuse_across"]]
    assert any(r["kind"] != "same-story" for r in rep["relations"]), "the report found no reuse at all"
    wrong = [(r["a"], r["b"], r["kind"]) for r in rep["relations"] if r["kind"] != "same-story"
             and not any({r["a"], r["b"]} <= g for g in groups)]
    assert not wrong, f"reuse between articles that share no text: {wrong}"


def test_relation_kinds_are_from_the_contract(rep):
    kinds = {r["kind"] for r in rep["relations"]}
    assert kinds <= REUSE_KINDS | {"same-story"}, kinds


# --- lineage ------------------------------------------------------------------------------

@pytest.mark.parametrize("p", PAIRS, ids=pair_id)
def test_lineage(rep, p):
    r, flip = relation(rep, p["a"], p["b"])
    assert r is not None, f"no reuse relation between {p['a']} and {p['b']}"
    lin = r["lineage"]
    want = FLIP.get(p["lineage"], p["lineage"]) if flip else p["lineage"]
    assert lin["type"] == want, f"lineage {lin['type']} (as {r['a']}, {r['b']}), expected {want}"
    origins = {o["id"]: o for o in rep["origins"]}
    ref = lin["origin"]
    # an origin in the corpus is named by its article id, one outside by an origin record
    name = origins[ref]["name"] if ref in origins else ref
    assert ref and norm(p["origin"]) in norm(name), f"origin {ref!r}, expected {p['origin']}"
    assert lin["evidence"], "a lineage decision must say why"


@pytest.mark.parametrize("o", TRUTH["origins"], ids=lambda o: o["name"])
def test_origin_outside_the_corpus(rep, o):
    found = [x for x in rep["origins"] if o["name"] in norm(x["name"]) and not x["in_corpus"]]
    assert found, f"no origin {o['name']} outside the corpus in {[x['name'] for x in rep['origins']]}"
    kids = set().union(*(set(x["children"]) for x in found))
    assert set(o["children"]) <= kids, f"{o['name']} children {sorted(kids)}"


@pytest.mark.parametrize("o", TRUTH["in_corpus_origins"], ids=lambda o: o["name"])
def test_credited_wire_in_the_corpus_is_no_outside_origin(rep, o):
    # The wire's original is article o["article"]; calling it missing would send a user looking
    # for a text that is right there.
    outside = [x for x in rep["origins"] if not x["in_corpus"]
               and set(o["children"]) & set(x["children"])
               and (o["name"] in norm(x["name"]) or "nordic press" in norm(x["name"]))]
    assert not outside, f"{o['name']} reported outside the corpus: {outside}"
    for kid in o["children"]:
        r, flip = relation(rep, o["article"], kid)
        assert r is not None and r["lineage"]["type"] == ("a-from-b" if flip else "b-from-a"), \
            f"{kid} should derive from {o['article']}"


# --- stories ------------------------------------------------------------------------------

def test_stories_partition_events(rep):
    got = {frozenset(s["articles"]) for s in rep["stories"]}
    want = {frozenset(s) for s in TRUTH["stories"]}
    assert got == want, f"stories {sorted(sorted(s) for s in got)}"


def test_same_topic_other_event_is_not_merged(rep):
    # The earlier hearing shares people and topic with the fire; topic is not story.
    lone = [s[0] for s in TRUTH["stories"] if len(s) == 1]
    for s in rep["stories"]:
        inside = set(s["articles"]) & set(lone)
        assert not inside or len(s["articles"]) == 1, f"{sorted(inside)} merged into {s['articles']}"


# --- quotes -------------------------------------------------------------------------------

@pytest.mark.parametrize("q", TRUTH["quote_drift"], ids=lambda q: q["speaker"])
def test_changed_quote_linked(rep, q):
    candidates = [x for x in rep["quotes"] if q["speaker"] in norm(x["speaker"])]
    assert candidates, f"no quote attributed to {q['speaker']}"
    hits = []
    for x in candidates:
        by_art: dict[str, list[str]] = {}
        for v in x["variants"]:
            by_art.setdefault(v["article"], []).append(norm(v["text"]))
        if all(any(norm(w) in t for t in by_art.get(a, [])) for a, w in zip(q["articles"], q["words"])):
            hits.append(x)
    assert hits, f"{q['speaker']}: no quote links {q['words']} across {q['articles']}"
    assert all(x["changed"] for x in hits), f"{q['speaker']}: the re-worded quote is not marked changed"


def test_quote_variant_spans_match_text(rep, arts):
    assert rep["quotes"], "no quotes found in the example corpus"
    for x in rep["quotes"]:
        for v in x["variants"]:
            s, e = v["span"]
            assert norm(arts[v["article"]]["text"][s:e]) == norm(v["text"]), v


# --- drift --------------------------------------------------------------------------------

def drift_text(d: dict) -> str:
    return norm(" ".join(str(d.get(k, "")) for k in ("a_text", "b_text", "note")))


@pytest.mark.parametrize("d", TRUTH["drift"], ids=lambda d: d.get("type", "") + ":" + "/".join(d["words"]))
def test_drift_flagged(rep, d):
    hits = [x for x in rep["drift"] if set(d["articles"]) <= {x["a"], x["b"]}
            and all(norm(w) in drift_text(x) for w in d["words"])]
    assert hits, f"drift {d['words']} between {d['articles']} not flagged"


@pytest.mark.parametrize("d", TRUTH["not_drift"], ids=lambda d: "/".join(d["words"]))
def test_not_drift(rep, d):
    assert rep["drift"], "the report flags no drift at all"
    bad = [x for x in rep["drift"] if all(norm(w) in drift_text(x) for w in d["words"])]
    assert not bad, f"{d['note']}, yet flagged: {bad}"


def test_no_drift_between_unrelated_articles(rep):
    related = {frozenset((r["a"], r["b"])) for r in rep["relations"] if r["kind"] != "same-story"}
    stray = [x for x in rep["drift"] if frozenset((x["a"], x["b"])) not in related and x["a"] != x["b"]]
    assert not stray, f"drift between articles that share no text: {stray}"


# --- the truth file itself (no pipeline): it must describe the corpus as it is -----------

def raw_corpus() -> dict[str, str]:
    """Article id -> raw input text, read naively (files by stem, JSON Lines by record id)."""
    raw = {}
    for p in sorted((TRUTH_PATH.parent / "corpus").rglob("*")):
        if p.suffix == ".jsonl":
            for line in p.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                raw[rec["id"]] = rec["text"]
        elif p.is_file():
            raw[str(p.relative_to(TRUTH_PATH.parent / "corpus").with_suffix(""))] = p.read_text(encoding="utf-8")
    return raw


def test_truth_matches_the_corpus():
    raw = raw_corpus()
    assert set(raw) == set(ARTICLES)
    for aid, t in ARTICLES.items():
        for s in t["body"] + t["boilerplate"]:
            assert norm(s) in norm(raw[aid]), f"{aid}: truth names text the input lacks: {s!r}"
    for q in TRUTH["quote_drift"]:
        for aid, w in zip(q["articles"], q["words"]):
            assert norm(w) in norm(raw[aid]), (aid, w)
    ids = set(ARTICLES)
    assert {x for p in PAIRS for x in (p["a"], p["b"])} <= ids
    assert sorted(x for s in TRUTH["stories"] for x in s) == sorted(ids), "stories must partition the articles"
