"""Sentence pairs: their features (token overlap, content words, numbers, names, length),
the paraphrase score over them, the language check, and the aligned pair (``Edge``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import LCSseq

from .. import normalize
from .prepare import Prepared

# --- thresholds (sentence-pair level) ------------------------------------------------------
NEAR_VERBATIM = 0.70      # token similarity (2*LCS / (la+lb)) of a lightly edited sentence
LEXICAL_MIN = 0.55        # below this a sentence pair needs embeddings to count
CONTAINED = 0.80          # share of the shorter sentence found in order in the longer (splits)
USE_CANDIDATE = 0.62      # USE cosine worth a closer look (same language)
USE_TRANSLATION = 0.60    # ... across languages
PARAPHRASE = 0.5          # combined paraphrase score to accept a sentence pair
UNSURE = (0.4, 0.6)       # combined scores for which e5 is asked ...
E5_MAX_PAIRS = 4          # ... for at most this many sentence pairs of an article pair
E5_MAX_CHARS = 400        # e5 cost grows with length; the start of a sentence is enough


# --- sentence-pair features ----------------------------------------------------------------

def lexical(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, float, float]:
    """(similarity, share of a in b, share of b in a) over the longest common subsequence."""
    if not a or not b:
        return 0.0, 0.0, 0.0
    lcs = LCSseq.similarity(a, b)
    return 2 * lcs / (len(a) + len(b)), lcs / len(a), lcs / len(b)


def _jaccard(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x or y else 1.0


def agreement(x: frozenset, y: frozenset) -> float:
    """1 when both sides state the same facts (or none), 0 when they state only different ones;
    a side that omits some is not a disagreement, a fact replaced by another is."""
    if not x or not y:
        return 1.0
    return len(x & y) / min(len(x), len(y))


def unit(p: Prepared, idx: list[int]) -> tuple:
    """The words and facts of one sentence, or of adjacent sentences read as one."""
    if len(idx) == 1:
        k = idx[0]
        return p.norms[k], p.content[k], p.numbers[k], p.names[k]
    return (sum((p.norms[k] for k in idx), ()), frozenset().union(*(p.content[k] for k in idx)),
            frozenset().union(*(p.numbers[k] for k in idx)),
            frozenset().union(*(p.names[k] for k in idx)))


def unit_features(ua: tuple, ub: tuple, cos: float) -> dict:
    """The sentence-pair features of two units (``unit``) given their cosine: the paraphrase
    score reads them, and the same-content model (``same``) takes its token overlap,
    containment, content-word overlap and length ratio from here."""
    sym, ca, cb = lexical(ua[0], ub[0])
    la, lb = len(ua[0]), len(ub[0])
    return {"cos": cos, "sym": sym, "contain": max(ca, cb),
            "content": _jaccard(ua[1], ub[1]),
            "numbers": agreement(ua[2], ub[2]),
            "names": agreement(ua[3], ub[3]),
            "length": min(la, lb) / max(la, lb, 1)}


def features(pa: Prepared, i: int, pb: Prepared, j: int, cos: float) -> dict:
    """Features of sentence i of ``pa`` against sentence j of ``pb``, given their cosine."""
    return unit_features(unit(pa, [i]), unit(pb, [j]), cos)


def paraphrase_score(f: dict, translation: bool = False) -> float:
    """How sure we are that two sentences say the same thing, in [0, 1].

    The cosine says "same topic, maybe same meaning"; the words that carry facts decide.
    A number or a name replaced by another caps the score: that is a different statement.
    """
    if translation:
        # No shared words to check across languages; numbers and names still must agree.
        s = (f["cos"] - USE_TRANSLATION) / 0.20
    else:
        s = (1.6 * (f["cos"] - USE_CANDIDATE) / (0.95 - USE_CANDIDATE)
             + 1.2 * f["content"] + 0.6 * f["sym"] - 0.45)
    s *= 0.5 + 0.5 * f["length"] ** 0.5
    s = 1.0 / (1.0 + np.exp(-4.0 * (s - PARAPHRASE)))  # a confidence: 0.5 at the line
    if f["numbers"] < 1.0:
        # A figure replaced by another makes a different statement, unless the sentences
        # otherwise match closely and still share other figures and all their names: then it
        # is the same statement with an edited figure (drift), kept just above the line.
        edited = f["numbers"] > 0.0 and f["names"] == 1.0 and s >= 0.8
        s = min(s, PARAPHRASE + 0.1) if edited else min(s, 0.3 + 0.2 * f["numbers"])
    # Across languages capitals mark nouns too (German), so only a clean miss counts there.
    if f["names"] < (0.01 if translation else 0.5):
        s = min(s, 0.4)
    return float(max(0.0, min(1.0, s)))


@dataclass
class Edge:
    i: int
    j: int
    kind: str      # verbatim | near-verbatim | paraphrase | translation
    score: float
    split: str = ""  # "a": several b sentences share this a sentence; "b": the reverse
    moved: bool = False  # paired out of the anchors' order (gap_fill.moved_edges)


def _script(s: str) -> str:
    for ch in s:
        if ch.isalpha():
            o = ord(ch)
            if o < 0x250:
                return "latin"
            if 0x400 <= o < 0x530:
                return "cyrillic"
            if 0x3040 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0:
                return "cjk"
            return f"other{o >> 8}"
    return ""


def different_language(pa: Prepared, i: int, pb: Prepared, j: int, cross: bool | None) -> bool:
    """Article languages when known; else a per-sentence check (script, function words)."""
    if cross is not None:
        return cross
    sa, sb = pa.text[pa.sents[i][0]:pa.sents[i][1]], pb.text[pb.sents[j][0]:pb.sents[j][1]]
    if _script(sa) != _script(sb):
        return True
    fa = {w for w in pa.norms[i] if w in normalize.STOPWORDS}
    fb = {w for w in pb.norms[j] if w in normalize.STOPWORDS}
    # Two English sentences of some length share function words; other languages have none.
    return bool(len(pa.norms[i]) >= 8 and len(pb.norms[j]) >= 8 and (not fa) != (not fb))
