"""Quotes: marks in several styles, speakers resolved to full names, linking across articles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslineage.model import Article, Passage, Relation
from newslineage.quotes import extract_quotes, link_quotes, same_wording
from newslineage.quotes.marks import find_quote_spans

DATA = Path(__file__).resolve().parent / "data" / "quotes"


def spans(text):
    return [text[q.start:q.end] for q in find_quote_spans(text)]


@pytest.mark.parametrize("text,quote", [
    ('He said "we will rebuild," and left.', "we will rebuild,"),
    ("He said “we will rebuild,” and left.", "we will rebuild,"),
    ("Er sagte: „Wir bauen wieder auf.“ Dann ging er.", "Wir bauen wieder auf."),
    ("Il a dit : « Nous reconstruirons. »", "Nous reconstruirons."),
])
def test_quote_marks_of_several_styles(text, quote):
    assert quote in spans(text)


def test_apostrophes_are_not_quote_marks():
    assert spans("Parents’ groups said the ship’s crew was ’90s trained.") == []


def test_quote_over_paragraphs_and_dash_continuation():
    multi = "She said: “First part of it.\n\n“Second part of it.”"
    assert any("First" in s and "Second" in s for s in spans(multi))
    dash = '"The first half," said Ann Lee. - The second half."'
    assert spans(dash) == ["The first half,", "The second half."]


def _article(text, aid="x_1", **kw):
    return Article(id=aid, source=aid, text=text, language="en", **kw)


def test_speaker_surname_and_pronoun_resolve_to_the_full_name():
    text = ('Harbour chief Lena Brandt spoke on Tuesday. "We are behind, but the hard part is done," '
            'Brandt said.\n\n"Nobody will lose a berth," she added. Agent Omar Khalil disagreed. '
            '"I have heard that promise before," said Khalil.')
    got = {q.variants[0].text: q.speaker for q in extract_quotes(_article(text))}
    assert got["We are behind, but the hard part is done,"] == "Lena Brandt"
    assert got["Nobody will lose a berth,"] == "Lena Brandt"
    assert got["I have heard that promise before,"] == "Omar Khalil"


def test_spans_index_the_article_text():
    text = 'Mr Sergei Markov, a consultant, said: “Trump wants a truce but he does not.”'
    (q,) = extract_quotes(_article(text))
    s, e = q.variants[0].span
    assert text[s:e] == q.variants[0].text and q.speaker == "Sergei Markov"


def test_same_wording_ignores_style_only():
    assert same_wording("Unfortunately where we are, you don’t see it,", "unfortunately, where we are you do not see it")
    assert same_wording("to manoeuvre the defence", "to maneuver the defense")
    assert not same_wording("carefully optimistic", "very optimistic")


def test_link_through_a_passage_marks_changed_wording():
    a = _article('Finnish President Alexander Stubb said he is “carefully optimistic” about the bill.', "a_1")
    b = _article('Finnish President Alexander Stubb said he was "very optimistic" about the bill.', "b_2")
    rel = Relation("a_1", "b_2", "rewrite",
                   passages=[Passage((0, len(a.text)), (0, len(b.text)), "near-verbatim", 0.9)])
    (q,) = link_quotes([a, b], [rel])
    assert q.changed and "Stubb" in q.speaker
    assert {v.article for v in q.variants} == {"a_1", "b_2"}


def test_link_without_passage_by_speaker_and_wording_unchanged_when_style_only():
    a = _article('“We did exactly what we trained for,” said Captain Ida Okstad.', "a_1")
    b = _article('"We did exactly what we trained for" said Ida Okstad on Monday.', "b_2")
    (q,) = link_quotes([a, b], [Relation("a_1", "b_2", "rewrite")])
    assert not q.changed and q.speaker == "Ida Okstad"


def test_quotes_of_articles_without_reuse_are_not_linked():
    a = _article('"We did exactly what we trained for," said Ida Okstad.', "a_1")
    b = _article('"We did exactly what we trained for," said Ida Okstad.', "b_2")
    assert link_quotes([a, b], [Relation("a_1", "b_2", "same-story")]) == []


def test_quotes_found_ahead_are_answered_for_the_linked_articles_only():
    from newslineage.quotes import find_quotes_of, linked_articles

    a = _article('“We did exactly what we trained for,” said Captain Ida Okstad.', "a_1")
    b = _article('"We did exactly what we trained for" said Ida Okstad on Monday.', "b_2")
    c = _article('"Nothing to add," said Ida Okstad.', "c_3")
    rels = [Relation("a_1", "b_2", "rewrite"), Relation("b_2", "c_3", "same-story")]
    ids = linked_articles([a, b, c], rels)
    assert ids == ["a_1", "b_2"]
    found = find_quotes_of([a, b, c], ids)
    assert set(found) == {"a_1", "b_2"}
    assert link_quotes([a, b, c], rels, found=found) == link_quotes([a, b, c], rels)


@pytest.mark.parametrize("workers", [1, 2])
def test_quotes_found_ahead_until_the_wanted_ids_come_are_those_found_at_once(monkeypatch, workers):
    # the worker finds quotes chunk by chunk and, once the wanted ids have come, only theirs
    from newslineage import parallel
    from newslineage.quotes import find_quotes, find_quotes_of, link

    monkeypatch.setattr(link, "_FIND_CHUNK", 1)
    texts = ['“We did exactly what we trained for,” said Captain Ida Okstad.',
             '"We did exactly what we trained for" said Ida Okstad on Monday.',
             '"Nothing to add," said Ida Okstad.']
    arts = [_article(texts[k % 3], f"x_{k}") for k in range(12)]
    wanted = parallel.Later()
    call = parallel.aside(find_quotes_of, arts, wanted, workers=workers)
    ids = ["x_1", "x_5", "x_9", "x_10"]
    wanted.give(ids)
    got = call.result()
    at_once = find_quotes(arts)
    assert list(got) == ids and all(got[i] == at_once[i] for i in ids)


def test_quotes_found_in_batches_are_those_found_at_once():
    # the Dask engine finds the linked articles' quotes in batches over the shared article
    # list; a text copied into another batch is read again there, with the same answer
    from newslineage import parallel
    from newslineage.quotes import find_quotes, find_quotes_at

    a = _article('“We did exactly what we trained for,” said Captain Ida Okstad.', "a_1")
    b = _article('"We did exactly what we trained for" said Ida Okstad on Monday.', "b_2")
    c = _article('“We did exactly what we trained for,” said Captain Ida Okstad.', "c_3")
    arts = [a, b, c]
    at_once = find_quotes(arts)
    got = parallel.map_batches(find_quotes_at, [2, 0, 1], workers=1, batch_size=1, shared=arts)
    assert dict(zip(["c_3", "a_1", "b_2"], got)) == at_once
    assert got[0] and got[0][0].article == "c_3"


def test_labelled_set_recall_and_speakers():
    texts = [json.loads(l) for l in (DATA / "texts.jsonl").read_text().splitlines() if l.strip()]
    labels = [json.loads(l) for l in (DATA / "labels.jsonl").read_text().splitlines() if l.strip()]
    arts = [_article(t["text"], t["id"]) for t in texts]
    found = {a.id: extract_quotes(a) for a in arts}
    marked = [l for l in labels if "reported speech" not in l["form"]]
    hits = 0
    for lab in marked:
        want = lab["quote"].strip().rstrip(",.")
        if any(want[:20] in q.variants[0].text for q in found[lab["text_id"]]):
            hits += 1
    assert hits >= 0.8 * len(marked)  # direct quotes (reported speech is not extracted)


@pytest.mark.parametrize("pre,post,who", [
    ('"', '" Brandt said at a press conference.', "Brandt"),
    ("“", "” said Dr Amara Nwosu, who leads the board.", "Amara Nwosu"),
    ('"', '" said Moscow-based US lawyer Jamie Firestone.', "Jamie Firestone"),
    ('"', '" Hansa Bank chief economist Tobias Rehm wrote in a note.', "Tobias Rehm"),
    ("Her coach, Viktor Halme, said: \"", '"', "Viktor Halme"),
    ('"', '" said Junya Tanase of JPMorgan Chase bank in Tokyo.', "Junya Tanase"),
    ('"', '" Roy Asher, chief investment officer of Hibernian Managers, told Reuters.', "Roy Asher"),
])
def test_speech_cue_names_the_speaker_without_a_parse(pre, post, who):
    from newslineage.quotes.cues import cue_speaker
    assert cue_speaker(pre, post) == (who, "name")


@pytest.mark.parametrize("pre,post,kind", [
    ('"', '" she added.', "pronoun"),
    ('"', '" the minister said.', "role"),
    ('"', '" a Vodafone spokesman said.', "role"),
])
def test_speech_cue_pronouns_and_roles(pre, post, kind):
    from newslineage.quotes.cues import cue_speaker
    assert cue_speaker(pre, post)[1] == kind


def test_organisations_and_uncertain_cues():
    from newslineage.quotes.cues import cue_speaker
    assert cue_speaker('"', '" the Finance and Economy Ministry said in a statement.') == (None, None)
    # a coordinated verb or a participle: the cue cannot tell, the parser decides
    assert cue_speaker('He met the board but argued it was "', '".') is None
    assert cue_speaker('Ms Lee welcomed it, saying it was "', '".') is None


def test_role_mention_resolves_to_the_named_person():
    text = ("Education Minister Sofia Lindqvist announced the change on Monday.\n\n"
            '"Teenagers learn better when they are not half asleep," the minister said.')
    (q,) = extract_quotes(_article(text))
    assert q.speaker == "Sofia Lindqvist"
    anon = '"We were not told," a spokesperson for the authority said.'
    assert extract_quotes(_article(anon))[0].speaker is None


def test_reported_speech_with_speakers():
    text = ("Education Minister Sofia Lindqvist visited a school on Monday.\n\n"
            "The minister said the decision followed two years of trials in 40 schools. "
            "Union leader Bernt Aalo said many parents would struggle with the later start. "
            "The union would ask for funding for breakfast clubs, he said.")
    got = {q.variants[0].text: q.speaker for q in extract_quotes(_article(text), reported=True)}
    assert got["the decision followed two years of trials in 40 schools"] == "Sofia Lindqvist"
    assert got["many parents would struggle with the later start"] == "Bernt Aalo"
    assert got["The union would ask for funding for breakfast clubs"] == "Bernt Aalo"
    assert not extract_quotes(_article(text))  # direct quotes only by default


def test_reported_speech_leaves_quotes_and_statements_alone():
    text = ('"We will rebuild," Ann Lee said. The club said the coach had been sacked on Monday. '
            "Mr Lee warned that prices will rise this year.")
    got = [q.variants[0].text for q in extract_quotes(_article(text), reported=True)]
    assert got == ["We will rebuild,", "the coach had been sacked on Monday"]


def test_speakers_in_german_and_french_attributions():
    de = Article(id="d_1", source="d", language="de", text=(
        "Der Bürgermeister Markus Feldhaus lehnte ab. „Das Geld brauchen wir“, sagte Feldhaus am Dienstag. "
        "„Er versteckt sich“, sagte die Fraktionschefin der Grünen, Helga Brenner."))
    got = [q.speaker for q in extract_quotes(de)]
    assert got == ["Markus Feldhaus", "Helga Brenner"]


def test_surname_closing_the_previous_sentence_resolves_to_the_full_mention():
    from newslineage.quotes.speakers import full_name
    text = "The surface was criticised by Lleyton Hewitt.\n\nHewitt said he had asked for faster courts."
    assert full_name("Hewitt", [], text) == "Lleyton Hewitt"
    assert full_name("Pollard", [], text) == "Pollard"  # no full mention: the name as given


def test_continued_quote_links_by_speaker_outside_passages():
    # the second part's speaker comes from the first part; wording alone is below the bar
    # for quotes without a speaker, so the link needs the speakers
    a = _article('Talks went on. "We have warned the other side for almost two months that this will happen '
                 'if nothing moves," Foreign Minister Lena Brandt said in a radio interview with Morning '
                 'Report on NRK. - So I think this is only just starting to work."', "a_1")
    b = _article('Talks continued. "We have told the other side for two months that this would happen if '
                 'nothing moved. So I think that is just coming to fruition now," Foreign Minister Lena '
                 'Brandt said.', "b_2")
    quotes = link_quotes([a, b], [Relation("a_1", "b_2", "rewrite")])
    assert len(quotes) == 1 and quotes[0].speaker == "Lena Brandt" and quotes[0].changed
    assert {v.article for v in quotes[0].variants} == {"a_1", "b_2"}


def test_he_said_goes_to_the_person_the_paragraph_introduced():
    text = ('"The road has been closed since dawn," said Pia Holm, a bus driver.\n\n'
            'Councillor Erik Sund walked along the queue with a clipboard. He told the Gazette '
            'that two buses would run on Friday. "We will not leave anyone behind," he said.\n\n'
            'Nina Berg, a teacher waiting with her class, said the children were calm. '
            '"They think it is an adventure," she said.')
    got = {q.variants[0].text: q.speaker for q in extract_quotes(_article(text))}
    assert got["The road has been closed since dawn,"] == "Pia Holm"
    assert got["We will not leave anyone behind,"] == "Erik Sund"
    assert got["They think it is an adventure,"] == "Nina Berg"


def test_a_quote_that_goes_on_keeps_its_speaker():
    text = ('"The road has been closed since dawn," said Pia Holm, a bus driver. '
            '"I have phoned my office. There is nothing else to do."\n\n'
            '"We will not leave anyone behind," Erik Sund said.\n\n'
            '"Every bus will be checked before it goes."\n\n'
            'The storm is the worst in a decade. Officials called it a "once in a lifetime" event.')
    got = {q.variants[0].text: q.speaker for q in extract_quotes(_article(text))}
    assert got["I have phoned my office. There is nothing else to do."] == "Pia Holm"
    assert got["Every bus will be checked before it goes."] == "Erik Sund"
    assert got["once in a lifetime"] is None  # a quoted phrase inside a sentence: nobody's
