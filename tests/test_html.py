"""The HTML report without a browser: self-contained, escaped, data embedded once."""
from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from newslineage.model import Article, Lineage, Origin, Passage, Relation, Report
from newslineage.report import html
from report_fixtures import XSS, fixture_report


def _data(page: str) -> dict:
    doc = lxml_html.fromstring(page)
    (node,) = doc.xpath('//script[@id="nl-data"]')
    assert node.get("type") == "application/json"
    return json.loads(node.text)


def test_page_is_self_contained():
    page = html.render(fixture_report())
    doc = lxml_html.fromstring(page)
    for el in doc.iter():
        for attr in ("src", "href", "action", "poster", "data"):
            v = el.get(attr)
            if v is not None:
                assert v.startswith(("#", "data:")), f"<{el.tag} {attr}={v!r}> would load something"
    assert not doc.xpath("//link[@rel='stylesheet'] | //script[@src] | //iframe | //img")
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp


def test_csp_allows_only_our_script_and_style_by_hash():
    import base64
    import hashlib
    page = html.render(fixture_report())
    doc = lxml_html.fromstring(page)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "unsafe-inline" not in csp
    policy = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    sha = lambda t: "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'"  # noqa: E731
    assert policy["script-src"] == sha(doc.xpath("//script[not(@type)]")[0].text)
    assert policy["style-src"] == sha(doc.xpath("//style")[0].text)


def test_untrusted_text_cannot_break_out():
    rep = fixture_report()
    page = html.render(rep)
    doc = lxml_html.fromstring(page)
    # Exactly our two scripts: the data and the code; the article's markup is data.
    scripts = doc.xpath("//script")
    assert len(scripts) == 2
    assert "__pwned" not in scripts[1].text
    assert "<script>window.__pwned" not in page and "</script><img" not in page
    assert not doc.xpath("//img | //*[@onerror]")
    data = _data(page)
    by_id = {a["id"]: a for a in data["articles"]}
    assert XSS in by_id["004_<script>"]["text"]
    assert by_id["004_<script>"]["title"] == rep.article("004_<script>").title


def test_a_title_option_is_escaped():
    page = html.render(fixture_report(), title="<b>Mine</b>")
    assert "<title>&lt;b&gt;Mine&lt;/b&gt;</title>" in page


def test_data_round_trips_and_text_is_embedded_once():
    rep = fixture_report()
    page = html.render(rep)
    data = _data(page)
    assert [a["text"] for a in data["articles"]] == [a.text for a in rep.articles]
    para = "Separately, the United Nations said aid convoys"
    assert page.count(para) == 1
    # Quote variants point into the text rather than repeating it.
    assert all("t" not in v for q in data["quotes"] for v in q["variants"])
    # Passages carry offsets only, no text.
    for r in data["relations"]:
        for p in r["p"]:
            # [a0, a1, b0, b1, kind, score, origin id, a ranges, b ranges]
            assert all(isinstance(x, (int, float)) for x in p[:4] + [p[5]] + p[7] + p[8])
            assert p[4] in ("verbatim", "near-verbatim", "paraphrase", "translation")


def test_size_grows_linearly_with_articles():
    sizes = [len(html.render(fixture_report(extra_articles=n)).encode()) for n in (0, 100, 200)]
    step1, step2 = sizes[1] - sizes[0], sizes[2] - sizes[1]
    assert step1 > 0 and abs(step2 - step1) / step1 < 0.1


def test_changed_words_become_character_ranges():
    rep = fixture_report()
    r = rep.relations[0]  # 000_reprint vs 001_merge: "Monday" -> "12 May", "40" -> "45"
    ta, tb = rep.article(r.a).text, rep.article(r.b).text
    p = r.passages[0]
    ra = html.diff_ranges(ta, p.a, p.diff, 1)
    rb = html.diff_ranges(tb, p.b, p.diff, 2)
    assert [ta[s:e] for s, e in zip(ra[::2], ra[1::2])] == ["Monday"]
    assert [tb[s:e] for s, e in zip(rb[::2], rb[1::2])] == ["12 May"]
    for s, e in zip(ra[::2], ra[1::2]):
        assert p.a[0] <= s < e <= p.a[1]


def test_diff_words_that_cannot_be_found_are_passed_over():
    text = "The minister said the plan would work."
    ops = [["equal", "the minister", "the minister"], ["replace", "said", "says"],
           ["insert", "", "zzz"], ["delete", "nowhere-to-be-found", ""],
           ["equal", "the plan would work.", "the plan would work."]]
    ranges = html.diff_ranges(text, (0, len(text)), ops, 1)
    assert [text[s:e] for s, e in zip(ranges[::2], ranges[1::2])] == ["said"]
    assert html.diff_ranges(text, (0, len(text)), [], 1) == []


def test_lineage_graph_runs_from_source_to_copy_with_outside_origins():
    data = html.page_data(fixture_report())
    idx = {a["id"]: i for i, a in enumerate(data["articles"])}
    (geneva,) = [s for s in data["stories"] if s["id"] == "story:geneva-talks"]
    g = geneva["graph"]
    names = []
    for n in g["nodes"]:
        names.append(data["origins"][n["o"]]["name"] if "o" in n else data["articles"][n["a"]]["id"])
    edges = {(names[u], names[v]) for u, v, *_ in g["edges"]}
    assert ("Meridian Press", "000_reprint") in edges
    assert ("Atlas Newswire", "001_merge") in edges
    assert ("000_reprint", "002_rewrite") in edges  # lineage b-from-a: 002 took from 000
    # Sources sit on rows above their copies.
    rows = {names[i]: n["y"] for i, n in enumerate(g["nodes"])}
    assert rows["Meridian Press"] < rows["000_reprint"] < rows["002_rewrite"]
    assert idx["003_unrelated"] not in [n.get("a") for n in g["nodes"]]


def test_cycle_in_lineage_still_lays_out():
    a = Article(id="a", source="a", text="one two three four")
    b = Article(id="b", source="b", text="one two three four")
    rels = [Relation("a", "b", "duplicate", lineage=Lineage("a-from-b", "b", 0.5),
                     passages=[Passage((0, 18), (0, 18), "verbatim", 1.0)]),
            Relation("b", "a", "duplicate", lineage=Lineage("a-from-b", "a", 0.5))]
    data = html.page_data(Report(articles=[a, b], relations=rels))
    # No stories in the report: one group of all articles is drawn.
    assert len(data["stories"]) == 1 and len(data["stories"][0]["graph"]["nodes"]) == 2


def test_empty_and_broken_references_render():
    assert "nl-data" in html.render(Report())
    rep = fixture_report()
    rep.origins.append(Origin("origin:x", "X", False, ["not-an-article"]))
    rep.relations[0].lineage.origin = "nowhere"
    assert "nl-data" in html.render(rep)


@pytest.mark.parametrize("ch", ["</script>", "<!--", "\u2028", "&"])
def test_script_json_escapes(ch):
    s = html.script_json({"t": f"x{ch}y"})
    assert ch not in s and json.loads(s) == {"t": f"x{ch}y"}


def test_seeds_report_renders(seeds_report):
    data = _data(html.render(seeds_report))
    assert len(data["articles"]) == len(seeds_report.articles)


def test_example_report_renders(example_report):
    page = html.render(example_report)
    assert len(_data(page)["relations"]) == len(example_report.relations)
    assert not re.search(r'(src|href)="https?:', page)


def test_same_story_articles_without_shared_text_are_linked_in_the_graph():
    from newslineage.model import Lineage, Relation, Story
    rep = fixture_report()
    rep.stories = [Story("story:all", "Everything",
                         [a.id for a in rep.articles if a.id != "004_<script>"])]
    data = html.page_data(rep)
    g = data["stories"][0]["graph"]
    ids = [rep.articles[n["a"]].id if "a" in n else None for n in g["nodes"]]
    same = [e for e in g["edges"] if e[2] == "same-story"]
    assert len(same) == 1 and e_ids(same[0], ids) == {"000_reprint", "003_unrelated"}
    assert same[0][5] == 1  # undirected: no arrow
    # two articles already joined by shared text get no extra same-story line
    rep.relations.append(Relation(a="000_reprint", b="002_rewrite", kind="same-story",
                                  lineage=Lineage(), passages=[], score=0.1))
    g = html.page_data(rep)["stories"][0]["graph"]
    assert len([e for e in g["edges"] if e[2] == "same-story"]) == 1


def e_ids(edge, ids):
    return {ids[edge[0]], ids[edge[1]]}
