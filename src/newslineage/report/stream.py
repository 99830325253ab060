"""The JSON report written to a file as its records are encoded, a few hundred at a time.

``Report.to_json_bytes`` makes the whole report at once: every relation's JSON form (dicts of
its passages and their diffs as spans) and then the report's bytes, beside the records
themselves. At 100k articles that is the largest thing the client holds at the end of a
run. Here each list is written in slices: the bytes are exactly those of
``to_json_bytes()`` (orjson's compact form of a list is its items' forms joined by commas),
and only one slice's JSON form and bytes are held at a time.
"""
from __future__ import annotations

from typing import BinaryIO

from .. import model
from ..parallel import no_gc

# Records encoded per orjson call: large enough that the calls cost nothing, small enough
# that a slice of relations with their passages stays a few MiB.
SLICE = 256


class _Fallback(Exception):
    """orjson refused a record (a lone surrogate in a text): the report is written by the
    json module instead, as ``to_json_bytes`` does."""


def write_json(report: model.Report, fh: BinaryIO) -> None:
    """Write ``report``'s compact JSON (the bytes of ``report.to_json_bytes()``) to ``fh``,
    an open binary file that can be truncated and written again from where it started."""
    orjson = model._orjson
    start = fh.tell()
    if orjson is not None:
        try:
            with no_gc():
                _write_sliced(report, fh, orjson)
            return
        except _Fallback:
            fh.seek(start)
            fh.truncate()
    fh.write(report.to_json_bytes())


def _write_sliced(report: model.Report, fh: BinaryIO, orjson) -> None:
    def dumps(x) -> bytes:
        try:
            return orjson.dumps(x, default=model._json_default)
        except orjson.JSONEncodeError as e:
            raise _Fallback() from e

    texts = {a.id: a.text for a in report.articles}
    fh.write(b'{"schema":' + dumps(model.SCHEMA))
    names, get = model._public_fields(type(report))
    for name, value in zip(names, get(report)):
        fh.write(b"," + dumps(name) + b":")
        if type(value) is not list:
            fh.write(dumps(value))
            continue
        fh.write(b"[")
        for lo in range(0, len(value), SLICE):
            part = value[lo:lo + SLICE]
            if name == "relations":
                part = [model._relation_public(r, texts, False) for r in part]
            if lo:
                fh.write(b",")
            fh.write(dumps(part)[1:-1])
        fh.write(b"]")
    fh.write(b"}")
