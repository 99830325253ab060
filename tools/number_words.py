#!/usr/bin/env python3
"""Build the non-English entries of resources/number_words.json from libraries, not by hand.

    pip install num2words==0.5.14   # the "tools" extra of pyproject.toml
    PYTHONPATH=src .venv/bin/python tools/number_words.py [--check]

num2words spells each value in each language, so every word comes with its value: the
cardinals 1-99 and 100 (compounds are one word in de/es/it/nl: "zweiundzwanzig"), the scales
10^3-10^12 in the singular and plural where the language writes them as one word ("Million",
"Millionen"; Spanish and Portuguese "mil millones" is no scale word and stays out) and the
ordinals 1-20. spaCy's number words (``spacy.lang.XX.lex_attrs._num_words``: es, fr, nl, pt;
de and it have none in spaCy 3.8) add the words num2words does not write for the value it
knows ("cem"/"cento", "milhao"), read by matching them to num2words' own spelling of 0-1000
and of the scales; a spaCy word with no such value ("huitante", "dúzia") is printed and left out.
babel has no spelled-out numbers (its CLDR data hold no RBNF rules), so it adds nothing here.
English stays as it is (hand-kept, with its fractions, abbreviations and 'facts'); the new
languages have no fractions, abbreviated scales or facts yet: the drift figure reader uses
cardinals, scales and ordinals. --check: exit 1 when the file differs from what this builds.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from num2words import num2words

LANGS = ("de", "es", "fr", "it", "nl", "pt")
PATH = Path(__file__).resolve().parents[1] / "src" / "newslineage" / "resources" / "number_words.json"


def _spell(n: int, lang: str, to: str = "cardinal") -> str:
    return num2words(n, lang=lang, to=to).lower()


def _scales(lang: str) -> dict[str, int]:
    """10^3..10^12 as the one word the language writes after "one"/"two" ("un million",
    "deux millions"), or as the whole spelling when it is one word ("mille", "duizend")."""
    one, two = _spell(1, lang), _spell(2, lang)
    out = {}
    for k in (3, 6, 9, 12):
        for count, first in ((1, one), (2, two)):
            words = _spell(count * 10 ** k, lang).split()
            if count == 1 and len(words) == 1:  # "mille", "tausend" is written "eintausend"
                out.setdefault(words[0], 10 ** k)
            elif len(words) == 2 and (words[0] == first or words[0] in ("un", "une", "een", "eine", "um")):
                out.setdefault(words[1], 10 ** k)
    for w in list(out):
        out.setdefault(_bare(w, one), out[w])
    return out


def _bare(word: str, one: str) -> str:
    """"eintausend" -> "tausend", "einhundert" -> "hundert": the word without the "one" it
    is written with, which is how a text writes it after another figure or alone."""
    cut = len(os.path.commonprefix([word, one]))
    return word[cut:] if cut >= 2 and len(word) - cut > 3 else word


def _spacy_words(lang: str) -> list[str]:
    try:
        attrs = importlib.import_module(f"spacy.lang.{lang}.lex_attrs")
    except ModuleNotFoundError:
        return []
    return sorted(w.lower() for w in getattr(attrs, "_num_words", ()))


# the noun a rank is told with ("world number one", "la numero uno", "die Nummer eins"), as
# written before a cardinal or its digits, abbreviations without their dot: no library
# spells these, so they are kept here (English's in the file, with its other hand-kept words)
RANK_NOUNS = {"de": ["nummer", "nr"], "es": ["número", "numero", "nº", "n.º"], "fr": ["numéro", "numero", "n°", "no"],
              "it": ["numero", "n."], "nl": ["nummer", "nr"], "pt": ["número", "numero", "nº", "n.º"]}


def build(lang: str) -> tuple[dict, list[str]]:
    cardinals = {_spell(n, lang): n for n in range(1, 100)}
    cardinals[_spell(100, lang)] = 100
    scales = _scales(lang)
    cardinals.setdefault(_bare(_spell(100, lang), _spell(1, lang)), 100)
    known = {_spell(n, lang): n for n in range(0, 1001)}
    known.update(scales)
    left_out = []
    for w in _spacy_words(lang):
        if w in cardinals or w in scales:
            continue
        v = known.get(w)
        if v is None or v == 0:
            left_out.append(w)
        elif v >= 1000 and v in scales.values():
            scales[w] = v
        elif v <= 100 or v in (200, 300, 400, 500, 600, 700, 800, 900):
            cardinals[w] = v
        else:
            left_out.append(w)
    ordinals = [_spell(n, lang, "ordinal") for n in range(1, 21)]
    return ({"cardinals": dict(sorted(cardinals.items(), key=lambda kv: (kv[1], kv[0]))),
             "fractions": {}, "scales": dict(sorted(scales.items(), key=lambda kv: (kv[1], kv[0]))),
             "abbreviated_scales": {}, "ordinals": ordinals, "rank_nouns": RANK_NOUNS[lang]}, left_out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only compare with the file")
    args = ap.parse_args()
    data = json.loads(PATH.read_text(encoding="utf-8"))
    new = {k: v for k, v in data.items() if k in ("_about", "en")}
    for lang in LANGS:
        new[lang], left_out = build(lang)
        print(f"{lang}: {len(new[lang]['cardinals'])} cardinals, {len(new[lang]['scales'])} scales, "
              f"{len(new[lang]['ordinals'])} ordinals; spaCy words without a value: {left_out}",
              file=sys.stderr)
    text = json.dumps(new, ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = text == PATH.read_text(encoding="utf-8")
        print("identical" if same else "differs", file=sys.stderr)
        return 0 if same else 1
    PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
