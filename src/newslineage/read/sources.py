"""Where bytes come from: a file or stdin, decompressed, and what kind of content they hold.

A ``Source`` is one input file (or stdin). ``open_content`` undoes gzip/bz2/xz by magic bytes,
not by name, and ``kind_of`` trusts a known extension, else sniffs the first bytes, so an
article saved as ``x.dat`` or piped through stdin is still read.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..settings import ReadSettings

# Names by extension (compared lower-case, after a compression suffix is removed).
EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".csv": "csv", ".tsv": "tsv",
}
COMPRESSED = {".gz": "gzip", ".gzip": "gzip", ".tgz": "gzip", ".bz2": "bz2", ".xz": "xz"}

MAGIC_COMPRESSION = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
# Containers we do not open: say what they are and what to do instead.
MAGIC_BINARY = (
    (b"%PDF", "a PDF document; convert it to text or HTML first"),
    (b"PK\x03\x04", "a zip archive; unzip it and give the folder"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document; save it as text or HTML first"),
    (b"7z\xbc\xaf", "a 7-zip archive; unpack it and give the folder"),
    (b"Rar!", "a RAR archive; unpack it and give the folder"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database; export the articles as JSON Lines"),
    (b"PAR1", "a Parquet file; export the articles as JSON Lines"),
    (b"ustar", "a tar archive; unpack it and give the folder"),
)
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
HEAD = 65536
CHUNK = 1 << 20  # bytes read at a time wherever a whole input is not needed at once
_HTML_TAG = re.compile(rb"<(!doctype\s+html|html|head|body|article|main|p|div|meta|title|br)\b", re.I)


class InputProblem(Exception):
    """A source that cannot yield articles; ``status`` is "empty", "skipped" or "error"."""

    def __init__(self, message: str, status: str = "error"):
        super().__init__(message)
        self.status = status


# The caps are the read part of the settings (see ``settings.ReadSettings``).
Limits = ReadSettings
DEFAULT_LIMITS = Limits()


def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n} bytes"


@dataclass
class Source:
    """One input file, or stdin (``path`` None)."""
    display: str          # how the input is named in statuses and messages
    base_id: str          # id of its article, or prefix of its records' ids
    path: Path | None = None
    notes: list[str] = field(default_factory=list)  # problems that did not stop the reading
    limits: Limits = field(default_factory=Limits)
    compressed: str | None = None  # gzip, bz2 or xz when the content is decompressed

    def too_big(self, cap: int) -> bool:
        """A plain file larger than ``cap``: known from its size, before reading it."""
        if self.path is None or self.compressed:
            return False
        try:
            return self.path.stat().st_size > cap
        except OSError:
            return False

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else ""

    def open_raw(self) -> BinaryIO:
        if self.path is None:
            stdin = sys.stdin
            if stdin is None:
                raise InputProblem("no standard input; pipe articles in or give a path")
            if stdin.isatty():
                raise InputProblem("standard input is a terminal; pipe articles in, "
                                   "e.g. cat articles.jsonl | newslineage analyze -")
            buf = getattr(stdin, "buffer", None) or io.BytesIO(stdin.read().encode("utf-8"))
            return _KeepOpen(buf)
        return open(self.path, "rb")


class _KeepOpen:
    """Stdin read through our streams, but not closed with them (it is not ours)."""

    def __init__(self, stream: BinaryIO):
        self.read = stream.read

    def close(self) -> None:
        pass


class _Prefixed(io.RawIOBase):
    """A stream that replays bytes already read from it, then goes on with the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._pos, self._rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._pos < len(self._head):
            n = min(len(b), len(self._head) - self._pos)
            b[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(min(len(b), CHUNK))  # a big read must not copy a big block
        n = len(data)
        b[:n] = data
        return n

    def close(self) -> None:
        self._rest.close()
        super().close()


def _read_head(stream: BinaryIO, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def peek(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes of a stream, and a stream that still starts at byte 0."""
    head = _read_head(stream, size)
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=HEAD)


class _Inflation(io.RawIOBase):
    """Decompressed bytes, counted: past ``cap`` the stream raises InputProblem (a bomb)."""

    def __init__(self, inner: BinaryIO, cap: int, kind: str, packed: int):
        self._inner, self._cap, self._kind, self._packed, self.got = inner, cap, kind, packed, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._inner.read(min(len(b), CHUNK))
        n = len(data)
        self.got += n
        if self.got > self._cap:
            raise InputProblem(
                f"{self._kind} data inflates to over {mb(self._cap)} from {mb(self._packed)} "
                f"(a decompression bomb?); the records before were read if any. Unpack it "
                f"yourself and give the pieces", status="skipped")
        b[:n] = data
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Recoded(io.RawIOBase):
    """UTF-16/32 content re-encoded as UTF-8, a chunk at a time (JSON Lines and CSV readers
    split on bytes)."""

    def __init__(self, stream: BinaryIO, encoding: str):
        self._text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            chunk = self._text.read(CHUNK // 4)
            if not chunk:
                return 0
            self._buf = chunk.encode("utf-8", "surrogatepass")
        n = min(len(b), len(self._buf))
        b[:n], self._buf = self._buf[:n], self._buf[n:]
        return n

    def close(self) -> None:
        self._text.close()
        super().close()


def open_content(src: Source) -> tuple[bytes, BinaryIO]:
    """(first bytes, binary stream) of the source's content, decompressed if it is compressed,
    and re-encoded as UTF-8 when it is UTF-16/32 with a byte-order mark."""
    raw = src.open_raw()
    magic, stream = peek(raw, 8)
    for sig, kind in MAGIC_COMPRESSION:
        if magic.startswith(sig):
            opener = {"gzip": gzip.GzipFile, "bz2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind]
            inner = opener(fileobj=stream) if kind == "gzip" else opener(stream)
            packed = src.path.stat().st_size if src.path is not None else CHUNK
            src.compressed = kind
            cap = max(src.limits.max_article_bytes, src.limits.max_inflation * packed)
            stream = io.BufferedReader(_Inflation(inner, cap, kind, packed), buffer_size=HEAD)
            try:
                head, stream = peek(stream, HEAD)
            except (EOFError, OSError, lzma.LZMAError, zlib.error) as e:
                raise InputProblem(f"broken {kind} data ({e}); check the file with "
                                   f"`{kind} -t` and re-create it") from None
            return _unwide(head, stream)
    return _unwide(*peek(stream, HEAD))


def _unwide(head: bytes, stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    for bom, enc in BOMS[1:]:
        if head.startswith(bom):
            return peek(io.BufferedReader(_Recoded(stream, enc[:6]), buffer_size=HEAD), HEAD)
    return head, stream


def read_capped(stream: BinaryIO, cap: int, what: str, advice: str) -> bytes:
    """All of a stream up to ``cap`` bytes; a longer one raises a "skipped" InputProblem
    without being read past the cap."""
    data = stream.read(cap + 1)  # a BufferedReader: one buffer, filled to the cap at most
    if len(data) > cap:
        raise InputProblem(f"{what} is over {mb(cap)} (the read limit); {advice}",
                           status="skipped")
    return data


def inner_name(name: str) -> str:
    """File name without its compression suffix: ``a.jsonl.gz`` -> ``a.jsonl``."""
    p = Path(name)
    if p.suffix.lower() in COMPRESSED:
        return p.stem
    return name


def strip_extension(rel: str) -> str:
    """Id stem of a relative path: no compression suffix, no format extension.

    A suffix is an extension only if it looks like one (short, no spaces), so a file named
    ``Mr. Smith goes`` keeps its name.
    """
    rel = rel.replace("\\", "/")
    head, _, name = rel.rpartition("/")
    name = inner_name(name)
    stem, dot, ext = name.rpartition(".")
    if dot and stem and (("." + ext.lower()) in EXTENSIONS or re.fullmatch(r"[A-Za-z0-9]{1,5}", ext)):
        name = stem
    return f"{head}/{name}" if head else name


def _starts_json_object_line(head: bytes) -> bool:
    line = head.split(b"\n", 1)[0].strip()
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def sniff(head: bytes) -> str:
    """The kind of content from its first bytes: text, html, jsonl, json, warc or binary:<why>."""
    for bom, enc in BOMS:
        if head.startswith(bom):
            if enc == "utf-8":
                head = head[len(bom):]
                break
            return "text"  # UTF-16/32 with a BOM: text (HTML or JSON in UTF-16 are rare)
    s = head.lstrip()
    if s.startswith(b"WARC/"):
        return "warc"
    for sig, what in MAGIC_BINARY:
        if s.startswith(sig) or (sig == b"ustar" and head[257:262] == sig):
            return "binary:" + what
    if s.startswith(b"{"):
        # One object per line (and more than one line) is JSON Lines; else one JSON document.
        first, _, rest = s.partition(b"\n")
        return "jsonl" if rest.strip() and _starts_json_object_line(first) else "json"
    if s.startswith(b"["):
        return "json"
    if (s[:1] == b"<" and _HTML_TAG.search(s[:4096])) or len(_HTML_TAG.findall(s[:8192])) >= 3:
        return "html"
    if b"\x00" in head[:8192] and not _is_wide_text(head):
        return "binary:binary data (NUL bytes), not text"
    return "text"


def _is_wide_text(head: bytes) -> bool:
    """UTF-16/32 text without a BOM has NUL bytes too; charset-normalizer tells it apart."""
    from charset_normalizer import from_bytes
    best = from_bytes(head[:8192]).best()
    return best is not None and best.encoding.startswith(("utf_16", "utf_32"))


def kind_of(src: Source, head: bytes) -> str:
    """The reader for a source: by extension when known (checked for binary), else sniffed."""
    ext = Path(inner_name(src.name)).suffix.lower() if src.name else ""
    sniffed = sniff(head)
    by_name = EXTENSIONS.get(ext)
    if by_name is None or sniffed.startswith("binary:"):
        return sniffed
    if by_name == "warc" and sniffed != "warc":
        raise InputProblem(f"named {ext} but not a WARC archive (it looks like {sniffed}); "
                           "rename it to what it holds")
    if by_name == "json" and sniffed == "jsonl":
        return "jsonl"  # JSON Lines saved as .json
    if by_name == "text" and sniffed == "html" and re.match(rb"\s*<(!doctype\s+html|html)\b",
                                                           head.lstrip(b"\xef\xbb\xbf"), re.I):
        return "html"  # a saved page named .txt
    return by_name
