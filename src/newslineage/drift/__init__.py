"""Drift: meaning-bearing edits between aligned passages and between the variants of a
quote: hedges, numbers, dates (relative dates resolved against publication dates), names,
negation, loaded labels, word swaps that change the sense, and re-worded quotes.

``detect(articles, relations, quotes)`` is the pipeline stage; ``compare_texts`` runs the
same checks on two strings.
"""
from .passages import _published, compare_texts, detect, merge, passage_drift, quote_drift

__all__ = ["detect", "passage_drift", "quote_drift", "merge", "compare_texts"]
