"""The CLI end to end: `newslineage analyze` on inputs good and bad.

These run the whole pipeline, so each test skips (saying which) while a stage it needs is not
written yet; the read stage itself is tested without the pipeline in test_read.py.
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" / "newslineage"

READ_ONLY = {"clean": "clean", "report.terminal": "summary"}
WHOLE = {**READ_ONLY, "segment": "segment", "candidates": "candidate_pairs",
         "reuse.relate": "relate_pairs", "lineage": "trace", "stories": "cluster",
         "quotes": "link_quotes", "drift": "detect"}

WIRE = ("Fire broke out on a passenger ferry in the strait on Tuesday morning, forcing the "
        "evacuation of 312 people, the coastguard said. Twelve passengers were treated for "
        "smoke inhalation.\n\nThe blaze started in the engine room shortly after departure, "
        "according to the operator, which said the crew followed emergency procedures. An "
        "investigation has been opened by the maritime authority.\n\nThe route will be closed "
        "until at least Friday, leaving the island without its only car ferry.")


def need_stages(stages: dict) -> None:
    """Skip, naming the stage, while a module or function the CLI needs is missing."""
    for module, func in stages.items():
        try:
            mod = importlib.import_module(f"newslineage.{module}")
        except ImportError as e:
            pytest.skip(f"newslineage.{module} is not there yet ({e})")
        if not hasattr(mod, func):
            pytest.skip(f"newslineage.{module}.{func} is not there yet")


def run(*args, stdin: str | None = None, **kw) -> subprocess.CompletedProcess:
    """The installed command, else ``python -m newslineage`` of this interpreter."""
    cmd = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "newslineage"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **kw.pop("env", {})}
    return subprocess.run([*cmd, *map(str, args)], input=stdin, capture_output=True,
                          text=True, env=env, timeout=300, cwd=ROOT, **kw)


def test_no_article_exits_2_with_clear_message(tmp_path):
    need_stages(READ_ONLY)
    missing = tmp_path / "nowhere" / "articles"
    r = run("analyze", missing, "--json", tmp_path / "r.json", "-q")
    assert r.returncode == 2, r.stderr
    assert "no article could be read" in r.stderr and str(missing) in r.stderr
    assert "no such file or folder; check the path" in r.stderr  # the read stage's own line
    rep = json.loads((tmp_path / "r.json").read_text())  # the reasons are kept in a report
    assert rep["articles"] == [] and rep["inputs"][0]["status"] == "error"


def test_empty_folder_exits_2(tmp_path):
    need_stages(READ_ONLY)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    r = run("analyze", tmp_path / "in", "-q")
    assert r.returncode == 2
    assert "empty.txt" in r.stderr and "empty file" in r.stderr


@pytest.fixture(scope="module")
def e2e(tmp_path_factory):
    """One run of the whole pipeline over a folder (good and bad files), a missing path and
    JSON Lines on stdin with renamed fields; the tests below look at different sides of it."""
    need_stages(WHOLE)
    tmp = tmp_path_factory.mktemp("cli")
    d = tmp / "corpus"
    d.mkdir()
    (d / "wire.txt").write_text(WIRE, encoding="utf-8")
    (d / "copy.html").write_text(
        "<html><head><title>Ferry fire</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in WIRE.split("\n\n")) + "</article></body></html>",
        encoding="utf-8")
    (d / "broken.jsonl").write_text('{"id": "j", "story_body": "x"\n', encoding="utf-8")
    (d / "blank.txt").write_bytes(b"")
    stdin = "\n".join(json.dumps({"key": f"k{i}", "story_body": WIRE}) for i in range(2))
    out = tmp / "out" / "report.json"
    r = run("analyze", d, tmp / "missing.txt", "-", "--field", "text=story_body",
            "--field", "id=key", "--json", out, "--no-embeddings", "-q", stdin=stdin)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return r, report


def test_analyze_exits_0_and_writes_the_report(e2e):
    r, report = e2e
    assert r.returncode == 0, r.stderr
    assert report["schema"] == "newslineage.report/1"
    assert sorted(a["id"] for a in report["articles"]) == ["copy", "k0", "k1", "wire"]


def test_report_accounts_for_every_input(e2e):
    r, report = e2e
    status = {Path(i["source"]).name: i for i in report["inputs"]}
    assert status["wire.txt"]["status"] == "ok" and status["wire.txt"]["articles"] == 1
    assert status["copy.html"]["status"] == "ok"
    assert status["<stdin>"]["status"] == "ok" and status["<stdin>"]["articles"] == 2
    assert status["blank.txt"]["status"] == "empty"
    assert status["broken.jsonl"]["status"] == "error" and status["broken.jsonl"]["message"]
    assert status["missing.txt"]["status"] == "error"
    # every problem was said on stderr too, naming its input
    for name in ("blank.txt", "broken.jsonl", "missing.txt"):
        assert name in r.stderr


def test_articles_from_all_readers_are_related(e2e):
    _, report = e2e
    pairs = {frozenset((rel["a"], rel["b"])) for rel in report["relations"]}
    # the same text came as a file, a page and two stdin records: all of it is found again
    assert frozenset(("copy", "wire")) in pairs and frozenset(("k0", "wire")) in pairs
