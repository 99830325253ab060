"""Bounded memos of pure functions, in one registry: ``clear_all()`` drops every one of them
(between runs of a long-lived process: the service, a test session, a benchmark's repeats).

Two rules, both bounded:
- ``Memo(limit)``: a plain dict (look-ups at dict speed in hot loops) that its owner empties
  with ``make_room(n)`` before adding n entries once it would pass ``limit``: the values are
  computed again as needed, and a news corpus's recurring keys come back at once.
- ``cached(maxsize)``: ``functools.lru_cache`` (least recently used out, in C) for a function.
Values must be pure functions of their keys, so clearing never changes a result.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

_CLEARS: list[Callable[[], None]] = []


class Memo(dict):
    """A dict memo bounded to ``limit`` entries (emptied when full), registered for
    ``clear_all``."""
    __slots__ = ("limit",)

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        _CLEARS.append(self.clear)

    def make_room(self, n: int = 1) -> None:
        """Empty the memo if ``n`` more entries would pass its limit."""
        if len(self) + n > self.limit:
            self.clear()

    def __reduce__(self):
        # a worker process gets an empty memo of the same bound, not the parent's entries
        return (type(self), (self.limit,))


def cached(maxsize: int):
    """``functools.lru_cache(maxsize)``, registered for ``clear_all``."""
    def wrap(fn):
        f = lru_cache(maxsize=maxsize)(fn)
        _CLEARS.append(f.cache_clear)
        return f
    return wrap


def register(clear: Callable[[], None]) -> None:
    """Register the ``clear`` of a memo kept some other way (an ordered LRU of prepared
    articles)."""
    _CLEARS.append(clear)


def clear_all() -> None:
    """Empty every registered memo."""
    for clear in _CLEARS:
        clear()
