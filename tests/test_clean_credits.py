"""Metadata lines of real pages: credit lines anywhere, a role line under the byline, an
outlet in a copyright footer, publication dates in head lines."""
import pytest

from newslineage.clean import clean_one
from newslineage.model import Article

BODY = ("The city council voted on Tuesday to close the old harbour bridge to lorries after engineers "
        "found cracks in two of its supporting beams.\n\n"
        "The bridge, built in 1931, carries about 12,000 vehicles a day, and the council said cars "
        "could keep using it.\n\n")


def cleaned(text):
    return clean_one(Article(id="t", source="t.txt", text="Bridge closed to lorries\n\n" + text))


@pytest.mark.parametrize("line, credits", [
    ("Additional reporting by Reuters and AFP.", ["Reuters", "AFP"]),
    ("Reuters and Bloomberg contributed to this report.", ["Reuters", "Bloomberg"]),
    ("This article first appeared in The Conversation.", ["The Conversation"]),
    ("This story was originally published by Coastal Tribune and is republished with permission.", ["Coastal Tribune"]),
    ("Dieser Artikel erschien zuerst bei Northfield Herald.", ["Northfield Herald"]),
    ("Este artículo fue publicado originalmente en Valley Courier.", ["Valley Courier"]),
    ("(Courtesy: Mumbai Business Line)", ["Mumbai Business Line"]),
])
def test_credit_lines_anywhere_become_credits_and_leave_the_text(line, credits):
    for text in (BODY + line, BODY.replace("\n\nThe bridge", f"\n\n{line}\n\nThe bridge")):
        a = cleaned(text)
        assert sorted(a.credits) == sorted(credits)
        assert line not in a.text
        assert any(r.text == line and r.reason == "credit" for r in a.removed)
        assert "carries about 12,000 vehicles" in a.text


def test_a_nameless_wire_credit_leaves_the_text():
    a = cleaned(BODY + "Compiled from wire reports.")
    assert "Compiled from wire reports." not in a.text and a.credits == []


def test_role_line_under_the_byline_gives_the_outlet_not_a_person():
    a = cleaned("By Jane Doe\nSenior correspondent, The Harbour Times\n\n" + BODY)
    assert a.byline == ["Jane Doe"]
    assert a.outlet == "The Harbour Times"
    assert "Senior correspondent" not in a.text


def test_outlet_from_a_copyright_footer_without_its_tail():
    a = cleaned(BODY + "© 2019 The Harbour Times. All rights reserved. | Privacy | Terms")
    assert a.outlet == "The Harbour Times"


def test_published_from_a_published_updated_line():
    a = cleaned("Published: March 12, 2019 10:30 AM | Updated: March 13, 2019\n\n" + BODY)
    assert a.published.startswith("2019-03-12")


@pytest.mark.parametrize("line, credits", [
    ("With files from Harbour Wire and EFE", ["Harbour Wire", "EFE"]),
    ("- Northfield Sports Wire", ["Northfield Sports Wire"]),
    ("(avec Dow Jones Newswires)", ["Dow Jones Newswires"]),
    ("Com informações da agência Xinhua.", ["Xinhua"]),
    ("Quelle: Valley Press Agency", ["Valley Press Agency"]),
    # reprint notices in other words, and a long credit line naming two sources
    ("Via the Fly India blog", ["Fly India"]),
    ("Reproduced from The Scottish Rugby Reporter", ["The Scottish Rugby Reporter"]),
    ("With reporting from the Press Association news agency and The Associated Press",
     ["Press Association", "Associated Press"]),
])
def test_a_credit_line_left_at_the_foot_of_the_body_is_read(line, credits):
    a = cleaned(BODY + line + "\n\nRead more stories like this one")
    assert sorted(a.credits) == sorted(credits)
    assert line not in a.text and "carries about 12,000 vehicles" in a.text


def test_a_chart_source_at_the_foot_is_no_credit_of_the_text():
    a = cleaned(BODY + "Source: Office for National Statistics")
    assert a.credits == []


def test_the_outlet_and_date_cells_of_a_head_line():
    a = cleaned("Harbour Sports Wire | By Tom Ashby | 1 March 2005 12:30 GMT\n\n" + BODY)
    assert a.outlet == "Harbour Sports Wire"
    assert a.byline == ["Tom Ashby"]
    assert a.published.startswith("2005-03-01")


def test_a_place_in_a_head_line_is_no_outlet():
    # the body names the place: a dateline's place, not the outlet
    a = cleaned("Tel Aviv, 1 March 2005\n\n" + BODY + "The squad trains in Tel Aviv on Friday.")
    assert a.outlet is None
    assert a.published.startswith("2005-03-01")


def test_a_reprint_names_its_masthead_and_credits_the_rights_holder():
    text = ("THE MARKET DESK\nKrispy Kreme shares sink\n\n" + BODY +
            "Copyright (c) 2005 Dow Jones & Company, Inc.")
    a = clean_one(Article(id="t", source="t.txt", text=text))
    assert a.outlet.casefold() == "the market desk"
    assert a.credits == ["Dow Jones"]


def test_a_rights_line_used_by_leave_credits_its_holder_and_an_own_line_does_not():
    reprint = clean_one(Article(id="t", source="t.txt", outlet="Tennis Weekly", text=BODY +
                                "Copyright Harbour Sports Wire 2005. Reproduced with permission."))
    assert reprint.outlet == "Tennis Weekly" and reprint.credits == ["Harbour Sports Wire"]
    own = clean_one(Article(id="t", source="t.txt", text=BODY + "Copyright Harbour Sports Wire 2005"))
    assert own.outlet == "Harbour Sports Wire" and own.credits == []


@pytest.mark.parametrize("foot", ["\n\nENDS", "\n\n(END)", "\n\n-MORE-", " ENDS"])
def test_a_wire_end_mark_is_no_credit(foot):
    a = cleaned(BODY.rstrip() + foot)
    assert a.credits == []


def test_a_worded_credit_the_reader_took_out_of_a_page_counts_and_a_menu_item_does_not():
    from newslineage.model import Removed
    out = "outside the article body (trafilatura)"
    a = clean_one(Article(id="t", source="t.html", text=BODY.strip(), outlet="Tennis Weekly",
                          removed=[Removed("ATP", out), Removed("TV", out),
                                   Removed("Quelle: Valley Press Agency", out)]))
    assert a.credits == ["Valley Press Agency"]


def test_a_sites_own_rights_line_names_its_outlet():
    a = cleaned(BODY + "The Harbour Sports Daily - all rights reserved")
    assert a.outlet == "The Harbour Sports Daily" and a.credits == []


@pytest.mark.parametrize("line, holder", [
    ("Copyright Irish Rugby Newswire. Used with permission.", "Irish Rugby Newswire"),
    ("Copyright UK Sports Wire 2005. Reproduced with permission.", "UK Sports Wire"),
])
def test_a_rights_line_used_by_leave_credits_its_holder_on_a_page_without_outlet(line, holder):
    a = cleaned(BODY + line)
    assert a.credits == [holder] and a.outlet != holder


@pytest.mark.parametrize("line, credits", [
    ("Quelle: Versicherungsbote", ["Versicherungsbote"]),
    ("Source : Le Quotidien de Londres", ["Le Quotidien de Londres"]),
    ("Fonte: Música Notícias", ["Música Notícias"]),
])
def test_a_source_line_at_the_foot_credits_an_outlet_by_its_name_alone(line, credits):
    a = cleaned(BODY + line)
    assert a.credits == credits
    assert line not in a.text


def test_a_source_line_mid_article_needs_a_name_shaped_like_an_outlet():
    # under a chart, a source names where a figure comes from, not who supplied the text
    a = cleaned(BODY.replace("\n\nThe bridge", "\n\nSource: Office for National Statistics\n\nThe bridge"))
    assert a.credits == []


@pytest.mark.parametrize("line", ["Extract from GameCulture Weekly", "Adapted from Coastal Tribune"])
def test_an_excerpt_notice_credits_its_source(line):
    a = cleaned(BODY + line)
    assert a.credits == [line.split(" from ")[1]]
    assert line not in a.text


def test_an_acronym_after_an_exclamation_is_a_remark_not_a_credit():
    remark = ("I played it every night for a month when I was at school, and I still think it was "
              "the best game of them all, them was the days! LOL")
    a = cleaned(BODY + remark)
    assert a.credits == [] and a.text.rstrip().endswith("LOL")
    # a listed agency still credits there, and an unlisted one after a full stop
    assert cleaned(BODY + "They won the cup at last! AFP").credits == ["AFP"]
    assert cleaned(BODY + "The council will meet again on Monday. KNA").credits == ["KNA"]


@pytest.mark.parametrize("line, credits", [
    # the colon form of a credit cue
    ("Additional reporting: Harbour Wire, ANSA", ["Harbour Wire", "ANSA"]),
    ("Further reporting: Keller & Brandt", ["Keller & Brandt"]),
    ("Contributing: Lena Hart, Valley Press", ["Valley Press"]),
    ("Compiled from agency reports: Kyodo, Yonhap", ["Kyodo", "Yonhap"]),
    ("Reprinted from: Coastal Tribune", ["Coastal Tribune"]),
    ("Erschien zuerst bei: Northfield Herald", ["Northfield Herald"]),
    # "&" inside a capitalised name joins it; between two agencies or two people it splits
    ("Borsa & Mercati contributed to this report.", ["Borsa & Mercati"]),
    ("With reporting from Keller & Brandt and ANP", ["Keller & Brandt", "ANP"]),
    ("Additional reporting by EFE & ANSA", ["EFE", "ANSA"]),
    ("Reporting by Lena Hart & Omar Said and Kyodo", ["Kyodo"]),
    # an agency's acronym beside a person in a reporting line
    ("Reporting by Lena Hart and NBTA", ["NBTA"]),
    # lists joined by the word for "and" of each language
    ("Mit Material von Harbour Wire und ANSA", ["Harbour Wire", "ANSA"]),
    ("Avec des informations de Valley Press et ANSA", ["Valley Press", "ANSA"]),
    ("Con información de Valley Press y EFE", ["Valley Press", "EFE"]),
    ("Com informações da Harbour Wire e ANSA", ["Harbour Wire", "ANSA"]),
    ("Bron: ANP en Harbour Wire", ["ANP", "Harbour Wire"]),
])
def test_a_credit_lines_list_keeps_every_name(line, credits):
    for text in (BODY + line + "\n\nRead more stories like this one",
                 BODY.replace("\n\nThe bridge", f"\n\n{line}\n\nThe bridge")):
        a = cleaned(text)
        assert a.credits == credits
        assert line not in a.text and "carries about 12,000 vehicles" in a.text


@pytest.mark.parametrize("line", ["Reporting the cracks was the engineers' job, the council said.",
                                  "Contributing to the repairs were the two towns on either bank."])
def test_a_sentence_about_reporting_stays_in_the_body(line):
    a = cleaned(BODY.replace("\n\nThe bridge", f"\n\n{line}\n\nThe bridge"))
    assert a.credits == [] and line in a.text


def test_a_firm_joined_by_an_ampersand_under_a_chart_is_no_credit():
    a = cleaned(BODY.replace("\n\nThe bridge", "\n\nSource: Keller & Brandt\n\nThe bridge"))
    assert a.credits == []


@pytest.mark.parametrize("line, credits", [
    ("(Selon l'agence italienne ANSA)", ["ANSA"]),
    ("Laut Nachrichtenagentur dpa", ["dpa"]),
    ("(Harbour Sports Wire)", ["Harbour Sports Wire"]),
    ("(Valley Press Agency)", ["Valley Press Agency"]),
])
def test_an_according_to_line_or_a_bracketed_outlet_under_the_body_credits_it(line, credits):
    a = cleaned(BODY + line + "\n\nRead more stories like this one")
    assert a.credits == credits and line not in a.text


@pytest.mark.parametrize("line", ["(Lena Hart)", "(Office for National Statistics)",
                                  "Selon le maire, le pont rouvrira en mai."])
def test_a_bracketed_person_or_body_or_a_sentence_under_the_body_is_no_credit(line):
    a = cleaned(BODY + line)
    assert a.credits == [] and line in a.text


def test_a_bylines_organisation_credits_the_text_and_the_masthead_names_the_page():
    a = cleaned("Highland Business Review\nHome | News | Business | Sport\n"
                "By Jon Ellis, Reuters News Agency\n\n" + BODY)
    assert a.outlet == "Highland Business Review"
    assert a.credits == ["Reuters News Agency"]  # as written; lineage folds it into Reuters
    assert a.byline == ["Jon Ellis"]


def test_a_bylines_organisation_on_a_page_naming_no_outlet_is_a_credit():
    a = cleaned("By Anna Berg, Harbour News Service\n\n" + BODY)
    assert a.outlet is None
    assert a.credits == ["Harbour News Service"]


def test_a_byline_naming_only_an_organisation_names_the_page():
    a = cleaned("by · NY Times\n\n" + BODY)
    assert a.outlet == "The New York Times"
    assert a.credits == []


def test_a_wire_credit_is_kept_as_written_and_its_spellings_once():
    a = cleaned("WASHINGTON (AP) \u2014 " + BODY + "Additional reporting by The Associated Press")
    assert a.credits == ["The Associated Press"]  # one agency, two spellings: the first read kept
    a = cleaned(BODY + "With Agence France-Presse")
    assert a.credits == ["Agence France-Presse"]
    assert cleaned(BODY + "REUTERS").credits == ["Reuters"]


def test_a_credit_keeps_the_outlet_name_as_written():
    # the outlets table names a page's own outlet; a credit is the name the page writes
    a = cleaned(BODY + "Additional reporting: BBC News")
    assert a.credits == ["BBC News"]


def test_a_name_starting_with_a_byline_word_is_no_byline():
    a = cleaned("Parliamentary News Service\nBy Alan Hurst, Political Correspondent\n\n" + BODY)
    assert a.outlet == "Parliamentary News Service"
    assert a.byline == ["Alan Hurst"]


@pytest.mark.parametrize("foot, credits", [
    ("Sources: BBC News, dpa", ["BBC News", "dpa"]),
    ("Sapa-AAP-AFP", ["Sapa", "AAP", "AFP"]),
    ("AAP-AFP", ["AAP", "AFP"]),
])
def test_a_plural_source_line_or_agencies_joined_by_hyphens_credit_each(foot, credits):
    a = cleaned(BODY + foot + "\nMost popular: Ski resorts count the cost of a warm January")
    assert a.credits == credits


def test_a_hyphenated_name_with_one_agency_is_no_list():
    assert cleaned(BODY + "Reuters-Ipsos").credits == []


@pytest.mark.parametrize("foot, credits", [
    ("Auto Industry Daily / Kyodo", ["Auto Industry Daily", "Kyodo"]),
    ("Home / News / Business", []),
    ("Sport / Reuters", []),
])
def test_sources_joined_by_slashes_under_the_body_with_a_wire_among_them(foot, credits):
    a = cleaned(BODY + foot + "\n\nTokyo Economic Review - all rights reserved")
    assert a.credits == credits


@pytest.mark.parametrize("foot, credits", [
    ("Reporting by Bloomberg L.P. and AFP", ["Bloomberg", "AFP"]),
    ("(Bloomberg L.P.)", ["Bloomberg"]),
])
def test_a_known_agency_with_its_company_form_is_that_agency(foot, credits):
    assert cleaned(BODY + foot).credits == credits


def test_a_name_opening_the_text_with_a_report_verb_and_a_colon_credits_it():
    assert cleaned("Harbour News Service reports: " + BODY).credits == ["Harbour News Service"]
    assert cleaned("Police reports: " + BODY).credits == []


@pytest.mark.parametrize("foot, credits", [
    ("Reporting by Tennis Newswire", ["Tennis Newswire"]),
    ("Reporting by The Andes Report", ["The Andes Report"]),
    ("Reporting by Eirik Sandnes", []),
])
def test_reporting_by_an_outlet_named_like_one_credits_it_and_a_person_does_not(foot, credits):
    assert cleaned(BODY + foot).credits == credits


def test_capitalised_menu_items_far_under_the_body_credit_nobody():
    # a real page's footer: "FAQ", "RSS", the states' codes; a credit line right under the
    # body still credits its source
    footer = "\n".join(["About us", "Contact", "Careers", "Advertise", "FAQ", "RSS", "AK", "AL", "NY", "SEE ALL"])
    a = cleaned("Harbour Business Review\n\n" + BODY + "\n\n" + footer)
    assert a.credits == []
    b = cleaned("Harbour Business Review\n\n" + BODY + "\n\nNPA\n\n" + footer)
    assert b.credits == ["NPA"]
