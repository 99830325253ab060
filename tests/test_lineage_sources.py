"""Lineage sources: finding attribution phrases only where they can start gives the same
matches as scanning the whole text with the phrase regexes."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.lineage import cited as sources

# Pieces texts are built from: phrases of several languages in several cases, names, words
# that contain a phrase ("without", "viaduct"), punctuation, unusual spaces and the characters
# whose lowercase or case-insensitive matching is special (İ grows, ſ and ı match s and i).
_PHRASES = sorted({p.replace("{source}", "").strip() for t in sources.phrases().values()
                   if isinstance(t, dict) for kind in ("cites", "reprint", "retelling")
                   for p in t.get(kind, [])})
_PIECES = ["Reuters", "AFP", "dpa", "Bloomberg News", "The Conversation", "Michael Kofman",
           "l'AFP", "dell'ANSA", "ТАСС", "Nordic Press Agency", "NPA", "without", "viaduct",
           "reportedly", "the", "minister", "said", ".", ",", ";", "(", ")", "«", "»", "“", "”",
           "—", "\u00a0", "\n", "\n\n", "  ", "\t", "İstanbul", "ſ", "ı", "ΣΑΣ", "K", "ß", "ẞ",
           "Straße", "ᲀ", "café", "naïve", "2025", "_x_"]


def _cased(s: str, how: int) -> str:
    return [s, s.upper(), s.title(), s.lower()][how % 4]


@st.composite
def texts(draw):
    n = draw(st.integers(1, 25))
    parts = []
    for _ in range(n):
        if draw(st.booleans()):
            parts.append(_cased(draw(st.sampled_from(_PHRASES)), draw(st.integers(0, 3))))
        else:
            parts.append(draw(st.sampled_from(_PIECES)))
        parts.append(draw(st.sampled_from([" ", "", ", ", ". ", "\n", " \u00a0", "'"])))
    return "".join(parts)


def _plain(text: str):
    """The matches of the whole-text scans, as comparable tuples."""
    out = []
    for kind, side, rx, _lookup, _starts in sources._patterns():
        out.append([(m.span(), m.groupdict()) for m in sources._overlapping(rx, text)])
    rx, _ = sources._retelling()
    out.append([m.span() for m in rx.finditer(text)])
    return out


def _fast(text: str):
    view = sources._View(text)
    out = []
    for kind, side, rx, _lookup, starts in sources._patterns():
        out.append([(m.span(), m.groupdict()) for m in view.search(rx, side, starts)])
    rx, starts = sources._retelling()
    out.append([m.span() for m in view.finditer(rx, starts)])
    return out


@settings(max_examples=300, deadline=None)
@given(texts())
def test_phrase_search_matches_the_whole_text_scan(text):
    assert _fast(text) == _plain(text)


def test_phrase_search_on_sentences_of_every_language():
    rng = random.Random(7)
    for _ in range(200):
        words = rng.sample(_PHRASES, 3) + rng.sample(_PIECES, 4)
        rng.shuffle(words)
        text = " ".join(_cased(w, rng.randrange(4)) for w in words)
        assert _fast(text) == _plain(text), text


def test_texts_with_special_case_characters_take_the_whole_text_scan():
    # 'İ' lowercases to two characters (offsets would shift); 'ſ' matches 's' case-insensitively
    assert sources._View("İstanbul, according to Reuters").low is None
    assert sources._View("according to Reuterſ").low is None
    assert sources._View("selon l'AFP, à Paris").low is not None


def test_reprint_mentions_are_the_same_when_cites_are_not_read():
    known = sources.known_sources([])
    text = ("According to Reuters, the talks resume. This story first appeared in The "
            "Conversation. Bloomberg reports more.")
    both = sources.mentions(text, known)
    only = sources.mentions(text, known, kinds=("reprint",))
    assert only and [m for m in both if m.kind == "reprint"] == only
    assert any(m.kind == "cites" for m in both)


def test_an_ampersand_joins_two_sources_only_between_wires_or_initials():
    from newslineage.lineage.cited import split_credits

    assert split_credits(["Motori & Finanza"]) == ["Motori & Finanza"]
    assert split_credits(["Procter & Gamble"]) == ["Procter & Gamble"]
    assert split_credits(["Reuters & AFP"]) == ["Reuters", "AFP"]
    assert split_credits(["AP & dpa"]) == ["Associated Press", "dpa"]
    assert split_credits(["Reuters, Motori & Finanza"]) == ["Reuters", "Motori & Finanza"]


def test_one_source_spelled_several_ways_has_one_key():
    from newslineage.lineage.cited import Sources, key, outlet_keys

    assert key("BBC News") == key("bbc news") == key("BBC") == key("bbc.co.uk")
    assert key("The Harbour Times") == key("Harbour Times") == key("www.harbour-times.co.uk")
    assert key("Harbour Times") != key("Harbour Tribune")
    page = Sources(article="a", outlet=key("The Harbour Times"), outlet_keys=outlet_keys("The Harbour Times"))
    assert page.is_outlet(key("harbourtimes.com"))
    assert not page.is_outlet(key("harbourtribune.com"))


def test_an_outside_origin_is_named_by_the_fullest_form_its_credits_write():
    from newslineage.lineage.origins import merge_origins

    blocks = [("bbc", "a", "BBC", ["a"]), ("bbc", "b", "BBC", ["b"]), ("bbc", "c", "BBC News", ["c"])]
    (o,) = merge_origins([([], blocks)])
    assert o.name == "BBC News" and o.children == ["a", "b", "c"]
