"""Plain text: bytes to a str in NFC, whatever the encoding."""
from __future__ import annotations

import re
import unicodedata

from .sources import BOMS, InputProblem

# When charset-normalizer finds several single-byte encodings about equally plausible (short
# Western text with a few curly quotes fits cp1250, cp775 and cp1252 alike), prefer the
# most common one on the web.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). BOM first, then strict UTF-8, then charset-normalizer's best guess."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NULs: UTF-16/32 without a BOM, which is valid UTF-8 too
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    matches = list(from_bytes(data))
    if not matches:
        raise InputProblem("not text in any known encoding (binary?); convert it to UTF-8 "
                           "text, or remove it from the input")
    best = matches[0]
    for m in matches:
        if m.chaos > best.chaos + 0.01 or m.coherence < best.coherence - 0.15:
            continue
        for enc in _PREFERRED:
            if enc == m.encoding or enc in m.could_be_from_charset:
                return data.decode(enc, errors="replace"), enc
    return str(best), best.encoding


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize(text: str) -> str:
    """One form for all readers: no BOM, \\n line ends, NFC (so offsets agree downstream)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _SURROGATE.search(text):  # lone surrogates from JSON escapes cannot be written as UTF-8
        text = _SURROGATE.sub("\ufffd", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def read_text(data: bytes) -> tuple[str, str]:
    """(normalised text, encoding) of a text file; raises InputProblem when it holds none."""
    if not data.strip():
        raise InputProblem("empty file: nothing to read; remove it or check what wrote it",
                           status="empty")
    text, encoding = decode(data)
    text = normalize(text)
    if not text.strip():
        raise InputProblem("only whitespace: nothing to read; remove it or check what wrote it",
                           status="empty")
    return text, encoding
