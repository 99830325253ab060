"""Run a pure function over batches of records, in this process or in a process pool.

Stages are pure functions over batches (see ``pipeline``), so spreading them over cores is
only a matter of cutting the input into batches and keeping the order of the results:

    from newslineage.parallel import map_batches
    sigs = map_batches(signatures, articles, workers=2, batch_size=500)   # list, input order

``fn`` gets a list (one batch) and returns a list of the same length. It must be a module-level
function (it is pickled by name). Small inputs and ``workers=1`` run in-process: a pool costs
a fork and pickling both ways, which only pays off past a few hundred records.

Two stages that do not depend on each other can also overlap: ``aside`` starts one call in
a worker process and returns at once; ``.result()`` waits for its answer:

    stories_later = aside(stories.cluster, articles, relations)
    quotes = link_quotes(articles, relations)          # meanwhile, on the other core
    found_stories, same_story = stories_later.result()

A call aside can start before all its input exists: it does the part that needs only the
articles, then waits for the rest, which the main line hands over with ``Later.give``:

    links = Later()
    stories_later = aside(stories.cluster, articles, links)   # profiles the articles now
    relations = relate(...)                                   # meanwhile, here
    links.give(relations)                                     # cluster goes on from here

The stage reads such an argument with ``value(x)`` (a plain value passes through).

Records that many items refer to (the articles of a list of article-index pairs) go in
``shared``: each worker gets them once (for free under fork, copy-on-write; pickled once per
worker under spawn) and ``fn`` reads them with ``shared()``, so the items stay small:

    rels = map_batches(relate_index_pairs, pairs, shared=articles)
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
from contextlib import contextmanager
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many records a pool costs more than it saves.
MIN_PARALLEL = 400


def cores() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


def _context():
    # fork shares loaded modules (and cached models) with the children at no cost; where it
    # is unavailable (macOS default, Windows) spawn works too, only slower to start.
    # After a Dask client ran here, its threads outlive it, and a child forked beside them
    # can hang on a lock one of them held: start children from a clean process instead.
    methods = mp.get_all_start_methods()
    if "fork" in methods and not _threads_left_behind:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def map_batches(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                workers: int | None = None, batch_size: int = 256,
                progress: Callable[[int, int], None] | None = None,
                shared=None, needs: Callable[[Sequence[T]], Iterable[int]] | None = None,
                local: bool = False) -> list[R]:
    """``fn`` over ``items`` in batches; the concatenated results, in input order.

    ``workers``: processes (None: the cores available; 1: in-process). ``progress(done,
    total)`` is called in this process after each batch. ``shared``: an object ``fn`` reads
    with ``shared()`` (see the module docstring). ``needs(batch)``: the positions of the
    ``shared`` list that ``fn`` reads for a batch (it reads nothing else of it, and only by
    ``shared()[position]``): an engine whose workers hold the list in parts (Dask) sends a
    batch those records only, not the whole list to every worker; the pool ignores it.
    ``local``: items next to each other share work that ``fn`` caches by content in its
    process (``_map_local``); the results are the same either way.
    """
    items = list(items) if not isinstance(items, (list, tuple)) else items
    total = len(items)
    workers = cores() if workers is None else max(1, int(workers))
    chunks = batches(items, batch_size)
    out: list[R] = []
    if _engine is not None and not in_worker() and chunks:
        return _engine.map_batches(fn, chunks, shared=shared, progress=progress, needs=needs,
                                   local=local)
    if workers == 1 or total < MIN_PARALLEL or len(chunks) == 1:
        global _shared
        before, _shared = _shared, shared
        try:
            for chunk in chunks:
                res = fn(chunk)
                _check(fn, chunk, res)
                out.extend(res)
                if progress:
                    progress(len(out), total)
        finally:
            _shared = before
        return out
    if local:
        return _map_local(fn, chunks, min(workers, len(chunks)), shared, progress, total)
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context(),
                             initializer=_pool_worker, initargs=(shared,)) as pool:
        for chunk, res in zip(chunks, pool.map(fn, chunks)):
            _check(fn, chunk, res)
            out.extend(res)
            if progress:
                progress(len(out), total)
    return out


def _map_local(fn, chunks: list, n: int, shared, progress, total: int) -> list:
    """``fn`` over ``chunks`` in ``n`` worker processes, each taking the chunks of its own
    contiguous range in order; one that finishes its range takes the last chunk of the
    longest range left. A pool hands each free worker the next chunk, so the neighbours of a
    chunk went to the other worker half the time, and what they shared (the articles of a
    family of copies, their sentences' vectors) was made in both."""
    bounds = [len(chunks) * k // n for k in range(n + 1)]
    ranges = [deque(range(bounds[k], bounds[k + 1])) for k in range(n)]
    pools = [ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_pool_worker,
                                 initargs=(shared,)) for _ in range(n)]
    results: list = [None] * len(chunks)
    running: dict = {}
    done_items = 0

    def submit(k: int) -> None:
        mine = ranges[k]
        if not mine:
            mine = max(ranges, key=len)
            if not mine:
                return
            i = mine.pop()
        else:
            i = mine.popleft()
        running[pools[k].submit(fn, chunks[i])] = (k, i)

    try:
        for k in range(n):
            submit(k)
            submit(k)  # one waiting behind the running one: the worker never waits for us
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                k, i = running.pop(fut)
                res = fut.result()
                _check(fn, chunks[i], res)
                results[i] = res
                done_items += len(res)
                submit(k)
                if progress:
                    progress(done_items, total)
    finally:
        for pool in pools:
            pool.shutdown(cancel_futures=True)
    return [r for res in results for r in res]


class Aside:
    """A call running in a worker process (see ``aside``)."""

    def __init__(self, pool, future):
        self._pool, self._future = pool, future

    def result(self):
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()


class _Done:
    def __init__(self, fn, args):
        self._fn, self._args = fn, args

    def result(self):
        return self._fn(*self._args)


# A call aside yields the core to the main line of the run: with more processes than cores,
# the main line is the longest chain, which the end of the run waits on.
ASIDE_NICENESS = 5


def _aside_worker(obj=None) -> None:
    _in_worker(obj)
    try:
        os.nice(ASIDE_NICENESS)
    except (AttributeError, OSError):  # pragma: no cover - not POSIX
        pass


def _call_shared(fn):
    return fn(*_shared)


def aside(fn: Callable[..., R], *args, workers: int | None = None):
    """Start ``fn(*args)`` in a worker process and return at once; ``.result()`` waits for
    it. The arguments reach the worker as ``shared`` does (free under fork); only the answer
    is pickled back. With one core (or ``workers=1``) the call simply runs at ``.result()``."""
    if _engine is not None and not in_worker():
        return _engine.aside(fn, args)
    workers = cores() if workers is None else max(1, int(workers))
    if workers == 1 or in_worker():
        return _Done(fn, args)
    for x in args:
        if isinstance(x, Later):
            x._sent = True
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_context(),
                               initializer=_aside_worker, initargs=(args,))
    return Aside(pool, pool.submit(_call_shared, fn))


class Later:
    """An argument of an ``aside`` call given after the call started (see the module
    docstring). ``give`` hands the value over once; ``get`` (or ``value``) waits for it. In
    this process (``aside`` with one worker) ``get`` returns what was given."""

    def __init__(self):
        # a Queue, not a SimpleQueue: its feeder thread writes the pipe, so ``give`` returns at
        # once even while the worker is still busy with the part before it reads the value
        self._queue = _context().Queue()
        self._given, self._value = False, None
        self._sent = False  # set by aside when a worker process will read the queue
        self._to = None  # set by an engine whose workers read the value elsewhere

    def give(self, value) -> None:
        if self._given:
            raise RuntimeError("Later.give: a value was given already")
        self._given, self._value = True, value
        if self._to is not None:
            self._to(value)
        if self._sent:
            self._queue.put(value)
            self._queue.close()
            # a worker that failed before reading must not hold this process at its exit
            self._queue.cancel_join_thread()

    def get(self):
        if not self._given:
            self._given, self._value = True, self._receive()
        if isinstance(self._value, _Cancelled):
            raise RuntimeError("Later.get: the value will not come (the main line stopped)")
        return self._value

    def ready(self) -> bool:
        """Has the value come (``get`` would not wait)? Never waits: a call can do less once
        the value is known (``quotes.find_quotes_of`` skips the articles not wanted)."""
        if self._given:
            return True
        if not getattr(self, "_sent", False):
            return False  # in this process, or an engine's: nothing to look at without waiting
        try:
            got = self._queue.get_nowait()
        except queue.Empty:
            return False
        self._given, self._value = True, got
        return True

    def _receive(self):
        # (an engine's workers receive the value their own way: ``cluster._RemoteLater``)
        if not self._sent:
            raise RuntimeError("Later.get: nothing was given yet (give it before the "
                               "result of the call that reads it is asked for)")
        return self._queue.get()

    def cancel(self) -> None:
        """Let the call waiting for this value end (with an error) when it will not come:
        the main line failed before it had the value."""
        if not self._given:
            self.give(_Cancelled())


class _Cancelled:
    pass


def value(x):
    """``x``, or what was given to it when it is a ``Later``."""
    return x.get() if isinstance(x, Later) else x


WORKER_ENV = "NEWSLINEAGE_POOL_WORKER"

_shared = None
# Set once a Dask client ran in this process (see ``_context``).
_threads_left_behind = False
# The engine that runs batches instead of the process pool (``cluster.engine`` sets it for a
# run on Dask); None: the pool.
_engine = None


class EngineError(RuntimeError):
    """The engine could not run (no Dask scheduler at the address given, ...)."""


def engine():
    """The engine running batches instead of the pool (see ``cluster``), or None."""
    return _engine


def release() -> None:
    """A stage is over: on an engine whose workers outlive the stage (Dask), they drop their
    memos and hand the memory freed back to the system, as a pool's workers do by exiting
    at the end of each ``map_batches`` (memos are pure: clearing one never changes a result).
    Nothing to do for the pool or in-process."""
    if _engine is not None and not in_worker():
        _engine.release()


def shared():
    """The ``shared`` object of the ``map_batches`` call this batch belongs to."""
    return _shared


def _in_worker(obj=None) -> None:
    # The pool already fills the cores: a BLAS pool of several threads in each worker only
    # makes them fight (USE ran 1.5-2x slower with 2 workers x 2 threads on 2 cores).
    global _shared
    os.environ[WORKER_ENV] = "1"
    _shared = obj


def _pool_worker(obj=None) -> None:
    # A pool worker lives for one map_batches call, and the batch functions make no reference
    # cycles: no collections at all, for a full one would walk (and, copy-on-write, copy) the
    # whole corpus the worker inherited.
    _in_worker(obj)
    gc.disable()


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector over work that allocates many small records and
    makes no reference cycles (reference counting frees them): with a corpus in memory, every
    full collection walks all of it, which cost relate a third of its time at 10k articles.

    Set once per entry, not per batch: ``analyze`` for a whole run, each stage's entry
    function for a caller that runs one stage (clean, segment, candidates, relate, lineage,
    stories, drift), a store's add, a Dask task; pool workers run without the collector."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def collector_hidden():
    """Load a library whose loading switches the cyclic collector on as it returns (srsly's
    msgpack reader under ``spacy.load``): its first collection would walk every object made
    while the collector was paused (0.5 s in a 10k run). The heap so far is kept out of its
    sight (frozen), and a pause in force is restored."""
    paused, hide = not gc.isenabled(), gc.get_freeze_count() == 0
    if hide:
        gc.freeze()
    try:
        yield
    finally:
        if hide:
            gc.unfreeze()
        if paused:
            gc.disable()


def in_worker() -> bool:
    return os.environ.get(WORKER_ENV) == "1"


def _check(fn, chunk, res) -> None:
    if len(res) != len(chunk):
        raise ValueError(f"{getattr(fn, '__name__', fn)!r} returned {len(res)} results for a "
                         f"batch of {len(chunk)}: a batch function must return one per record")
