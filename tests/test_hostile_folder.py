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


def test_pages_read_by_workers_give_what_one_process_gives(tmp_path):
    from newslineage import Settings, read

    root = tmp_path / "hostile"
    build(root)
    # a folder of pages that give no article, and ids taken by a page and a text alike
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    for i in range(3):
        (scripts / f"p{i}.html").write_text("<html><body><script>x()</script></body></html>")
    (root / "same.html").write_text("<html><body><article><p>" + "A harbour story is told. " * 20
                                    + "</p></article></body></html>")
    (root / "same.txt").write_text("A harbour story is told again. " * 10)
    caps = tmp_path / "caps.toml"
    caps.write_text(SMALL_CAPS)
    limits = Settings.from_toml(caps).read

    def read_with(workers):
        arts, sts = read.read_inputs([str(root), str(scripts), str(root / "same.html")], limits=limits,
                                     workers=workers)
        return [a.to_dict() for a in arts], [s.to_dict() for s in sts]

    one, two = read_with(1), read_with(2)
    assert one == two
    statuses = {s["source"]: s for s in one[1]}
    assert statuses[str(scripts)]["status"] == "error"  # no page of it gave an article
    ids = [a["id"] for a in one[0]]
    assert "same" in ids and "same~2" in ids and "same~3" in ids
