"""A kept story index brought up to date with a grown corpus gives what clustering the whole
corpus gives, when reuse links among the kept articles appear or go and when a kept
article's text changes (stories.resume, run by the store's add)."""
from __future__ import annotations

import copy
import subprocess
import sys
import zlib

import numpy as np
import pytest

from newslineage import pipeline, stories
from newslineage.model import Relation

from conftest import need_shared


def _encoder(texts):
    """Lead vectors from hashed words: deterministic and without a model, but close for
    leads that share words, so the cascade asks for some."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().split():
            out[i, zlib.crc32(w.encode()) % 64] += 1.0
    return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-9)


OPTIONS = {"encoder": _encoder, "band": 0.3}


def _answer(st, same):
    return ([(s.id, s.label, s.articles) for s in st],
            [(r.a, r.b, r.score, r.lineage.evidence) for r in same])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    maker = need_shared("bench", "make_corpus.py")
    tmp = tmp_path_factory.mktemp("resume")
    subprocess.run([sys.executable, str(maker), "600", str(tmp / "c")], check=True,
                   capture_output=True)
    report = pipeline.analyze([str(tmp / "c" / "articles.jsonl")], lineage=False, stories=False,
                              quotes=False, embeddings=False, workers=1)
    links = [Relation(r.a, r.b, r.kind) for r in report.relations]
    assert len(links) > 100
    return report.articles, links


def test_resume_equals_one_cluster_as_links_and_texts_change(corpus):
    articles, links = corpus
    pos = {a.id: i for i, a in enumerate(articles)}
    index = None

    def step(n, arts, rels, replayed_from):
        nonlocal index
        stats = {}
        index, st, same = stories.resume(index, arts[:n], rels, stats, **OPTIONS)
        want = stories.cluster(arts[:n], rels, **OPTIONS)
        assert _answer(st, same) == _answer(*want)
        assert stats["replayed_from"] == replayed_from
        assert len(st) < n and any(len(s.articles) > 2 for s in st) and same
        assert index.encoded  # lead vectors were asked for (and some forgotten on a rewind)

    inside = lambda n: [r for r in links if pos[r.a] < n and pos[r.b] < n]  # noqa: E731
    step(200, articles, inside(200), 0)
    step(400, articles, inside(400), 200)  # only new articles: nothing kept is redone
    # a link among kept articles goes, another appears: replayed from the later end of the first
    gone = inside(400)[10]
    extra = Relation(articles[30].id, articles[250].id, "rewrite")
    rels = [r for r in inside(400) if r is not gone] + [extra]
    first = min(max(pos[gone.a], pos[gone.b]), 250)
    step(400, articles, rels, first)
    # a kept article's text changes (its furniture became repeated): replayed from it, its
    # terms and those met after it profiled again
    changed = list(articles)
    a = changed[120] = copy.copy(articles[120])
    a.text = a.text.replace(" the ", " ", 5) + " Zanzibar Quillfeather said."
    later = [r for r in inside(600) if max(pos[r.a], pos[r.b]) >= 400]
    step(600, changed, [r for r in rels if r is not extra] + later, 120)
