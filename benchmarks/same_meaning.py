"""Feature sets for the same-content decision tried in benchmarks/same_round8.py (not in the
package until the nested cross-validation says they pay).

``clauses``: MRPC's negatives often add or drop a whole clause ("..., and the shares fell 3
percent") while the rest is a faithful copy; the word alignment counts unaligned words, not
where they sit. A clause is a verb's own words: the main clause and each ccomp, advcl, relcl,
conj, xcomp, acl or parataxis verb's subtree less the clauses inside it. Per side: clauses
with two or more content words none of which is aligned (count, and the content words of the
largest), the lowest aligned share of a clause; and whether one side's content words are all
aligned while the other's are not (a subset), with how many the larger side adds.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np

CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "xcomp", "acl", "parataxis"})
CLAUSES = ("cl_un_min", "cl_un_max", "cl_un_words_max", "cl_share_min", "cl_share_max",
           "cl_n_diff", "subset", "subset_added")


def _clause_of(ts) -> list[int]:
    """Each token's clause: the index of its nearest ancestor (or itself) heading a clause."""
    heads = {i for i, t in enumerate(ts)
             if t.head == i or (t.dep in CLAUSE_DEPS and t.pos in ("VERB", "AUX"))}
    out = []
    for i, t in enumerate(ts):
        k, seen = i, 0
        while k not in heads and seen < len(ts):
            k = ts[k].head if 0 <= ts[k].head < len(ts) else k
            seen += 1
            if ts[k].head == k:
                break
        out.append(k)
    return out


def _side(ts, al) -> tuple[int, int, float, int]:
    cl = _clause_of(ts)
    by: dict[int, list[int]] = {}
    for i, t in enumerate(ts):
        if t.content and not t.punct:
            by.setdefault(cl[i], []).append(i)
    big = [ks for ks in by.values() if len(ks) >= 2]
    un = [ks for ks in big if not any(k in al for k in ks)]
    share = min((sum(k in al for k in ks) / len(ks) for ks in big), default=1.0)
    return len(un), max((len(ks) for ks in un), default=0), share, len(by)


def clauses(ta, tb) -> list[float]:
    from newslineage import same_align
    ab = same_align.align(ta, tb)
    ba2 = same_align.align(tb, ta)
    al_a = set(ab) | {j for j, _ in ba2.values()}
    al_b = {j for j, _ in ab.values()} | set(ba2)
    ua, wa, sa, na = _side(ta, al_a)
    ub, wb, sb, nb = _side(tb, al_b)
    ca = [k for k, t in enumerate(ta) if t.content and not t.punct]
    cb = [k for k, t in enumerate(tb) if t.content and not t.punct]
    left_a = sum(k not in al_a for k in ca)
    left_b = sum(k not in al_b for k in cb)
    subset = float((left_a == 0) != (left_b == 0))
    return [min(ua, ub), max(ua, ub), max(wa, wb), min(sa, sb), max(sa, sb), abs(na - nb),
            subset, float(max(left_a, left_b)) if subset else 0.0]


SETS = {"clauses": (CLAUSES, clauses)}


def matrix(d, name: str) -> np.ndarray:
    """The set's columns for every MRPC pair of ``d`` (benchmarks/same_round6.Data), cached."""
    from newslineage import same
    names, fn = SETS[name]
    key = hashlib.sha1(json.dumps([d.pairs, names]).encode()).hexdigest()[:12]
    path = d.cache / f"r8-set-{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    same.parse(d.texts)
    toks = {t: same._syntax(t)["toks"] for t in d.texts}
    M = np.array([fn(toks[a], toks[b]) for a, b in d.pairs], dtype=np.float64)
    np.save(path, M)
    return M
