"""Inputs to sources to articles: folders are walked, each file read by the reader for its
kind, every input given a status, and article ids kept unique."""
from __future__ import annotations

import io
import logging
import lzma
import os
import re
import stat
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Article, InputStatus
from .html_page import extract
from .records import FIELD_KEYS, FieldMap, read_csv, read_json, read_jsonl
from .sources import (CHUNK, DEFAULT_LIMITS, HEAD, InputProblem, Limits, Source, _Prefixed,
                      kind_of, mb, open_content, peek, read_capped, strip_extension)
from .text import read_text
from .warc import read_warc

log = logging.getLogger("newslineage")

__all__ = ["iter_articles", "read_inputs", "FIELD_KEYS"]


def read_inputs(paths: list[str], fields: dict | None = None, limits: Limits | None = None,
                workers: int | None = 1) -> tuple[list[Article], list[InputStatus]]:
    """Read every input: (articles, one status per input file, folder problem or stdin).
    ``workers`` other than 1 extract HTML pages in worker processes (None: every core)."""
    articles: list[Article] = []
    statuses: list[InputStatus] = []
    for item in iter_articles(paths, fields, limits, workers=workers):
        (articles if isinstance(item, Article) else statuses).append(item)
    return articles, statuses


def iter_articles(paths: Iterable[str | dict], fields: dict | None = None,
                  limits: Limits | None = None, workers: int | None = 1
                  ) -> Iterator[Article | InputStatus]:
    """Stream the inputs: each source's articles, then that source's status.

    ``paths`` are files, folders (walked recursively, in sorted order) or "-" for stdin;
    a string with a line break is a text, a dict a record (as a JSON Lines line holds).
    ``fields`` renames JSON fields, e.g. {"text": "body"}. Nothing here raises for a bad
    input: its status says what went wrong and what to do. ``limits`` caps sizes (see
    ``sources.Limits``). With ``workers`` other than 1, HTML pages (the slow kind to read:
    trafilatura) are read by worker processes a window at a time, the order kept.
    """
    limits = limits or DEFAULT_LIMITS
    stream = _sources(paths, FieldMap(fields), limits, pages=workers != 1)
    if workers != 1:
        stream = _pages_read(stream, FieldMap(fields), workers)
    return _unique_ids(stream)


def _unique_ids(stream: Iterator) -> Iterator[Article | InputStatus]:
    """Article ids unique across all inputs, taken in input order; the status that follows a
    source's articles says which were renamed."""
    ids = _UniqueIds()
    renamed: list[tuple[str, str]] = []
    for item in stream:
        if isinstance(item, Article):
            wanted = ids.take(item)
            if wanted is not None:
                renamed.append((wanted, item.id))
        elif renamed:
            if item.source.startswith("<text "):  # a text or record given in memory
                note = f"id {renamed[0][0]} already taken, renamed {renamed[0][1]}"
            else:
                note = (f"{len(renamed)} id(s) already taken, renamed: "
                        + ", ".join(f"{w} -> {n}" for w, n in renamed[:5])
                        + (" ..." if len(renamed) > 5 else ""))
            log.info("%s: %s", item.source, note)
            item.message = f"{item.message}; {note}" if item.message else note
            renamed = []
        yield item


def _sources(paths: Iterable[str | dict], fmap: FieldMap, limits: Limits, pages: bool
             ) -> Iterator[Article | InputStatus | "_Page" | "_FolderEnd"]:
    """Every input's articles and statuses in order, ids as the sources give them; with
    ``pages``, an HTML page file is a ``_Page`` to be read elsewhere."""
    if isinstance(paths, (str, bytes, dict, os.PathLike)):
        paths = [paths]
    walk = _Walk(limits, pages)
    stdin_read = False
    given_texts = 0
    for given in paths:
        if isinstance(given, dict) or (isinstance(given, str) and "\n" in given):
            given_texts += 1  # a record or a text given in memory, not a path
            yield from _read_given(given, given_texts, fmap)
            continue
        given = os.fsdecode(given)
        if given == "-":
            if stdin_read:
                yield _status("<stdin>", "skipped", "- given more than once; stdin was read once")
                continue
            stdin_read = True
            yield from _read_source(Source(display="<stdin>", base_id="stdin", limits=limits), fmap)
            continue
        if not given.strip():
            yield _status(repr(given), "error", "an empty path; give a file or folder "
                                                "(. for the current folder)")
            continue
        path = Path(given)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield _status(given, "error", "no such file or folder; check the path")
            continue
        except OSError as e:
            yield _status(given, "error", f"cannot open ({e.strerror or e}); check the path "
                                          "and its permissions")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _read_folder(path, given, fmap, walk)
        else:
            name = path.name
            yield from _read_file(path, given, strip_extension(name) or name, fmap, walk)


def _read_given(given: dict | str, n: int, fmap: FieldMap) -> Iterator[Article | InputStatus]:
    """A text or a record passed to ``analyze`` directly: an article with id ``text<n>``
    (or the record's id), and its status."""
    from .records import NotText, record_to_article
    source = f"<text {n}>"
    rec = given if isinstance(given, dict) else {"text": given}
    try:
        art = record_to_article(rec, fmap, f"text{n}", source)
    except NotText as e:
        yield _status(source, "error", f"its text is a {e}, not text; give the body as a "
                                       "string")
        return
    except Exception as e:  # a record is user data: say what is wrong with it
        yield _status(source, "error", f"could not be read ({type(e).__name__}: {e})")
        return
    if art is None:
        yield _status(source, "empty", "no text: give a record with a non-empty 'text'")
        return
    yield art
    yield _status(source, "ok", None, 1)


def printable(name: str) -> str:
    """A file name as valid UTF-8: bytes that are not (kept as surrogates by os) become \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _status(source: str, status: str, message: str | None = None, articles: int = 0
            ) -> InputStatus:
    source = printable(source)
    if message:
        # Hidden files are expected in any folder: quiet unless asked for.
        level = logging.INFO if status == "skipped" else logging.WARNING
        log.log(level, "%s: %s", source, message)
    return InputStatus(source=source, status=status, articles=articles, message=message)


class _UniqueIds:
    """Article ids stay unique across all inputs: a taken id gets ~2, ~3, ..."""

    def __init__(self):
        self.seen: set[str] = set()

    def take(self, art: Article) -> str | None:
        """Give the article a free id; return the id it asked for when that was taken."""
        wanted = art.id
        if wanted not in self.seen:
            self.seen.add(wanted)
            return None
        k = 2
        while f"{wanted}~{k}" in self.seen:
            k += 1
        art.id = f"{wanted}~{k}"
        self.seen.add(art.id)
        return wanted


class _Walk:
    """What every source of a run is read with: the size caps, and whether HTML page files
    are left to worker processes (``_Page``)."""

    def __init__(self, limits: Limits, pages: bool):
        self.limits = limits
        self.pages = pages


class _Page:
    """An HTML page file, read by ``_pages_read`` in a worker: its items come back in order."""

    def __init__(self, src: Source):
        self.src = src
        self.read = 0  # articles it gave, once read


class _FolderEnd:
    """The end of a folder whose only articles may come from pages not read yet: the folder's
    error status, given only if none of them gives an article."""

    def __init__(self, folder: str, pages: list[_Page]):
        self.folder = folder
        self.pages = pages

    def statuses(self) -> list[InputStatus]:
        return [] if any(p.read for p in self.pages) else [_no_article(self.folder)]


_PAGE_NAME = re.compile(r"\.x?html?(?:\.(?:gz|bz2|xz))?$", re.IGNORECASE)
_PAGES_AT_ONCE = 256  # pages read per window: each window is one trip through the pool
_HELD_AT_ONCE = 4096  # items held behind a page not read yet before the window is read


def _pages_read(stream: Iterator, fmap: FieldMap, workers: int | None) -> Iterator:
    """The stream with each ``_Page`` replaced by what reading it gives (its article, then its
    status), read in windows by worker processes, the order kept."""
    held: list = []
    pages: list[_Page] = []

    def flush() -> Iterator:
        from ..parallel import map_batches

        done = map_batches(_read_pages, [(p.src, fmap) for p in pages], workers=workers,
                           batch_size=max(1, min(16, len(pages) // (2 * (workers or 2)) or 1)))
        got = dict(zip(map(id, pages), done))
        for item in held:
            if isinstance(item, _Page):
                items = got[id(item)]
                item.read = sum(isinstance(x, Article) for x in items)
                for x in items:
                    if isinstance(x, InputStatus) and x.message:
                        log.log(logging.INFO if x.status == "skipped" else logging.WARNING,
                                "%s: %s", x.source, x.message)
                yield from items
            elif isinstance(item, _FolderEnd):
                yield from item.statuses()
            else:
                yield item
        held.clear()
        pages.clear()

    for item in stream:
        if isinstance(item, _Page):
            pages.append(item)
        if not pages:
            if isinstance(item, _FolderEnd):  # its pages were read in an earlier window
                yield from item.statuses()
            else:
                yield item
            continue
        held.append(item)
        if len(pages) >= _PAGES_AT_ONCE or len(held) >= _HELD_AT_ONCE:
            yield from flush()
    if held:
        yield from flush()


def _read_pages(batch) -> list[list]:
    """Worker side of ``_pages_read``: each page's items (its article, then its status);
    the statuses are logged by the main process, in order."""
    quiet, log.disabled = log.disabled, True
    try:
        return [list(_read_source(src, fmap)) for src, fmap in batch]
    finally:
        log.disabled = quiet


# Files and folders that operating systems and archivers leave behind; never articles.
_SYSTEM = {"Thumbs.db", "desktop.ini", "__MACOSX", "$RECYCLE.BIN", "System Volume Information"}


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in _SYSTEM


def _read_folder(root: Path, given: str, fmap: FieldMap, walk: _Walk
                 ) -> Iterator[Article | InputStatus]:
    files: list[Path] = []
    problems: list[InputStatus] = []

    def walk_error(e: OSError) -> None:
        problems.append(_status(e.filename or given, "error",
                                f"cannot list folder ({e.strerror or e}); check its permissions"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
        here = Path(dirpath)
        for d in [d for d in dirnames if _hidden(d)]:
            dirnames.remove(d)
            problems.append(_status(str(here / d), "skipped", "hidden or system folder, not read"))
        for d in [d for d in dirnames if (here / d).is_symlink()]:
            # os.walk does not follow them: say so rather than pass over them in silence
            problems.append(_status(os.path.join(given, str((here / d).relative_to(root))),
                                    "skipped", "a symbolic link to a folder, not followed; "
                                    "give the folder itself to read it"))
        if not filenames and not dirnames and here != root:
            problems.append(_status(os.path.join(given, str(here.relative_to(root))), "empty",
                                    "empty folder: nothing to read"))
        for f in filenames:
            files.append((here / f).relative_to(root))
    yield from problems
    if not files:
        yield _status(given, "empty" if not problems else "error",
                      "folder has no files to read; give a folder of .txt, .html, .jsonl, "
                      ".json, .csv or .warc files")
        return
    total = 0
    pages: list[_Page] = []
    real_root = root.resolve()
    for rel in sorted(files, key=lambda p: p.parts):
        display = os.path.join(given, str(rel))
        if _hidden(rel.name):
            yield _status(display, "skipped", "hidden or system file, not read")
            continue
        if (root / rel).is_symlink() and not _inside(root / rel, real_root):
            yield _status(display, "skipped", "a symbolic link to a file outside the folder, "
                                              "not followed; give that file itself to read it")
            continue
        for item in _read_file(root / rel, display, strip_extension(rel.as_posix()), fmap, walk):
            if isinstance(item, Article):
                total += 1
            elif isinstance(item, _Page):
                pages.append(item)
            yield item
    if total == 0:
        yield _FolderEnd(given, pages) if pages else _no_article(given)


def _no_article(folder: str) -> InputStatus:
    return _status(folder, "error", "no article could be read from any file in this folder; "
                                    "see the messages for its files")


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _read_file(path: Path, display: str, base_id: str, fmap: FieldMap, walk: _Walk
               ) -> Iterator[Article | InputStatus | _Page]:
    try:
        st = path.stat()
    except FileNotFoundError:
        yield _status(display, "error", "a broken symbolic link (its target is missing); fix "
                      "or remove it" if path.is_symlink() else "no such file; check the path")
        return
    except OSError as e:
        yield _status(display, "error", f"cannot open ({e.strerror or e}); check the path")
        return
    if not stat.S_ISREG(st.st_mode):
        yield _status(display, "skipped", "not a regular file (pipe, socket or device), not read")
        return
    if st.st_size == 0:
        yield _status(display, "empty", "empty file: nothing to read; remove it or check "
                                        "what wrote it")
        return
    src = Source(display=printable(display), base_id=printable(base_id), path=path,
                 limits=walk.limits)
    if walk.pages and _PAGE_NAME.search(path.name):
        yield _Page(src)
    else:
        yield from _read_source(src, fmap)


def _read_source(src: Source, fmap: FieldMap) -> Iterator[Article | InputStatus]:
    """A source's articles (ids as it gives them: ``_unique_ids`` makes them unique), then
    its status."""
    count = 0
    status, message = "ok", None
    try:
        for art in _articles(src, fmap):
            count += 1
            yield art
    except InputProblem as e:
        status, message = e.status, str(e)
    except PermissionError:
        status, message = "error", "permission denied; make it readable (chmod +r) or leave it out"
    except EOFError:
        status, message = "error", ("compressed data cut short (truncated download?); "
                                    "re-create the file, or check it with `gzip -t`")
    except (zlib.error, lzma.LZMAError) as e:
        status, message = "error", (f"broken compressed data ({e}); re-create the file, or "
                                    "check it with `gzip -t`")
    except OSError as e:
        status, message = "error", f"cannot read ({e.strerror or e}); check the file"
    except MemoryError:
        status, message = "error", ("too large to read in the memory left; split it, or lower "
                                    "the read limits")
    except Exception as e:  # a reader bug must not lose the other inputs
        log.debug("reading %s failed", src.display, exc_info=True)
        status, message = "error", f"could not be read ({type(e).__name__}: {e}); please report it"
    notes = list(src.notes)
    if count and status != "ok":  # records before the problem were read
        notes.insert(0, message)
        status, message = "ok", None
    if message:
        notes.insert(0, message)
    yield _status(src.display, status, "; ".join(notes) if notes else None, count)


def _articles(src: Source, fmap: FieldMap) -> Iterator[Article]:
    head, stream = open_content(src)
    with stream:
        if not head.strip():
            head, stream = _past_blank(src, stream)
        kind = kind_of(src, head)
        if kind.startswith("binary:"):
            # a known kind of file (an image, a PDF) is passed over; bytes of no kind are an error
            known = not kind.endswith("(NUL bytes), not text")
            raise InputProblem(f"not an article: {kind[7:]}; leave it out",
                               status="skipped" if known else "error")
        if _is_report(head):
            raise InputProblem("a newslineage report or export, not articles; not read",
                               status="skipped")
        cap = src.limits.max_article_bytes
        advice = "split it, or raise the read limit (max_article_bytes) if it is one article"
        doc_cap = src.limits.max_document_bytes
        if kind in ("json", "csv", "tsv") and src.too_big(doc_cap):
            raise InputProblem(f"the {'JSON document' if kind == 'json' else 'table'} is over "
                               f"{mb(doc_cap)} (the read limit); give it as JSON Lines (one "
                               "record per line), or raise max_document_bytes", status="skipped")
        if kind in ("text", "html") and src.too_big(cap):
            raise InputProblem(f"the {'page' if kind == 'html' else 'text'} is over {mb(cap)} "
                               f"(the read limit); {advice}", status="skipped")
        if kind == "jsonl":
            yield from read_jsonl(src, stream, fmap)
        elif kind == "json":
            yield from read_json(src, stream, fmap)
        elif kind in ("csv", "tsv"):
            yield from read_csv(src, stream, fmap, "," if kind == "csv" else "\t")
        elif kind == "warc":
            yield from read_warc(src, stream)
        elif kind == "html":
            yield _html_article(src, read_capped(stream, cap, "the page", advice))
        else:
            yield _text_article(src, read_capped(stream, cap, "the text", advice))


def _past_blank(src: Source, stream):
    """(head, stream) from the first non-blank bytes on: leading whitespace is read a chunk
    at a time (a whitespace bomb is stopped by the caps), a blank input is "empty"."""
    seen = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            raise InputProblem("empty: nothing to read; remove it or check what wrote it",
                               status="empty")
        if chunk.strip():
            return peek(io.BufferedReader(_Prefixed(chunk.lstrip(), stream)), HEAD)
        seen += len(chunk)
        if seen > src.limits.max_article_bytes:
            raise InputProblem(f"over {mb(src.limits.max_article_bytes)} of blank space and "
                               "no text within the read limit; remove it", status="skipped")


_REPORT_MARK = re.compile(rb'^\s*\{\s*"schema"\s*:\s*"newslineage\.report/|'
                          rb'<meta name="generator" content="newslineage|'
                          rb'^row,a,b,kind,coverage_a,coverage_b,|'  # the CSV export's header
                          rb'^\s*(?:<\?xml[^>]*>\s*)?<graphml\b')  # a graph, never an article


def _is_report(head: bytes) -> bool:
    """A report of an earlier run saved beside the articles (JSON or HTML): its first bytes."""
    return _REPORT_MARK.search(head[:4096]) is not None


def _html_article(src: Source, data: bytes) -> Article:
    page = extract(data)
    if page is None:
        if b"<" not in data[:65536]:  # named .html but holds plain text
            return _text_article(src, data)
        raise InputProblem("no article text found in the HTML (an index page, a paywall or a "
                           "page built by scripts?); save the article page itself")
    art = Article(id=src.base_id, source=src.display, text=page.text, title=page.title,
                  outlet=page.outlet, published=page.published, byline=page.byline,
                  removed=page.removed, url=page.url)
    art._format = "html"
    art._meta = page.meta
    return art


def _text_article(src: Source, data: bytes) -> Article:
    text, encoding = read_text(data)
    art = Article(id=src.base_id, source=src.display, text=text)
    art._format = "text"
    art._meta = {"encoding": encoding}
    return art
