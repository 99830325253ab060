"""Stories: what the index reads from a text (names, figures, label runs) and publication gaps."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage import stories
from newslineage.times import parse_time
from newslineage.model import Article

# pieces that exercise sentence ends, capitals in and out of words, possessives, digits,
# apostrophes, hyphens and non-ASCII letters
PIECES = ["Marit", "Okstad's", "the", "fire", "Brenvik", "iPhone", "3D", "É", "é", "ß", "²", "_",
          "'", "’", "-", ".", "!", "?", ",", " ", "  ", "\n", "7", "6.8", "1,200", "x", "A", "The"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_profile_names_are_the_names_counted_inside_sentences(text):
    # the one-scan reader must keep exactly the names the sentence-by-sentence reader counts,
    # in the order they first occur inside a sentence
    ascii_letters = stories._ascii_letters(text)
    assert stories._name_keys(text, ascii_letters) == list(stories.names(text))


def test_sentence_initial_name_counts_only_when_it_recurs_inside_a_sentence():
    text = "Okstad spoke first. Later the mayor met Rettedal. Yesterday Rettedal left."
    keys = stories._name_keys(text, True)
    assert "rettedal" in keys and "okstad" not in keys and "later" not in keys


def test_numbers_keep_identifying_figures_only():
    found = stories.numbers("312 evacuated, magnitude 6.8, in 2024, 7 hurt, A380 and v2.15 aside")
    assert found == {"312", "6.8"}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["2025-10-14", "2025-10-15T08:30:00", "2025-10-15T23:10:00+02:00",
                        "2025-10-16T01:00:00Z", "2025-10-13 22:00", "2025-10-17T12:00:00.250-05:00"]),
       st.sampled_from(["2025-10-14", "2025-10-15T08:30:00", "2025-10-15T23:10:00+02:00",
                        "2025-10-16T01:00:00Z", "2025-10-13 22:00", "2025-10-17T12:00:00.250-05:00"]))
def test_gap_days_from_integers_matches_datetime_arithmetic(x, y):
    index = stories.StoryIndex(embeddings=False)
    e = np.zeros(0, np.int64)
    wx, wy = parse_time(x), parse_time(y)
    px = stories.Profile("x", e, e, np.zeros(0), frozenset(), wx, None, t=stories._times(wx))
    py = stories.Profile("y", e, e, np.zeros(0), frozenset(), wy, None, t=stories._times(wy))
    a, b = wx.at, wy.at
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    want = abs((a - b).total_seconds()) / 86400
    if not (wx.precise and wy.precise):
        want = max(0.0, abs((a.date() - b.date()).days) - 0.5)
    assert index.gap_days(px, py) == want


def test_label_run_is_the_name_as_written_with_its_neighbours():
    text = "On Monday the rescue leader Marit Okstad's team arrived. Okstad said all were safe."
    assert stories._name_run("okstad", text) == "Marit Okstad"
    assert stories._name_run("nobody", text) == "Nobody"


def _same_profile(x, y):
    assert x.id == y.id and x.numbers == y.numbers and x.day == y.day and x.ts == y.ts and x.t == y.t
    for f in ("names", "words", "counts"):
        a, b = getattr(x, f), getattr(y, f)
        assert a.dtype == b.dtype and a.tolist() == b.tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), texts, st.sampled_from([None, "2025-10-14T08:00Z"])),
                max_size=6))
def test_batch_profiles_equal_profiles_one_by_one(docs):
    # cluster() profiles its batch at once: the same term ids (order of first occurrence), arrays
    # and times as add() profiling each article when it arrives (a repeated id only the first time)
    arts = [Article(id=i, source=i, text=t, published=d, title="Brenvik") for i, t, d in docs]
    batch = stories.StoryIndex(embeddings=False)
    one = stories.StoryIndex(embeddings=False)
    profiles = batch._profiles(arts, chunk=2)  # chunks continue the same vocabularies
    done = set()
    for a in arts:
        if a.id not in done:
            done.add(a.id)
            _same_profile(profiles[a.id], one.profile(a))
    assert set(profiles) == done
    assert batch._name_ids == one._name_ids and batch._word_ids == one._word_ids
    assert batch._name_list == one._name_list


def test_dateline_place_is_read_in_the_usual_styles_and_nowhere_else():
    assert stories.place("LOS ANGELES (AFP) - Movies will be sold") == {"angeles"}
    assert stories.place("CHENGDU, Feb. 2 (Xinhua) -- The world's pandas") == {"chengdu"}
    assert stories.place("WINSTON-SALEM, North Carolina - The red sign") == {"winston-salem"}
    assert stories.place("TEL AVIV - Israel's players trained") == {"tel", "aviv"}
    assert stories.place("A knee injury has forced Parmar out - again") == frozenset()
    assert stories.place("The UK - and France - agreed") == frozenset()


def test_a_dateline_place_named_in_the_other_article_adds_the_place_weight():
    # the same words, the second with and without a dateline (a colon instead of a dash is
    # none) naming where the first's event happened: the score differs by the place weight
    # alone, and the evidence says why
    wire = Article(id="w", source="w", text="Mittal Steel will cut jobs, Lakshmi Mittal told investors "
                   "at a conference in Chicago on Thursday.", published="2005-03-10T14:00:00+00:00")
    body = "Steelworkers handed out leaflets about pensions outside the hotel, Karen Dwyer said."
    for weight in (0.15, 0.4):
        index = stories.StoryIndex(embeddings=False, place_weight=weight)
        own = Article(id="o", source="o", text="CHICAGO - " + body, published="2005-03-10T17:30:00+00:00")
        bare = Article(id="b", source="b", text="CHICAGO: " + body, published="2005-03-10T17:30:00+00:00")
        pw, po, pb = (index.profile(a) for a in (wire, own, bare))
        for p in (pw, po, pb):
            index._index(p)
        with_place, without = index.match(po, pw), index.match(pb, pw)
        assert abs(with_place.score - without.score - weight) < 0.002
        assert any("chicago" in e for e in with_place.evidence)
        assert not any("dateline" in e for e in without.evidence)
