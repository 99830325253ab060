"""Inputs to sources to articles: folders are walked, each file read by the reader for its
kind, every input given a status, and article ids kept unique."""
from __future__ import annotations

import logging
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Article, InputStatus
from .html import extract
from .records import FIELD_KEYS, FieldMap, read_csv, read_json, read_jsonl
from .sources import InputProblem, Source, kind_of, open_content, strip_extension
from .text import read_text
from .warc import read_warc

log = logging.getLogger("newslineage")

__all__ = ["iter_articles", "read_inputs", "FIELD_KEYS"]


def read_inputs(paths: list[str], fields: dict | None = None
                ) -> tuple[list[Article], list[InputStatus]]:
    """Read every input: (articles, one status per input file, folder problem or stdin)."""
    articles: list[Article] = []
    statuses: list[InputStatus] = []
    for item in iter_articles(paths, fields):
        (articles if isinstance(item, Article) else statuses).append(item)
    return articles, statuses


def iter_articles(paths: Iterable[str], fields: dict | None = None
                  ) -> Iterator[Article | InputStatus]:
    """Stream the inputs: each source's articles, then that source's status.

    ``paths`` are files, folders (walked recursively, in sorted order) or "-" for stdin.
    ``fields`` renames JSON fields, e.g. {"text": "body"}. Nothing here raises for a bad
    input: its status says what went wrong and what to do.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    fmap = FieldMap(fields)
    ids = _UniqueIds()
    stdin_read = False
    for given in paths:
        given = os.fspath(given)
        if given == "-":
            if stdin_read:
                yield _status("<stdin>", "skipped", "- given more than once; stdin was read once")
                continue
            stdin_read = True
            yield from _read_source(Source(display="<stdin>", base_id="stdin"), fmap, ids)
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
            yield from _read_folder(path, given, fmap, ids)
        else:
            name = path.name
            yield from _read_file(path, given, strip_extension(name) or name, fmap, ids)


def _status(source: str, status: str, message: str | None = None, articles: int = 0
            ) -> InputStatus:
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


# Files and folders that operating systems and archivers leave behind; never articles.
_SYSTEM = {"Thumbs.db", "desktop.ini", "__MACOSX", "$RECYCLE.BIN", "System Volume Information"}


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in _SYSTEM


def _read_folder(root: Path, given: str, fmap: FieldMap, ids: _UniqueIds
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
        for f in filenames:
            files.append((here / f).relative_to(root))
    yield from problems
    if not files:
        yield _status(given, "empty" if not problems else "error",
                      "folder has no files to read; give a folder of .txt, .html, .jsonl, "
                      ".json, .csv or .warc files")
        return
    total = 0
    for rel in sorted(files, key=lambda p: p.parts):
        display = os.path.join(given, str(rel))
        if _hidden(rel.name):
            yield _status(display, "skipped", "hidden or system file, not read")
            continue
        for item in _read_file(root / rel, display, strip_extension(rel.as_posix()), fmap, ids):
            if isinstance(item, Article):
                total += 1
            yield item
    if total == 0:
        yield _status(given, "error", "no article could be read from any file in this folder; "
                                      "see the messages for its files")


def _read_file(path: Path, display: str, base_id: str, fmap: FieldMap, ids: _UniqueIds
               ) -> Iterator[Article | InputStatus]:
    try:
        st = path.stat()
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
    yield from _read_source(Source(display=display, base_id=base_id, path=path), fmap, ids)


def _read_source(src: Source, fmap: FieldMap, ids: _UniqueIds
                 ) -> Iterator[Article | InputStatus]:
    """A source's articles (ids made unique), then its status."""
    count, renamed = 0, []
    status, message = "ok", None
    try:
        for art in _articles(src, fmap):
            wanted = ids.take(art)
            if wanted is not None:
                renamed.append(f"{wanted} -> {art.id}")
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
    except Exception as e:  # a reader bug must not lose the other inputs
        log.debug("reading %s failed", src.display, exc_info=True)
        status, message = "error", f"could not be read ({type(e).__name__}: {e}); please report it"
    notes = list(src.notes)
    if renamed:
        notes.append(f"{len(renamed)} id(s) already taken, renamed: " + ", ".join(renamed[:5])
                     + (" ..." if len(renamed) > 5 else ""))
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
            raise InputProblem("empty: nothing to read; remove it or check what wrote it",
                               status="empty")
        kind = kind_of(src, head)
        if kind.startswith("binary:"):
            raise InputProblem(f"not an article: {kind[7:]}; leave it out")
        if kind == "jsonl":
            yield from read_jsonl(src, stream, fmap)
        elif kind == "json":
            yield from read_json(src, stream, fmap)
        elif kind in ("csv", "tsv"):
            yield from read_csv(src, stream, fmap, "," if kind == "csv" else "\t")
        elif kind == "warc":
            yield from read_warc(src, stream)
        elif kind == "html":
            yield _html_article(src, stream.read())
        else:
            yield _text_article(src, stream.read())


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
