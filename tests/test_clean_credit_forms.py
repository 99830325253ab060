"""Credit lines in forms that name the first publisher in other words: a rights line of another
outlet under a reprint, "From the X" and first-publication lines in each language, a lead or
closing sentence that says whose report it is; and what must not be read as one."""
import pytest

from newslineage.clean import clean_one
from newslineage.model import Article

BODY = ("The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
        "found cracks in two of its supporting beams.\n\n"
        "The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars "
        "could keep using it.\n\n")


def cleaned(text, outlet=None, language=None):
    return clean_one(Article(id="t", source="t.txt", text="Bridge closed to lorries\n\n" + text,
                             outlet=outlet, language=language))


@pytest.mark.parametrize("line, credit", [
    ("Copyright The Northern Courier", "The Northern Courier"),
    ("© 2005 Harbour Daily. Reprinted with permission.", "Harbour Daily"),
    ("Copyright Agence Lakeside Presse", "Agence Lakeside Presse"),
])
def test_a_rights_line_of_another_outlet_under_a_reprint_credits_it(line, credit):
    # the page's own outlet named by its footer, or given by the page
    for text, outlet in ((BODY + line + "\nCopyright 2005 The Valley Post.\nShare this article: Email | Print", None),
                         (BODY + line, "The Valley Post")):
        a = cleaned(text, outlet)
        assert a.outlet == "The Valley Post"
        assert a.credits == [credit]
        assert line not in a.text and "carries about 12,000 vehicles" in a.text


@pytest.mark.parametrize("line", [
    "© 2005 The Valley Post",             # the page's own
    "© 2019 Vox Media, LLC. All rights reserved.",   # the site's owner, a company
    "© Lucy Nicholson",                   # a photographer
])
def test_the_pages_own_or_a_companys_rights_line_is_no_credit(line):
    a = cleaned(BODY + line, "The Valley Post")
    assert a.credits == []


def test_a_rights_line_alone_names_the_pages_outlet_not_a_source():
    a = cleaned(BODY + "Copyright The Northern Courier")
    assert a.outlet == "The Northern Courier" and a.credits == []


@pytest.mark.parametrize("lang, line", [
    ("de", "Zuerst erschienen in der Harbour Post."),
    ("de", "Der Artikel ist zuerst im Harbour Post erschienen."),
    ("de", "Erstveröffentlichung: Harbour Post"),
    ("fr", "Article paru initialement dans Harbour Post."),
    ("fr", "Publié initialement par Harbour Post."),
    ("es", "Publicado por primera vez en Harbour Post."),
    ("it", "Articolo apparso originariamente su Harbour Post."),
    ("pt", "Publicado pela primeira vez no Harbour Post."),
    ("nl", "Dit artikel verscheen eerder in Harbour Post."),
    ("nl", "Oorspronkelijk gepubliceerd in Harbour Post."),
])
def test_first_publication_lines_in_each_language_credit_and_leave_the_text(lang, line):
    for text in (BODY + line, BODY.replace("\n\nThe bridge", f"\n\n{line}\n\nThe bridge")):
        a = cleaned(text, language=lang)
        assert a.credits == ["Harbour Post"], text
        assert line not in a.text and "carries about 12,000 vehicles" in a.text


@pytest.mark.parametrize("line, credit", [
    ("From the Non-League Paper", "Non-League Paper"),
    ("From The Coastal Times.", "The Coastal Times"),
    ("Aus der Harbour Zeitung", "Harbour Zeitung"),
    ("Tratto da Valley Giornale", "Valley Giornale"),
])
def test_a_from_line_naming_an_outlet_under_the_body_credits_it(line, credit):
    a = cleaned(BODY + line)
    assert a.credits == [credit] and line not in a.text


@pytest.mark.parametrize("line", ["From the Archives", "From the editors",
                                  "From the start, the council wanted the bridge kept open to buses."])
def test_a_from_line_naming_no_outlet_is_no_credit(line):
    assert cleaned(BODY + line).credits == []


@pytest.mark.parametrize("sentence, credit", [
    ("Engineers will inspect the beams again in May, Xinhua news agency reports.", "Xinhua"),
    ("Engineers will inspect the beams again in May, reported the Harbour News Agency.", "Harbour News Agency"),
    ("Engineers will inspect the beams again in May, Reuters reported.", "Reuters"),
    ("Die Ingenieure prüfen die Träger im Mai erneut, berichtete die Nachrichtenagentur dpa.", "dpa"),
])
def test_a_closing_sentence_that_credits_stays_in_the_text_and_credits(sentence, credit):
    a = cleaned(BODY + sentence)
    assert a.credits == [credit]
    assert sentence in a.text


def test_a_lead_sentence_that_credits():
    a = cleaned("Engineers found cracks in two beams of the old harbour bridge, Reuters says.\n\n" + BODY)
    assert a.credits == ["Reuters"]


@pytest.mark.parametrize("sentence", [
    "Engineers will inspect the beams again in May, the agency said.",
    "Engineers will inspect the beams again in May, the Environment Agency said.",
    "Engineers will inspect the beams again in May, the International Energy Agency said.",
    '"We will not take risks," the mayor said, speaking to Reuters.',
    "Engineers will inspect the beams again in May, John Smith said.",
])
def test_a_sentence_merely_mentioning_an_agency_credits_nobody(sentence):
    a = cleaned(BODY + sentence)
    assert a.credits == [] and sentence in a.text


def test_reporting_from_a_place_in_a_sentence_is_prose_not_a_dateline():
    prose = "Reporting from Geneva, our correspondent said talks would resume next week after a pause."
    a = cleaned(BODY.replace("\n\nThe bridge", f"\n\n{prose}\n\nThe bridge"))
    assert prose in a.text
    a = cleaned("Reporting from Geneva\n\n" + BODY)
    assert "Reporting from Geneva" not in a.text
    assert any(r.text == "Reporting from Geneva" and r.reason == "dateline" for r in a.removed)
