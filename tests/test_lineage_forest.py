"""Lineage as one inference per family (the derivation forest), merges with outside wires,
siblings, duplicates, and credits that name an article of the corpus."""
from __future__ import annotations

from newslineage import lineage
from newslineage.lineage import forest
from newslineage.model import Article, Passage, Relation

WIRE = ("Officials said on Friday that the talks would resume. The minister told reporters the "
        "deal was close. Markets rose on the news.")
AFP_LINE = " According to AFP, the talks resume next week."


def art(aid, text=WIRE, **kw):
    return Article(id=aid, source=aid + ".txt", text=text, **kw)


def rel(a, b, cov_a, cov_b, kind="near-verbatim", pkind="near-verbatim"):
    return Relation(a=a.id, b=b.id, kind=kind, coverage={"a": cov_a, "b": cov_b},
                    passages=[Passage(a=(0, len(a.text)), b=(0, len(b.text)), kind=pkind, score=0.9)])


def lin(out, x, y):
    """The lineage of the pair (x, y) as seen from x: 'x-from-y' reads 'from', etc."""
    for r in out:
        if {r.a, r.b} == {x, y}:
            t = r.lineage.type
            if r.a != x:
                t = {"a-from-b": "b-from-a", "b-from-a": "a-from-b"}.get(t, t)
            return t, r.lineage
    raise AssertionError(f"no relation {x} {y}")


def test_weak_attribution_cannot_make_the_credited_original_a_copy_of_a_later_paraphrase():
    # The original names AFP inside its text; the paraphrase, published later, does not.
    # Pairwise, the original "retells a source" and looked like the copy; in the family the
    # original is earlier and everything traces to it.
    orig = art("orig", WIRE + AFP_LINE, outlet="Nordic Press Agency",
               published="2025-05-19T08:00:00+00:00")
    para = art("para", "Talks will restart, officials said. A deal is near, the minister told "
               "the press. Markets went up.", published="2025-05-19T14:00:00+00:00")
    reprint = art("reprint", WIRE + AFP_LINE, credits=["NPA"], published="2025-05-19T09:00:00+00:00")
    excerpt = art("excerpt", WIRE, credits=["NPA"], published="2025-05-19T10:00:00+00:00")
    rels = [rel(orig, para, 0.8, 0.9, "rewrite", "paraphrase"),
            rel(orig, reprint, 1.0, 1.0, "duplicate", "verbatim"),
            rel(orig, excerpt, 0.7, 1.0, "excerpt", "verbatim"),
            rel(reprint, para, 0.8, 0.9, "rewrite", "paraphrase"),
            rel(excerpt, para, 1.0, 0.9, "rewrite", "paraphrase"),
            rel(reprint, excerpt, 0.7, 1.0, "excerpt", "verbatim")]
    out, origins = lineage.trace([orig, para, reprint, excerpt], rels)
    for copy in ("para", "reprint", "excerpt"):
        t, lg = lin(out, copy, "orig")
        assert t == "a-from-b" and lg.origin == "orig", (copy, lg)
        assert lg.evidence[0].startswith("decided by the family forest")
    # two copies of one original are siblings, whatever their kinds
    for x, y in (("reprint", "excerpt"), ("para", "reprint"), ("para", "excerpt")):
        t, lg = lin(out, x, y)
        assert t == "common-source" and lg.origin == "orig", (x, y, lg)
    got = {o.id: o for o in origins}
    assert set(got["orig"].children) == {"para", "reprint", "excerpt"} and got["orig"].in_corpus
    # AFP is named in the copied text of two articles, not credited: no origin of its own
    # above the original
    assert "origin:afp" not in got


def test_third_party_named_by_both_is_a_common_source_not_a_direction():
    a = art("a", WIRE + " Bloomberg reports, the publication writes.")
    b = art("b", WIRE, credits=["Bloomberg"])
    out, origins = lineage.trace([a, b], [rel(a, b, 1.0, 0.9)])
    t, lg = lin(out, "a", "b")
    assert t == "common-source" and lg.origin == "origin:bloomberg", lg
    assert not any("retells" in e for e in lg.evidence)


def test_duplicates_get_a_direction_from_time_or_credits_only():
    a, b = art("a", published="2025-05-19T08:00:00+00:00"), art("b", published="2025-05-19T12:00:00+00:00")
    out, _ = lineage.trace([a, b], [rel(a, b, 1.0, 1.0, "duplicate", "verbatim")])
    assert lin(out, "b", "a")[0] == "a-from-b"
    c, d = art("c", outlet="Gazette"), art("d", credits=["Gazette"])
    out, _ = lineage.trace([c, d], [rel(c, d, 1.0, 1.0, "duplicate", "verbatim")])
    assert lin(out, "d", "c")[0] == "a-from-b"
    e, f = art("e"), art("f")
    out, _ = lineage.trace([e, f], [rel(e, f, 1.0, 1.0, "duplicate", "verbatim")])
    t, lg = lin(out, "e", "f")
    assert t == "unknown" and lg.confidence == 0.0 and lg.evidence


REUTERS = "The central bank held its rate at four percent. Traders had expected a cut."
AFP = "Farmers blocked roads in the capital. Police cleared the main square by noon."


def test_merge_of_two_wires_and_a_reprint_of_one_come_from_that_wire():
    merge = art("merge", REUTERS + " " + AFP, credits=["Reuters, AFP"], published="2025-03-02T10:00:00+00:00")
    reprint = art("reprint", REUTERS, credits=["Reuters"], published="2025-03-02T12:00:00+00:00")
    r = Relation(a="merge", b="reprint", kind="partial", coverage={"a": 0.5, "b": 1.0},
                 passages=[Passage((0, len(REUTERS)), (0, len(REUTERS)), "verbatim", 1.0)])
    out, origins = lineage.trace([merge, reprint], [r])
    t, lg = lin(out, "merge", "reprint")
    assert t == "common-source" and lg.origin == "origin:reuters", lg
    got = {o.id: o for o in origins}
    assert set(got["origin:reuters"].children) == {"merge", "reprint"}
    assert got["origin:afp"].children == ["merge"]
    assert not any(o.in_corpus for o in origins)


def test_reprint_takes_from_the_merge_when_it_credits_the_merge():
    merge = art("merge", REUTERS + " " + AFP, outlet="Meridian Herald", credits=["Reuters, AFP"],
                published="2025-03-02T10:00:00+00:00")
    reprint = art("reprint", REUTERS, credits=["Meridian Herald"], published="2025-03-02T12:00:00+00:00")
    r = Relation(a="merge", b="reprint", kind="partial", coverage={"a": 0.5, "b": 1.0},
                 passages=[Passage((0, len(REUTERS)), (0, len(REUTERS)), "verbatim", 1.0)])
    out, origins = lineage.trace([merge, reprint], [r])
    t, lg = lin(out, "reprint", "merge")
    assert t == "a-from-b" and lg.origin in ("origin:reuters", "origin:afp"), lg
    assert any("credits Meridian Herald" in e for e in lg.evidence)


def test_first_appeared_in_an_outlet_of_the_corpus_is_no_outside_origin():
    gazette = art("gazette", WIRE, outlet="The Harbour Gazette", published="2025-04-01")
    copy_ = art("copy", WIRE + "\n\nThis article first appeared in The Harbour Gazette.",
                outlet="Weekly Post", published="2025-04-02")
    out, origins = lineage.trace([gazette, copy_], [rel(gazette, copy_, 1.0, 0.9)])
    t, lg = lin(out, "copy", "gazette")
    assert t == "a-from-b" and lg.origin == "gazette"
    assert [o.id for o in origins] == ["gazette"]


def test_credit_of_an_outlet_in_the_family_without_a_direct_relation():
    # c credits the wire's outlet but shares text only with the reprint: the forest still
    # hangs it below the wire, so reprint and c are siblings of the wire's article.
    wire = art("wire", WIRE, outlet="Reuters", published="2025-05-19T08:00:00+00:00")
    reprint = art("reprint", WIRE, credits=["Reuters"], published="2025-05-19T09:00:00+00:00")
    c = art("c", WIRE, credits=["Reuters"], published="2025-05-19T10:00:00+00:00")
    out, origins = lineage.trace([wire, reprint, c], [rel(wire, reprint, 1, 1), rel(reprint, c, 1, 1)])
    t, lg = lin(out, "c", "reprint")
    assert t == "common-source" and lg.origin == "wire", lg
    assert {o.id for o in origins} == {"wire"}


def test_arborescence_breaks_a_cycle_of_pairwise_calls():
    # a -> b -> c -> a by pairwise votes alone: the forest keeps the best two edges
    import networkx as nx
    g = nx.DiGraph()
    for x in "abc":
        g.add_edge(forest.ROOT, x, weight=0.95)
    g.add_edge("a", "b", weight=3.0)
    g.add_edge("b", "c", weight=2.0)
    g.add_edge("c", "a", weight=1.5)
    parent = forest._arborescence(g, {"a": 0.0, "b": 1.0, "c": 2.0})
    assert parent == {"b": "a", "c": "b", "a": forest.ROOT}


def test_merge_of_two_articles_of_the_corpus_descends_from_both():
    o1 = art("o1", REUTERS, outlet="Gazette", published="2025-03-01")
    o2 = art("o2", AFP, outlet="Herald", published="2025-03-01")
    merge = art("merge", REUTERS + " " + AFP, published="2025-03-02")
    n = len(REUTERS) + 1
    # each source's text is partly in the merge (no containment vote against time)
    r1 = Relation(a="o1", b="merge", kind="partial", coverage={"a": 0.6, "b": 0.45},
                  passages=[Passage((0, len(REUTERS)), (0, len(REUTERS)), "verbatim", 1.0)])
    r2 = Relation(a="o2", b="merge", kind="partial", coverage={"a": 0.6, "b": 0.45},
                  passages=[Passage((0, len(AFP)), (n, n + len(AFP)), "verbatim", 1.0)])
    out, origins = lineage.trace([o1, o2, merge], [r1, r2])
    assert lin(out, "merge", "o1")[1].origin == "o1" and lin(out, "merge", "o1")[0] == "a-from-b"
    assert lin(out, "merge", "o2")[1].origin == "o2" and lin(out, "merge", "o2")[0] == "a-from-b"
    got = {o.id: o.children for o in origins}
    assert got == {"o1": ["merge"], "o2": ["merge"]}


def test_a_credit_naming_the_outlet_with_words_more_or_fewer_is_that_outlet():
    orig = art("orig", WIRE + " More detail.", outlet="BBC News", published="2004-12-03T13:45:00+00:00")
    a = art("a", WIRE, credits=["BBC"], published="2004-12-03T18:00:00+00:00")
    b = art("b", WIRE + "\n\nThis story first appeared on BBC News Online.", published="2004-12-03")
    out, origins = lineage.trace([orig, a, b], [rel(orig, a, 0.9, 1.0), rel(orig, b, 0.9, 0.95),
                                                rel(a, b, 1.0, 0.95)])
    for x in ("a", "b"):
        t, lg = lin(out, x, "orig")
        assert t == "a-from-b" and lg.origin == "orig", (x, lg)
    assert lin(out, "a", "b")[0] == "common-source"
    assert [o.id for o in origins] == ["orig"]
    # a two-letter key stands for nothing longer; other words are another outlet
    from newslineage.lineage.cited import Sources
    assert Sources("x", outlet_keys={"bbc-news"}).is_outlet("bbc-news-online")
    assert not Sources("x", outlet_keys={"ap-news"}).is_outlet("ap")
    assert not Sources("x", outlet_keys={"new-york-times"}).is_outlet("new-york-post")


def _diff_rel(a, b, cov_a, cov_b, kind, same, changed):
    """A relation whose word diff has ``same`` equal and ``changed`` replaced words."""
    diff = [["equal", " ".join(["w"] * same), " ".join(["w"] * same)]] if same else []
    if changed:
        diff.append(["replace", " ".join(["x"] * changed), " ".join(["y"] * changed)])
    return Relation(a=a.id, b=b.id, kind=kind, coverage={"a": cov_a, "b": cov_b},
                    passages=[Passage(a=(0, len(a.text)), b=(0, len(b.text)), kind="near-verbatim",
                                      score=0.9, diff=diff)])


def test_an_uncredited_copy_of_a_paraphrase_comes_from_the_paraphrase_not_from_the_wire():
    reprint = art("reprint", credits=["ANSA"], published="2025-03-02T08:00:00+00:00")
    excerpt = art("excerpt", credits=["ANSA"], published="2025-03-02T09:00:00+00:00")
    para = art("para", published="2025-03-03T08:00:00+00:00")
    copy = art("copy", published="2025-03-03T12:00:00+00:00")
    rels = [_diff_rel(reprint, excerpt, 0.5, 1.0, "excerpt", 50, 1),
            _diff_rel(reprint, para, 0.8, 0.8, "rewrite", 30, 60),
            _diff_rel(excerpt, para, 0.9, 0.4, "rewrite", 15, 30),
            _diff_rel(reprint, copy, 0.5, 0.7, "rewrite", 20, 40),
            _diff_rel(excerpt, copy, 0.9, 0.5, "rewrite", 15, 30),
            _diff_rel(para, copy, 0.7, 1.0, "excerpt", 60, 0)]
    out, _ = lineage.trace([reprint, excerpt, para, copy], rels)
    t, lg = lin(out, "copy", "para")
    assert t == "a-from-b" and lg.origin == "para", lg
    assert any("share the same changes" in e for e in lg.evidence)
    t, lg = lin(out, "para", "reprint")
    assert t == "common-source" and lg.origin == "origin:ansa", lg


def test_two_verbatim_reprints_against_one_restyled_stay_siblings():
    # which of the versions is the wire's nobody can tell: two against one is no majority
    # when the one has no other article on its side
    r1 = art("r1", credits=["ANSA"], published="2025-03-02T08:00:00+00:00")
    r2 = art("r2", published="2025-03-02T09:00:00+00:00")
    r3 = art("r3", credits=["ANSA"], published="2025-03-02T10:00:00+00:00")
    rels = [_diff_rel(r1, r2, 1.0, 1.0, "duplicate", 80, 0),
            _diff_rel(r1, r3, 1.0, 1.0, "near-verbatim", 70, 10),
            _diff_rel(r2, r3, 1.0, 1.0, "near-verbatim", 70, 10)]
    out, _ = lineage.trace([r1, r2, r3], rels)
    t, lg = lin(out, "r2", "r1")
    assert t == "common-source" and lg.origin == "origin:ansa", lg


def test_a_merge_later_than_a_credited_copy_of_its_wire_still_has_the_wire_as_source():
    rtext, atext = REUTERS, AFP
    reprint = art("reprint", rtext, credits=["Reuters"], published="2025-03-01")
    afp = art("afp_reprint", atext, credits=["AFP"], published="2025-03-01T09:00:00+00:00")
    merge = art("merge", rtext + " " + atext, credits=["Reuters, AFP"], published="2025-03-02")
    n = len(rtext)
    # the wire's copy re-worded: no containment, only time says which came first
    rels = [Relation(a="merge", b="reprint", kind="rewrite", coverage={"a": 0.4, "b": 0.8},
                     passages=[Passage((0, n), (0, n), "paraphrase", 0.8)]),
            Relation(a="merge", b="afp_reprint", kind="partial", coverage={"a": 0.5, "b": 1.0},
                     passages=[Passage((n + 1, n + 1 + len(atext)), (0, len(atext)), "verbatim", 1.0)])]
    out, origins = lineage.trace([reprint, afp, merge], rels)
    for other, wire in (("reprint", "origin:reuters"), ("afp_reprint", "origin:afp")):
        t, lg = lin(out, "merge", other)
        assert t == "common-source" and lg.origin == wire, (other, lg)


def _copy_rel(src_art, copy, cov_src=1.0, cov_copy=1.0, kind="near-verbatim"):
    return Relation(a=src_art.id, b=copy.id, kind=kind, coverage={"a": cov_src, "b": cov_copy},
                    passages=[Passage((0, len(src_art.text)), (0, len(copy.text)), "verbatim", 1.0)])


def test_an_original_whose_outlet_is_unread_is_the_source_its_copies_credit():
    # the copies credit "Harbour Wire"; no article names that outlet; the one article that
    # credits nothing, names no outlet and came first holds the text: their source
    orig = art("orig", published="2025-03-01T08:00:00+00:00")
    reprint = art("reprint", credits=["Harbour Wire"], published="2025-03-01T10:00:00+00:00")
    excerpt = art("excerpt", WIRE[:60], credits=["Harbour Wire"], published="2025-03-01T11:00:00+00:00")
    rels = [_copy_rel(orig, reprint, kind="duplicate"), _copy_rel(orig, excerpt, 0.5, 1.0, "excerpt"),
            _copy_rel(reprint, excerpt, 0.5, 1.0, "excerpt")]
    out, origins = lineage.trace([orig, reprint, excerpt], rels)
    for copy in ("reprint", "excerpt"):
        t, lg = lin(out, copy, "orig")
        assert t == "a-from-b" and lg.origin == "orig", (copy, lg)
    assert "origin:harbour-wire" not in {o.id for o in origins}
    # a later uncredited paraphrase is no such source: the wire stays outside
    para = art("para", published="2025-03-02T08:00:00+00:00")
    rels = [_copy_rel(reprint, para, kind="rewrite"), _copy_rel(excerpt, para, 1.0, 0.5, "rewrite"),
            _copy_rel(reprint, excerpt, 0.5, 1.0, "excerpt")]
    out, origins = lineage.trace([reprint, excerpt, para], rels)
    t, lg = lin(out, "para", "reprint")
    assert t == "common-source" and lg.origin == "origin:harbour-wire", lg


def test_the_source_above_a_merge_is_the_one_whose_text_the_article_below_it_has():
    # m merges o1's text (0-100) and EFE's (101-200); r rewrites o1's part and hangs below m;
    # e5 reprints EFE. Going up from r through m leads to o1, whichever of m's sources the
    # arborescence made its first parent; r's own share with m does not count for EFE's tree.
    def r_(a, b, sa, sb):
        return Relation(a=a, b=b, kind="partial", coverage={"a": 0.5, "b": 0.5},
                        passages=[Passage(sa, sb, "verbatim", 1.0)])
    rels = [r_("m", "o1", (0, 100), (0, 100)), r_("m", "r", (0, 100), (0, 90)),
            r_("m", "e5", (101, 200), (0, 99)), r_("r", "x", (0, 90), (0, 90))]
    by_pair = {frozenset((r.a, r.b)): r for r in rels}
    by_art = {}
    for r in rels:
        by_art.setdefault(r.a, []).append((r.b, r))
        by_art.setdefault(r.b, []).append((r.a, r))
    fam = forest.Family(parent={"m": "origin:efe", "r": "m", "o1": forest.ROOT, "e5": "origin:efe",
                                "x": forest.ROOT, "origin:efe": forest.ROOT},
                        extra={"m": ["o1"]}, names={"origin:efe": "EFE"}, edges={}, margin={})
    assert forest._region_source(fam, "r", "x", by_pair, by_art) == "o1"
    # and m's text from EFE's tree is what e5 shares with it, not what r has from m
    assert forest._tree_spans(fam, "origin:efe", "m", by_art) == [(101, 200)]


def test_an_unsigned_undated_original_holds_the_text_its_copies_credit():
    # The original carries no outlet, no date, no credit; two reprints credit a name no
    # article bears. Word for word with them and the copy of none, it holds that text.
    orig = art("orig")
    r1 = art("r1", credits=["Harbour Newswire"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Harbour Newswire"], outlet="Valley Post", published="2025-03-02T15:00:00+00:00")
    out, origins = lineage.trace([orig, r1, r2], [rel(orig, r1, 1.0, 1.0, "duplicate"),
                                                  rel(orig, r2, 1.0, 1.0, "duplicate"),
                                                  rel(r1, r2, 1.0, 1.0, "duplicate")])
    for c in ("r1", "r2"):
        t, lg = lin(out, c, "orig")
        assert t == "a-from-b" and lg.origin == "orig", lg
    assert not any(o.id == "origin:harbour-newswire" and not o.in_corpus for o in origins)


def test_a_paraphrase_without_outlet_or_date_is_no_stand_in_for_the_wire():
    para = art("para", "Talks will restart, officials said. A deal is near, the minister told "
               "reporters, and markets climbed.")
    r1 = art("r1", credits=["Harbour Newswire"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Harbour Newswire"], outlet="Valley Post", published="2025-03-02T15:00:00+00:00")
    out, _ = lineage.trace([para, r1, r2], [rel(para, r1, 0.9, 0.9, "rewrite", "paraphrase"),
                                            rel(para, r2, 0.9, 0.9, "rewrite", "paraphrase"),
                                            rel(r1, r2, 1.0, 1.0, "duplicate")])
    t, lg = lin(out, "r1", "para")
    assert t == "common-source" and lg.origin == "origin:harbour-newswire", lg


def test_a_copy_of_a_translation_comes_from_the_translation():
    de = ("Beamte sagten am Freitag, die Gespräche würden fortgesetzt. Der Minister sagte, die "
          "Einigung sei nah. Die Märkte stiegen.")
    r1 = art("r1", credits=["Reuters"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Reuters"], outlet="Valley Post", published="2025-03-02T13:00:00+00:00")
    tr = art("tr", de, credits=["Reuters"], outlet="Bergblatt", language="de", published="2025-03-02T14:00:00+00:00")
    cp = art("cp", de, credits=["Bergblatt"], outlet="Talpost", language="de")
    rels = [rel(r1, r2, 1.0, 1.0, "duplicate"), rel(r1, tr, 1.0, 1.0, "translation", "translation"),
            rel(r2, tr, 1.0, 1.0, "translation", "translation"), rel(tr, cp, 1.0, 1.0, "duplicate"),
            rel(r1, cp, 1.0, 1.0, "translation", "translation")]
    out, _ = lineage.trace([r1, r2, tr, cp], rels)
    t, lg = lin(out, "cp", "tr")
    assert t == "a-from-b" and lg.origin == "tr", lg
    t, lg = lin(out, "cp", "r1")
    assert t == "common-source" and lg.origin == "origin:reuters", lg


def test_an_acronym_credit_is_the_source_whose_initials_it_has():
    r1 = art("r1", credits=["Press Association"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["PA"], outlet="Valley Post", published="2025-03-02T13:00:00+00:00")
    out, origins = lineage.trace([r1, r2], [rel(r1, r2, 1.0, 1.0, "duplicate")])
    t, lg = lin(out, "r1", "r2")
    assert t == "common-source" and lg.origin == "origin:press-association", lg
    got = {o.id: o for o in origins}
    assert set(got["origin:press-association"].children) == {"r1", "r2"} and "origin:pa" not in got


def _translation_family(cp_kind, same, changed):
    """Two English reprints of a wire, its German translation and an undated, uncredited copy
    of the translation (word for word, or edited when ``changed``)."""
    de = ("Beamte sagten am Freitag, die Gespräche würden fortgesetzt. Der Minister sagte, die "
          "Einigung sei nah. Die Märkte stiegen.")
    r1 = art("r1", credits=["Reuters"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Reuters"], outlet="Valley Post", published="2025-03-02T13:00:00+00:00")
    tr = art("tr", de, credits=["Reuters"], outlet="Bergblatt", language="de", published="2025-03-02T14:00:00+00:00")
    cp = art("cp", de, language="de")
    rels = [rel(r1, r2, 1.0, 1.0, "duplicate"), rel(r1, tr, 1.0, 1.0, "translation", "translation"),
            rel(r2, tr, 1.0, 1.0, "translation", "translation"), _diff_rel(tr, cp, 1.0, 1.0, cp_kind, same, changed),
            rel(r1, cp, 1.0, 1.0, "translation", "translation"), rel(r2, cp, 1.0, 1.0, "translation", "translation")]
    return [r1, r2, tr, cp], rels


def test_an_uncredited_undated_copy_of_a_translation_comes_from_the_translation():
    # nothing orders the two German texts, but two translations never agree word for word:
    # the one that credits the wire translated it, the other copied it
    for kind, same, changed in (("duplicate", 40, 0), ("near-verbatim", 36, 4)):
        arts, rels = _translation_family(kind, same, changed)
        out, _ = lineage.trace(arts, rels)
        t, lg = lin(out, "cp", "tr")
        assert t == "a-from-b" and lg.origin == "tr", (kind, lg)
        t, lg = lin(out, "tr", "r1")
        assert t == "common-source" and lg.origin == "origin:reuters", (kind, lg)


def test_two_english_copies_share_no_translation_with_a_german_one():
    # the pair's partners are mostly in its own language: a translation of it is no version
    # of its own that the pair shares
    arts, rels = _translation_family("duplicate", 40, 0)
    out, _ = lineage.trace(arts, rels)
    t, lg = lin(out, "r1", "r2")
    assert t == "common-source" and lg.origin == "origin:reuters", lg


def test_a_credit_of_an_outlet_whose_article_shares_no_text_with_it_is_no_partner():
    # x credits the outlet of p, but the two hold different parts of the wire (they meet only
    # through the full reprint): p passes x no text, so no "common source" edge goes through p
    s1, s2, s3 = ("Officials said on Friday that the talks would resume next week in Geneva.",
                  "The minister told reporters the deal was close after months of work.",
                  "Markets rose on the news, with shares in exporters up most of all.")
    full = art("full", " ".join((s1, s2, s3)), credits=["AFP"], outlet="Valley Post",
               published="2025-05-19T09:00:00+00:00")
    p = art("p", s1, credits=["AFP"], outlet="Bay Times", published="2025-05-19T10:00:00+00:00")
    x = art("x", s3, credits=["Bay Times"], outlet="City Star", published="2025-05-19T12:00:00+00:00")
    n = len(full.text)

    def part(a, b, span_a, span_b, cov_a, cov_b):
        return Relation(a=a.id, b=b.id, kind="excerpt", coverage={"a": cov_a, "b": cov_b},
                        passages=[Passage(a=span_a, b=span_b, kind="verbatim", score=0.95)])
    rels = [part(full, p, (0, len(s1)), (0, len(s1)), 0.3, 1.0),
            part(full, x, (n - len(s3), n), (0, len(s3)), 0.3, 1.0)]
    out, _origins = lineage.trace([full, p, x], rels)
    assert {frozenset((r.a, r.b)) for r in out} == {frozenset(("full", "p")), frozenset(("full", "x"))}


def test_an_uncredited_undated_copy_is_no_stand_in_for_a_known_wire():
    # Two reprints credit Reuters; a third text without outlet, date or credit holds the same
    # words. A known wire's own page carries its name: the third is a copy that dropped the
    # credit, and all three come from Reuters outside the corpus.
    bare = art("bare")
    r1 = art("r1", credits=["Reuters"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Reuters"], outlet="Valley Post", published="2025-03-02T15:00:00+00:00")
    out, origins = lineage.trace([bare, r1, r2], [rel(bare, r1, 1.0, 1.0, "duplicate"),
                                                  rel(bare, r2, 1.0, 1.0, "duplicate"),
                                                  rel(r1, r2, 1.0, 1.0, "duplicate")])
    t, lg = lin(out, "r1", "r2")
    assert t == "common-source" and lg.origin == "origin:reuters", lg
    assert lin(out, "r1", "bare")[1].origin == "origin:reuters"
    assert not any(o.id == "bare" and o.in_corpus for o in origins)


def test_a_credit_of_the_partners_outlet_outweighs_a_clock_that_disagrees():
    # The reprint credits the original's outlet but is stamped three hours before it (a
    # wrong zone, a stamp of an update): the credit names its source all the same.
    orig = art("orig", outlet="Harbour Chronicle", published="2025-03-02T15:00:00+00:00")
    rep = art("rep", outlet="Metro Courier", credits=["Harbour Chronicle"],
              published="2025-03-02T12:00:00+00:00")
    out, _ = lineage.trace([orig, rep], [rel(orig, rep, 1.0, 1.0, "duplicate", "verbatim")])
    t, lg = lin(out, "rep", "orig")
    assert t == "a-from-b" and lg.origin == "orig", lg


def test_a_merge_crediting_an_original_of_the_corpus_and_a_wire_descends_from_both():
    # The merge credits the original's outlet and AFP and is stamped before the original;
    # it holds the original whole (containment points the wrong way for a merge). The
    # original is the merge's source, not its sibling below AFP.
    n = len(REUTERS) + 1
    orig = art("orig", REUTERS, outlet="Harbour Chronicle", published="2025-03-02T15:00:00+00:00")
    merge = art("merge", REUTERS + " " + AFP, outlet="Harbour Gazette",
                credits=["Harbour Chronicle", "AFP"], published="2025-03-02T12:00:00+00:00")
    rep = art("rep", AFP, outlet="Coastal Record", credits=["AFP"], published="2025-03-02T18:00:00+00:00")
    r1 = Relation(a="orig", b="merge", kind="partial", coverage={"a": 1.0, "b": 0.6},
                  passages=[Passage((0, len(REUTERS)), (0, len(REUTERS)), "verbatim", 1.0)])
    r2 = Relation(a="rep", b="merge", kind="partial", coverage={"a": 1.0, "b": 0.4},
                  passages=[Passage((0, len(AFP)), (n, n + len(AFP)), "verbatim", 1.0)])
    out, origins = lineage.trace([orig, merge, rep], [r1, r2])
    t, lg = lin(out, "merge", "orig")
    assert t == "a-from-b" and lg.origin == "orig", lg
    t, lg = lin(out, "merge", "rep")
    assert t == "common-source" and lg.origin == "origin:afp", lg
    got = {o.id: o for o in origins}
    assert got["orig"].in_corpus and "merge" in got["orig"].children


def test_a_copy_of_a_merge_with_its_credits_comes_from_the_merge():
    # Both credit Reuters and AFP and hold the same text; the copy is a day later. Nobody
    # else joins the same passages of two wires alike: the copy took the merge.
    n = len(REUTERS) + 1
    text = REUTERS + " " + AFP
    merge = art("merge", text, outlet="Harbour Post", credits=["Reuters, AFP"],
                published="2025-03-02T10:00:00+00:00")
    copy = art("copy", text, outlet="City Times", credits=["Reuters, AFP"], published="2025-03-03T10:00:00+00:00")
    r1 = art("r1", REUTERS, outlet="Coast Daily", credits=["Reuters"], published="2025-03-02T09:00:00+00:00")
    r2 = art("r2", AFP, outlet="Valley Post", credits=["AFP"], published="2025-03-02T09:30:00+00:00")

    def part(a, b, span_b):
        return Relation(a=a.id, b=b.id, kind="partial", coverage={"a": 1.0, "b": 0.5},
                        passages=[Passage((0, len(a.text)), span_b, "verbatim", 1.0)])
    rels = [rel(merge, copy, 1.0, 1.0, "duplicate", "verbatim"),
            part(r1, merge, (0, len(REUTERS))), part(r1, copy, (0, len(REUTERS))),
            part(r2, merge, (n, n + len(AFP))), part(r2, copy, (n, n + len(AFP)))]
    out, _ = lineage.trace([merge, copy, r1, r2], rels)
    t, lg = lin(out, "copy", "merge")
    assert t == "a-from-b", lg
    assert any("same merge" in e for e in lg.evidence)


def test_a_copy_with_an_excerpts_cut_comes_from_the_excerpt_not_the_longer_reprint():
    # The copy holds exactly the excerpt's cut of the wire; the reprint holds the whole text
    # and is earlier than both. The cut was made once: the copy took it from the excerpt,
    # the reprint's containment of the copy says no more than its containment of the excerpt.
    reprint = art("reprint", credits=["ANSA"], published="2025-03-02T08:00:00+00:00")
    excerpt = art("excerpt", credits=["ANSA"], published="2025-03-02T09:00:00+00:00")
    copy = art("copy", published="2025-03-03T12:00:00+00:00")
    rels = [_diff_rel(reprint, excerpt, 0.4, 1.0, "excerpt", 40, 0),
            _diff_rel(reprint, copy, 0.4, 1.0, "excerpt", 40, 0),
            _diff_rel(excerpt, copy, 1.0, 1.0, "duplicate", 40, 0)]
    out, _ = lineage.trace([reprint, excerpt, copy], rels)
    t, lg = lin(out, "copy", "excerpt")
    assert t == "a-from-b", lg
    assert any("same cut" in e for e in lg.evidence)
    t, lg = lin(out, "copy", "reprint")
    assert t == "common-source" and lg.origin == "origin:ansa", lg


def test_a_copy_stamped_before_the_credited_reprints_of_its_wire_is_their_sibling():
    # The uncredited reprint came out first; each crediting reprint is later, so time forbids
    # it as the first one's source. The wire outside the corpus has no time: the first
    # reprint has its text from it too, a sibling of the others, not "unknown".
    first = art("first", outlet="County Star", published="2025-03-02T06:00:00+00:00")
    r1 = art("r1", credits=["Stage News Service"], outlet="Coast Daily", published="2025-03-02T12:00:00+00:00")
    r2 = art("r2", credits=["Stage News Service"], outlet="Valley Post", published="2025-03-02T15:00:00+00:00")
    out, _ = lineage.trace([first, r1, r2], [rel(first, r1, 1.0, 1.0, "duplicate"),
                                             rel(first, r2, 1.0, 1.0, "duplicate"),
                                             rel(r1, r2, 1.0, 1.0, "duplicate")])
    t, lg = lin(out, "first", "r1")
    assert t == "common-source" and lg.origin == "origin:stage-news-service", lg


def test_a_later_rewrite_naming_a_wire_alone_gives_no_source_to_the_credited_original():
    # The original is credited by its reprint; a rewrite a day later names Xinhua in its lead
    # ("..., Xinhua reports.") and no other article does. The original came out first and is
    # a credited source: Xinhua is the rewrite's reading of its own text, not the original's.
    orig = art("orig", outlet="Riverside Wire", published="2025-03-02T10:00:00+00:00")
    rep = art("rep", outlet="Valley Gazette", credits=["Riverside Wire"], published="2025-03-02T14:00:00+00:00")
    rw = art("rw", "A network helps to save pandas, Xinhua reports. " + WIRE, outlet="County Herald",
             credits=["Xinhua"], published="2025-03-03T15:00:00+00:00")
    out, origins = lineage.trace([orig, rep, rw], [rel(orig, rep, 1.0, 1.0, "duplicate", "verbatim"),
                                                   rel(orig, rw, 0.9, 0.8, "rewrite", "paraphrase"),
                                                   rel(rep, rw, 0.9, 0.8, "rewrite", "paraphrase")])
    t, lg = lin(out, "rep", "orig")
    assert t == "a-from-b" and lg.origin == "orig", lg
    assert any(o.id == "orig" and o.in_corpus for o in origins)
