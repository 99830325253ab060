"""Passages: aligned sentence pairs merged into runs adjacent on both sides, typed, with a
word-level diff."""
from __future__ import annotations

import bisect
import itertools

import numpy as np
from rapidfuzz.distance import Levenshtein

from ..model import Article, Passage
from .align import align_prepared, cross_language
from .sentence_pairs import Edge
from .prepare import _BOUNDS, Prepared, prepare


_FAMILY = {"verbatim": "lexical", "near-verbatim": "lexical", "paraphrase": "paraphrase",
           "translation": "translation"}


def passages(pa: Prepared, pb: Prepared, edges: list[Edge]) -> list[Passage]:
    """Merge aligned sentence pairs into passages: runs adjacent on both sides. A moved pair
    (``Edge.moved``) is a passage of its own, marked: it counts for coverage, and feeds no
    drift (no aligned sentence around it says the two state the same thing)."""
    runs: list[list[Edge]] = []
    for e in sorted(edges, key=lambda e: (e.i, e.j)):
        if runs:
            last = runs[-1][-1]
            if (_FAMILY[last.kind] == _FAMILY[e.kind] and not last.moved and not e.moved
                    and e.i - last.i in (0, 1)
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
                           diff=diff(pa, ia, pb, jb, kind), _moved=run[0].moved))
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
        return [_equal(pa, ia, pb, jb)]
    na = [w for i in ia for w in pa.norms[i]]
    nb = [w for j in jb for w in pb.norms[j]]
    if kind == "translation" or not na or not nb:
        return [["replace", pa.text[pa.sents[ia[0]][0]:pa.sents[ia[-1]][1]],
                 pb.text[pb.sents[jb[0]][0]:pb.sents[jb[-1]][1]]]]
    if na == nb:  # a copy (most passages): one "equal" from the first word to the last
        return [_equal(pa, ia, pb, jb)]
    sa = np.concatenate([pa.starts[i] for i in ia]).tolist()
    ea = np.concatenate([pa.ends[i] for i in ia]).tolist()
    sb = np.concatenate([pb.starts[j] for j in jb]).tolist()
    eb = np.concatenate([pb.ends[j] for j in jb]).tolist()
    if len(na) * len(nb) <= _DIFF_CELLS:
        ops = [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end)
               for o in Levenshtein.opcodes(na, nb)]
    else:
        ops = _blocked_opcodes([pa.norms[i] for i in ia], [pb.norms[j] for j in jb])
    out = []
    for tag, a0, a1, b0, b1 in ops:
        a_txt = pa.text[sa[a0]:ea[a1 - 1]] if a1 > a0 else ""
        b_txt = pb.text[sb[b0]:eb[b1 - 1]] if b1 > b0 else ""
        out.append([tag, a_txt, a_txt if b_txt == a_txt else b_txt])
    return out


def _equal(pa: Prepared, ia: list[int], pb: Prepared, jb: list[int]) -> list:
    """One "equal" op from the first word to the last. When both sides read the same (a
    reprint), they are one string: a run holds each copied stretch once, not twice, and a
    pickle (to or from a worker) writes it once."""
    a0, a1 = _word_bounds(pa, ia)
    b0, b1 = _word_bounds(pb, jb)
    ta, tb = pa.text[a0:a1], pb.text[b0:b1]
    return ["equal", ta, ta if tb == ta else tb]


# Word pairs one edit-distance table may cover (its cost is their product): a longer passage
# (two edited copies of a 1 MB text are one passage) is diffed between its equal sentences.
_DIFF_CELLS = 4_000_000


def _cuts(w: list[int], i0: int, i1: int, parts: int) -> list[int]:
    """Sentence indexes i0 < ... < i1 cutting sentences i0..i1 into ``parts`` runs of about
    as many words (``w``: word offsets of the sentences)."""
    cuts = [i0]
    for t in range(1, parts):
        target = w[i0] + (w[i1] - w[i0]) * t / parts
        k = bisect.bisect_left(w, target, cuts[-1] + 1, i1)
        if k > cuts[-1] and k < i1:
            cuts.append(k)
    return cuts + [i1]


def _blocked_opcodes(sa: list[tuple], sb: list[tuple]) -> list[tuple]:
    """Word opcodes of two sentence lists in near-linear time: sentences equal on both sides
    (matched in order) are anchors, the blocks between them are diffed apart (sentence by
    sentence when they hold as many), and touching runs of one tag are merged."""
    where: dict[tuple, list[int]] = {}
    for k, s in enumerate(sb):
        if s:
            where.setdefault(s, []).append(k)
    anchors, last = [], -1
    for i, s in enumerate(sa):
        ks = where.get(s)
        if ks:
            n = bisect.bisect_right(ks, last)
            if n < len(ks):
                last = ks[n]
                anchors.append((i, last))
    wa = [0] + list(itertools.accumulate(len(s) for s in sa))
    wb = [0] + list(itertools.accumulate(len(s) for s in sb))
    ops: list[list] = []

    def emit(tag: str, a0: int, a1: int, b0: int, b1: int) -> None:
        if a0 == a1 and b0 == b1:
            return
        if ops and ops[-1][0] == tag and ops[-1][2] == a0 and ops[-1][4] == b0:
            ops[-1][2], ops[-1][4] = a1, b1
        else:
            ops.append([tag, a0, a1, b0, b1])

    def block(i0: int, i1: int, j0: int, j1: int) -> None:
        na, nb = wa[i1] - wa[i0], wb[j1] - wb[j0]
        if not na or not nb:
            emit("delete" if na else "insert", wa[i0], wa[i1], wb[j0], wb[j1])
        elif na * nb <= _DIFF_CELLS:
            words_a = [w for s in sa[i0:i1] for w in s]
            words_b = [w for s in sb[j0:j1] for w in s]
            for o in Levenshtein.opcodes(words_a, words_b):
                emit(o.tag, wa[i0] + o.src_start, wa[i0] + o.src_end,
                     wb[j0] + o.dest_start, wb[j0] + o.dest_end)
        elif i1 - i0 == j1 - j0:
            for k in range(i1 - i0):
                block(i0 + k, i0 + k + 1, j0 + k, j0 + k + 1)
        elif i1 - i0 > 1 and j1 - j0 > 1:
            # Sentences split or merged differently: cut both sides at the sentence ends
            # nearest to the same share of their words, into pieces a table can take.
            parts = min(i1 - i0, j1 - j0, 1 + int((na * nb / _DIFF_CELLS) ** 0.5))
            cuts_a = _cuts(wa, i0, i1, parts)
            cuts_b = _cuts(wb, j0, j1, parts)
            n = min(len(cuts_a), len(cuts_b))  # as many pieces on both sides
            if n <= 2:  # no cut found: one piece, which no table may take
                emit("replace", wa[i0], wa[i1], wb[j0], wb[j1])
                return
            cuts_a, cuts_b = cuts_a[:n - 1] + [i1], cuts_b[:n - 1] + [j1]
            for (x0, x1), (y0, y1) in zip(zip(cuts_a, cuts_a[1:]), zip(cuts_b, cuts_b[1:])):
                block(x0, x1, y0, y1)
        else:
            emit("replace", wa[i0], wa[i1], wb[j0], wb[j1])

    pi = pj = 0
    for i, j in anchors + [(len(sa), len(sb))]:
        block(pi, i, pj, j)
        if i < len(sa):
            emit("equal", wa[i], wa[i + 1], wb[j], wb[j + 1])
        pi, pj = i + 1, j + 1
    return [tuple(o) for o in ops]


def align(a: Article, b: Article, embeddings: bool = True) -> list[Passage]:
    """The passages articles ``a`` and ``b`` share (empty when none)."""
    pa, pb = prepare(a), prepare(b)
    if not pa.sents or not pb.sents:
        return []
    return passages(pa, pb, align_prepared(pa, pb, embeddings, cross_language(a, b)))
