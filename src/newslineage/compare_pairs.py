"""Compare text pairs from a file: do the two texts of each pair carry the same content?

    newslineage compare --pairs PAIRS.tsv --json OUT.jsonl

A task beside ``analyze``, not a stage of it: a pair of sentences is judged alone, with
nothing around it, by the same-content decision (``same``, fitted on MRPC and Clough-Stevenson pairs), where ``analyze``
and ``compare A B`` accept a sentence pair inside an alignment by the reuse stage's paraphrase
score (``reuse.sentence_pairs``). Both read the same sentence-pair features.

PAIRS.tsv has one pair a line, ``id<TAB>text_a<TAB>text_b`` (no CSV quoting: quotes are text).
An optional header line starts with "#" or "id<TAB>". Each output line is the record of
``compare A B`` (``comparison.Comparison``: a, b, relation, drift, texts) with the pair's
``id``, ``same`` and ``score``.

Two regimes:
- Sentence pairs (one or two sentences a side): ``same`` is the same-content classifier
  (``same``), ``score`` its probability; every sentence of the file is embedded in one batch
  and the model scores all pairs in one call. A pair judged the same gets a relation of one
  passage (typed verbatim, near-verbatim, paraphrase or translation) and its drift.
- Longer texts: ``compare_articles`` (the relation and the drift ``analyze`` would give);
  ``same`` when one text is the other copied, edited, rewritten or translated.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterator

from . import drift, same
from .comparison import Comparison, compare_articles
from .model import Article, Passage, Relation
from .reuse.passages import diff
from .reuse.prepare import whole
from .reuse.relate import coverage
from .reuse.sentence_pairs import NEAR_VERBATIM, different_language, features
from .segment import segment_article

SAME_KINDS = frozenset({"duplicate", "near-verbatim", "rewrite", "translation"})
SHORT = 2  # sentences a side up to which a pair is judged as a sentence pair


def read_pairs(path: str | Path) -> Iterator[tuple[str, str, str]]:
    """(id, text_a, text_b) per line of a pairs file; a clear error for a malformed line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if n == 1 and (line.startswith("#") or line.lower().startswith("id\t")):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise ValueError(f"{path}:{n}: expected id<TAB>text_a<TAB>text_b, got "
                                 f"{len(cols)} column(s). Separate the fields with tabs.")
            yield cols[0], cols[1], "\t".join(cols[2:]) if len(cols) > 3 else cols[2]


def _sentence_pair(pid: str, a: str, b: str, is_same: bool, p: float) -> Comparison:
    ida, idb = f"{pid}/a", f"{pid}/b"
    pa, pb = whole(a), whole(b)
    texts = {ida: a, idb: b}
    if not (is_same and pa.sents and pb.sents):
        return Comparison(ida, idb, None, [], texts, id=pid, same=is_same, score=round(p, 4))
    f = features(pa, 0, pb, 0, 0.0)
    if pa.surface[0] == pb.surface[0]:
        pkind, kind = "verbatim", "duplicate"
    elif f["sym"] >= NEAR_VERBATIM:
        pkind, kind = "near-verbatim", "near-verbatim"
    elif different_language(pa, 0, pb, 0, None):
        pkind, kind = "translation", "translation"
    else:
        pkind, kind = "paraphrase", "rewrite"
    passage = Passage(a=pa.sents[0], b=pb.sents[0], kind=pkind, score=round(p, 3),
                      diff=diff(pa, [0], pb, [0], pkind))
    rel = Relation(a=ida, b=idb, kind=kind, passages=[passage], score=round(p, 3),
                   coverage={"a": coverage(pa, [passage.a]), "b": coverage(pb, [passage.b])})
    arts = [Article(id=ida, source=ida, text=a), Article(id=idb, source=idb, text=b)]
    return Comparison(ida, idb, rel, drift.passage_drift(arts, [rel]), texts, id=pid,
                      same=True, score=round(p, 4))


def _article_pair(pid: str, a: str, b: str, embeddings: bool) -> Comparison:
    cmp = compare_articles(Article(id=f"{pid}/a", source=f"{pid}/a", text=a),
                           Article(id=f"{pid}/b", source=f"{pid}/b", text=b), embeddings)
    rel = cmp.relation
    cmp.id, cmp.same = pid, rel is not None and rel.kind in SAME_KINDS
    cmp.score = 0.0 if rel is None else rel.score
    return cmp


def compare_pairs_file(path: str | Path, out: IO[str] | None = None,
                       embeddings: bool = True) -> int:
    """Compare every pair of a TSV file, writing one JSON line per pair; returns the count."""
    out = sys.stdout if out is None else out
    rows = list(read_pairs(path))
    short = []
    for pid, a, b in rows:
        n = [len(segment_article(Article(id=pid, source=str(path), text=t))._sentences)
             for t in (a, b)]
        short.append(embeddings and max(n) <= SHORT)
    todo = [(a.strip(), b.strip()) for (_, a, b), s in zip(rows, short) if s]
    decided = iter(same.decide(todo))  # one embedding batch and one model call for the file
    n = 0
    for (pid, a, b), s in zip(rows, short):
        if s:
            is_same, p = next(decided)
            rec = _sentence_pair(pid, a.strip(), b.strip(), is_same, p)
        else:
            rec = _article_pair(pid, a, b, embeddings)
        out.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n
