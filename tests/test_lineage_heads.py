"""Credits at an article's head (lineage/heads.py): a dateline's agency, a lead that opens on
its source, a byline's organisation; people and the page's own outlet are no credit."""
from __future__ import annotations

from newslineage.lineage.cited import article_sources, key, known_sources
from newslineage.lineage.heads import head_credits
from newslineage.model import Article, Removed


def _art(text, outlet="The Valley Post", removed=()):
    return Article(id="x", source="x.txt", text=text, outlet=outlet, removed=list(removed))


KNOWN = {key(n) for n in ("Riverside Wire", "Harbour Star", "ANSA", "The Valley Post")}


def test_dateline_agency_is_a_credit_whatever_its_name():
    a = _art("MADRID (Riverside Wire) - Walt Disney has settled charges from regulators.")
    assert head_credits(a, set(), key) == ["Riverside Wire"]
    a = _art("SEOUL, Dec. 31 (AP/dpa) -- The bank said it would cut jobs.")
    assert head_credits(a, known_sources([]), key) == ["AP", "dpa"]  # a known wire in lower case


def test_a_lead_opening_on_a_known_source_credits_it_a_person_does_not():
    assert head_credits(_art("According to Harbour Star, the plant will close."), KNOWN, key) == ["Harbour Star"]
    assert head_credits(_art("Riverside Wire reports: the plant will close."), KNOWN, key) == ["Riverside Wire"]
    assert head_credits(_art("As ANSA reported, the plant will close."), KNOWN, key) == ["ANSA"]
    assert head_credits(_art("According to John Smith, the plant will close."), KNOWN, key) == []
    # an attribution further in the lead is a source of a fact, not of the text
    assert head_credits(_art("The plant will close, according to Harbour Star."), KNOWN, key) == []


def test_byline_organisation_credits_it_unless_it_is_the_page_itself():
    a = _art("The plant will close.", removed=[Removed("By Anna Berg, ANSA", "byline")])
    assert head_credits(a, KNOWN, key) == ["ANSA"]
    a = _art("The plant will close.", removed=[Removed("By Anna Berg, The Valley Post", "byline")])
    src = article_sources(a, known_sources([a]) | KNOWN)
    assert src.credits == {}  # its own outlet
    a = _art("The plant will close.", removed=[Removed("By Anna Berg, Senior Writer", "byline")])
    assert head_credits(a, KNOWN, key) == []


def test_head_credits_reach_the_sources():
    a = _art("LONDON (Riverside Wire) - The plant will close.")
    assert "riverside-wire" in article_sources(a, KNOWN).credits


def test_a_byline_outside_an_html_pages_extracted_body_credits_its_organisation():
    out = "outside the article body (trafilatura)"
    a = _art("The plant will close.", removed=[Removed("The Valley Post", out), Removed("By Anna Berg, ANSA", out)])
    assert head_credits(a, KNOWN, key) == ["ANSA"]
    # other furniture outside the body is no byline
    a = _art("The plant will close.", removed=[Removed("By continuing, you agree to our terms", out),
                                              Removed("Home | News | ANSA", out)])
    assert head_credits(a, KNOWN, key) == []
