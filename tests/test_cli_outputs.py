"""The command line's rough edges: outputs checked before the work and written whole,
user errors as exit 2 with what to do, --version, python -m, plain --help."""
from __future__ import annotations

import json
import os

from test_cli import WIRE, run

GOOD = "Officials said on Monday that the bridge would reopen next week after repairs."


def corpus(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(WIRE, encoding="utf-8")
    (root / "b.txt").write_text(WIRE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    return root


def test_version_and_python_m():
    from newslineage import __version__
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"newslineage {__version__}"


def test_help_shows_no_python_type_names():
    for cmd in ("analyze", "compare", "html"):
        r = run(cmd, "--help", env={"COLUMNS": "100"})
        assert r.returncode == 0
        for bad in ("<bool>", "<list[str]>", "<path>", "<int>", "{paths}", "<text>"):
            assert bad not in r.stdout, (cmd, bad, r.stdout)
    assert "PATH..." in run("analyze", "--help").stdout


def test_out_format_is_inferred_from_its_extension(tmp_path):
    root = corpus(tmp_path)
    r = run("analyze", root, "-o", tmp_path / "r.csv", "-q", "--no-embeddings")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.csv").read_text().count("\n") >= 1
    r = run("analyze", root, "-o", tmp_path / "r.xyz", "-q", "--no-embeddings")
    assert r.returncode == 2 and "--format" in r.stderr and not (tmp_path / "r.xyz").exists()


def test_bad_outputs_are_refused_before_the_work(tmp_path):
    root = corpus(tmp_path)
    (tmp_path / "dir").mkdir()
    link = tmp_path / "link.json"
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link.symlink_to(target)
    cases = [("--json", tmp_path / "dir", "is a folder"),
             ("--json", link, "symbolic link"),
             ("--html", root / "a.txt", "input"),
             ("--json", "", "is a folder")]
    for opt, path, why in cases:
        r = run("analyze", root, opt, path, "-q", "--no-embeddings")
        assert r.returncode == 2, (opt, path, r.stderr)
        assert why in r.stderr and "internal error" not in r.stderr
    assert target.read_text() == "keep me" and (root / "a.txt").read_text() == WIRE


def test_outputs_are_written_whole_and_reports_not_read_back(tmp_path):
    root = corpus(tmp_path)
    out = root / "report.json"
    for _ in range(2):  # the second run must not read the first report as an article
        r = run("analyze", root, "--json", out, "-q", "--no-embeddings")
        assert r.returncode == 0, r.stderr
    rep = json.loads(out.read_text())
    assert sorted(a["id"] for a in rep["articles"]) == ["a", "b"]
    assert [i["status"] for i in rep["inputs"] if i["source"].endswith("report.json")] == ["skipped"]
    assert sorted(os.listdir(root)) == ["a.txt", "b.txt", "report.json"]  # no temp file left


def test_compare_pairs_user_errors(tmp_path):
    pairs = tmp_path / "p.tsv"
    pairs.write_text(f"1\t{GOOD}\t{GOOD}\n")
    r = run("compare", "--pairs", pairs, "--json", pairs, "--no-embeddings")
    assert r.returncode == 2 and "input" in r.stderr and pairs.read_text().startswith("1\t")
    r = run("compare", "--pairs", tmp_path / "missing.tsv", "--no-embeddings")
    assert r.returncode == 2 and "no such file" in r.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n")
    out = tmp_path / "o.jsonl"
    r = run("compare", "--pairs", bad, "--json", out, "--no-embeddings")
    assert r.returncode == 2 and "bad.tsv:1" in r.stderr and not out.exists()
    r = run("compare", "--pairs", pairs, "--json", tmp_path / "new" / "o.jsonl",
            "--no-embeddings")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "new" / "o.jsonl").read_text().splitlines()[0])["id"] == "1"


def test_html_validates_its_input(tmp_path):
    cases = [({"foo": 1}, "not a newslineage report"),
             ({"schema": "newslineage.report/1", "articles": "oops"}, "report.articles")]
    for doc, why in cases:
        f = tmp_path / "bad.json"
        f.write_text(json.dumps(doc))
        r = run("html", f, "-o", tmp_path / "out.html")
        assert r.returncode == 2, r.stderr
        assert why in r.stderr and "internal error" not in r.stderr
        assert not (tmp_path / "out.html").exists()


def test_untrusted_names_reach_the_terminal_escaped(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "evil\x1b[2J\x1b]0;pwned\x07.txt").write_text(WIRE, encoding="utf-8")
    (root / "b\x1b[31m.txt").write_bytes(b"")  # listed among the problem inputs
    name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: named with an escape, no crash
    (root / name).write_text(WIRE.replace("Tuesday", "Monday"), encoding="utf-8")
    r = run("analyze", root, "--json", tmp_path / "r.json", "--no-embeddings")
    assert r.returncode == 0, r.stderr
    assert "\x1b[2J" not in r.stdout + r.stderr and "\x1b]0;" not in r.stdout + r.stderr
    assert "\\x1b" in r.stdout
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "caf\\xe9" in {a["id"] for a in rep["articles"]}


def test_compare_refuses_a_file_over_the_article_cap(tmp_path):
    from newslineage.settings import ReadSettings
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(ReadSettings().max_article_bytes + 1)  # sparse: no disk, no memory
    small = tmp_path / "small.txt"
    small.write_text(GOOD)
    r = run("compare", big, small, "--no-embeddings")
    assert r.returncode == 2 and "largest article" in r.stderr
