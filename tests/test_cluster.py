"""The Dask engine gives the report the process pool gives, on a LocalCluster."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import newslineage
from newslineage.pipeline import EngineError

from conftest import EXAMPLES, need_shared

pytestmark = pytest.mark.slow


def _json(report) -> dict:
    return json.loads(report.to_json())


def test_example_corpus_same_on_dask(example_report):
    on_dask = newslineage.analyze([str(EXAMPLES)], engine="dask", workers=2)
    assert _json(on_dask) == _json(example_report)
    assert on_dask.relations  # the corpus has reuse: an empty run would pass the check


def test_synthetic_corpus_same_on_dask(tmp_path):
    make = need_shared("bench", "make_corpus.py")
    subprocess.run([sys.executable, str(make), "2000", str(tmp_path)], check=True,
                   capture_output=True)
    corpus = str(tmp_path / "articles.jsonl")
    pool = newslineage.analyze([corpus], workers=2)
    on_dask = newslineage.analyze([corpus], engine="dask", workers=2)
    assert len(pool.articles) == 2000
    assert len(pool.relations) > 100
    assert _json(on_dask) == _json(pool)


def test_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(EngineError, match="dask scheduler"):
        newslineage.analyze([str(EXAMPLES)], engine="dask", scheduler="tcp://127.0.0.1:9")


def test_scheduler_without_dask_engine_is_refused():
    with pytest.raises(EngineError, match="engine='dask'"):
        newslineage.analyze([str(EXAMPLES)], scheduler="tcp://127.0.0.1:8786")
