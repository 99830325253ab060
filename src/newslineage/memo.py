"""Bounded memos of pure functions, in one registry that ``clear_all()`` empties (between
runs of a long-lived process: the service, a store adding batch after batch, a test session,
a benchmark's repeats).

One bound rule for all: a memo holds at most ``limit`` entries, and when full its older half
(in the order the entries came in) goes, so a corpus's recurring keys stay. Two shapes:
- ``Memo(limit, fill=None)``: a dict, for memos read inline in hot loops (``m.get(k)`` at
  dict speed). With ``fill``, ``m[k]`` computes ``fill(k)`` on a miss and keeps it; without,
  the owner calls ``m.put(k, v)`` (or ``make_room(n)`` before adding ``n`` entries).
- ``memoized(limit)``: a decorator for a pure function of hashable arguments
  (``functools.lru_cache`` underneath: look-ups in C; its least recently used entry goes).

A memo's value must be a pure function of its key: clearing or evicting never changes a
result. (Resources loaded once per process, such as a model or a word list, are not memos:
they stay ``lru_cache(maxsize=1)`` loaders.) A memo pickles empty: a worker process that
receives one starts without the sender's entries.
"""
from __future__ import annotations

import itertools
import weakref
from functools import lru_cache
from typing import Callable

_MEMOS: "weakref.WeakValueDictionary[int, Memo]" = weakref.WeakValueDictionary()
_FUNCTIONS: list = []
_ids = itertools.count()


class Memo(dict):
    """A dict memo of at most ``limit`` entries, registered for ``clear_all``."""
    __slots__ = ("limit", "fill", "__weakref__")

    def __init__(self, limit: int, fill: Callable | None = None):
        super().__init__()
        if limit < 1:
            raise ValueError(f"a memo's limit must be positive, not {limit}")
        self.limit = limit
        self.fill = fill
        _MEMOS[next(_ids)] = self

    def __missing__(self, key):
        if self.fill is None:
            raise KeyError(key)
        value = self.fill(key)
        self.make_room()
        self[key] = value
        return value

    def make_room(self, n: int = 1) -> None:
        """Make room for ``n`` more entries: when they would pass the limit, the older half
        of the entries goes (all of them when ``n`` alone needs more than the other half)."""
        if len(self) + n <= self.limit:
            return
        keep = min(self.limit // 2, self.limit - n)
        if keep <= 0:
            self.clear()
            return
        pop = self.pop
        try:
            old = list(itertools.islice(self, len(self) - keep))
        except RuntimeError:  # another thread changed it meanwhile (the service's threads)
            self.clear()
            return
        for key in old:
            pop(key, None)  # (another thread may have taken it out already)

    def put(self, key, value):
        """Keep ``value`` for ``key`` (making room first) and return it."""
        self.make_room()
        self[key] = value
        return value

    def __reduce__(self):
        return (type(self), (self.limit, self.fill))


def memoized(limit: int):
    """A bounded memo of a pure function (least recently used out), registered for
    ``clear_all``."""
    def wrap(fn):
        f = lru_cache(maxsize=limit)(fn)
        _FUNCTIONS.append(f)
        return f
    return wrap


def clear_all() -> None:
    """Empty every memo of the process."""
    for m in list(_MEMOS.values()):
        m.clear()
    for f in _FUNCTIONS:
        f.cache_clear()

