"""A monotone alignment of two sentence sequences by their vectors, in blocks: one sentence
against one, two or three of the other side (a sentence split by a rewrite or a translation,
or two merged), sentences left out freely.

A whole-article paraphrase or translation keeps the order of its source but shares few or no
words with it: sentence pairs judged one by one miss most of it, while the order and the
vectors together find it (as vecalign does for translations). The alignment maximises the
sum over its blocks of (cosine of the blocks' summed vectors - ``floor``) x sentences in the
block, so a block counts only when its cosine clears the floor; a sentence of a merged block
must also be close to the other side on its own (``member_floor``), or a topic sentence
would ride along.

Pure numpy and Python over two small matrices: the cost is (sentences of a) x (sentences of
b) x shapes, well under a millisecond per sentence pair.
"""
from __future__ import annotations

import numpy as np

# (sentences of a, sentences of b) a block may hold
SHAPES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))


def _block_vectors(v: np.ndarray, k: int) -> np.ndarray:
    """Row e: the L2-normalised sum of rows e-k+1..e (rows before k-1 are zero)."""
    n = len(v)
    out = np.zeros_like(v)
    if n < k:
        return out
    csum = np.concatenate([np.zeros((1, v.shape[1]), v.dtype), np.cumsum(v, axis=0)])
    s = csum[k:] - csum[:-k]
    s /= np.linalg.norm(s, axis=1, keepdims=True) + 1e-12
    out[k - 1:] = s
    return out


def _baseline(single: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's mean cosine to its k closest sentences of the other side: how close
    the other text is to it anyway (one topic), whatever its partner."""
    ka, kb = min(k, single.shape[1]), min(k, single.shape[0])
    rows = -np.sort(-single, axis=1)[:, :ka].mean(axis=1)
    cols = -np.sort(-single, axis=0)[:kb, :].mean(axis=0)
    return rows, cols


def _run_mean(x: np.ndarray, k: int) -> np.ndarray:
    """Entry e: the mean of x[e-k+1..e] (0 before k-1)."""
    out = np.zeros(len(x))
    if len(x) >= k:
        c = np.concatenate([[0.0], np.cumsum(x)])
        out[k - 1:] = (c[k:] - c[:-k]) / k
    return out


def align_blocks(va: np.ndarray, vb: np.ndarray, floor: float, member_floor: float,
                 shapes=SHAPES, margin: float = 0.0, k: int = 4
                 ) -> list[tuple[list[int], list[int], float]]:
    """Blocks ([rows of va], [rows of vb], cosine) of the best monotone alignment; rows are
    L2-normalised sentence vectors in text order. With ``margin``, a block's cosine must also
    exceed by that much the mean cosine of its sentences to their ``k`` closest sentences of
    the other side (a margin, as in LASER's mining: two texts on one topic are close
    everywhere, a sentence and its rendering stand out)."""
    n, m = len(va), len(vb)
    if not n or not m:
        return []
    single = va @ vb.T
    base_a, base_b = _baseline(single, k) if margin else (np.zeros(n), np.zeros(m))
    # cos[(p, q)][i, j]: the block of a rows i-p+1..i against b rows j-q+1..j
    blocks_a = {p: _block_vectors(va, p) for p in {s[0] for s in shapes}}
    blocks_b = {q: _block_vectors(vb, q) for q in {s[1] for s in shapes}}
    gain = {}
    for p, q in shapes:
        c = blocks_a[p] @ blocks_b[q].T
        g = (c - floor) * (p + q) / 2.0
        if margin:
            base = (p * _run_mean(base_a, p)[:, None] + q * _run_mean(base_b, q)[None, :]) / (p + q)
            g = np.where(c - base >= margin, g, -np.inf)
        if p > 1 or q > 1:
            # every member sentence close to the other side's block on its own
            ok = np.ones_like(g, dtype=bool)
            for d in range(p):  # a's members against b's block
                sa = np.full((n, m), -1.0, dtype=np.float32)
                sa[d:] = (va[:n - d] @ blocks_b[q].T) if d else va @ blocks_b[q].T
                ok &= sa >= member_floor
            for d in range(q):
                sb = np.full((n, m), -1.0, dtype=np.float32)
                sb[:, d:] = (blocks_a[p] @ vb[:m - d].T) if d else blocks_a[p] @ vb.T
                ok &= sb >= member_floor
            g = np.where(ok, g, -np.inf)
        g[:p - 1, :] = -np.inf  # no room for the block
        g[:, :q - 1] = -np.inf
        gain[(p, q)] = (g, c)
    # best[i][j]: the best alignment of a[:i] and b[:j]
    best = np.zeros((n + 1, m + 1))
    back = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 skip a, 1 skip b, 2+k shape k
    pos = [g for g, _ in (gain[s] for s in shapes)]
    for i in range(1, n + 1):
        row, prev = best[i], best[i - 1]
        for j in range(1, m + 1):
            v, how = prev[j], 0
            if row[j - 1] > v:
                v, how = row[j - 1], 1
            for k, (p, q) in enumerate(shapes):
                if p > i or q > j:
                    continue
                g = pos[k][i - 1, j - 1]
                if g > 0:
                    cand = best[i - p, j - q] + g
                    if cand > v:
                        v, how = cand, 2 + k
            row[j] = v
            back[i, j] = how
    out = []
    i, j = n, m
    while i > 0 and j > 0:
        how = back[i, j]
        if how == 0:
            i -= 1
        elif how == 1:
            j -= 1
        else:
            p, q = shapes[how - 2]
            out.append((list(range(i - p, i)), list(range(j - q, j)), float(gain[(p, q)][1][i - 1, j - 1])))
            i, j = i - p, j - q
    out.reverse()
    return out


def ordered_anchors(content_a: list[frozenset], content_b: list[frozenset], rows: list[int],
                    cols: list[int], shared: int = 2) -> int:
    """The longest chain of sentence pairs, in the order of both texts, that share at least
    ``shared`` content words (names and figures included): a paraphrase keeps a few words
    of most sentences, in order; two reports of one topic share words in no order."""
    from bisect import bisect_left

    index: dict[str, list[int]] = {}
    for j in cols:
        for w in content_b[j]:
            index.setdefault(w, []).append(j)
    pairs = []
    for i in rows:
        count: dict[int, int] = {}
        for w in content_a[i]:
            for j in index.get(w, ()):
                count[j] = count.get(j, 0) + 1
        pairs += [(i, -j) for j, c in count.items() if c >= shared]
    pairs.sort()
    tails: list[int] = []  # longest strictly increasing run of j (a row's pairs, last j first)
    for _, neg_j in pairs:
        j = -neg_j
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
        else:
            tails[k] = j
    return len(tails)


def monotone_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of (i, j) pairs increasing in both (the anchors that keep the order
    of both texts; a moved sentence is left out of it)."""
    from bisect import bisect_left

    pairs = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []   # smallest j ending a chain of each length
    ends: list[int] = []    # index in ``pairs`` of that chain's last pair
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back[n] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[k], ends[k] = j, n
    out = []
    n = ends[-1] if ends else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def gaps(chain: list[tuple[int, int]], left_a: list[int], left_b: list[int], tail: int = 10 ** 9,
         moved: list[tuple[int, int]] = ()) -> list[tuple[list[int], list[int]]]:
    """The leftover sentences of each side between two consecutive anchors of ``chain``, where
    both sides have some: in a text that renders another in order, what lies between two
    aligned places renders what lies between them on the other side. Before the first anchor
    and after the last, only the ``tail`` leftover sentences of each side nearest the anchor:
    a lead or an ending the encoder missed sits next to it, and further out one side goes on
    with text of its own (the rest of a source an excerpt cut, a merge's other source)."""
    bounds = [(-1, -1)] + chain + [(10 ** 9, 10 ** 9)]
    out = []
    for n, ((i0, j0), (i1, j1)) in enumerate(zip(bounds, bounds[1:])):
        rows = [i for i in left_a if i0 < i < i1]
        cols = [j for j in left_b if j0 < j < j1]
        if n == 0:
            rows, cols = rows[max(0, len(rows) - tail):], cols[max(0, len(cols) - tail):]
        elif n == len(bounds) - 2:
            rows, cols = rows[:tail], cols[:tail]
        if rows and cols:
            out.append((rows, cols))
    return out + _moved_gaps(chain, moved, left_a, left_b, tail)


def _moved_gaps(chain, moved, left_a, left_b, tail) -> list[tuple[list[int], list[int]]]:
    """Around an anchor off the chain (a paragraph a paraphrase moved): the ``tail`` leftover
    sentences of each side after it, up to the next anchor of that side, and before it, from
    the previous one: a moved paragraph's other sentences moved with it."""
    rows_at = sorted({i for i, _ in chain} | {i for i, _ in moved})
    cols_at = sorted({j for _, j in chain} | {j for _, j in moved})
    out = []
    for i, j in moved:
        ni = next((x for x in rows_at if x > i), 10 ** 9)
        nj = next((y for y in cols_at if y > j), 10 ** 9)
        pi = max((x for x in rows_at if x < i), default=-1)
        pj = max((y for y in cols_at if y < j), default=-1)
        after = ([r for r in left_a if i < r < ni][:tail], [c for c in left_b if j < c < nj][:tail])
        before = ([r for r in left_a if pi < r < i][-tail:], [c for c in left_b if pj < c < j][-tail:])
        out += [g for g in (before, after) if g[0] and g[1] and g not in out]
    return out
