"""Speech verbs: base forms in resources, one generator of their English forms."""
from newslineage.quotes import cues, reported, speakers, verbs


def test_regular_and_irregular_english_forms():
    assert verbs.inflect("warn") == {"base": "warn", "third": "warns", "past": "warned",
                                     "participle": "warned", "ing": "warning"}
    assert verbs.inflect("deny")["third"] == "denies" and verbs.inflect("deny")["past"] == "denied"
    assert verbs.inflect("say")["third"] == "says"  # a vowel before the y
    assert verbs.inflect("stress")["third"] == "stresses"
    assert verbs.inflect("note")["past"] == "noted" and verbs.inflect("note")["ing"] == "noting"
    assert verbs.inflect("admit")["past"] == "admitted"
    write = verbs.inflect("write", {"past": "wrote", "participle": "written"})
    assert (write["past"], write["participle"], write["ing"]) == ("wrote", "written", "writing")


def test_every_form_of_a_speech_verb_leads_to_its_base():
    for form, base in (("said", "say"), ("told", "tell"), ("insisting", "insist"),
                       ("written", "write"), ("quipped", "quip"), ("testifies", "testify")):
        assert verbs.FORM_LEMMA[form] == base


def test_cue_forms_leave_out_nouns_and_keep_other_languages():
    assert {"said", "says", "say", "noted", "admitted", "claimed"} <= cues.SPEECH_FORMS_ALL
    assert not {"notes", "claims", "posts", "reports", "hopes"} & cues.SPEECH_FORMS_ALL
    assert {"sagte", "dijo", "déclaré", "disse"} <= cues.SPEECH_FORMS_ALL
    assert "sagte" not in verbs.CUE_FORMS_EN


def test_the_quote_rules_read_the_generated_sets():
    assert reported._VERBS == {"said", "says", "told", "tells", "added", "adds"}
    assert reported._TOLD == {"told", "tells"}
    assert {"said", "announces", "posted"} <= speakers.SPEECH_FORMS
    assert "posts" not in speakers.SPEECH_FORMS
