"""Write src/newslineage/resources/modals.json: the modal verbs of each language the project
has a spaCy pipeline for, read off the pipeline itself (its language's stop words that its
tagger tags as modal in a plain sentence), not typed by hand.

    PYTHONPATH=src python tools/modal_words.py
"""
from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "newslineage" / "resources" / "modals.json"


def english() -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from newslineage.quotes.speakers import nlp

    words = sorted(w for w in STOP_WORDS if w.replace("'", "").isalpha())
    docs = nlp().pipe([f"They {w} go home." for w in words], disable=["parser", "ner"])
    return [w for w, d in zip(words, docs) if len(d) > 2 and d[1].tag_ == "MD"]


def main() -> None:
    data = {"_about": "Modal verbs by language, from each spaCy pipeline's tagger over its "
                      "language's stop words (tools/modal_words.py). A modal added to or "
                      "dropped from a statement turns a fact into a forecast or a possibility.",
            "en": english()}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {', '.join(data['en'])}")


if __name__ == "__main__":
    main()
