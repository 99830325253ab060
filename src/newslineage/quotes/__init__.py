"""Quotes: direct quotes with their speakers (``extract_quotes``; ``reported=True`` adds
reported speech without quote marks), linked across the articles of reuse relations
(``link_quotes``, direct quotes: the report's Quote records; ``find_quotes`` is its part that
needs no relations)."""
from .extract import extract_quotes
from .link import find_quotes, find_quotes_at, find_quotes_of, link_quotes, linked_articles
from ..wording import same_wording

__all__ = ["extract_quotes", "find_quotes", "find_quotes_at", "find_quotes_of", "link_quotes",
           "linked_articles", "same_wording"]
