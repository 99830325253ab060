"""Lineage: direction with evidence, origins in and outside the corpus, merges, graphs."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from newslineage import lineage
from newslineage.lineage import cited as sources
from newslineage.model import Article, Lineage, Passage, Relation, Report, Story

WIRE = ("Officials said on Friday that the talks would resume. The minister told reporters the "
        "deal was close. Markets rose on the news.")


def art(aid, text=WIRE, **kw):
    return Article(id=aid, source=aid + ".txt", text=text, **kw)


def rel(a, b, cov_a, cov_b, passages=None, kind="near-verbatim"):
    return Relation(a=a.id, b=b.id, kind=kind, coverage={"a": cov_a, "b": cov_b},
                    passages=passages if passages is not None else
                    [Passage(a=(0, len(a.text)), b=(0, len(b.text)), kind="near-verbatim", score=0.9)])


def by_pair(relations):
    return {frozenset((r.a, r.b)): r for r in relations}


def seed_like():
    """Two reprints of one wire (one cut short), a rewrite naming it in the text, and a merge
    of two wires; none of them is the wire."""
    a = art("reprint", WIRE, credits=["Bloomberg"], published="2025-05-19T09:11:00+05:30")
    b = art("rewrite", "Officials said the talks would resume, Bloomberg reports. The deal is "
            "close, the publication writes.", credits=[])
    c = art("merge", "Other wire text about a meeting. " + WIRE + " More from the second wire.",
            credits=["REUTERS, BLOOMBERG"], published="2025-05-19")
    rels = [rel(a, c, 0.9, 0.3, [Passage((0, len(WIRE)), (33, 33 + len(WIRE)), "near-verbatim", 0.9)]),
            rel(b, c, 0.8, 0.4, [Passage((0, len(b.text)), (33, 33 + len(WIRE)), "paraphrase", 0.8)],
                kind="rewrite"),
            rel(a, b, 0.7, 0.8, [Passage((0, len(WIRE)), (0, len(b.text)), "paraphrase", 0.8)],
                kind="rewrite")]
    return [a, b, c], rels


def test_common_source_outside_corpus_and_merge_of_two_wires():
    arts, rels = seed_like()
    out, origins = lineage.trace(arts, rels)
    for r in out:
        assert r.lineage.type == "common-source", r.lineage
        assert r.lineage.origin == "origin:bloomberg"
        assert r.lineage.evidence and 0 < r.lineage.confidence <= 1
        assert all(p.origin == "origin:bloomberg" for p in r.passages)
    got = {o.id: o for o in origins}
    assert not got["origin:bloomberg"].in_corpus
    assert set(got["origin:bloomberg"].children) == {"reprint", "rewrite", "merge"}
    # the merge's second credit still makes an origin, with the merge below it
    assert got["origin:reuters"].children == ["merge"] and got["origin:reuters"].name == "Reuters"
    # the input records are not modified
    assert all(r.lineage.type == "unknown" for r in rels)


def test_merged_article_runs_split_by_origin():
    arts, rels = seed_like()
    out, origins = lineage.trace(arts, rels)
    merge = arts[2]
    merge.text = merge.text[:33] + "\n\n" + merge.text[33:33 + len(WIRE)] + "\n\n" + merge.text[33 + len(WIRE):]
    for r in out:  # shift passages of the merge by the first inserted break
        for p in r.passages:
            if r.b == "merge":
                p.b = (p.b[0] + 2, p.b[1] + 2)
    runs = lineage.origin_runs(merge, out, origins)
    labels = [lab for _, _, lab in runs]
    assert "origin:bloomberg" in labels and "origin:reuters" in labels


def test_original_in_corpus_is_the_origin():
    wire = art("wire", WIRE, outlet="Reuters", credits=["Reuters"], published="2025-05-19T08:00:00+00:00")
    r1 = art("r1", WIRE, outlet="Daily Planet", credits=["REUTERS"], published="2025-05-19T10:00:00+00:00")
    r2 = art("r2", WIRE, outlet="Gazette", credits=["Thomson Reuters"], published="2025-05-19T11:00:00+00:00")
    out, origins = lineage.trace([wire, r1, r2], [rel(wire, r1, 1, 1), rel(r1, r2, 1, 1), rel(wire, r2, 1, 1)])
    pairs = by_pair(out)
    assert pairs[frozenset(("wire", "r1"))].lineage.type == "b-from-a"
    assert pairs[frozenset(("wire", "r1"))].lineage.origin == "wire"
    assert any("credits Reuters" in e for e in pairs[frozenset(("wire", "r1"))].lineage.evidence)
    assert pairs[frozenset(("r1", "r2"))].lineage.type == "common-source"
    assert pairs[frozenset(("r1", "r2"))].lineage.origin == "wire"
    got = {o.id: o for o in origins}
    assert got["wire"].in_corpus and set(got["wire"].children) == {"r1", "r2"}
    assert "origin:reuters" not in got  # the credit resolved to the article in the corpus


def test_uncredited_copy_decided_by_time_and_containment():
    orig = art("orig", WIRE + " A last paragraph the copy left out, with more detail on it.",
               published="2025-04-02T08:00:00+02:00")
    copy_ = art("copy", WIRE, published="2025-04-02T15:30:00+02:00")
    r = rel(orig, copy_, 0.6, 0.97, [Passage((0, len(WIRE)), (0, len(WIRE)), "verbatim", 1.0)])
    out, origins = lineage.trace([orig, copy_], [r])
    lin = out[0].lineage
    assert lin.type == "b-from-a" and lin.origin == "orig"
    assert any("published later" in e for e in lin.evidence)
    assert any("contained" in e for e in lin.evidence)
    assert lin.confidence > 0.6
    assert [o.id for o in origins] == ["orig"] and origins[0].in_corpus


def test_containment_and_time_disagree_gives_unknown():
    long_ = art("long", WIRE + " More.", published="2025-04-03")
    short = art("short", WIRE, published="2025-04-02")
    out, _ = lineage.trace([long_, short], [rel(long_, short, 0.6, 0.97)])
    assert out[0].lineage.type == "unknown"
    assert len(out[0].lineage.evidence) >= 2


def test_missing_dates_do_not_break_direction():
    a = art("a", WIRE)
    b = art("b", WIRE + " Extra.")
    out, origins = lineage.trace([a, b], [rel(a, b, 0.95, 0.5)])
    assert out[0].lineage.type == "a-from-b" and out[0].lineage.origin == "b"


def test_credit_to_an_unlisted_agency_makes_an_origin():
    a = art("a", WIRE, credits=["Nordlys Nyhetsbyrå"])
    b = art("b", WIRE, credits=["nordlys nyhetsbyrå"])
    out, origins = lineage.trace([a, b], [rel(a, b, 1, 1)])
    assert out[0].lineage.type == "common-source"
    assert out[0].lineage.origin == origins[0].id
    assert origins[0].id.startswith("origin:nordlys") and not origins[0].in_corpus
    assert set(origins[0].children) == {"a", "b"}


def test_edit_signals_point_at_the_edited_copy():
    a = art("a", "Putin spoke on Friday.")
    b = art("b", "Mr Putin spoke on May 16.")
    p = Passage((0, len(a.text)), (0, len(b.text)), "near-verbatim", 0.9,
                diff=[["insert", "", "Mr"], ["equal", "Putin spoke on", "Putin spoke on"],
                      ["replace", "Friday.", "May 16."]])
    out, _ = lineage.trace([a, b], [rel(a, b, 1, 1, [p])])
    lin = out[0].lineage
    assert lin.type == "b-from-a"
    assert any("edited" in e for e in lin.evidence)


def test_retelling_phrase_marks_the_copy():
    a = art("a", "The minister said the deal was close.")
    b = art("b", "The minister said the deal was close, the publication writes.")
    out, _ = lineage.trace([a, b], [rel(a, b, 1, 1, [Passage((0, len(a.text)), (0, len(b.text)), "near-verbatim", 0.9)])])
    assert out[0].lineage.type == "b-from-a"
    assert any("retells" in e for e in out[0].lineage.evidence)


@pytest.mark.parametrize("text,name", [
    ("Der Minister sagte das, wie dpa berichtet.", "dpa"),
    ("Selon l'AFP, le ministre a parlé.", "AFP"),
    ("Según la agencia EFE, el ministro habló.", "EFE"),
    ("Secondo l'ANSA il ministro ha parlato.", "ANSA"),
    ("O ministro falou, segundo a agência Lusa.", "Lusa"),
    ("Міністр заявив це, повідомляє Reuters.", "Reuters"),
    ("Министр заявил это, сообщает ТАСС.", "TASS"),
    ("This story first appeared in The Conversation.", "Conversation"),
    ("The minister spoke, Bloomberg reports.", "Bloomberg"),
])
def test_attribution_phrases_in_several_languages(text, name):
    found = sources.mentions(text, sources.known_sources([]))
    assert [m.name for m in found] == [name]


def test_people_are_not_sources():
    assert sources.mentions("according to Michael Kofman, a senior fellow", sources.known_sources([])) == []


def test_same_story_relations_pass_through():
    a, b = art("a"), art("b", "Unrelated text.")
    same = Relation(a="a", b="b", kind="same-story", coverage={"a": 0.0, "b": 0.0})
    out, origins = lineage.trace([a, b], [same])
    assert out[0].lineage.type == "unknown" and origins == []


def test_unknown_article_is_a_clear_error():
    a = art("a")
    with pytest.raises(ValueError, match="not in the batch"):
        lineage.trace([a], [Relation(a="a", b="zzz", kind="excerpt")])


def _report():
    arts, rels = seed_like()
    out, origins = lineage.trace(arts, rels)
    lone = art("lone", "Nothing shared here.")
    return Report(articles=arts + [lone], relations=out, origins=origins,
                  stories=[Story("s1", "Talks resume", [a.id for a in arts]), Story("s2", "Lone", ["lone"])])


def test_graph_per_story_edges_from_source_to_copy():
    gs = lineage.graphs(_report())
    assert set(gs) == {"s1", "s2"}
    g = gs["s1"]
    assert g.nodes["origin:bloomberg"]["type"] == "origin"
    assert {"reprint", "rewrite", "merge"} <= set(g.successors("origin:bloomberg"))
    assert g.has_edge("origin:reuters", "merge")
    assert all(0 <= d["confidence"] <= 1 for _, _, d in g.edges(data=True))
    assert list(gs["s2"].nodes) == ["lone"] and gs["s2"].number_of_edges() == 0


def test_graphml_and_json_exports_round_trip(tmp_path):
    rep = _report()
    xml = lineage.to_graphml(rep)
    path = tmp_path / "g.graphml"
    path.write_text(xml)
    back = nx.read_graphml(path)
    assert back.has_edge("origin:bloomberg", "reprint")
    data = lineage.to_graph_json(rep)
    json.dumps(data)  # plain JSON
    g = nx.node_link_graph(data["stories"][0]["graph"], edges="edges")
    assert g.has_edge("origin:reuters", "merge")


# --- the example corpus and the seeds, through the whole pipeline ---------------------------

def _rel(rep, a, b):
    for r in rep.relations:
        if {r.a, r.b} == {a, b} and r.kind != "same-story":
            return r
    return None


def test_example_corpus_wire_in_corpus_is_the_origin(example_report):
    rep = example_report
    got = {o.id: o for o in rep.origins}
    wire = got.get("01_wire_npa")
    assert wire is not None and wire.in_corpus
    assert {"02_reprint_observer", "03_merge_meridian"} <= set(wire.children)
    assert not any(not o.in_corpus and "npa" in o.id for o in rep.origins)
    r = _rel(rep, "01_wire_npa", "02_reprint_observer")
    assert r is not None
    copy_side = "b-from-a" if r.a == "01_wire_npa" else "a-from-b"
    assert r.lineage.type == copy_side and r.lineage.origin == "01_wire_npa"


def test_example_corpus_merge_has_both_origins_and_runs(example_report):
    rep = example_report
    got = {o.id: o for o in rep.origins}
    assert "03_merge_meridian" in got["origin:afp"].children and not got["origin:afp"].in_corpus
    merge = rep.article("03_merge_meridian")
    runs = lineage.origin_runs(merge, rep.relations, rep.origins)
    labels = {lab for _, _, lab in runs}
    assert {"01_wire_npa", "origin:afp"} <= labels


def test_example_corpus_uncredited_copy_by_time(example_report):
    r = _rel(example_report, "06_independent_coastal", "09_uncredited_copy")
    assert r is not None
    want = "b-from-a" if r.a == "06_independent_coastal" else "a-from-b"
    assert r.lineage.type == want and r.lineage.origin == "06_independent_coastal"
    assert any("published later" in e for e in r.lineage.evidence)


def test_example_corpus_graph_exports(example_report):
    gs = lineage.graphs(example_report)
    fire = next(g for g in gs.values() if "01_wire_npa" in g)
    assert fire.has_edge("01_wire_npa", "02_reprint_observer")
    assert fire.has_edge("origin:afp", "03_merge_meridian")
    assert "<graphml" in lineage.to_graphml(example_report)
    json.dumps(lineage.to_graph_json(example_report))


def test_seeds_common_source_outside_the_corpus(seeds_report):
    rep = seeds_report
    ids = {a.id[:3]: a.id for a in rep.articles}
    for x, y in (("000", "001"), ("000", "002"), ("001", "002")):
        r = _rel(rep, ids[x], ids[y])
        assert r is not None, (x, y)
        assert r.lineage.type == "common-source" and r.lineage.origin == "origin:bloomberg", r.lineage
    got = {o.id: o for o in rep.origins}
    assert set(got["origin:bloomberg"].children) >= {ids["000"], ids["001"], ids["002"]}
    assert got["origin:reuters"].children == [ids["002"]]
    assert not got["origin:bloomberg"].in_corpus and not got["origin:reuters"].in_corpus


def test_a_time_gap_reads_in_minutes_hours_or_days():
    from newslineage.lineage.direction import _gap
    assert _gap(45) == "45 min"
    assert _gap(-3.7 * 60) == "3.7 h"
    assert _gap(7 * 24 * 60 + 12 * 60) == "7.5 days"
