"""The read stage: files, folders, stdin and archives in; raw articles and input statuses out.

    from newslineage import read
    articles, statuses = read.read_inputs(["corpus/", "feed.jsonl.gz", "-"])

Formats: plain text, HTML, JSON Lines / JSON, WARC, each optionally gzip/bz2/xz-compressed;
an unknown extension is sniffed from the content. Every input file gets an ``InputStatus``
(ok | empty | skipped | error) with a one-line message saying what went wrong and what to do;
a bad input never stops the others. ``iter_articles`` streams the same thing one record at a
time, so a large JSON Lines file is never held twice.
"""
from .inputs import FIELD_KEYS, iter_articles, read_inputs

__all__ = ["read_inputs", "iter_articles", "FIELD_KEYS"]
