"""Crash safety: a real `newslineage add` killed with SIGKILL in the middle leaves every batch
committed before it whole and the database consistent; the next add of the same input resumes
and ends where one uninterrupted add ends."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from newslineage import read
from newslineage.store import Store

from conftest import EXAMPLES

COPIES, BATCH = 6, 6


def _corpus(tmp_path):
    articles, _ = read.read_inputs([str(EXAMPLES)])
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k in range(COPIES):
            for a in articles:
                f.write(json.dumps({"id": f"{k}_{a.id}", "text": a.text, "title": a.title,
                                    "outlet": a.outlet, "published": a.published}) + "\n")
    return path, COPIES * len(articles)


def _stored(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("select count(*) from articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet


def _add(path, db):
    return [sys.executable, "-m", "newslineage.cli", "add", str(path), "--db", str(db),
            "--batch-size", str(BATCH), "--workers", "1", "-q"]


def test_kill_during_add_then_resume(tmp_path):
    path, total = _corpus(tmp_path)
    db = tmp_path / "news.db"
    proc = subprocess.Popen(_add(path, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while _stored(db) == 0:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.time() < deadline, "the first batch was never committed"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = _stored(db)
    assert 0 < at_kill < total, "the add was killed between its first and last batch"
    assert at_kill % BATCH == 0, "only whole batches are stored"

    with Store(str(db)) as store:
        assert store.integrity() == []
        seqs = [r[0] for r in store.engine.connect().exec_driver_sql(
            "select seq from articles order by seq")]
        assert seqs == list(range(at_kill))

    done = subprocess.run(_add(path, db), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    ref = tmp_path / "ref.db"
    subprocess.run(_add(path, ref), check=True, capture_output=True)
    with Store(str(db)) as resumed, Store(str(ref)) as whole:
        assert resumed.count() == total
        assert resumed.integrity() == []
        a, b = resumed.report().to_dict(), whole.report().to_dict()
        for key in ("articles", "relations", "stories", "origins"):
            assert sorted(map(json.dumps, a[key])) == sorted(map(json.dumps, b[key])), key
