"""Lexical reuse: passage-level MinHash signatures and LSH banding, vectorised with numpy.

Why passages and not whole articles: a reprint that keeps three paragraphs of a forty-paragraph
wire story has a whole-article Jaccard near 0.05, invisible to article-level LSH, but each of
its paragraphs is identical to one of the story's. So every passage (a paragraph, long ones cut
at content-defined points so both copies cut in the same places) gets its own signature, and
two articles become candidates when any of their passages collide in a band. That finds
excerpts, shuffled paragraphs and merged wires alike.

The signatures are exactly datasketch's (``MinHash(num_perm, seed, hashfunc=<identity>)``,
scheme "affine32", fed our 32-bit shingle hashes: ``tests/test_candidates.py`` checks it), but
computed for many shingles at once: a numpy matrix product instead of one Python call per
article, about 10-20x faster. The index is a sort over band keys rather than datasketch's
``MinHashLSH``: that keeps one Python dict entry per (passage, band), a million passages times
32 bands at 100k articles, where sorting a uint64 array per band costs a fraction of a second
and a few MB.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

from ..memo import Memo
from ..normalize import american

NUM_PERM = 128
BANDS = 32          # 32 bands x 4 rows: collision probability 0.5 at Jaccard ~0.42, 0.99 at 0.6
SEED = 1
SHINGLE = 4         # words per shingle
CHUNK_TOKENS = 80   # paragraphs longer than ~2x this are cut at content-defined points
MIN_TOKENS = 5      # a passage shorter than this carries no evidence of reuse

_TYPO = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u00ad": None})
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")

# Whole words that copy desks change without changing the text: the tense of the attribution
# verb and honorifics. British/American spelling is normalize's "shingles" fold.
_DESK_WORDS = {"says": "said", "say": "said", "mr": "", "mrs": "", "ms": "", "dr": ""}


def _norm_token(tok: str) -> str:
    t = _DESK_WORDS.get(tok)
    return american(tok, "shingles") if t is None else t


class _HashCache(Memo):
    """Raw word -> 32-bit hash of its normalised form (-1: dropped), filled on first sight.
    ``batch_token_hashes`` also keeps word ids (ints) -> the same hash in it."""

    def __missing__(self, tok: str) -> int:
        n = _norm_token(unicodedata.normalize("NFKC", tok).lower())
        h = zlib.crc32(n.encode("utf-8")) if n else -1
        self[tok] = h
        return h


_hash_cache = _HashCache(2_000_000)


def _word_table() -> np.ndarray:
    """Code point -> is a word character for ``\\w`` (alphanumeric or "_"), over the Basic
    Multilingual Plane: word boundaries of a text become one numpy pass."""
    table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), bool, count=0x10000)
    table[ord("_")] = True
    table[0xD800:0xE000] = False  # surrogates
    return table


_IS_WORD = _word_table()


def token_hashes(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """32-bit hashes of the normalised words of ``text``, with their [start, end) offsets.

    Stable across processes (crc32, not Python's salted ``hash``), so batches signed in
    different workers agree. Dropped words (honorifics) are left out. Words are found with a
    per-character word mask (numpy) and normalised one distinct word at a time (a cached
    lookup). See ``batch_token_hashes``: the same over many texts at once.
    """
    hs, st, en, _ = batch_token_hashes([text])
    return hs, st, en


# Word ids: a polynomial hash of a word's code points (mod 2**64), computed for all the words
# of a batch at once from prefix sums. A word's hash (above) is then looked up once per distinct
# word of a batch, not once per occurrence. _ID_MUL = 3 mod 8 keeps the 2-adic valuation of
# x**k - 1 low, so permuted or repeated letters do not collide; two words of a 100k vocabulary
# share an id (one would take the other's hash) with odds of about 1e-9.
_ID_MUL = (int(np.random.RandomState(20240612).randint(1, 2**62, dtype=np.int64)) * 8 + 3) % 2**64
_ID_INV = pow(_ID_MUL, -1, 2**64)
_id_powers: list[np.ndarray] = [np.ones(1, np.uint64), np.ones(1, np.uint64)]


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """_ID_MUL ** i and _ID_INV ** i (mod 2**64) for i < n, grown on demand."""
    if len(_id_powers[0]) < n:
        m = max(n, 2 * len(_id_powers[0]))
        for j, base in enumerate((_ID_MUL, _ID_INV)):
            p = np.full(m, base, np.uint64)
            p[0] = 1
            _id_powers[j] = np.cumprod(p, dtype=np.uint64)  # wraps: arithmetic mod 2**64
    return _id_powers[0][:n], _id_powers[1][:n]


def _word_mask(codes: np.ndarray) -> np.ndarray:
    """Code points -> is a word character (``\\w``); beyond the table, asked one by one."""
    big = codes >= 0x10000
    if not big.any():
        return _IS_WORD[codes]
    mask = _IS_WORD[np.where(big, 0, codes)]
    far = np.unique(codes[big])
    mask[big] = np.isin(codes[big], far[[chr(c).isalnum() for c in far.tolist()]])
    return mask


def batch_token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``token_hashes`` of several texts at once: (hashes, starts, ends, bounds), the words of
    text i being [bounds[i], bounds[i+1]) with offsets into that text. One numpy pass over
    the texts joined, and one cache lookup per distinct word of the batch."""
    _hash_cache.make_room(0)  # bounded: a corpus vocabulary rarely gets near this
    joined = "\n".join(texts)          # a non-word separator: no word spans two texts
    base = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    edge = np.diff(_word_mask(codes).view(np.int8), prepend=0, append=0)
    st = np.flatnonzero(edge == 1)
    en = np.flatnonzero(edge == -1)
    pw, inv = _powers(len(codes) + 1)
    with np.errstate(over="ignore"):
        pre = np.zeros(len(codes) + 1, np.uint64)
        np.cumsum(codes * pw[:len(codes)], out=pre[1:])
        ids = (pre[en] - pre[st]) * inv[st]
    uniq, first, where = np.unique(ids, return_index=True, return_inverse=True)
    # The id cache shares _hash_cache (int keys beside the raw words): cleared together.
    got = np.fromiter(map(_hash_cache.get, uniq.tolist(), itertools.repeat(-2)), np.int64,
                      count=len(uniq))
    for u in np.flatnonzero(got == -2).tolist():
        f = int(first[u])
        got[u] = _hash_cache[int(uniq[u])] = _hash_cache[joined[st[f]:en[f]]]
    hs = got[where]
    keep = hs >= 0
    if not keep.all():
        hs, st, en = hs[keep], st[keep], en[keep]
    art = np.searchsorted(base, st, side="right") - 1
    bounds = np.searchsorted(art, np.arange(len(texts) + 1), side="left")
    return hs.astype(np.uint64), st - base[art], en - base[art], bounds


# Odd 64-bit multipliers that place each word of a shingle (a fixed random draw).
_POS = np.random.RandomState(20240611).randint(1, 2**62, size=16, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)


def shingle_hashes(tok: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """uint32 hashes of the word k-shingles of a token-hash array (one shingle if shorter)."""
    n = len(tok)
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    k = min(k, n)
    m = n - k + 1
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc += tok[j:j + m] * _POS[j]
    return (acc ^ (acc >> np.uint64(32))).astype(np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser on uint32 (datasketch's pre-mix for the affine32 scheme)."""
    h = h.astype(np.uint32, copy=True)
    with np.errstate(over="ignore"):
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations (a odd, b), drawn from its RandomState(seed)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_PERMS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def signatures(shingles: np.ndarray, starts: np.ndarray, num_perm: int = NUM_PERM,
               seed: int = SEED, block: int = 8192) -> np.ndarray:
    """MinHash signatures of many passages at once.

    ``shingles``: uint32 shingle hashes of all passages concatenated; ``starts``: where each
    passage begins in it (every passage non-empty). Returns (len(starts), num_perm) uint32.
    """
    key = (num_perm, seed)
    if key not in _PERMS:
        _PERMS[key] = permutations(num_perm, seed)
    a, b = _PERMS[key]
    out = np.empty((len(starts), num_perm), dtype=np.uint32)
    if len(starts) == 0:
        return out
    hv = fmix32(shingles)
    ends = np.append(starts[1:], len(hv))
    # Blocks of whole passages keep the (num_perm x shingles) product small in memory (one
    # buffer, reused). Permutations are rows: each passage's minimum is then a reduction over
    # a contiguous run (3x faster than over the columns of a shingles x num_perm product).
    buf = np.empty((num_perm, min(block, len(hv))), np.uint32)
    p = 0
    while p < len(starts):
        q = int(np.searchsorted(starts, starts[p] + block, side="right"))
        q = max(q, p + 1)
        lo, hi = int(starts[p]), int(ends[q - 1])
        fits = hi - lo <= buf.shape[1]
        phv = buf[:, :hi - lo] if fits else np.empty((num_perm, hi - lo), np.uint32)
        with np.errstate(over="ignore"):
            np.multiply(a[:, None], hv[None, lo:hi], out=phv)
            phv += b[:, None]
        out[p:q] = np.minimum.reduceat(phv, starts[p:q] - lo, axis=1).T
        p = q
    return out


@dataclass
class Signed:
    """The passages of one article that can carry reuse, with their signatures.

    ``spans``: (n, 2) char offsets into the text; ``size``: shingles per passage; ``line``:
    an exact hash of each passage's normalised words (for the document-frequency cut);
    ``sig``: (n, num_perm) uint32.
    """
    spans: np.ndarray
    size: np.ndarray
    line: np.ndarray
    sig: np.ndarray


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans split on blank lines (single newlines when there are no blank lines)."""
    sep = _BLANK if _BLANK.search(text) else re.compile(r"\n")
    out, pos = [], 0
    for m in sep.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _cut(tok: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges of a passage: whole if short, else cut where a word hash falls on a fixed
    residue (content-defined, so a copy cuts in the same places), pieces of 40-240 words."""
    n, c = len(tok), CHUNK_TOKENS
    if n <= 2 * c:
        return [(0, n)]
    marks = np.flatnonzero(fmix32(tok.astype(np.uint32)) % np.uint32(c) == 0)
    out, lo = [], 0
    for m in marks.tolist():
        while m - lo > 3 * c:  # no mark for long: a positional cut, rare
            out.append((lo, lo + 3 * c))
            lo += 3 * c
        if m - lo >= c // 2 and n - m >= c // 2:
            out.append((lo, m))
            lo = m
    while n - lo > 3 * c:
        out.append((lo, lo + 3 * c))
        lo += 3 * c
    out.append((lo, n))
    return out


def sign_article(text: str, paragraphs: list[tuple[int, int]] | None,
                 num_perm: int = NUM_PERM) -> Signed:
    """Passages and signatures of one article (``paragraphs``: spans, or None to split)."""
    return sign_batch([(text, paragraphs)], num_perm)[0]


# Shingles of a passage -> its signature: a copied paragraph is signed once per process, not
# once per copy (a third of the passages of a news corpus are copies). Bounded.
_SIG_CACHE_MAX = 200_000
_sig_cache = Memo(_SIG_CACHE_MAX)


def _signatures_of(parts: list[np.ndarray], num_perm: int) -> np.ndarray:
    """``signatures`` of the passages ``parts`` (uint32 shingle arrays), each distinct one
    computed once."""
    cache = _sig_cache if num_perm == NUM_PERM else {}
    keys = list(map(np.ndarray.tobytes, parts))
    got: dict = {}
    todo: list[np.ndarray] = []
    for key, sh in zip(keys, parts):
        if key not in got:
            hit = cache.get(key)
            if hit is None:
                got[key] = len(todo)
                todo.append(sh)
            else:
                got[key] = hit
    if todo:
        size = np.fromiter(map(len, todo), np.int64, count=len(todo))
        starts = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
        new = signatures(np.concatenate(todo), starts, num_perm)
        if cache is _sig_cache:
            _sig_cache.make_room(len(todo))
        for key, v in got.items():
            if type(v) is int:
                got[key] = cache[key] = new[v]
    return np.array([got[k] for k in keys], dtype=np.uint32).reshape(len(keys), num_perm)


def _batch_passages(items: list[tuple[str, list | None]]) -> tuple[list, np.ndarray, list]:
    """The passages of a batch of articles: (passage counts per article, (n, 4) rows of char
    start and end, shingle count and exact hash, shingle arrays). Words, shingles and paragraph
    bounds are numpy passes over the whole batch; only the passages are a Python loop."""
    texts = [t for t, _ in items]
    tok, st, en, bounds = batch_token_hashes(texts)
    # Shingles over the batch's words in a row: those inside one passage are its own (a
    # passage has MIN_TOKENS >= SHINGLE words, so k is SHINGLE wherever a passage is).
    sh_all = shingle_hashes(tok)
    # Paragraph bounds -> word ranges, for the whole batch in one search: offsets held in
    # their own text, then shifted as the texts would sit joined (as the words are).
    paras = [p or paragraph_spans(t) for t, p in items]
    art_of = np.repeat(np.arange(len(items)), [len(p) for p in paras])
    length = np.array([len(t) for t in texts], np.int64)
    base = np.cumsum(length + 1) - length - 1
    span = np.array(list(itertools.chain.from_iterable(paras)), np.int64).reshape(-1, 2)
    span = np.minimum(np.maximum(span, 0), length[art_of, None]) + base[art_of, None]
    at = st + np.repeat(base, np.diff(bounds))
    lo_of, hi_of = np.searchsorted(at, span[:, 0]), np.searchsorted(at, span[:, 1])
    long = hi_of - lo_of >= MIN_TOKENS
    lo_of, hi_of, art_of = lo_of[long], hi_of[long], art_of[long]
    tok32 = tok.astype(np.uint32)  # crc32 reads the words' bytes straight from it
    k, whole = SHINGLE, 2 * CHUNK_TOKENS
    first, last, owner, lines, parts = [], [], [], [], []
    for lo, hi, i in zip(lo_of.tolist(), hi_of.tolist(), art_of.tolist()):
        for a, b in (((0, hi - lo),) if hi - lo <= whole else _cut(tok[lo:hi])):
            a, b = a + lo, b + lo
            if b - a < MIN_TOKENS:
                continue
            first.append(a)
            last.append(b)
            owner.append(i)
            lines.append(zlib.crc32(tok32[a:b]))
            parts.append(sh_all[a:b - k + 1])   # the shingles inside this passage only
    a, b = np.asarray(first, np.int64), np.asarray(last, np.int64)
    counts = np.bincount(np.asarray(owner, np.int64), minlength=len(items)).tolist()
    rows = np.stack([st[a], en[b - 1], b - k + 1 - a, np.asarray(lines, np.int64)], axis=1) \
        if len(a) else np.zeros((0, 4), np.int64)
    return counts, rows, parts


def sign_batch(items: list[tuple[str, list | None]], num_perm: int = NUM_PERM) -> list[Signed]:
    """``sign_article`` over a batch of (text, paragraph spans) -- the unit of work for a pool.
    The signatures of the whole batch are one matrix computation (a signature depends on its
    passage only), not one small one per article."""
    counts, rows, parts = _batch_passages(items)
    sig = np.zeros((0, num_perm), np.uint32)
    if parts:
        sig = _signatures_of(parts, num_perm)
    spans, size, line = rows[:, :2], rows[:, 2].astype(np.int32), rows[:, 3].astype(np.uint32)
    out, pos = [], 0
    for m in counts:
        out.append(Signed(spans[pos:pos + m].copy(), size[pos:pos + m], line[pos:pos + m],
                          sig[pos:pos + m]))
        pos += m
    return out


# ---------------------------------------------------------------------------------------------
# The index: band keys sorted, runs of equal keys are buckets.

_BAND_MUL = np.random.RandomState(7).randint(1, 2**62, size=64, dtype=np.int64).astype(np.uint64) * np.uint64(2) + np.uint64(1)


def band_keys(sig: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """(n, bands) uint64 keys, one per band of each signature (equal rows -> equal key)."""
    n, perm = sig.shape
    rows = perm // bands
    cols = sig[:, :bands * rows].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = (cols * _BAND_MUL[:rows]).sum(axis=2, dtype=np.uint64)
        key += np.arange(1, bands + 1, dtype=np.uint64) * _BAND_MUL[-1]
    return key


def _stable_sort(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``order = argsort(keys, kind="stable")`` and ``keys[order]``. Non-negative integer keys
    that leave room for their index in 64 bits are sorted packed with it (one plain sort of
    uint64, no ties: about twice as fast as a stable argsort)."""
    n = len(keys)
    shift = max(1, (n - 1).bit_length())
    if (n == 0 or keys.dtype.kind not in "ui" or int(keys.min()) < 0
            or int(keys.max()) >= 1 << (64 - shift)):
        order = np.argsort(keys, kind="stable")
        return order, keys[order]
    packed = (keys.astype(np.uint64) << np.uint64(shift)) | np.arange(n, dtype=np.uint64)
    packed.sort()
    order = (packed & np.uint64((1 << shift) - 1)).astype(np.int64)
    return order, (packed >> np.uint64(shift)).astype(keys.dtype)


def unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True, return_counts=True)`` through ``_stable_sort``."""
    order, k = _stable_sort(keys)
    first = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    counts = np.diff(np.r_[first, len(k)])
    inverse = np.empty(len(k), np.int64)
    inverse[order] = np.repeat(np.arange(len(first)), counts)
    return k[first], inverse, counts


def bucket_pairs(keys: np.ndarray, owner: np.ndarray, max_bucket: int,
                 max_distance: int | None = None) -> np.ndarray:
    """(m, 2) passage index pairs sharing a key, from different articles, skipping buckets
    holding more than ``max_bucket`` passages (text repeated across many articles: page
    furniture and boilerplate rather than reuse).

    ``max_distance``: in a bucket, pair each passage only with the next this many (in
    passage order) instead of all of them: a passage reprinted by hundreds of articles then
    costs a few pairs per article, not a quadratic number (callers keep a dozen candidates
    per article anyway)."""
    order, k = _stable_sort(keys)
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    keep = (sizes >= 2) & (sizes <= max_bucket)
    if not keep.any():
        return np.zeros((0, 2), dtype=np.int64)
    # Pairs (i, i+d) inside each kept bucket, one vectorised pass per distance d.
    bstart, bsize = starts[keep], sizes[keep]
    out = []
    for d in range(1, int(bsize.max()) if max_distance is None
                   else min(int(bsize.max()), max_distance + 1)):
        sel = bsize > d
        if not sel.any():
            break
        s, z = bstart[sel], bsize[sel]
        # all i in [s, s+z-d)
        counts = z - d
        idx = np.repeat(s - np.cumsum(np.r_[0, counts[:-1]]), counts) + np.arange(counts.sum())
        a, b = order[idx], order[idx + d]
        diff = owner[a] != owner[b]
        out.append(np.stack([a[diff], b[diff]], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)
