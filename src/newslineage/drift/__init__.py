"""Drift: meaning-bearing edits between aligned passages and between the variants of a
quote: hedges, numbers, dates (relative dates resolved against publication dates), names,
negation, loaded labels, word swaps that change the sense, and re-worded quotes.

``detect(articles, relations, quotes)`` is the pipeline stage; ``compare_texts`` runs the
same checks on two strings.
"""
from __future__ import annotations

from ..model import Article, Drift, Quote, Relation
from .findings import _published
from .group import group
from .aligned import compare_texts, passage_drift
from .variants import quote_drift, quote_drift_each

__all__ = ["detect", "passage_drift", "quote_drift", "quote_drift_each", "merge", "compare_texts", "_published"]


def detect(articles: list[Article], relations: list[Relation], quotes: list[Quote]) -> list[Drift]:
    """Drift between the aligned passages of reuse relations and between quote variants.

    The two halves are independent (``passage_drift`` needs no quotes), so a pipeline may run
    them apart, the first while the quotes are still being linked, and ``merge`` them."""
    return merge(passage_drift(articles, relations), quote_drift(articles, relations, quotes))


def merge(*found: list[Drift]) -> list[Drift]:
    """The findings of several lists in order, each (pair, type, wording) once, and each
    change once (``group``: one record listing the articles that carry it)."""
    out, seen = [], set()
    for findings in found:
        for x in findings:
            key = (x.a, x.b, x.type, x.a_text.casefold(), x.b_text.casefold())
            if key not in seen:
                seen.add(key)
                out.append(x)
    return group(out)
