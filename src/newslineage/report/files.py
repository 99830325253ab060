"""Writing outputs safely: checked before the work, written whole or not at all.

An output is refused when it is a folder, a symbolic link (writing through it would change
another file), one of the inputs, or a file inside an input folder that is not a newslineage
output. It is written to a temporary file beside it and renamed over it, so a crash or a full
disk never leaves half a report, and an earlier report stays readable until the new one is
complete.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

EXTENSIONS = {".json": "json", ".html": "html", ".htm": "html", ".csv": "csv",
              ".graphml": "graphml", ".jsonl": "jsonl"}


class OutputError(ValueError):
    """An output path that cannot or must not be written; the message says why and what to do."""


def _is_newslineage_output(path: Path) -> bool:
    """A file that an earlier run wrote (a report, an export): safe to replace."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return (head.lstrip().startswith(b'{"schema":"newslineage.report/')
            or head.lstrip().startswith(b'{"schema": "newslineage.report/')
            or b'<meta name="generator" content="newslineage' in head)


def check_output(path: str | os.PathLike, inputs: list[str] = (), what: str = "output") -> Path:
    """The output path, or OutputError naming it and saying what to do."""
    raw = os.fspath(path)
    if not raw.strip():
        raise OutputError(f"{what}: an empty path; give a file name")
    p = Path(raw)
    if p.is_symlink():
        raise OutputError(f"{what} {raw}: is a symbolic link; give the real path (a link is "
                          "not written through)")
    if p.is_dir():
        raise OutputError(f"{what} {raw}: is a folder; give a file name inside it")
    parent = p.parent if str(p.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{what} {raw}: {parent} is not a folder")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise OutputError(f"{what} {raw}: cannot write in {parent} (permission denied)")
    if p.exists():
        real = p.resolve()
        for given in inputs:
            if given in ("-", ""):
                continue
            g = Path(given)
            try:
                if g.is_dir():
                    inside = real.is_relative_to(g.resolve())
                    if inside and not _is_newslineage_output(p):
                        raise OutputError(f"{what} {raw}: is a file of the input folder "
                                          f"{given}; write the output elsewhere")
                elif g.exists() and os.path.samefile(g, p):
                    raise OutputError(f"{what} {raw}: is also an input; writing it would "
                                      "destroy that input. Give another file name")
            except OSError:
                continue
    return p


def write_atomic(path: str | os.PathLike, data: str | bytes | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it (missing parent
    folders are made). ``data`` may be a function that writes to the open binary file (a
    report written as it is encoded: ``stream.write_json``)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(payload):
                payload(fh)
            else:
                fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def format_of(path: str | os.PathLike) -> str | None:
    """The export format named by an output's extension (report.json -> json), or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())
