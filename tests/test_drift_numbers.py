"""Number words read in the article's language: a figure changed in words ("dix" ->
"douze", "zwölf" -> "zehn") is drift in French or German as in English, and English reads
as before."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newslineage.drift.checks import compare
from newslineage.drift.numbers import find_numbers
from newslineage.drift.sides import Side

ROOT = Path(__file__).resolve().parents[1]


def values(text, lang):
    return [(n[2], n[3], n[4]) for n in find_numbers(text, lang=lang)]


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Il a remporté douze prix, vingt-deux fois.", [("douze", 12, None), ("vingt-deux", 22, None)]),
    ("de", "Sie zahlten zweiundzwanzig Millionen für zwölf Bilder.",
     [("zweiundzwanzig Millionen", 22_000_000, None), ("zwölf", 12, None)]),
    ("es", "Ganó doce premios y 3 millones.", [("doce", 12, None), ("3 millones", 3_000_000, None)]),
    ("nl", "Er vielen twaalf doden.", [("twaalf", 12, None)]),
    ("pt", "Morreram vinte e dois soldados.", [("vinte e dois", 22, None)]),
    ("it", "Ha vinto il terzo titolo e 5 milioni.", [("terzo", 3.0, "th"), ("5 milioni", 5_000_000, None)]),
])
def test_number_words_of_each_language(lang, text, want):
    assert values(text, lang) == want


def test_a_word_for_one_and_an_ordinal_before_a_function_word_are_no_figures():
    # "uno", "un": an article or a pronoun mostly; "secondo il": according to
    assert values("Secondo il ministro, uno dei due", "it") == [("due", 2, None)]
    assert values("il secondo mandato", "it") == [("secondo", 2.0, "th")]


def test_english_and_unknown_languages_read_english_words_only():
    assert values("dix douze twelve", "en") == [("twelve", 12, None)]
    assert values("dix douze twelve", "") == values("dix douze twelve", "en")
    assert values("zwölf", "xx") == []


def _sides(a: str, b: str, lang: str):
    return Side("a", a, 0, len(a), None, "a", lang), Side("b", b, 0, len(b), None, "b", lang)


def test_a_figure_changed_in_words_is_drift_in_the_article_language():
    a, b = "Le groupe est nommé dans dix catégories.", "Le groupe est nommé dans douze catégories."
    found = [f for f in compare(*_sides(a, b, "fr")) if f[0] == "number"]
    assert found and "dix" in found[0][3] and "douze" in found[0][3]
    assert not [f for f in compare(*_sides(a, b, "en")) if f[0] == "number"]


def test_the_resource_is_what_the_tool_builds():
    pytest.importorskip("num2words", reason="tools/number_words.py needs num2words (the tools extra)")
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "number_words.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("lang,a,b", [
    ("en", "Serena Williams, the world number one, said she would play in Paris next week.",
     "Serena Williams, the world number two, said she would play in Paris next week."),
    ("it", "La numero uno del mondo ha detto che giocherà a Parigi la prossima settimana.",
     "La numero due del mondo ha detto che giocherà a Parigi la prossima settimana."),
    ("fr", "La numéro un mondiale a déclaré qu'elle jouerait à Paris la semaine prochaine.",
     "La numéro deux mondiale a déclaré qu'elle jouerait à Paris la semaine prochaine."),
    ("en", "BT is the second-largest phone company in Europe, analysts said on Monday.",
     "BT is the third-largest phone company in Europe, analysts said on Monday."),
])
def test_a_rank_told_with_its_noun_or_in_a_compound_is_a_number(lang, a, b):
    assert [f for f in compare(*_sides(a, b, lang)) if f[0] == "number"]


def test_a_rank_noun_before_a_word_for_one_and_no_one():
    assert values("the world number one, No 2 and No. 3", "en") == [
        ("number one", 1.0, "th"), ("No 2", 2.0, "th"), ("No. 3", 3.0, "th")]
    # "no" before a word is no rank noun; "a number of" has no figure after it
    assert values("there was no one there, and a number of people", "en") == []
    assert values("die Nummer eins", "de") == [("Nummer eins", 1.0, "th")]


@pytest.mark.parametrize("lang,a,b", [
    ("de", "BT ist der zweitgrößte Telefonkonzern Europas, sagten Analysten am Montag in London.",
     "BT ist der drittgrößte Telefonkonzern Europas, sagten Analysten am Montag in London."),
    ("nl", "Het is het tweedegrootste bedrijf van het land, zeiden analisten maandag in Londen.",
     "Het is het derdegrootste bedrijf van het land, zeiden analisten maandag in Londen."),
])
def test_an_ordinal_joined_to_a_superlative_is_a_rank(lang, a, b):
    assert [f for f in compare(*_sides(a, b, lang)) if f[0] == "number"]
    assert values("die erste Runde, ein Zweitligist", "de") == [("erste", 1.0, "th")]
