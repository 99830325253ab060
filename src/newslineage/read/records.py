"""JSON Lines, JSON and CSV/TSV: one article per record (row).

Field names default to the report's own (text, id, title, url, published, outlet, language,
byline, credits), then to common names used by crawlers and datasets (body, content,
maintext, headline, date, authors, ...). ``fields={"text": "body"}`` names a field exactly,
and then only that name is tried.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import BinaryIO, Iterator

from ..memo import memoized
from ..model import Article
from .html_page import extract, looks_like_html
from .sources import CHUNK, InputProblem, Source, mb, read_capped
from .text import decode, normalize

FIELD_KEYS = ("text", "id", "title", "url", "published", "outlet", "language", "byline", "credits")
_ALIASES = {
    "text": ("text", "body", "content", "maintext", "article", "full_text", "fulltext", "story"),
    "id": ("id", "uuid", "_id", "doc_id", "docid", "article_id"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "uri", "canonical_url"),
    "published": ("published", "date", "date_publish", "published_at", "publish_date",
                  "pubdate", "datePublished", "timestamp", "time"),
    "outlet": ("outlet", "sitename", "site_name", "publisher", "source_domain", "domain", "source"),
    "language": ("language", "lang"),
    "byline": ("byline", "author", "authors"),
    "credits": ("credits",),
}
_LIST_KEYS = ("articles", "items", "records", "data", "results", "documents", "docs")
_SHOW_LINES = 10


class FieldMap:
    """Which record field holds each article attribute."""

    def __init__(self, fields: dict | None = None):
        fields = dict(fields or {})
        unknown = sorted(set(fields) - set(FIELD_KEYS))
        if unknown:
            raise ValueError(f"unknown field key(s) {', '.join(unknown)}: the keys are "
                             f"{', '.join(FIELD_KEYS)} (e.g. text=body)")
        self.given = fields
        self.names = {k: (fields[k],) if k in fields else _ALIASES[k] for k in FIELD_KEYS}

    def get(self, rec: dict, key: str):
        for name in self.names[key]:
            value = rec.get(name)
            if value is not None and value != "":
                return value
        return None

    def present(self, rec: dict, key: str) -> bool:
        """The record has the field, even if it is empty."""
        return any(name in rec for name in self.names[key])

    def describe(self, key: str) -> str:
        return repr(self.given[key]) if key in self.given else f"'{key}'"


def _str(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):  # {"name": "Reuters"} and the like
        value = value.get("name") or value.get("title") or next(iter(value.values()), None)
        if value is None:
            return None
    s = " ".join(normalize(str(value)).split())
    return s or None


def _names(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [s for s in (_str(x) for x in items) if s]


def _published(value) -> str | None:
    """ISO 8601 from an epoch number, an ISO string, an RFC 2822 or a written-out date."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = _str(value)
    return _iso_date(s) if s else None


_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$")


@memoized(8192)
def _iso_date(s: str) -> str | None:
    """A date string in ISO 8601, or None when it cannot be read as an absolute date."""
    if re.match(r"\d{4}-\d\d-\d\d", s):
        try:  # "2024-13-45" is no date: checked, not passed on
            dt = datetime.fromisoformat(s.replace(" ", "T", 1).replace("Z", "+00:00"))
        except ValueError:
            try:
                return datetime.fromisoformat(s[:10]).date().isoformat()
            except ValueError:
                return None
        return s if _ISO.match(s) else dt.isoformat()
    if not re.search(r"\b\d{4}\b", s):  # "yesterday", "3 hours ago": no reference date here
        return None
    try:
        dt = parsedate_to_datetime(s)  # RSS and e-mail style
    except (TypeError, ValueError, IndexError):
        import dateparser
        dt = dateparser.parse(s, settings={"PREFER_DATES_FROM": "past"})
    if dt is None:
        return None
    return dt.isoformat() if re.search(r"\d:\d\d", s) else dt.date().isoformat()


class NotText(ValueError):
    """A record's text field holds a number, a dict, a boolean... not text."""


def _body(value) -> str | None:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        value = "\n\n".join(x for x in value if x)  # a list of paragraphs
    if value is None:
        return None
    if not isinstance(value, str):
        raise NotText(type(value).__name__ if not isinstance(value, list) else "list")
    return value


def record_to_article(rec: dict, fmap: FieldMap, default_id: str, source: str) -> Article | None:
    """The article of one record, or None when it has no text; raises NotText when its text
    field holds something else than text (a number, a dict...)."""
    v = {k: fmap.get(rec, k) for k in FIELD_KEYS}
    text = _body(v["text"])
    if text is None or not text.strip():
        return None
    fmt, meta = "text", {}
    title, url, byline = _str(v["title"]), _str(v["url"]), _names(v["byline"])
    outlet = published = None
    if looks_like_html(text):
        page = extract(text, url=url)
        if page is None:
            return None
        text, fmt, meta = page.text, "html", page.meta
        title, url, byline = title or page.title, url or page.url, byline or page.byline
        outlet, published = page.outlet, page.published
    else:
        text = normalize(text)
    given_date = _published(v["published"])
    if v["published"] is not None and given_date is None:
        meta["published_raw"] = str(v["published"])  # kept for the clean stage, which knows more
    art = Article(
        id=_str(v["id"]) or default_id,
        source=source,
        text=text,
        title=title,
        outlet=_str(v["outlet"]) or outlet,
        published=given_date or published,
        byline=byline,
        credits=_names(v["credits"]),
        language=_str(v["language"]),
        url=url,
    )
    art._format = fmt
    # Which attributes the record itself gave, so later stages keep them over guesses.
    meta["given"] = [k for k in FIELD_KEYS if k != "text" and v[k] is not None]
    art._meta = meta
    return art


def _lines_message(what: str, unit: str, lines: list[int], advice: str) -> str:
    shown = ", ".join(str(n) for n in lines[:_SHOW_LINES])
    more = f" and {len(lines) - _SHOW_LINES} more" if len(lines) > _SHOW_LINES else ""
    word = unit if len(lines) == 1 else unit + "s"
    return f"{what} on {word} {shown}{more}: {advice}"


class _Tally:
    """Records of one file that gave no article, to report them in one message."""

    def __init__(self, unit: str):
        self.unit, self.bad, self.no_text, self.good, self.keys = unit, [], [], 0, None
        self.empty_text: list[int] = []
        self.not_text: list[int] = []
        self.deep: list[int] = []
        self.too_long: list[int] = []
        self.cap = 0

    def notes(self, fmap: FieldMap) -> list[str]:
        out = []
        if self.bad:
            out.append(_lines_message("malformed JSON", self.unit, self.bad,
                                      "those were skipped, the others read; fix or remove them"))
        if self.deep:
            out.append(_lines_message("JSON nested too deeply to read", self.unit, self.deep,
                                      "those were skipped; flatten them"))
        if self.too_long:
            out.append(_lines_message(f"over {mb(self.cap)} (the read limit)", self.unit,
                                      self.too_long, "those were skipped; split them, or raise "
                                      "max_article_bytes"))
        if self.no_text:
            out.append(_lines_message(f"no text field ({fmap.describe('text')})", self.unit,
                                      self.no_text, "those were skipped; if the body is under "
                                      "another name, give --field text=NAME"))
        if self.empty_text:
            out.append(_lines_message("an empty text", self.unit, self.empty_text,
                                      "those were skipped (nothing to read)"))
        if self.not_text:
            out.append(_lines_message("a text field that is not text (a number, list or "
                                      "object)", self.unit, self.not_text,
                                      "those were skipped; give the body as a string"))
        return out

    def fail(self, fmap: FieldMap) -> None:
        """Raise when no record gave an article, saying why."""
        if self.good:
            return
        if self.no_text and self.keys is not None:
            keys = ", ".join(sorted(self.keys)[:15])
            raise InputProblem(f"no record has a text field ({fmap.describe('text')}); its "
                               f"fields are: {keys}. Give --field text=NAME")
        if self.empty_text and not (self.bad or self.not_text or self.deep or self.too_long
                                    or self.no_text):
            raise InputProblem("every record has an empty text: nothing to read ("
                               + "; ".join(self.notes(fmap)) + ")", status="empty")
        if self.bad or self.not_text or self.deep or self.too_long or self.empty_text:
            raise InputProblem("no record could be read (" + "; ".join(self.notes(fmap)) + ")")
        raise InputProblem("no records: nothing to read; remove it or check what wrote it",
                           status="empty")


def _one(rec, tally: _Tally, n: int, fmap: FieldMap, default_id: str, source: str):
    if not isinstance(rec, dict):
        tally.bad.append(n)
        return None
    if tally.keys is None:
        tally.keys = list(rec)
    try:
        art = record_to_article(rec, fmap, default_id, source)
    except NotText:
        tally.not_text.append(n)
        return None
    if art is None:
        (tally.empty_text if fmap.present(rec, "text") else tally.no_text).append(n)
        return None
    tally.good += 1
    return art


def read_jsonl(src: Source, stream: BinaryIO, fmap: FieldMap) -> Iterator[Article]:
    """One article per line; a bad line is noted and the reading goes on."""
    tally = _Tally("line")
    tally.cap = src.limits.max_article_bytes
    loads = json.loads
    try:
        for n, line in enumerate(_lines(stream, tally.cap), 1):
            if line is None:
                tally.too_long.append(n)
                continue
            if not line.strip():
                continue
            try:
                rec = loads(line)
            except UnicodeDecodeError:
                rec = None
                try:  # a line in a legacy encoding: read it rather than lose it
                    rec = loads(decode(line)[0])
                    src.notes.append(f"line {n} is not UTF-8; read as text in another encoding")
                except (ValueError, InputProblem):
                    tally.bad.append(n)
                    continue
            except ValueError:
                tally.bad.append(n)
                continue
            except RecursionError:
                tally.deep.append(n)
                continue
            art = _one(rec, tally, n, fmap, f"{src.base_id}/{n}", f"{src.display}:{n}")
            if art is not None:
                yield art
    except (Exception, GeneratorExit):  # cut short (truncated file): say what was skipped so far
        src.notes[:0] = tally.notes(fmap)
        raise
    tally.fail(fmap)
    src.notes[:0] = tally.notes(fmap)


def _lines(stream: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """The lines of a stream, each read in bounded memory: a line over ``cap`` bytes is
    passed over in chunks and given as None."""
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        while True:  # the rest of the long line, dropped a chunk at a time
            rest = stream.readline(CHUNK)
            if not rest or rest.endswith(b"\n"):
                break
        yield None


def read_json(src: Source, stream: BinaryIO, fmap: FieldMap) -> Iterator[Article]:
    """A JSON document: one record, a list of records, or an object holding such a list."""
    data = read_capped(stream, src.limits.max_document_bytes, "the JSON document",
                       "give it as JSON Lines (one record per line, e.g. jq -c '.[]'), or "
                       "raise max_document_bytes")
    if not data.strip():
        raise InputProblem("empty file: nothing to read; remove it or check what wrote it",
                           status="empty")
    try:
        try:
            doc = json.loads(data)
        except UnicodeDecodeError:  # a legacy encoding: decode it ourselves
            doc = json.loads(decode(data)[0])
    except RecursionError:
        raise InputProblem("JSON nested too deeply to read; flatten it") from None
    except ValueError as e:
        if "Extra data" in str(e):  # JSON Lines under a .json name
            yield from read_jsonl(src, io.BytesIO(data), fmap)
            return
        raise InputProblem(f"not valid JSON ({e}); fix it, or name it .jsonl if it holds "
                           "one record per line") from None
    if isinstance(doc, dict) and fmap.get(doc, "text") is None:
        lists = [doc[k] for k in _LIST_KEYS if isinstance(doc.get(k), list)]
        lists = lists or [v for v in doc.values() if isinstance(v, list) and v
                          and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            doc = lists[0]
        elif doc and all(isinstance(x, dict) and fmap.get(x, "text") is not None
                         for x in doc.values()):
            # {"<id>": {record}, ...}: the keys are the ids unless the records have their own
            doc = [{**rec, fmap.names["id"][0]: key} if fmap.get(rec, "id") is None else rec
                   for key, rec in doc.items()]
    tally = _Tally("item")
    if isinstance(doc, dict):
        art = _one(doc, tally, 1, fmap, src.base_id, src.display)
        if art is not None:
            yield art
    elif isinstance(doc, list):
        for n, rec in enumerate(doc, 1):
            art = _one(rec, tally, n, fmap, f"{src.base_id}/{n}", f"{src.display}#{n}")
            if art is not None:
                yield art
    else:
        raise InputProblem("JSON holds neither a record nor a list of records; give objects "
                           "with a text field")
    tally.fail(fmap)
    src.notes[:0] = tally.notes(fmap)


def read_csv(src: Source, stream: BinaryIO, fmap: FieldMap, delimiter: str) -> Iterator[Article]:
    """A table with a header row; one article per row, ids ``<file id>/<row>``."""
    data = read_capped(stream, src.limits.max_document_bytes, "the table",
                       "split it, give it as JSON Lines, or raise max_document_bytes")
    text = normalize(decode(data)[0])
    del data
    csv.field_size_limit(sys.maxsize)  # article bodies are longer than csv's 128 KB default
    # A TSV quotes nothing: a stray " in a title must not swallow the rows after it.
    quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    try:
        rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter,
                              quoting=quoting)
        if not rows.fieldnames:
            raise InputProblem("no header row: nothing to read", status="empty")
        tally = _Tally("row")
        ragged: list[int] = []
        for n, row in enumerate(rows, 1):
            if None in row or (None in row.values() and any(v for v in row.values())):
                ragged.append(n)  # more or fewer cells than the header: the row is broken
                continue
            row = {k: v for k, v in row.items() if k is not None}
            art = _one(row, tally, n, fmap, f"{src.base_id}/{n}", f"{src.display}#{n}")
            if art is not None:
                yield art
    except csv.Error as e:
        raise InputProblem(f"not a valid table ({e}); fix it, or export JSON Lines") from None
    if ragged:
        src.notes.append(_lines_message("a different number of cells than the header", "row",
                                        ragged, "those were skipped; fix them"))
        if not tally.good:
            raise InputProblem("; ".join(src.notes))
    tally.fail(fmap)
    src.notes[:0] = tally.notes(fmap)
