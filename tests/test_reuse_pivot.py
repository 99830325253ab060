"""Relations through a shared partner: two articles that render one stretch of a third."""
from newslineage.model import Article, Passage, Relation
from newslineage.reuse import pivot

WIRE = "First paragraph of the wire about the talks. " * 4 + "\n\n" + "Second paragraph on the markets. " * 4
PARA = "The talks, re-worded here at some length for the reader. " * 3 + "\n\n" + "Unrelated closing words. " * 3
TRANS = "Las conversaciones, contadas en otra lengua con detalle. " * 3 + "\n\n" + "Los mercados subieron. " * 3


def art(aid, text, lang):
    return Article(id=aid, source=aid + ".txt", text=text, language=lang)


def rel(a, b, spans_a, spans_b, kind, score=0.95):
    return Relation(a=a.id, b=b.id, kind=kind, coverage={"a": 0.5, "b": 0.5}, score=score,
                    passages=[Passage(a=sa, b=sb, kind="paraphrase", score=0.8)
                              for sa, sb in zip(spans_a, spans_b)])


def test_two_renderings_of_one_stretch_of_a_partner_are_related_through_it():
    wire, para, trans = art("wire", WIRE, "en"), art("para", PARA, "en"), art("trans", TRANS, "es")
    first = WIRE.index("\n\n")
    rels = [rel(wire, para, [(0, first)], [(0, PARA.index("\n\n"))], "rewrite"),
            rel(wire, trans, [(0, first), (first + 2, len(WIRE))],
                [(0, TRANS.index("\n\n")), (TRANS.index("\n\n") + 2, len(TRANS))], "translation")]
    arts = [wire, para, trans]
    out = pivot.through_partners(arts, rels, [(1, 2)], min_share=0.5, min_coverage=0.1)
    assert len(out) == 1
    r = out[0]
    assert (r.a, r.b) == ("para", "trans") and r.kind == "translation"
    # the paraphrase's first paragraph renders the same stretch as the translation's first
    assert r.passages[0].a == (0, PARA.index("\n\n")) and r.passages[0].b == (0, TRANS.index("\n\n"))
    assert 0.5 < r.coverage["a"] < 0.8 and 0.5 < r.coverage["b"] < 0.8


def test_renderings_of_different_stretches_are_not_related():
    wire, para, trans = art("wire", WIRE, "en"), art("para", PARA, "en"), art("trans", TRANS, "es")
    first = WIRE.index("\n\n")
    rels = [rel(wire, para, [(0, first)], [(0, 100)], "rewrite"),
            rel(wire, trans, [(first + 2, len(WIRE))], [(0, 100)], "translation")]
    assert pivot.through_partners([wire, para, trans], rels, [(1, 2)]) == []
    # nor a pair the aligner related already
    rels.append(rel(para, trans, [(0, 50)], [(0, 50)], "translation"))
    assert pivot.through_partners([wire, para, trans], rels, [(1, 2)]) == []


def test_a_doubtful_relation_to_the_partner_carries_no_composition():
    wire, para, trans = art("wire", WIRE, "en"), art("para", PARA, "en"), art("trans", TRANS, "es")
    first = WIRE.index("\n\n")
    rels = [rel(wire, para, [(0, first)], [(0, PARA.index("\n\n"))], "rewrite", score=0.7),
            rel(wire, trans, [(0, first)], [(0, TRANS.index("\n\n"))], "translation")]
    assert pivot.through_partners([wire, para, trans], rels, [(1, 2)], min_score=0.9) == []
    assert len(pivot.through_partners([wire, para, trans], rels, [(1, 2)], min_score=0.6)) == 1
