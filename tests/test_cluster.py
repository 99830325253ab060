"""The Dask engine gives the report the process pool gives, on a LocalCluster.

The Dask runs are commands in their own processes: a Dask client leaves threads behind in
its process, and a process pool forked beside them later can hang."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newslineage
from newslineage.pipeline import EngineError

from conftest import EXAMPLES, need_shared

pytestmark = pytest.mark.slow

NL = [sys.executable, "-m", "newslineage.cli"]


def _analyze(path: str, out: Path, *extra: str) -> dict:
    run = subprocess.run(NL + ["analyze", path, "--json", str(out), "--quiet", "--workers", "2",
                               *extra], capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(out.read_text())


def test_example_corpus_same_on_dask(tmp_path, example_report):
    on_dask = _analyze(str(EXAMPLES), tmp_path / "dask.json", "--engine", "dask")
    assert on_dask == json.loads(example_report.to_json())
    assert on_dask["relations"]  # the corpus has reuse: an empty run would pass the check


def test_synthetic_corpus_same_on_dask(tmp_path):
    make = need_shared("bench", "make_corpus.py")
    subprocess.run([sys.executable, str(make), "2000", str(tmp_path)], check=True,
                   capture_output=True)
    corpus = str(tmp_path / "articles.jsonl")
    pool = _analyze(corpus, tmp_path / "pool.json")
    on_dask = _analyze(corpus, tmp_path / "dask.json", "--engine", "dask")
    assert len(pool["articles"]) == 2000
    assert len(pool["relations"]) > 100
    assert on_dask == pool


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    run = subprocess.run(NL + ["analyze", str(EXAMPLES), "--quiet", "--engine", "dask",
                               "--scheduler", "tcp://127.0.0.1:9"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert "could not connect to the Dask scheduler at tcp://127.0.0.1:9" in run.stderr
    assert "Traceback" not in run.stderr


def test_scheduler_without_dask_engine_is_refused():
    with pytest.raises(EngineError, match="engine='dask'"):
        newslineage.analyze([str(EXAMPLES)], scheduler="tcp://127.0.0.1:8786")


class _NoWorkersYet:
    """A client whose scheduler has no worker until ``wait_for_workers`` is called (or never)."""

    def __init__(self, joins: bool):
        self.joins, self.waited = joins, []
        self.workers: dict = {}

    def scheduler_info(self):
        return {"workers": self.workers}

    def wait_for_workers(self, n, timeout=None):
        self.waited.append(n)
        if not self.joins:
            from distributed.client import WorkerStartTimeoutError
            raise WorkerStartTimeoutError(0, n, timeout)
        self.workers = {"tcp://127.0.0.1:1": {"nthreads": 1}}


def test_engine_waits_for_a_worker_before_placing_parts():
    from newslineage.cluster import DaskEngine

    engine = DaskEngine.__new__(DaskEngine)  # (no cluster: the client is the point)
    engine.client = _NoWorkersYet(joins=True)
    assert list(engine._workers()) == ["tcp://127.0.0.1:1"]
    assert engine.client.waited == [1]
    assert engine._window() == 2

    engine.client = _NoWorkersYet(joins=False)
    with pytest.raises(EngineError, match="no Dask worker joined"):
        engine._workers()


_LOCAL = """
import os
from newslineage import cluster, parallel

def pids(batch):
    return [os.getpid()] * len(batch)

def twice(batch):
    return [2 * parallel.shared()[k] for k in batch]

if __name__ == "__main__":
    items = list(range(400))
    with cluster.on_dask(workers=2):
        p = parallel.map_batches(pids, items, batch_size=10, local=True)
        r = parallel.map_batches(twice, items[::-1], batch_size=10, local=True,
                                 shared=[3 * x for x in items], needs=list)
    print(p[0] != p[200], r == [6 * x for x in items[::-1]])
"""


def test_local_batches_on_dask_each_worker_a_run_of_neighbours(tmp_path):
    # as the pool's local map: the two halves start on two workers, in input order, and a
    # batch reading records of a list held in parts gets the ones it reads
    script = tmp_path / "local.py"
    script.write_text(_LOCAL)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "True"]


_ASIDE = """
from newslineage import cluster, parallel

class R:
    def __init__(self, v):
        self.v = v

def twice(batch):
    return [2 * parallel.shared()[k].v for k in batch]

def values(records, others, n):
    return [r.v for r in records], others, n

if __name__ == "__main__":
    recs = [R(k) for k in range(300)]
    with cluster.on_dask(workers=2):
        whole = parallel.aside(values, recs, [1, 2], 3).result()
        batches = parallel.map_batches(twice, list(range(300)), batch_size=10, shared=recs,
                                       needs=list)
        some = parallel.aside(values, [recs[k] for k in (5, 290, 7, 7, 150)], ["a"], 4).result()
    print(whole == (list(range(300)), [1, 2], 3), batches == [2 * k for k in range(300)],
          some == ([5, 290, 7, 7, 150], ["a"], 4))
"""


def test_aside_on_dask_gets_its_lists_whole_or_picked_from_the_held_parts(tmp_path):
    # the run's records in parts; a list of some of them (in any order, repeated) picked from
    # the parts; any other list as it was
    script = tmp_path / "aside.py"
    script.write_text(_ASIDE)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "True", "True"]
