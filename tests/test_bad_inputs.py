"""A corpus with every kind of bad input: the good inputs are all read, each bad one gets a
status and a one-line message naming it and saying what to do, logged to stderr."""
from __future__ import annotations

import gzip
import io
import json
import logging
import os

import pytest

from newslineage import read
from newslineage.read import sources

GOOD = "Officials said on Monday that the bridge would reopen next week after repairs."


def build(root):
    """Good and bad files side by side; returns {name: expected status} for the bad ones."""
    (root / "sub").mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "good.html").write_text(
        f"<html><head><title>Bridge</title></head><body><article><p>{GOOD}</p>"
        f"<p>{GOOD[::-1]}</p></article></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": GOOD}), "{not json", "",
             json.dumps({"id": "j4", "text": GOOD + " Four."}), json.dumps({"title": "no body"}),
             "[1, 2]"]
    (root / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 20)
    import random
    rnd = random.Random(7)  # bytes in no encoding, and no NUL to give them away
    (root / "noise.txt").write_bytes(bytes(rnd.randrange(1, 256) for _ in range(4000)))
    (root / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    blob = gzip.compress(" ".join(f"{GOOD} {i}" for i in range(500)).encode())
    (root / "cut.txt.gz").write_bytes(blob[: len(blob) // 2])
    (root / "notgzip.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    (root / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (root / "nobody.jsonl").write_text(json.dumps({"headline": "x", "story_body": GOOD}) + "\n",
                                       encoding="utf-8")
    (root / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (root / "emptydir").mkdir()
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(root / "images.warc.gz", "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.example/a.png", "response",
                                            payload=io.BytesIO(b"\x89PNG...."), http_headers=http))
    (root / "script.html").write_text("<html><body><script>render()</script></body></html>",
                                      encoding="utf-8")
    return {
        "empty.txt": "empty", "blank.txt": "empty", "binary.txt": "error", "doc.pdf": "skipped",
        "noise.txt": "error",
        "cut.txt.gz": "error", "notgzip.jsonl.gz": "error", "broken.json": "error",
        "nobody.jsonl": "error", ".hidden.txt": "skipped", ".git": "skipped",
        "images.warc.gz": "empty", "script.html": "error",
    }


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    return root, build(root)


def test_good_inputs_read_and_bad_ones_reported(corpus, caplog):
    root, bad = corpus
    with caplog.at_level(logging.INFO, logger="newslineage"):
        arts, sts = read.read_inputs([str(root), str(root / "missing.txt")])
    assert sorted(a.id for a in arts) == ["good", "j1", "j4", "sub/good"]
    st = {os.path.relpath(s.source, root): s for s in sts}
    for name, status in bad.items():
        assert st[name].status == status, (name, st[name])
        assert st[name].articles == 0
        assert st[name].message and "\n" not in st[name].message
        assert name in caplog.text  # the log line names the input
    assert st["missing.txt"].status == "error" and "no such file" in st["missing.txt"].message
    assert st["good.txt"].status == "ok" and st["good.txt"].message is None
    # every file in the folder has exactly one status (hidden folder: one for the folder)
    files = {os.path.relpath(os.path.join(d, f), root)
             for d, ds, fs in os.walk(root) if ".git" not in d for f in fs}
    assert files <= set(st)


def test_messages_say_what_to_do(corpus):
    root, _ = corpus
    _, sts = read.read_inputs([str(root)])
    msg = {os.path.relpath(s.source, root): s.message or "" for s in sts}
    assert "PDF" in msg["doc.pdf"]
    assert "encoding" in msg["noise.txt"] and "UTF-8" in msg["noise.txt"]
    assert "gzip" in msg["cut.txt.gz"] and "re-create" in msg["cut.txt.gz"]
    assert "--field text=" in msg["nobody.jsonl"] and "story_body" in msg["nobody.jsonl"]
    assert "HTML response records" in msg["images.warc.gz"]
    assert "not valid JSON" in msg["broken.json"]


def test_malformed_jsonl_lines_named_and_file_still_ok(corpus):
    root, _ = corpus
    _, sts = read.read_inputs([str(root / "mixed.jsonl")])
    (s,) = sts
    assert s.status == "ok" and s.articles == 2
    assert "malformed JSON on lines 2, 6" in s.message
    assert "no text field ('text') on line 5" in s.message


def test_truncated_gzip_jsonl_keeps_records_before_the_cut(tmp_path):
    data = "".join(json.dumps({"id": f"r{i}", "text": f"{GOOD} {i}"}) + "\n" for i in range(3000))
    blob = gzip.compress(data.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(blob[: len(blob) * 2 // 3])
    arts, (s,) = read.read_inputs([str(tmp_path / "cut.jsonl.gz")])
    assert 0 < len(arts) < 3000 and s.articles == len(arts)
    assert s.status == "ok" and "cut short" in s.message


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(GOOD, encoding="utf-8")
    real = sources.Source.open_raw

    def open_raw(self):  # root reads any file, so deny like a non-root user would be denied
        if self.path is not None and self.path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self.path))
        return real(self)

    monkeypatch.setattr(sources.Source, "open_raw", open_raw)
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["ok"]
    locked = [s for s in sts if s.source.endswith("locked.txt")][0]
    assert locked.status == "error" and "permission" in locked.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_by_mode(tmp_path):
    f = tmp_path / "locked.txt"
    f.write_text(GOOD, encoding="utf-8")
    f.chmod(0)
    _, (s,) = read.read_inputs([str(f)])
    assert s.status == "error" and "permission" in s.message


def test_folder_without_files(tmp_path):
    (tmp_path / "nothing").mkdir()
    arts, sts = read.read_inputs([str(tmp_path / "nothing")])
    assert arts == [] and sts[0].status == "empty" and "no files" in sts[0].message


def test_folder_with_only_bad_files(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert arts == []
    assert [s.status for s in sts] == ["empty", "error"]
    assert sts[-1].source == str(tmp_path) and "no article" in sts[-1].message


def test_stdin_terminal_is_refused_with_advice(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Tty(""))
    arts, (s,) = read.read_inputs(["-"])
    assert arts == [] and s.status == "error" and "pipe" in s.message


def test_reader_bug_does_not_lose_other_inputs(tmp_path, monkeypatch):
    from newslineage.read import inputs
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body><p>{GOOD}</p></body></html>", encoding="utf-8")

    def boom(data, url=None):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(inputs, "extract", boom)
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["a"]
    assert sts[1].status == "error" and "parser exploded" in sts[1].message


def test_system_files_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["a"]
    assert sorted(s.status for s in sts) == ["ok", "skipped", "skipped"]


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
                      st.builds(lambda t: gzip.compress(t.encode()), st.text(max_size=500))),
       ext=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".warc", ".warc.gz", ".csv",
                            ".txt.gz", ".bin", ""]))
def test_any_bytes_get_exactly_one_status_and_never_raise(tmp_path, data, ext):
    f = tmp_path / f"input{ext}"
    f.write_bytes(data)
    items = list(read.iter_articles([str(f)]))
    statuses = [x for x in items if isinstance(x, read.inputs.InputStatus)]
    assert len(statuses) == 1 and items[-1] is statuses[0]
    s = statuses[0]
    assert s.status in ("ok", "empty", "skipped", "error")
    assert s.articles == len(items) - 1
    assert (s.status == "ok") == (s.articles > 0)
    assert s.status == "ok" or (s.message and "\n" not in s.message)
    assert "please report" not in (s.message or ""), s.message  # no reader crashed


# --- hostile inputs: bounded memory, and no wrong result without a word ---------------------

SMALL = sources.Limits(max_article_bytes=20_000, max_document_bytes=50_000, max_inflation=20)


def _one_status(path, limits=None):
    arts, sts = read.read_inputs([str(path)], limits=limits)
    (s,) = [s for s in sts if s.source == str(path)]
    return arts, s


def test_gzip_bomb_is_stopped_at_the_inflation_cap(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 3_000_000))  # ~3 KB inflating 1000x
    arts, s = _one_status(bomb, SMALL)
    assert arts == [] and s.status == "skipped" and "decompression bomb" in s.message


def test_gzip_jsonl_bomb_keeps_the_records_before(tmp_path):
    rec = (json.dumps({"text": GOOD}) + "\n").encode()
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(rec * 2 + b" " * 3_000_000))
    arts, s = _one_status(bomb, sources.Limits(max_article_bytes=100_000, max_inflation=20))
    assert len(arts) == 2 and s.status == "ok" and "decompression bomb" in s.message


def test_article_over_the_size_cap_is_skipped_with_a_message(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 1000, encoding="utf-8")  # 80 KB, one line
    arts, s = _one_status(big, SMALL)
    assert arts == [] and s.status == "skipped"
    assert "read limit" in s.message and "max_article_bytes" in s.message
    arts, s = _one_status(big)  # under the default cap it is an article
    assert len(arts) == 1 and s.status == "ok"


def test_jsonl_line_bomb_is_passed_over_in_chunks(tmp_path):
    f = tmp_path / "lines.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "text": GOOD}) + "\n")
        fh.write('{"text": "' + "x" * 200_000 + '"}\n')
        fh.write(json.dumps({"id": "c", "text": GOOD + " C."}) + "\n")
    arts, s = _one_status(f, SMALL)
    assert [a.id for a in arts] == ["a", "c"]
    assert s.status == "ok" and "read limit" in s.message and "line 2" in s.message


def test_deeply_nested_json_line_does_not_lose_the_rest_of_the_file(tmp_path):
    f = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    f.write_text("\n".join([json.dumps({"id": "a", "text": GOOD}), '{"text": ' + deep + "}",
                            json.dumps({"id": "c", "text": GOOD + " C."})]) + "\n")
    arts, s = _one_status(f)
    assert [a.id for a in arts] == ["a", "c"]
    assert "nested too deeply" in s.message and "please report" not in s.message
    g = tmp_path / "deep.json"
    g.write_text(deep)
    arts, s = _one_status(g)
    assert arts == [] and s.status == "error" and "nested too deeply" in s.message


def test_file_name_that_is_not_utf8_is_named_printably(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert len(arts) == 1 and arts[0].id == "caf\\xe9"
    for s in sts:
        s.source.encode("utf-8")  # no lone surrogate left to break the report's writing
    assert any(s.source.endswith("caf\\xe9.txt") for s in sts)


@pytest.mark.parametrize("value", [42, 1.5, True, {"p": "x"}, [1, 2]])
def test_text_field_that_is_not_text_is_no_article(tmp_path, value):
    f = tmp_path / "odd.jsonl"
    f.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n"
                 + json.dumps({"id": "b", "text": value}) + "\n", encoding="utf-8")
    arts, s = _one_status(f)
    assert [a.id for a in arts] == ["a"]
    assert "not text" in s.message and "line 2" in s.message


def test_empty_text_is_not_reported_as_a_missing_field(tmp_path):
    f = tmp_path / "e.jsonl"
    f.write_text(json.dumps({"id": "a", "text": ""}) + "\n", encoding="utf-8")
    arts, s = _one_status(f)
    assert arts == [] and s.status == "empty"
    assert "empty text" in s.message and "no text field" not in s.message


def test_impossible_published_dates_are_not_passed_on(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": GOOD, "published": p}) for i, p in
                           [("a", "2024-13-45"), ("b", "2024-02-30T10:00:00Z"),
                            ("c", "2024-05-06T10:00:00Z")]) + "\n", encoding="utf-8")
    arts, _ = _one_status(f)
    got = {a.id: a.published for a in arts}
    assert got["a"] is None and got["b"] is None and got["c"].startswith("2024-05-06T10:00")


def test_utf16_jsonl_keeps_every_record(tmp_path):
    f = tmp_path / "wide.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"{GOOD} {i}"}) for i in range(3)]
    f.write_bytes("\n".join(lines).encode("utf-16"))
    arts, s = _one_status(f)
    assert [a.id for a in arts] == ["r0", "r1", "r2"] and s.status == "ok"


def test_broken_tsv_row_is_not_merged_into_its_neighbour(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text('id\ttitle\ttext\na\t"Quoted start\t' + GOOD + "\nb\tbroken row\n"
                 "c\tFine\t" + GOOD + " C.\n", encoding="utf-8")
    arts, s = _one_status(f)
    assert [a.id for a in arts] == ["a", "c"]
    assert arts[0].title == '"Quoted start' and arts[1].text.endswith("C.")
    assert "row 2" in s.message and "number of cells" in s.message


def test_truncated_warc_says_so(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    for i in range(3):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = f"<html><body><article><p>{GOOD} {i} {GOOD[::-1]}</p></article></body></html>"
        w.write_record(w.create_warc_record(f"https://x.example/{i}", "response",
                                            payload=io.BytesIO(body.encode() * 3),
                                            http_headers=http))
    f = tmp_path / "cut.warc"
    f.write_bytes(buf.getvalue()[:-200])
    arts, s = _one_status(f)
    assert len(arts) == 2 and s.status == "ok" and "cut short" in s.message


def test_symlinks_in_a_folder(tmp_path):
    root = tmp_path / "corpus"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret " + GOOD, encoding="utf-8")
    (root / "linkdir").symlink_to(root / "real", target_is_directory=True)
    (root / "leak.txt").symlink_to(outside)
    (root / "inside.txt").symlink_to(root / "real" / "a.txt")
    arts, sts = read.read_inputs([str(root)])
    assert sorted(a.id for a in arts) == ["inside", "real/a"]
    st = {os.path.relpath(s.source, root): s for s in sts}
    assert st["linkdir"].status == "skipped" and "not followed" in st["linkdir"].message
    assert st["leak.txt"].status == "skipped" and "outside" in st["leak.txt"].message


def test_empty_path_is_an_error_not_the_current_folder():
    arts, sts = read.read_inputs([""])
    assert arts == [] and sts[0].status == "error" and "empty path" in sts[0].message


def test_reports_of_earlier_runs_are_skipped(tmp_path):
    from newslineage.model import Article, Report
    from newslineage.report import html
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    rep = Report(articles=[Article(id="x", source="x", text=GOOD)])
    (tmp_path / "report.json").write_bytes(rep.to_json_bytes())
    (tmp_path / "report.html").write_text(html.render(rep), encoding="utf-8")
    from newslineage.report import export
    from report_fixtures import fixture_report
    for fmt in ("csv", "graphml"):
        (tmp_path / f"report.{fmt}").write_text(export.export(fixture_report(), fmt))
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["a"]
    st = {os.path.basename(s.source): s for s in sts}
    for name in ("report.json", "report.html", "report.csv", "report.graphml"):
        assert st[name].status == "skipped" and "newslineage report" in st[name].message


def test_images_and_pdfs_are_skipped(tmp_path):
    (tmp_path / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4\n" + bytes(200))
    _, sts = read.read_inputs([str(tmp_path)])
    got = {os.path.basename(s.source): s.status for s in sts}
    assert got["p.png"] == "skipped" and got["d.pdf"] == "skipped"


def test_html_with_thousands_of_nested_divs_is_read(tmp_path):
    f = tmp_path / "deep.html"
    n = 10_000
    f.write_text("<html><head><title>Bridge</title></head><body>" + "<div>" * n
                 + f"<p>{GOOD} {GOOD}</p><p>{GOOD[::-1]}</p>" + "</div>" * n + "</body></html>",
                 encoding="utf-8")
    arts, s = _one_status(f)
    assert s.status == "ok" and GOOD in arts[0].text
