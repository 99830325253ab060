"""Passages: aligned sentence pairs merged into runs adjacent on both sides, typed, with a
word-level diff."""
from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Levenshtein

from ..model import Article, Passage
from .align import align_prepared, cross_language
from .features import Edge
from .prepare import _BOUNDS, Prepared, prepare


_FAMILY = {"verbatim": "lexical", "near-verbatim": "lexical", "paraphrase": "paraphrase",
           "translation": "translation"}


def passages(pa: Prepared, pb: Prepared, edges: list[Edge]) -> list[Passage]:
    """Merge aligned sentence pairs into passages: runs adjacent on both sides."""
    runs: list[list[Edge]] = []
    for e in sorted(edges, key=lambda e: (e.i, e.j)):
        if runs:
            last = runs[-1][-1]
            if (_FAMILY[last.kind] == _FAMILY[e.kind] and e.i - last.i in (0, 1)
                    and e.j - last.j in (0, 1) and (e.i, e.j) != (last.i, last.j)):
                runs[-1].append(e)
                continue
        runs.append([e])
    out = []
    for run in runs:
        ia = sorted({e.i for e in run})
        jb = sorted({e.j for e in run})
        sa = (pa.sents[ia[0]][0], pa.sents[ia[-1]][1])
        sb = (pb.sents[jb[0]][0], pb.sents[jb[-1]][1])
        kinds = {e.kind for e in run}
        if kinds == {"verbatim"}:
            kind = "verbatim"
        elif kinds <= {"verbatim", "near-verbatim"}:
            kind = "near-verbatim"
        else:
            kind = run[0].kind
        weight = [pa.sents[e.i][1] - pa.sents[e.i][0] for e in run]
        score = sum(w * e.score for w, e in zip(weight, run)) / max(1, sum(weight))
        out.append(Passage(a=sa, b=sb, kind=kind, score=round(float(score), 3),
                           diff=diff(pa, ia, pb, jb, kind)))
    return out


def _word_bounds(p: Prepared, idx: list[int]) -> tuple[int, int]:
    """Start of the first normalised word and end of the last one of sentences ``idx``."""
    first = next(i for i in idx if p.norms[i])  # a sentence's tokens are its norms
    last = next(i for i in reversed(idx) if p.norms[i])
    return (p.sents[first][0] + int(p.starts.recs[first][_BOUNDS][1]),
            p.sents[last][0] + int(p.ends.recs[last][_BOUNDS][-2]))


def diff(pa: Prepared, ia: list[int], pb: Prepared, jb: list[int], kind: str) -> list:
    """Word-level diff of a passage: [[op, a_text, b_text], ...] over normalised tokens, the
    texts being the original words (so "defences"/"defenses" is an "equal" with two spellings)."""
    if (kind != "translation" and len(ia) == len(jb) and any(pa.norms[i] for i in ia)
            and all(pa.norms[i] == pb.norms[j] for i, j in zip(ia, jb))):
        # A copy sentence for sentence (most passages): the words are equal without joining
        # them; one "equal" from the first word to the last.
        a0, a1 = _word_bounds(pa, ia)
        b0, b1 = _word_bounds(pb, jb)
        return [["equal", pa.text[a0:a1], pb.text[b0:b1]]]
    na = [w for i in ia for w in pa.norms[i]]
    nb = [w for j in jb for w in pb.norms[j]]
    if kind == "translation" or not na or not nb:
        return [["replace", pa.text[pa.sents[ia[0]][0]:pa.sents[ia[-1]][1]],
                 pb.text[pb.sents[jb[0]][0]:pb.sents[jb[-1]][1]]]]
    if na == nb:  # a copy (most passages): one "equal" from the first word to the last
        a0, a1 = _word_bounds(pa, ia)
        b0, b1 = _word_bounds(pb, jb)
        return [["equal", pa.text[a0:a1], pb.text[b0:b1]]]
    sa = np.concatenate([pa.starts[i] for i in ia]).tolist()
    ea = np.concatenate([pa.ends[i] for i in ia]).tolist()
    sb = np.concatenate([pb.starts[j] for j in jb]).tolist()
    eb = np.concatenate([pb.ends[j] for j in jb]).tolist()
    out = []
    for op in Levenshtein.opcodes(na, nb):
        a_txt = pa.text[sa[op.src_start]:ea[op.src_end - 1]] if op.src_end > op.src_start else ""
        b_txt = pb.text[sb[op.dest_start]:eb[op.dest_end - 1]] if op.dest_end > op.dest_start else ""
        out.append([op.tag, a_txt, b_txt])
    return out


def align(a: Article, b: Article, embeddings: bool = True) -> list[Passage]:
    """The passages articles ``a`` and ``b`` share (empty when none)."""
    pa, pb = prepare(a), prepare(b)
    if not pa.sents or not pb.sents:
        return []
    return passages(pa, pb, align_prepared(pa, pb, embeddings, cross_language(a, b)))
