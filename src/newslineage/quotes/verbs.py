"""Speech verbs: their base forms per language (``resources/speech_verbs.json``) and the one
generator of their English forms. Every set of verb forms the quote rules read is made here:
the parse's speech test (every form -> its base), the cue words around a quote, the quick
look-back for a speaker, and the verbs of reported speech."""
from __future__ import annotations

import json
from importlib import resources

_VOWELS = "aeiou"


def _load() -> dict:
    path = resources.files("newslineage.resources").joinpath("speech_verbs.json")
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


_DATA = _load()
_EN = _DATA["en"]


def _cvc(verb: str) -> bool:
    """A consonant, a vowel and a final t, p or g: the last letter doubles ("admitted")."""
    return (len(verb) > 2 and verb[-1] in "tpg" and verb[-2] in _VOWELS
            and verb[-3] not in _VOWELS)


def inflect(verb: str, irregular: dict[str, str] | None = None) -> dict[str, str]:
    """The forms of an English verb by name: base, third ("says"), past ("said"), participle,
    ing. Regular rules, then the ``irregular`` forms given for it."""
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
        past, ing = verb[:-1] + "ied", verb + "ing"
    elif _cvc(verb):
        past, ing = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    forms = {"base": verb, "third": third, "past": past, "participle": past, "ing": ing}
    for name, form in (irregular or {}).items():
        forms[name] = form
    if irregular and "past" in irregular and "participle" not in irregular:
        forms["participle"] = irregular["past"]
    return forms


def _forms(verb: str) -> dict[str, str]:
    return inflect(verb, _EN["irregular"].get(verb))


# Base forms of the English speech verbs.
LEMMAS = frozenset(_EN["verbs"])
# Every English form -> its base form (the parse needs no lemmatizer).
FORM_LEMMA = {form: verb for verb in sorted(LEMMAS) for form in _forms(verb).values()}
# The forms that mark a quote's cue in English: the past and the -s form (only the past for
# verbs whose -s form is mostly a noun), and a few others.
_NOUN_LIKE = frozenset(_EN["noun_like"])
CUE_FORMS_EN = frozenset(
    {_forms(v)["past"] for v in LEMMAS}
    | {_forms(v)["third"] for v in LEMMAS - _NOUN_LIKE}
    | set(_EN["cue_also"]))
# Other languages: their forms as written.
CUE_FORMS_OTHER = frozenset(f for lang, forms in _DATA.items()
                            if not lang.startswith("_") and lang != "en" for f in forms)
# The forms the quick look-back for a speaker before a quote tries.
LOOKBACK_FORMS = frozenset(_forms(v)[name] for name, verbs in _EN["lookback"].items()
                           for v in verbs)


def reported_forms(verbs=None) -> frozenset[str]:
    """The past and -s forms of the verbs of reported speech (or of ``verbs``)."""
    return frozenset(_forms(v)[name] for v in (verbs or _EN["reported"])
                     for name in ("past", "third"))
