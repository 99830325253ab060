"""A hostile folder of 40+ kinds of bad input mixed with good articles, analyzed as a user
would (a subprocess) under an address-space cap: every good article is in the report and
every bad input has exactly one entry saying what it is. The bombs are small and the read
caps are set low (the same code paths as full-size ones, which benchmarks/hostile_memory.py
measures with the default caps)."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

from hostile_corpus import SMALL_CAPS, build

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAP = 6 << 30  # address space, bytes


def _limit():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def test_hostile_folder_under_a_memory_cap(tmp_path):
    root = tmp_path / "hostile"
    good, bad = build(root)
    assert len(bad) >= 40
    caps = tmp_path / "caps.toml"
    caps.write_text(SMALL_CAPS)
    out = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")}
    r = subprocess.run([sys.executable, "-m", "newslineage", "analyze", str(root), "--json",
                        str(out), "--config", str(caps), "--no-embeddings", "--workers", "1"],
                       capture_output=True, env=env, timeout=900, preexec_fn=_limit)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr and "internal error" not in stderr
    rep = json.loads(out.read_bytes())
    assert set(good) <= {a["id"] for a in rep["articles"]}
    entries: dict[str, list] = {}
    for s in rep["inputs"]:
        entries.setdefault(os.path.relpath(s["source"], root), []).append(s)
    for name, status in bad.items():
        key = name if name in entries else os.fsdecode(name.encode("utf-8", "surrogateescape"))
        got = entries.get(key, [])
        assert len(got) == 1, (name, got)
        assert got[0]["status"] == status, (name, got[0])
        assert got[0]["message"] and "please report" not in got[0]["message"], got[0]
    assert not any("secret" in a["text"] for a in rep["articles"])  # the link out: not read
