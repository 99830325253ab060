"""WARC archives: one article per HTML response (or resource) record.

The record's WARC-Target-URI is the article's url and its WARC-Date (when the page was
fetched) goes to ``_meta["crawl_date"]``: a latest possible publication time, used when the
page itself gives no date. Ids are ``<file id>/<n>``, n counting the archive's HTML records.
"""
from __future__ import annotations

from collections import Counter
from typing import BinaryIO, Iterator

from ..model import Article
from .html_page import extract
from .sources import InputProblem, Source, mb, sniff

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _html_payload(rec) -> bool:
    if rec.rec_type == "response" and rec.http_headers is not None:
        status = rec.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
        ctype = rec.http_headers.get_header("Content-Type") or ""
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    return any(t in ctype.lower() for t in _HTML_TYPES) or not ctype


def read_warc(src: Source, stream: BinaryIO) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    types: Counter = Counter()
    n = 0
    failed: list[str] = []
    too_long: list[str] = []
    cap = src.limits.max_article_bytes
    try:
        for rec in ArchiveIterator(stream):
            types[rec.rec_type] += 1
            if rec.rec_type not in ("response", "resource") or not _html_payload(rec):
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            payload = rec.content_stream().read(cap + 1)
            if len(payload) > cap:
                too_long.append(uri or f"record {sum(types.values())}")
                continue
            if getattr(rec.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
                src.notes.append(f"archive cut short in {uri or 'its last record'} (truncated "
                                 "download?); the records before were read")
                break
            if not payload.strip() or sniff(payload[:65536]) != "html":
                continue
            n += 1
            page = extract(payload, url=uri)
            if page is None:
                failed.append(uri or f"record {n}")
                continue
            art = Article(id=f"{src.base_id}/{n}", source=uri or f"{src.display}#{n}",
                          text=page.text, title=page.title, outlet=page.outlet,
                          published=page.published, byline=page.byline,
                          removed=page.removed, url=page.url or uri)
            art._format = "html"
            art._meta = {**page.meta, "crawl_date": rec.rec_headers.get_header("WARC-Date"),
                         "warc": src.display}
            yield art
    except ArchiveLoadFailed as e:
        if not types:
            raise InputProblem(f"not a WARC archive ({e}); give a .warc or .warc.gz file") from None
        src.notes.append(f"archive broken after {sum(types.values())} records ({e}); "
                         "the records before were read")
    finally:
        if too_long:
            shown = ", ".join(too_long[:5]) + (" ..." if len(too_long) > 5 else "")
            src.notes.append(f"{len(too_long)} record(s) over {mb(cap)} (the read limit) "
                             f"skipped: {shown}")
        if failed:
            shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
            src.notes.append(f"no article text found in {len(failed)} HTML record(s): {shown}")
    if n == 0:
        seen = ", ".join(f"{c} {t}" for t, c in types.most_common()) or "no records"
        raise InputProblem(f"no HTML response records in the archive ({seen}); give a WARC "
                           "of fetched pages", status="empty")
    if len(failed) == n:
        raise InputProblem(f"no article text found in any of its {n} HTML records "
                           "(index pages, paywalls or script-rendered pages?)")
