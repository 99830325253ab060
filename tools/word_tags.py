"""Write src/newslineage/resources/word_tags.json: English words whose part of speech the
tagger itself almost never varies, read off spaCy's tagger over the 2,225 BBC articles of
``../shared/data/news-base``, so that drift can skip a parse whose answer the word decides.

- ``not_describing``: words seen at least MIN_COUNT times and tagged as an adjective,
  participle, adverb or hyphen less than SHARE of the time ("the", "magazine", "says"): a
  phrase holding one is not an adjective phrase (``modality.describes``).
- ``modal``: words tagged as a modal verb at least 1 - SHARE of the time ("would",
  "could"): such a word is the modal of its phrase (``modality.modal_of``).

    PYTHONPATH=src python tools/word_tags.py [--data ../shared/data/news-base]
"""
from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newslineage" / "resources" / "word_tags.json"
MIN_COUNT = 20  # enough sightings for a share to mean something
SHARE = 0.01  # at most one use in a hundred goes the other way
DESCRIBING = frozenset(("JJ", "JJR", "JJS", "VBN", "RB", "HYPH"))


def tag_counts(data: Path) -> dict[str, collections.Counter]:
    from newslineage.quotes.speakers import nlp

    texts = [json.loads(line)["text"] for line in (data / "articles.jsonl").open(encoding="utf-8")]
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc in nlp().pipe(texts, disable=["parser", "ner"], batch_size=32):
        for tok in doc:
            counts[tok.lower_][tok.tag_] += 1
    return counts


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "news-base")
    args = cli.parse_args()
    if not (args.data / "articles.jsonl").is_file():
        raise SystemExit(f"{args.data}/articles.jsonl not found: pass --data with the news-base folder")
    not_describing, modal = [], []
    for word, tags in tag_counts(args.data).items():
        n = sum(tags.values())
        if n < MIN_COUNT or not word.replace("'", "").replace("-", "").isalpha():
            continue
        if sum(tags[t] for t in DESCRIBING) < SHARE * n:
            not_describing.append(word)
        if tags["MD"] >= (1 - SHARE) * n:
            modal.append(word)
    data = {"_about": "Words whose part of speech spaCy's English tagger almost never varies over "
                      f"the 2,225 BBC articles of news-base (seen >= {MIN_COUNT} times, the other "
                      f"way < {SHARE:.0%} of the time); written by tools/word_tags.py. Drift skips "
                      "a parse where such a word decides the answer.",
            "en": {"not_describing": sorted(not_describing), "modal": sorted(modal)}}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(not_describing)} not describing, modal: {', '.join(sorted(modal))}")


if __name__ == "__main__":
    main()
