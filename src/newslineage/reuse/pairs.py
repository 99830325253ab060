"""Compare text pairs from a file: do the two texts of each pair carry the same content?

    newslineage compare --pairs PAIRS.tsv --json OUT.jsonl

PAIRS.tsv has one pair a line, ``id<TAB>text_a<TAB>text_b`` (no CSV quoting: quotes are text).
An optional header line starts with "#" or "id<TAB>". Each output line is
``{"id", "same", "kind", "score", "passages"}``.

Two regimes:
- Sentence pairs (one or two sentences a side): ``same`` is a logistic model over features of
  the pair (USE and e5 cosines, token overlap, content-word overlap, number and name
  agreement, length ratio), fitted on MRPC train by ``tools/fit_same_weights.py``; its weights are
  ``same_weights.json`` beside this module. ``score`` is its probability.
- Longer texts: the article alignment (``relate.relate_one``); ``same`` when the relation says
  one text is the other copied, edited, rewritten or translated.

The models load once, and every sentence of the file is embedded in one batch up front.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import IO, Iterator

import numpy as np

from .. import embed
from .align import encode_e5
from .sentence_pairs import NEAR_VERBATIM, different_language, features
from .passages import diff
from .prepare import Prepared, prepare_text
from .relate import relate_one
from ..clean.language import detect
from ..model import Article, Passage
from ..segment import segment_article

WEIGHTS = Path(__file__).with_name("same_weights.json")
FEATURES = ("use", "e5", "sym", "contain", "content", "numbers", "names", "length")
SAME_KINDS = frozenset({"duplicate", "near-verbatim", "rewrite", "translation"})
SHORT = 2  # sentences a side up to which a pair is judged as a sentence pair


@lru_cache(maxsize=1)
def weights() -> dict:
    """The fitted model: {"features": [...], "mean", "scale", "coef", "intercept", "threshold"}."""
    try:
        return json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeError(f"{WEIGHTS} is missing: run `python tools/fit_same_weights.py` to "
                           "fit the sentence-pair model") from None


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


def whole(text: str) -> Prepared:
    """A text prepared as one sentence (for sentence-pair features)."""
    s, e = 0, len(text)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return prepare_text(text, [(s, e)] if e > s else [])


def pair_features(a: str, b: str, use: float, e5: float) -> dict:
    pa, pb = whole(a), whole(b)
    if not pa.sents or not pb.sents:
        return dict.fromkeys(FEATURES, 0.0)
    f = features(pa, 0, pb, 0, use)
    return {"use": use, "e5": e5, "sym": f["sym"], "contain": f["contain"],
            "content": f["content"], "numbers": f["numbers"], "names": f["names"],
            "length": f["length"]}


def same_probability(f: dict, model: dict | None = None) -> float:
    m = model or weights()
    x = (np.array([f[k] for k in m["features"]]) - np.array(m["mean"])) / np.array(m["scale"])
    z = float(x @ np.array(m["coef"]) + m["intercept"])
    return 1.0 / (1.0 + np.exp(-z))


def _sentence_pair(pid: str, a: str, b: str, use: float, e5: float) -> dict:
    f = pair_features(a, b, use, e5)
    p = same_probability(f)
    same = p >= weights()["threshold"]
    pa, pb = whole(a), whole(b)
    kind, passages = None, []
    if same and pa.sents and pb.sents:
        if pa.surface[0] == pb.surface[0]:
            pkind, kind = "verbatim", "duplicate"
        elif f["sym"] >= NEAR_VERBATIM:
            pkind, kind = "near-verbatim", "near-verbatim"
        elif different_language(pa, 0, pb, 0, None):
            pkind, kind = "translation", "translation"
        else:
            pkind, kind = "paraphrase", "rewrite"
        passages = [Passage(a=pa.sents[0], b=pb.sents[0], kind=pkind, score=round(p, 3),
                            diff=diff(pa, [0], pb, [0], pkind)).to_dict()]
    return {"id": pid, "same": bool(same), "kind": kind, "score": round(p, 4),
            "passages": passages}


def _article_pair(pid: str, a: Article, b: Article, embeddings: bool) -> dict:
    rel = relate_one(a, b, embeddings=embeddings)
    if rel is None:
        return {"id": pid, "same": False, "kind": None, "score": 0.0, "passages": []}
    return {"id": pid, "same": rel.kind in SAME_KINDS, "kind": rel.kind, "score": rel.score,
            "passages": [p.to_dict() for p in rel.passages]}


def compare_pairs_file(path: str | Path, out: IO[str] | None = None,
                       embeddings: bool = True) -> int:
    """Compare every pair of a TSV file, writing one JSON line per pair; returns the count."""
    out = sys.stdout if out is None else out
    rows = list(read_pairs(path))
    arts = []
    for pid, a, b in rows:
        aa = segment_article(Article(id=f"{pid}/a", source=str(path), text=a))
        bb = segment_article(Article(id=f"{pid}/b", source=str(path), text=b))
        # the language, as the clean stage would set it (the alignment does not detect it)
        aa.language, bb.language = detect(a), detect(b)
        arts.append((aa, bb))
    short = [max(len(x._sentences), len(y._sentences)) <= SHORT for x, y in arts]
    use = e5 = None
    if embeddings and any(short):
        texts = [t for (pid, a, b), s in zip(rows, short) if s for t in (a.strip(), b.strip())]
        vecs = embed.encode(texts)  # one batch for the file; cached by text
        lookup = dict(zip(texts, vecs))
        e5vecs = dict(zip(texts, _e5_unique(texts)))
        use, e5 = lookup, e5vecs
    elif embeddings:
        # Warm the USE cache with every sentence of the file in one batch.
        embed.encode([x.text[s:e] for pair in arts for x in pair for s, e in x._sentences])
    n = 0
    for (pid, a, b), (aa, bb), s in zip(rows, arts, short):
        if s and embeddings:
            ka, kb = a.strip(), b.strip()
            row = _sentence_pair(pid, a, b, float(use[ka] @ use[kb]), float(e5[ka] @ e5[kb]))
        else:
            row = _article_pair(pid, aa, bb, embeddings)
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _e5_unique(texts: list[str]) -> np.ndarray:
    return encode_e5(texts)
