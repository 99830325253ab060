"""A hostile folder: good articles mixed with every kind of bad input we know of.

``build(root, scale)`` writes it and returns (good article ids, {bad input: expected
status}). ``scale`` multiplies the bombs: the test uses small bombs with read caps set low
(the same code paths), ``benchmarks/hostile_memory.py`` full-size ones with the default caps.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import random

TOPICS = [
    ("ferry", "Fire broke out on a passenger ferry in the strait on Tuesday morning, forcing the "
              "evacuation of 312 people, the coastguard said."),
    ("bridge", "Officials said on Monday that the old river bridge would reopen next week after "
               "three months of repairs to its steel deck."),
    ("harvest", "Farmers in the northern valley expect the smallest wheat harvest in a decade "
                "after a dry spring, the regional agriculture office said."),
    ("museum", "The city museum will open a new wing for modern photography in March, its "
               "director told reporters at a briefing on Thursday."),
    ("rail", "Train drivers voted to strike for two days later this month over pay, closing "
             "most regional lines, their union announced."),
    ("storm", "A late winter storm cut power to about 40,000 homes along the coast overnight, "
              "and crews were working to restore lines, the utility said."),
    ("vaccine", "Health officials began offering a second round of vaccinations at pharmacies "
                "on Friday, aiming to reach older residents before the holidays."),
    ("budget", "The council approved a budget that raises spending on schools by 4 percent "
               "while freezing fees for parking and public pools."),
    ("library", "The central library is extending its opening hours to ten at night on weekdays "
                "after a survey found strong demand from students."),
    ("airport", "Flights were delayed for up to three hours at the regional airport on Sunday "
                "after a fault in the baggage system, a spokeswoman said."),
    ("river", "Water levels in the river rose above the flood mark on Wednesday, and residents "
              "of two villages were asked to move valuables upstairs."),
    ("market", "The weekly farmers market moves to the old station square from next month while "
               "the main street is repaved, organisers said."),
    ("school", "Two primary schools will merge next autumn because of falling pupil numbers, "
               "the education board decided after a long consultation."),
    ("zoo", "The zoo welcomed twin red panda cubs, the first born there in twelve years, and "
            "they will be shown to visitors in the spring."),
    ("harbour", "Work on the harbour wall will start in June and last about a year, the port "
                "authority said, with fishing boats moved to the east quay."),
]


def article(topic: int, extra: str = "") -> str:
    """A plain news text of three paragraphs on one topic."""
    name, lead = TOPICS[topic]
    return (f"{lead}\n\nThe announcement about the {name} followed weeks of questions from "
            f"residents, who had asked for clear dates and plain answers.{extra}\n\n"
            f"More details about the {name} are expected later this week, a spokesperson said.")


def html_page(title: str, body: str, wrap: int = 0) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>{title}</title></head><body>" + "<div>" * wrap
            + f"<article><h1>{title}</h1>{paras}</article>" + "</div>" * wrap + "</body></html>")


def _warc(records: list[tuple[str, bytes, str]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, payload, ctype in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                            http_headers=http))
    return buf.getvalue()


def _gzip_bomb(path, size: int, head: bytes = b"") -> None:
    """``head`` then ``size`` spaces, gzip-compressed a megabyte at a time (never held whole)."""
    chunk = b" " * min(size, 1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(head)
        left = size
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)


def build(root, scale: int = 1) -> tuple[list[str], dict[str, str]]:
    """The hostile folder under ``root``; (good article ids, {bad input: status})."""
    root.mkdir(parents=True, exist_ok=True)
    w = lambda rel, data: ((root / rel).parent.mkdir(parents=True, exist_ok=True),  # noqa: E731
                           (root / rel).write_bytes(data if isinstance(data, bytes)
                                                    else data.encode("utf-8")))
    good: list[str] = []
    bad: dict[str, str] = {}
    rnd = random.Random(7)

    # --- good articles, in every format ---------------------------------------------------
    w("good.txt", article(0)); good.append("good")
    w("sub/good.html", html_page("Bridge", article(1))); good.append("sub/good")
    w("feed.jsonl", "\n".join(json.dumps({"id": f"feed{i}", "text": article(2 + i)})
                             for i in range(2)) + "\n"); good += ["feed0", "feed1"]
    w("list.json", json.dumps([{"id": "list1", "text": article(4)}])); good.append("list1")
    w("table.csv", "id,title,text\n" + f'csv1,Rail,"{article(5)}"\n'); good.append("csv1")
    w("packed.txt.gz", gzip.compress(article(6).encode())); good.append("packed")
    w("pages.warc.gz", _warc([("https://x.example/budget", html_page("Budget", article(7))
                               .encode(), "text/html")], gz=True)); good.append("pages/1")
    w("legacy.txt", article(8, " Caf\u00e9 cr\u00e8me.").encode("cp1252")); good.append("legacy")
    w("bom.txt", b"\xef\xbb\xbf" + article(9).encode()); good.append("bom")
    w("wide.jsonl", (json.dumps({"id": "wide1", "text": article(10)}) + "\n"
                     + json.dumps({"id": "wide2", "text": article(11)}) + "\n").encode("utf-16"))
    good += ["wide1", "wide2"]
    w("deep.html", html_page("Market", article(12), wrap=5000)); good.append("deep")
    w(os.fsdecode(b"caf\xe9-news.txt"), article(13)); good.append("caf\\xe9-news")
    w("evil\x1b[2J\x1b]0;title\x07.txt", article(14)); good.append("evil\x1b[2J\x1b]0;title\x07")
    # records mixed with bad ones: the file is ok, the bad records are named in its message
    w("mixed.jsonl", "\n".join([json.dumps({"id": "mixed1", "text": article(0, " Mixed.")}),
                                "{not json", json.dumps({"id": "n", "text": 42}),
                                json.dumps({"id": "d", "text": True}),
                                json.dumps({"id": "e", "text": ""}),
                                '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}",
                                json.dumps({"id": "p", "text": article(1, " Dated."),
                                            "published": "2024-13-45"})]) + "\n")
    good += ["mixed1", "p"]
    row = article(3, " Row.").replace("\n\n", " ")
    w("rows.tsv", f"id\ttitle\ttext\nt1\t\"Quoted\t{row}\nt2\tbroken row\n")
    good.append("t1")
    cut = _warc([(f"https://x.example/{i}", html_page(f"Zoo {i}", article(13, f" Part {i}."))
                  .encode(), "text/html") for i in range(2)], gz=False)
    w("cut.warc", cut[:-300]); good.append("cut/1")

    # --- bad inputs: one entry each ----------------------------------------------------------
    def b(rel, data, status):
        if data is not None:
            w(rel, data)
        bad[rel] = status

    b("empty.txt", b"", "empty")
    b("blank.txt", "  \n\n \t\n", "empty")
    b("nul.txt", bytes(range(256)) * 20, "error")
    b("noise.txt", bytes(rnd.randrange(1, 256) for _ in range(4000)), "error")
    b("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "skipped")
    b("img.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "skipped")
    b("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(300), "skipped")
    b("archive.zip", b"PK\x03\x04" + bytes(300), "skipped")
    b("prog", b"\x7fELF" + bytes(300), "skipped")
    b("db.sqlite", b"SQLite format 3\x00" + bytes(300), "skipped")
    b("Thumbs.db", b"\xd0\xcf\x11\xe0" + bytes(100), "skipped")
    blob = gzip.compress(" ".join(f"{TOPICS[0][1]} {i}" for i in range(500)).encode())
    b("cut.txt.gz", blob[: len(blob) // 2], "error")
    b("notgzip.jsonl.gz", b"\x1f\x8b\x08\x00garbage-not-deflate", "error")
    b("broken.xz", b"\xfd7zXZ\x00" + bytes(50), "error")
    b("broken.json", '{"text": "unterminated', "error")
    b("scalar.json", "42", "error")
    b("deep.json", "[" * 100_000 + "]" * 100_000, "error")
    b("nobody.jsonl", json.dumps({"headline": "x", "story_body": "y"}) + "\n", "error")
    b("numbers.jsonl", "\n".join(json.dumps({"text": v}) for v in (42, [1, 2], {"a": 1}, True))
      + "\n", "error")
    b("emptytext.jsonl", json.dumps({"text": ""}) + "\n", "empty")
    b("script.html", "<html><body><script>render()</script></body></html>", "error")
    b("images.warc.gz", _warc([("https://x.example/a.png", b"\x89PNG....", "image/png")], True),
      "empty")
    b("fake.warc", "not a warc at all, just words", "error")
    b("nothing.txt.gz", gzip.compress(b""), "empty")
    b("numbers.json", "[1, 2, 3]", "error")
    b("header.csv", "id,title,text\n", "empty")
    b(".hidden.txt", article(0), "skipped")
    b(".git", None, "skipped")
    w(".git/HEAD", "ref: refs/heads/main")
    (root / "emptydir").mkdir()
    bad["emptydir"] = "empty"
    # bombs and giants (sizes scale; the caps are set low in the test)
    _gzip_bomb(root / "bomb.txt.gz", 3_000_000 * scale)
    bad["bomb.txt.gz"] = "skipped"
    _gzip_bomb(root / "bomb.jsonl.gz", 3_000_000 * scale, head=b'{"text": "')
    bad["bomb.jsonl.gz"] = "skipped"
    with bz2.open(root / "bomb.txt.bz2", "wb") as fh:
        for _ in range(3 * scale):
            fh.write(b"a" * 1_000_000)
    bad["bomb.txt.bz2"] = "skipped"
    with open(root / "giant.txt", "wb") as fh:  # one line, over the article cap
        for _ in range(2 * scale):
            fh.write((TOPICS[1][1] + " ").encode() * 8000)
    bad["giant.txt"] = "skipped"
    with open(root / "linebomb.jsonl", "wb") as fh:  # one line over the cap, and nothing else
        fh.write(b'{"text": "')
        for _ in range(2 * scale):
            fh.write(b"x" * 1_000_000)
        fh.write(b'"}\n')
    bad["linebomb.jsonl"] = "error"
    b("big.json", json.dumps([{"text": "y" * 1000}] * (3000 * scale)), "skipped")
    b("lzma.txt.xz", lzma.compress(b"z" * (3_000_000 * scale)), "skipped")
    # links, pipes, reports of earlier runs
    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_text("secret " + article(2))
    (root / "leak.txt").symlink_to(outside)
    bad["leak.txt"] = "skipped"
    (root / "dangling.txt").symlink_to(root / "no-such-file.txt")
    bad["dangling.txt"] = "error"
    (root / "linkdir").symlink_to(root / "sub", target_is_directory=True)
    bad["linkdir"] = "skipped"
    os.mkfifo(root / "pipe.txt")
    bad["pipe.txt"] = "skipped"
    b("report.json", json.dumps({"schema": "newslineage.report/1", "inputs": [],
                                 "articles": []}), "skipped")
    b("report.html", '<!doctype html><html><head><meta charset="utf-8">'
      '<meta name="generator" content="newslineage"></head><body></body></html>', "skipped")
    return good, bad


# The read caps the test sets (the bombs above exceed them; every good article fits).
SMALL_CAPS = "[read]\nmax_article_bytes = 200000\nmax_document_bytes = 1000000\nmax_inflation = 50\n"
