"""Segmentation and token normalisation: spans into the text, style variants made equal."""
from hypothesis import given, settings, strategies as st

from newslineage import normalize, segment
from newslineage.model import Article


def texts(spans, text):
    return [text[s:e] for s, e in spans]


def test_paragraphs_split_on_blank_lines_and_keep_offsets():
    text = "First paragraph here.\n\n  Second one, with two lines\nof text.  \n\n\nThird."
    paras = segment.paragraphs(text)
    assert texts(paras, text) == ["First paragraph here.",
                                  "Second one, with two lines\nof text.", "Third."]


def test_lines_are_paragraphs_when_there_is_no_blank_line_but_hard_wraps_rejoin():
    text = "One line paragraph.\nA wrapped sentence that goes\non to the next line.\nAnother."
    assert texts(segment.paragraphs(text), text) == [
        "One line paragraph.", "A wrapped sentence that goes\non to the next line.", "Another."]


def test_sentences_respect_abbreviations_initials_and_quotes():
    text = ('Mr. Putin met U.S. officials on Monday. "It went well," he said. '
            "Vladimir V. Putin agreed! J.D. Vance left at 5 p.m. on Friday.")
    assert texts(segment.sentences(text), text) == [
        "Mr. Putin met U.S. officials on Monday.", '"It went well," he said.',
        "Vladimir V. Putin agreed!", "J.D. Vance left at 5 p.m. on Friday."]


def test_sentences_never_cross_paragraphs():
    text = "A sentence without a stop\n\nAnother paragraph starts here. And ends."
    sents = texts(segment.sentences(text), text)
    assert sents == ["A sentence without a stop", "Another paragraph starts here.", "And ends."]


def test_chinese_sentences_and_unknown_language_fall_back():
    zh = "这是第一句。这是第二句！第三句？"
    assert texts(segment.sentences(zh, "zh"), zh) == ["这是第一句。", "这是第二句！", "第三句？"]
    text = "Dr. Smith arrived. She left."
    assert texts(segment.sentences(text, "xx"), text) == ["Dr. Smith arrived.", "She left."]


def test_segment_sets_article_spans():
    art = Article(id="x", source="x", text="One sentence. Two sentences.\n\nNew paragraph.")
    (out,) = segment.segment([art])
    assert out._paragraphs == [(0, 28), (30, 44)]
    assert texts(out._sentences, out.text) == ["One sentence.", "Two sentences.", "New paragraph."]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'AB1,")), max_size=120))
def test_spans_are_ordered_trimmed_and_inside_the_text(text):
    spans = segment.sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


def test_style_variants_normalise_to_one_form():
    pairs = [("defences", "defenses"), ("manoeuvre", "maneuver"), ("sceptic", "skeptic"),
             ("fulfil", "fulfill"), ("colour", "color"), ("organised", "organized"),
             ("analyse", "analyze"), ("centre", "center"), ("Favourite", "favorite"),
             ("1,000", "1000"), ("1 000", "1000"), ("doesn\u2019t", "doesn't")]
    for uk, us in pairs:
        assert normalize.norm_word(uk) == normalize.norm_word(us), (uk, us)


def test_words_that_only_look_british_are_left_alone():
    for w in ("four", "hour", "tour", "promise", "praised", "more", "acre", "rise", "2.5"):
        assert normalize.norm_word(w) == w.lower()
    assert normalize.norm_word("1,5") != normalize.norm_word("15")


def test_tokens_drop_honorifics_and_point_into_the_text():
    text = "Mr Putin and Ms. Iliyas met Dr Smith\u2019s team."
    toks = normalize.tokens(text)
    assert [t.norm for t in toks] == ["putin", "and", "iliyas", "met", "smith's", "team"]
    assert [text[t.start:t.end] for t in toks][2] == "Iliyas"
    assert normalize.norms("Mr. Trump said 1,000") == normalize.norms("Trump said 1 000")


def test_sentence_ends_of_other_scripts_and_quote_styles():
    cases = [
        ("यह पहला वाक्य है। यह दूसरा है।", "hi", ["यह पहला वाक्य है।", "यह दूसरा है।"]),
        ("هل هذا صحيح؟ نعم هذا صحيح.", "ar", ["هل هذا صحيح؟", "نعم هذا صحيح."]),
        ("« Bonjour », dit-il. « Au revoir. » Il part.", "fr",
         ["« Bonjour », dit-il.", "« Au revoir. »", "Il part."]),
        ("Er prüfte es am 10. Oktober. „Wir prüfen“, sagte sie.", "de",
         ["Er prüfte es am 10. Oktober.", "„Wir prüfen“, sagte sie."]),
    ]
    for text, lang, want in cases:
        assert texts(segment.sentences(text, lang), text) == want, lang


def test_a_huge_paragraph_is_given_to_pysbd_in_pieces(monkeypatch):
    from newslineage import segment as seg
    unit = ("Mr. Smith said the plan would cost 3.5 million dollars. Dr. Jones of the U.S. "
            "office disagreed on Monday. The vote is next week. ")
    text = unit * 400  # one paragraph of ~48,000 characters, ambiguous stops in every sentence
    whole = seg._pysbd_sentences(text, 0, len(text), "en")
    seen: list[int] = []
    real = seg._pysbd_spans
    monkeypatch.setattr(seg, "_pysbd_spans", lambda para, lang: (seen.append(len(para)),
                                                                 real(para, lang))[1])
    got = seg.sentences(text, "en")
    assert max(seen) <= seg._PYSBD_MAX  # pysbd never reads the whole paragraph
    assert got == whole  # and finds the same sentences
