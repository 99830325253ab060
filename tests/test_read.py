"""The read stage: each reader, sniffing, ids, streaming (no pipeline needed)."""
from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from newslineage import read
from newslineage.model import Article, InputStatus

PARAS = [
    "A powerful storm struck the northern coast on Tuesday, cutting power to thousands of "
    "homes and forcing the closure of several roads, officials said.",
    "Emergency services said they had received hundreds of calls overnight. \u201cWe are doing "
    "everything we can,\u201d said the mayor, who urged residents to stay indoors.",
    "Forecasters expect the storm to move east by Thursday, bringing heavy rain to inland "
    "areas that were already flooded last month.",
]


def page(title="Storm hits coast", paras=PARAS, stamp="2024-03-05T10:00:00+01:00",
         url="https://planet.example/storm") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} - Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="og:title" content="{title}">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="{stamp}">
<link rel="canonical" href="{url}">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{body}</article><footer>Copyright 2024 Daily Planet. All rights reserved.</footer></body></html>"""


def by_source(statuses):
    return {s.source: s for s in statuses}


def test_text_utf8_nfc_and_bom(tmp_path):
    # decomposed "é" and a BOM: the article holds NFC text without the BOM
    (tmp_path / "a.txt").write_bytes("\ufeffCafe\u0301 owners said prices rose.\r\n".encode())
    arts, sts = read.read_inputs([str(tmp_path / "a.txt")])
    assert [a.id for a in arts] == ["a"]
    assert arts[0].text == "Caf\u00e9 owners said prices rose.\n"
    assert arts[0]._format == "text"
    assert sts == [InputStatus(source=str(tmp_path / "a.txt"), status="ok", articles=1)]


def test_text_latin1_detected(tmp_path):
    text = ("Le ministre a déclaré mercredi que la réforme des retraites serait présentée "
            "à l'Assemblée nationale après l'été. « Nous irons jusqu'au bout », a-t-il ajouté, "
            "précisant que le coût dépasserait 2 milliards d'euros. Les syndicats ont réagi.")
    (tmp_path / "fr.txt").write_bytes(text.encode("latin-1"))
    arts, sts = read.read_inputs([str(tmp_path / "fr.txt")])
    assert arts[0].text == text
    assert arts[0]._meta["encoding"] != "utf-8"
    assert sts[0].status == "ok"


def test_short_western_text_prefers_cp1252(tmp_path):
    text = "Café crème, déjà vu à Zürich - naïve façade."
    (tmp_path / "short.txt").write_bytes(text.encode("latin-1"))
    arts, _ = read.read_inputs([str(tmp_path / "short.txt")])
    assert arts[0].text == text


def test_html_body_paragraphs_and_metadata(tmp_path):
    (tmp_path / "storm.html").write_text(page(), encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path / "storm.html")])
    (a,) = arts
    assert a.id == "storm" and a._format == "html"
    assert a.text.split("\n\n") == PARAS
    assert "Home" not in a.text and "Copyright" not in a.text
    assert a.title == "Storm hits coast"
    assert a.byline == ["Jane Roe"]
    assert a.outlet == "Daily Planet"
    assert a.url == "https://planet.example/storm"
    assert a.published.startswith("2024-03-05T10:00")
    assert a._meta["htmldate"] == "2024-03-05"
    assert a.removed[0].reason == "title"  # the repeated h1 is audited, not lost
    # and so is the rest of the page that the body leaves out ("Home", the copyright line)
    left = {r.text: r.reason for r in a.removed[1:]}
    assert "Home World" in left and any("Copyright" in t for t in left)
    assert set(left.values()) == {"outside the article body (trafilatura)"}
    assert sts[0].status == "ok" and sts[0].articles == 1


def test_html_date_without_time_stays_a_date(tmp_path):
    (tmp_path / "p.htm").write_text(page(stamp="2023-11-02"), encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "p.htm")])
    assert a.published == "2023-11-02"


def bare_page(title: str, paras=PARAS, foot="Copyright AFP 2005. All rights reserved.") -> str:
    """A page without meta tags: the site only in <title>, a wire's rights line at the foot."""
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return f"""<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<article><h1>Storm hits coast</h1>\n{body}<p>{foot}</p></article></body></html>"""


def test_html_site_from_the_title_when_no_meta_names_it(tmp_path):
    (tmp_path / "a.html").write_text(bare_page("Storm hits coast | Coastal Courier"), encoding="utf-8")
    (tmp_path / "b.html").write_text(bare_page("Coastal Courier - Storm hits coast"), encoding="utf-8")
    (tmp_path / "c.html").write_text(bare_page("Storm hits coast"), encoding="utf-8")
    arts, _ = read.read_inputs([str(tmp_path)])
    got = {a.id: a.outlet for a in arts}
    assert got["a"] == "Coastal Courier" and got["b"] == "Coastal Courier"
    assert got["c"] != "Coastal Courier"  # no site named: nothing made up


def test_html_a_bare_year_of_the_body_is_no_publication_date(tmp_path):
    paras = PARAS + ["The last storm of this size struck the coast in 1995, the mayor recalled."]
    (tmp_path / "old.html").write_text(bare_page("Storm hits coast | Coastal Courier", paras, "© 2005 Coastal Courier"),
                                       encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "old.html")])
    assert not (a.published or "").endswith("-01-01")
    # a date the page's markup gives stays, January 1st included
    (tmp_path / "ny.htm").write_text(page(stamp="2024-01-01"), encoding="utf-8")
    (b,), _ = read.read_inputs([str(tmp_path / "ny.htm")])
    assert b.published == "2024-01-01"


def test_jsonl_fields_override_and_line_ids(tmp_path):
    recs = [
        {"uuid": "r-1", "body": PARAS[0], "headline": "Storm", "site": "Planet"},
        {"body": PARAS[1], "headline": "Calls"},
        {"uuid": "r-3", "body": PARAS[2], "headline": "Rain"},
    ]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    fields = {"text": "body", "id": "uuid", "title": "headline", "outlet": "site"}
    arts, sts = read.read_inputs([str(f)], fields=fields)
    assert [a.id for a in arts] == ["r-1", "feed/2", "r-3"]
    assert [a.text for a in arts] == PARAS
    assert arts[0].title == "Storm" and arts[0].outlet == "Planet"
    assert "title" in arts[0]._meta["given"]
    assert sts[0].status == "ok" and sts[0].articles == 3 and sts[0].message is None


def test_jsonl_default_names_and_common_aliases(tmp_path):
    recs = [
        {"id": "x", "text": PARAS[0], "published": "2024-05-01", "byline": "A. Writer",
         "language": "en", "url": "https://x.example/1", "credits": ["Reuters"]},
        {"id": "y", "maintext": PARAS[1], "date_publish": 1714557600, "authors": ["B", "C"]},
    ]
    f = tmp_path / "f.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    (x, y), _ = read.read_inputs([str(f)])
    assert (x.published, x.byline, x.language, x.url, x.credits) == (
        "2024-05-01", ["A. Writer"], "en", "https://x.example/1", ["Reuters"])
    assert y.text == PARAS[1] and y.byline == ["B", "C"]
    assert y.published.startswith("2024-05-01T")


def test_unknown_field_key_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown field key"):
        read.read_inputs([], fields={"body": "text"})


def test_jsonl_record_holding_html_is_extracted(tmp_path):
    f = tmp_path / "pages.jsonl"
    f.write_text(json.dumps({"id": "p", "text": page()}) + "\n", encoding="utf-8")
    (a,), _ = read.read_inputs([str(f)])
    assert a._format == "html" and a.text.split("\n\n") == PARAS


def test_json_list_object_and_wrapped_list(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps(
        [{"text": PARAS[0]}, {"id": "named", "text": PARAS[1]}]), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"text": PARAS[2], "title": "T"}, indent=2),
                                       encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps(
        {"count": 1, "articles": [{"text": PARAS[0] + " Again."}]}), encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["list/1", "named", "one", "wrapped/1"]
    assert arts[2].title == "T"
    assert all(s.status == "ok" for s in sts)


def make_warc(path, pages, compress):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=compress)
        for uri, body, ctype in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": "2024-03-06T08:00:00Z"})
            w.write_record(rec)


@pytest.mark.parametrize("name,compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_records(tmp_path, name, compress):
    make_warc(tmp_path / name, [
        ("https://planet.example/storm", page(), "text/html; charset=utf-8"),
        ("https://planet.example/logo.png", "PNGDATA", "image/png"),
        ("https://other.example/rain", page(title="Rain moves inland", paras=PARAS[::-1],
                                            url="https://other.example/rain"), "text/html"),
    ], compress)
    arts, sts = read.read_inputs([str(tmp_path / name)])
    assert [a.id for a in arts] == ["crawl/1", "crawl/2"]
    assert [a.url for a in arts] == ["https://planet.example/storm", "https://other.example/rain"]
    assert arts[1].text.split("\n\n") == PARAS[::-1]
    assert all(a._format == "html" and a._meta["crawl_date"].startswith("2024-03-06")
               for a in arts)
    assert sts[0].status == "ok" and sts[0].articles == 2


@pytest.mark.parametrize("name,content,kind", [
    ("a.txt.gz", PARAS[0], "text"),
    ("a.html.gz", page(), "html"),
    ("a.jsonl.gz", json.dumps({"text": PARAS[0]}) + "\n" + json.dumps({"text": PARAS[1]}), "jsonl"),
])
def test_gzip_variants(tmp_path, name, content, kind):
    (tmp_path / name).write_bytes(gzip.compress(content.encode()))
    arts, sts = read.read_inputs([str(tmp_path / name)])
    assert sts[0].status == "ok" and arts
    assert all(a.id.startswith("a") for a in arts)
    if kind == "jsonl":
        assert [a.id for a in arts] == ["a/1", "a/2"]
    else:
        assert arts[0].id == "a" and arts[0].text.startswith("A powerful storm")
        assert arts[0]._format == ("html" if kind == "html" else "text")


@pytest.mark.parametrize("content,fmt,n", [
    (PARAS[0] + "\n\n" + PARAS[1], "text", 1),
    (page(), "html", 1),
    ("\n".join(json.dumps({"text": p}) for p in PARAS), "text", 3),
])
def test_unknown_extension_is_sniffed(tmp_path, content, fmt, n):
    (tmp_path / "item.dat").write_text(content, encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path / "item.dat")])
    assert len(arts) == n and sts[0].status == "ok"
    assert all(a._format == fmt for a in arts)


def test_gzip_without_gz_name_is_sniffed(tmp_path):
    (tmp_path / "blob").write_bytes(gzip.compress(page().encode()))
    (a,), _ = read.read_inputs([str(tmp_path / "blob")])
    assert a._format == "html" and a.title == "Storm hits coast"


class FakeStdin(io.TextIOWrapper):
    def isatty(self):
        return False


@pytest.mark.parametrize("content,fmt,ids", [
    ("\n".join(json.dumps({"text": p}) for p in PARAS), "text", ["stdin/1", "stdin/2", "stdin/3"]),
    (page(), "html", ["stdin"]),
    (PARAS[0], "text", ["stdin"]),
])
def test_stdin_sniffed(monkeypatch, content, fmt, ids):
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(content.encode()), encoding="utf-8"))
    arts, sts = read.read_inputs(["-"])
    assert [a.id for a in arts] == ids and all(a._format == fmt for a in arts)
    assert sts == [InputStatus(source="<stdin>", status="ok", articles=len(ids))]


def test_folder_recursive_sorted_ids(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text("Second article text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article text.", encoding="utf-8")
    (tmp_path / "sub" / "000_abc.txt").write_text("Nested article.", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "z.html").write_text(page(), encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["a", "b", "sub/000_abc", "sub/deeper/z"]
    assert [a.source for a in arts][2] == str(tmp_path / "sub" / "000_abc.txt")
    assert [s.status for s in sts] == ["ok"] * 4
    again, _ = read.read_inputs([str(tmp_path)])
    assert [a.id for a in again] == [a.id for a in arts]


def test_duplicate_ids_get_a_suffix(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "story.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "y" / "story.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "y" / "story.html").write_text(page(), encoding="utf-8")
    f = tmp_path / "dup.jsonl"
    f.write_text("\n".join(json.dumps({"id": "story", "text": t}) for t in ("Three.", "Four.")),
                 encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path / "x" / "story.txt"), str(tmp_path / "y"), str(f)])
    ids = [a.id for a in arts]
    assert ids == ["story", "story~2", "story~3", "story~4", "story~5"]
    assert "renamed" in by_source(sts)[str(f)].message


def test_iter_articles_streams_status_after_its_articles(tmp_path):
    f = tmp_path / "big.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        for i in range(2000):
            fh.write(json.dumps({"id": f"n{i}", "text": f"Article number {i} says hello."}) + "\n")
    it = read.iter_articles([str(f)])
    first = next(it)
    assert isinstance(first, Article) and first.id == "n0"  # yielded before the file is done
    rest = list(it)
    assert isinstance(rest[-1], InputStatus) and rest[-1].articles == 2000
    assert sum(isinstance(x, Article) for x in rest) == 1999


def test_seeds(need_seeds):
    arts, sts = read.read_inputs([str(need_seeds)])
    assert len(arts) == 5 and all(s.status == "ok" for s in sts)
    assert arts[0].id == "000_00830faf4447810d"
    assert all(a._format == "text" and a.text.strip() for a in arts)


@pytest.fixture
def need_seeds():
    from conftest import need_shared
    return need_shared("seeds", "articles")


def test_csv_and_tsv_rows(tmp_path):
    import csv
    with open(tmp_path / "t.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "body", "outlet"])
        w.writerow(["Storm", "\n\n".join(PARAS), "Planet"])  # a body over several lines
        w.writerow(["Nothing", "", "Planet"])
    (tmp_path / "t2.tsv").write_text("id\ttext\nk1\t" + PARAS[2] + "\n", encoding="utf-8")
    arts, sts = read.read_inputs([str(tmp_path)])
    assert [a.id for a in arts] == ["t/1", "k1"]
    assert arts[0].text.split("\n\n") == PARAS and arts[0].title == "Storm"
    assert by_source(sts)[str(tmp_path / "t.csv")].message.startswith("an empty text")


def test_saved_page_named_txt_is_read_as_html(tmp_path):
    (tmp_path / "page.txt").write_text(page(), encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "page.txt")])
    assert a._format == "html" and a.text.split("\n\n") == PARAS


@pytest.mark.parametrize("text,enc", [
    ("Привет мир, это тест кодировки, сказал министр в среду.", "cp1251"),
    ("Zażółć gęślą jaźń, powiedział minister w środę.", "cp1250"),
    ("The minister said it was \u201cunacceptable\u201d \u2013 and left\u2026 It\u2019s over.", "cp1252"),
])
def test_legacy_encodings(tmp_path, text, enc):
    (tmp_path / "x.txt").write_bytes(text.encode(enc))
    (a,), _ = read.read_inputs([str(tmp_path / "x.txt")])
    assert a.text == text


def test_html_br_separated_paragraphs_and_table_cells(tmp_path):
    html = ("<html><body><div class='story'>" + "<br><br>".join(PARAS[:2])
            + "<table><tr><td>Team</td><td>Score</td></tr><tr><td>Alpha <b>United</b></td>"
            "<td>3</td></tr></table>" + f"<p>{PARAS[2]}</p></div></body></html>")
    (tmp_path / "old.html").write_text(html, encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "old.html")])
    paras = a.text.split("\n\n")
    assert paras[:2] == PARAS[:2] and paras[-1] == PARAS[2]
    assert "Alpha United 3" in paras  # cells apart, inline markup joined


def test_stdin_twice_and_gzip_on_stdin(monkeypatch):
    data = gzip.compress("\n".join(json.dumps({"text": p}) for p in PARAS).encode())
    stdin = FakeStdin(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    arts, sts = read.read_inputs(["-", "-"])
    assert len(arts) == 3 and [s.status for s in sts] == ["ok", "skipped"]
    assert not stdin.closed  # stdin is not ours to close


def test_record_dates_become_iso(tmp_path):
    recs = [{"id": "rss", "text": "a", "published": "Mon, 19 May 2025 09:11:00 GMT"},
            {"id": "words", "text": "b", "date": "May 19, 2025"},
            {"id": "relative", "text": "c", "published": "3 hours ago"}]
    f = tmp_path / "d.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    arts, _ = read.read_inputs([str(f)])
    assert [a.published for a in arts] == ["2025-05-19T09:11:00+00:00", "2025-05-19", None]
    assert arts[2]._meta["published_raw"] == "3 hours ago"


def test_json_object_keyed_by_id(tmp_path):
    (tmp_path / "k.json").write_text(json.dumps(
        {"alpha": {"text": PARAS[0]}, "beta": {"id": "own", "text": PARAS[1]}}), encoding="utf-8")
    arts, _ = read.read_inputs([str(tmp_path / "k.json")])
    assert [a.id for a in arts] == ["alpha", "own"]


def test_lone_surrogates_from_json_escapes_are_replaced(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"id": "s", "text": "broken \\ud800 pair", '
                                      '"title": "ok \\ud83d\\ude00"}\n', encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "s.jsonl")])
    assert a.text == "broken \ufffd pair" and a.title == "ok \U0001F600"
    a.text.encode("utf-8")  # the report can be written


def test_file_named_warc_that_is_not_one(tmp_path):
    (tmp_path / "x.warc").write_text(PARAS[0], encoding="utf-8")
    arts, (s,) = read.read_inputs([str(tmp_path / "x.warc")])
    assert arts == [] and s.status == "error" and "not a WARC" in s.message


def test_html_timestamp_from_json_ld(tmp_path):
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": "Storm hits coast", "datePublished": "2024-03-05T07:30:00Z",
                     "dateModified": "2024-03-06T12:00:00Z",
                     "author": {"@type": "Person", "name": "Jane Roe"}})
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><head><title>Storm hits coast</title><script type='application/ld+json'>{ld}"
            f"</script></head><body><article>{body}</article></body></html>")
    (tmp_path / "ld.html").write_text(html, encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "ld.html")])
    assert a.published == "2024-03-05T07:30:00+00:00"
    assert a.byline == ["Jane Roe"]


NOISY = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry fire: 312 evacuated | The Coastal Times</title>
<meta property="og:site_name" content="The Coastal Times"><meta name="author" content="Hanne Lid">
<meta property="article:published_time" content="2025-10-14T19:10:00+02:00">
<meta property="article:modified_time" content="2025-10-15T08:00:00+02:00"></head><body>
<header><ul class="menu"><li><a href="/">News</a></li><li><a href="/sport">Sport</a></li></ul></header>
<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
<main><article><h1>Ferry fire: 312 evacuated</h1>
<p>Fire broke out on a passenger ferry in the strait on Tuesday morning, forcing the evacuation
of 312 people, the coastguard said.</p>
<div class="newsletter">Sign up for our morning newsletter <button>Subscribe</button></div>
<p>Twelve passengers were treated for smoke inhalation, according to the hospital in Brenvik,
which said none of the injuries was serious.</p>
<aside class="related"><h3>Read more</h3><ul><li><a href="/a">Minister defends subsidy cut</a>
</li></ul></aside>
<p>The route will be closed until at least Friday.</p>
<div class="share"><a>Share on Facebook</a> <a>Share on X</a></div></article></main>
<section class="comments"><h2>Comments</h2><p>Terrible news, hope everyone is ok!</p></section>
<footer><p>© 2025 The Coastal Times. All rights reserved.</p></footer></body></html>"""


def test_html_page_furniture_left_out(tmp_path):
    (tmp_path / "noisy.html").write_text(NOISY, encoding="utf-8")
    (a,), _ = read.read_inputs([str(tmp_path / "noisy.html")])
    paras = a.text.split("\n\n")
    assert len(paras) == 3 and paras[0].startswith("Fire broke out") and "\n" not in a.text.replace("\n\n", "")
    for furniture in ("cookies", "newsletter", "Read more", "Share on", "Comments", "©", "Sport"):
        assert furniture not in a.text
    assert a.published == "2025-10-14T19:10:00+02:00"  # published, not modified
    assert (a.title, a.outlet, a.byline) == ("Ferry fire: 312 evacuated", "The Coastal Times",
                                             ["Hanne Lid"])
    assert a._meta["html_lang"] == "en-GB"


def test_texts_and_records_are_read_beside_paths(tmp_path):
    (tmp_path / "a.txt").write_text(PARAS[0], encoding="utf-8")
    text = PARAS[1] + "\n\n" + PARAS[2]
    rec = {"id": "r1", "text": PARAS[2], "outlet": "Planet", "published": "2024-05-06"}
    arts, sts = read.read_inputs([str(tmp_path / "a.txt"), text, rec, {"title": "no body"},
                                  {"text": 42}])
    assert [a.id for a in arts] == ["a", "text1", "r1"]
    assert arts[1].text == text and arts[2].outlet == "Planet"
    assert [s.status for s in sts] == ["ok", "ok", "ok", "empty", "error"]
    assert "not text" in sts[-1].message
