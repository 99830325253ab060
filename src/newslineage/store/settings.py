"""Tunables of the store and the service, each with its default and why."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StoreSettings:
    # Articles per add transaction: a crash loses at most the batch being added.
    batch_size: int = 10_000
    # As analyze's options: sentence embeddings for paraphrase and translation; worker processes.
    embeddings: bool = True
    workers: int | None = None
    # check: stored articles aligned with the new text, at most, per signal (analyze's
    # per-article caps, candidates.Settings k_lexical and k_names).
    check_lexical: int = 12
    check_names: int = 2
    # check: a stored article is a lexical candidate when it shares this many (passage, band)
    # keys with the text (one band is a chance collision of short passages).
    check_min_bands: int = 2
    # check: names shared with a stored article (candidates.Settings.names_min_shared) and the
    # rarity cut on them (names_max_df).
    check_names_min_shared: int = 4
    check_names_max_df: int = 50


@dataclass
class ServiceSettings:
    # Largest request body, and longest text of one article (characters): beyond, 413.
    max_body_bytes: int = 8 * 1024 * 1024
    max_text_chars: int = 200_000
    # Articles per page in the HTML views.
    page_size: int = 50
