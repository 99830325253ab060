"""Quotes: direct quotes with their speakers (``extract_quotes``; ``reported=True`` adds
reported speech without quote marks), linked across the articles of reuse relations
(``link_quotes``, direct quotes: the report's Quote records)."""
from .extract import extract_quotes
from .link import link_quotes
from .normalize import same_wording

__all__ = ["extract_quotes", "link_quotes", "same_wording"]
