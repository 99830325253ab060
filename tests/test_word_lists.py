"""The per-language word lists in resources/: where they come from, and what reads them."""
import importlib
import json

import pytest

from newslineage import words


def _spacy_stop_words(lang):
    try:
        return importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    except ImportError:
        return None


def test_stop_word_lists_are_spacys_but_for_the_words_said():
    """Each list's words are spaCy's stop words of their language, except exactly the ones
    the file lists under _beyond_spacy (a new spaCy that adds or drops one shows here)."""
    data = json.loads((words.RESOURCES / "stop_words.json").read_text(encoding="utf-8"))
    beyond = data["_beyond_spacy"]
    checked = 0
    for use, by_lang in data.items():
        if use.startswith("_"):
            continue
        assert by_lang["_use"], use
        for lang, ws in by_lang.items():
            if lang.startswith("_"):
                continue
            assert ws == sorted(set(ws)), (use, lang)
            spacy = _spacy_stop_words(lang)
            if spacy is None:
                continue
            assert sorted(set(ws) - spacy) == beyond.get(use, {}).get(lang, []), (use, lang)
            checked += 1
    assert checked >= 15


def test_stop_words_by_use_and_language():
    assert "the" in words.stop_words("no_content")
    assert words.stop_words("articles", ("en",)) == {"the", "a", "an"}
    assert {"der", "le", "el"} <= words.stop_words("articles")
    assert "nicht" in words.stop_words("negations") and "nicht" not in words.stop_words("negations", ("en",))
    with pytest.raises(KeyError):
        words.stop_words("no such list")


def test_number_words_one_table():
    """The figure readers of reuse, same and drift read one table: "two" is 2 in each."""
    from newslineage.drift.numbers import ORDINALS, _UNITS_WORDS
    from newslineage.reuse.prepare import number_facts
    assert words.number_values()["two"] == _UNITS_WORDS["two"] == 2
    assert number_facts("two of them", ("two", "of", "them")) == {"2"}
    assert number_facts("half a million", ("half", "a", "million")) == {"0.5", "1000000"}
    assert ORDINALS["twentieth"] == 20 and _UNITS_WORDS["third"] is None
    assert set(words.number_words()["facts"]) <= set(words.number_values())


def test_spelling_one_table():
    """Alignment and MinHash fold British spellings by one table."""
    from newslineage.candidates.minhash import _norm_token
    from newslineage.normalize import norm_word
    table = words.spelling()["whole_words"]
    assert norm_word("defence") == table["defence"] == "defense" == _norm_token("defence")
    assert norm_word("praise") == "praise" and "praise" in words.spelling()["keep"]
    assert set(words.spelling()["candidates"]) <= set(table)


def test_spelling_folds_in_one_place():
    """Alignment, MinHash and quote/drift wording read one function, each at its own fold:
    tokens precise (the 'keep' words stay), shingles by word end, keys tokens and the prefixes table."""
    from newslineage.candidates.minhash import _norm_token
    from newslineage.normalize import american, norm_word
    from newslineage.wording import spelling_key
    for fold in ("tokens", "shingles", "keys"):
        assert american("colour", fold) == "color" and american("organised", fold) == "organized"
    assert norm_word("Colours") == american("colours") and spelling_key("Colours") == american("colours", "keys")
    assert _norm_token("organisation") == american("organisation", "shingles") == "organization"
    assert american("detour") == "detour" and american("detour", "shingles") == "detor"
    assert american("manoeuvring", "keys") == "maneuvering" and american("travelled", "keys") == "traveled"
    # only British/American variants: no word near another in spelling merges with it
    for a, b in (("four", "for"), ("our", "or"), ("your", "yor"), ("michael", "michel"), ("filled", "filed")):
        assert american(a, "keys") != american(b, "keys")
    assert american("haemorrhage", "keys") == "hemorrhage" and american("dialogues", "keys") == "dialogs"


def test_month_names_from_babel_and_the_forms_it_lacks():
    from newslineage.clean.page_dates import MONTHS
    assert MONTHS["january"] == MONTHS["января"] == MONTHS["січня"] == MONTHS["gen"] == 1
    assert MONTHS["aout"] == MONTHS["août"] == 8 and MONTHS["sept"] == 9
    assert "janv" not in MONTHS  # French abbreviations are only the ones calendar.json lists
    assert {"sunday", "domenica", "sonntag", "tues", "thurs"} <= words.weekday_names(
        ("en", "it", "de"), abbreviated=("en",))


def test_calendar_patterns_from_babel():
    """The date patterns of drift, same and lineage are built from babel's names."""
    from newslineage import same
    from newslineage.drift.dates import DATE_RX
    from newslineage.lineage.direction import _MONTH_DATE, _WEEKDAYS
    assert DATE_RX.search("on Sept. 5").group("md_m") == "Sept."
    assert same._DATE.findall("Tuesday, 5 September 2024") == ["Tuesday", "September", "2024"]
    assert _WEEKDAYS.search("am Mittwoch") and _WEEKDAYS.search("в среду")
    assert _MONTH_DATE.search("5 de novembro") and _MONTH_DATE.search("12 марта")


def test_titles_by_use():
    from newslineage.normalize import norms
    assert norms("Mr Putin and Mme Dupont") == ["putin", "and", "dupont"]
    assert {"herr", "senator"} <= words.titles("before_names")
    assert {"pan", "господин"} <= words.titles("counted") and "pan" not in words.titles("counted", ("en",))


def test_language_cues_decide_a_plain_text():
    from newslineage.clean.language import _by_function_words
    text = "Die Regierung hat am Montag die neue Regel vorgestellt, und der Minister sagte, dass " \
           "die Kosten nicht steigen, die mit dem Plan verbunden sind, und auch die Länder sich " \
           "auf eine Lösung für den Winter geeinigt haben, die von allen getragen wird."
    assert _by_function_words(text) == "de"


@pytest.mark.parametrize("name", ["stop_words", "titles", "name_words"])
def test_lists_by_use_say_their_use_and_hold_sorted_words(name):
    data = json.loads((words.RESOURCES / f"{name}.json").read_text(encoding="utf-8"))
    assert data["_about"]
    for use, by_lang in data.items():
        if use.startswith("_"):
            continue
        assert by_lang["_use"], use
        for lang, ws in by_lang.items():
            if not lang.startswith("_"):
                assert len(lang) == 2 and ws and ws == sorted(set(ws)), (use, lang)


def test_name_words_by_use():
    assert "ministry" in words.name_words("organisation_ends")
    assert {"van", "bin"} <= words.name_words("person_particles")
    assert "und" in words.name_words("outlet_particles") and "und" not in words.name_words("person_particles")
