"""Run the stage batches on a Dask cluster instead of the local process pool.

The stages do not change: ``parallel.map_batches`` and ``parallel.aside`` hand their batches
to the engine in use, and this engine sends them to Dask workers as tasks. Without an address
a ``distributed.LocalCluster`` sized to the machine is started (and stopped at the end);
with one (``tcp://HOST:8786``) the running cluster is used.

    from newslineage import analyze
    report = analyze(["corpus/"], engine="dask")                            # a LocalCluster
    report = analyze(["corpus/"], engine="dask", scheduler="tcp://10.0.0.5:8786")

The report is the one the process pool gives (the same functions over the same batches).
Records that many batches read (``shared``) are scattered to each worker once, as fork gives
them to a pool worker for free; when a stage says which of them a batch reads (``needs``: the
article list of relate, lineage and quote finding), the list is held in one part per worker
instead and each batch gets only its records.
"""
from __future__ import annotations

import ctypes
import itertools
import logging
import operator
import os
import threading
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Sequence

import numpy as np
from distributed.diagnostics.plugin import WorkerPlugin

from . import parallel
from .parallel import EngineError


class _WorkerSetup(WorkerPlugin):
    """Worker plugin: a Dask worker is a pool worker (nested map_batches run in-process, one
    BLAS thread), every worker, present and future."""

    name = "newslineage-setup"

    def setup(self, worker=None) -> None:
        parallel._in_worker()


def _key(fn, what: str = "") -> str:
    """A task's key named by the stage function it runs (``relate._relate_batch-<uuid>``):
    the task stream and the workers' metrics then read by stage, not ``_run_batch``."""
    import uuid
    fn = getattr(fn, "func", fn)  # a functools.partial
    name = getattr(fn, "__name__", type(fn).__name__).lstrip("_")
    mod = (getattr(fn, "__module__", "") or "").rsplit(".", 1)[-1]
    return f"{mod}.{name}{what}-{uuid.uuid4().hex}"


def _on(worker: str | None) -> dict:
    """Where a ``local`` batch should run: its range's worker, or another if that one left
    the cluster (a loose restriction: the batch's result does not depend on where it runs)."""
    return {} if worker is None else {"workers": [worker], "allow_other_workers": True}


def _run_batch(chunk, fn, shared=None):
    before = parallel._shared
    parallel._shared = shared
    try:
        with parallel.no_gc():
            return fn(chunk)
    finally:
        parallel._shared = before


def _pick(part: list, offsets: list[int]) -> list:
    """On the worker holding ``part`` of a shared list: the records a batch reads."""
    return [part[k] for k in offsets]


def _run_picked(chunk, fn, positions: list[list[int]], *picked):
    """A batch whose ``shared()`` is only the records it reads: position -> record (see
    ``DaskEngine._submit_picked``)."""
    at: dict = {}
    for where, records in zip(positions, picked):
        at.update(zip(where, records))
    return _run_batch(chunk, fn, at)


# Set on the thread of an aside call that left its worker's thread pool (``_call_aside``).
_aside = threading.local()


def _call_aside(fn, layout: list, *sent):
    """An ``aside`` call on a worker: each argument is a future's value, or (for a list the
    engine holds in parts) the parts joined again, the same records in the same order.

    The call leaves the worker's thread pool at once (``secede``) and runs niced, as the
    pool's aside is an extra process beside its workers, niced: holding the worker's one
    slot, the stories call (from the links to its end) kept that worker's batches and the
    picks of the article part it holds (lineage's, quote finding's) waiting behind it."""
    from distributed import secede

    secede()
    _aside.seceded = True
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), parallel.ASIDE_NICENESS)
    except (AttributeError, OSError):  # pragma: no cover - not Linux (a thread's own nice)
        pass
    args, k = [], 0
    for n in layout:
        if n is None:
            args.append(sent[k])
            k += 1
        elif isinstance(n, tuple):  # records picked from a list held in parts
            m, where, positions = n
            at: dict = {}
            for poss, records in zip(where, sent[k:k + m]):
                at.update(zip(poss, records))
            args.append([at[p] for p in positions])
            k += m
        else:
            args.append([x for part in sent[k:k + n] for x in part])
            k += n
    return fn(*args)


def _release() -> None:
    """On a worker, between stages: its memos go (the prepared texts relate leaves, ~130 KiB an
    article for up to 1,024 articles, its e5 and sentence memos, cleaning's and signing's), and
    glibc gives the free memory at the top of its heaps back (``malloc_trim``), so the next
    stage grows into memory that is free, not on top of the last one's residue."""
    from . import memo
    memo.clear_all()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # pragma: no cover - not glibc
        pass


class _RemoteLater(parallel.Later):
    """A ``Later`` read by a task on a Dask worker: the value comes through a Dask queue.
    While the task waits, its worker runs other tasks (the wait leaves the worker's thread
    pool), so a call aside costs no worker its share of the main line's batches."""

    def __init__(self, name: str):
        self._name = name
        self._given, self._value = False, None

    def _receive(self):
        from distributed import Queue, get_client, rejoin, secede

        queue = Queue(self._name, client=get_client())
        if getattr(_aside, "seceded", False):  # (an aside call is out of the pool already)
            return queue.get()
        secede()
        try:
            return queue.get()
        finally:
            rejoin()


class _Blocks:
    """The records of ``local`` batches, picked for a block of ``BLOCK`` neighbouring batches
    at a time and per worker: the neighbours of a batch read mostly the same records (relate:
    the articles of one family), which then cross to the worker once, not once per batch,
    and the next block's picks are asked for as a worker starts a block, so a batch seldom
    waits for the worker holding a part to finish its own running batch first. A block's
    picks stay while its batches need them (Dask keeps a task's data for its dependents);
    the engine lets go of all but a worker's last ``KEEP`` blocks."""

    BLOCK = 8
    KEEP = 3

    def __init__(self, engine: "DaskEngine", records: list, chunks: Sequence, needs: Callable):
        self.engine, self.records, self.chunks, self.needs = engine, records, chunks, needs
        self.made: dict[tuple[str | None, int], tuple] = {}

    def _make(self, worker: str | None, b: int) -> tuple:
        key = (worker, b)
        if key not in self.made:
            lo = b * self.BLOCK
            positions = [p for c in self.chunks[lo:lo + self.BLOCK] for p in self.needs(c)]
            mine = [k for k in self.made if k[0] == worker]
            for old in mine[:max(0, len(mine) + 1 - self.KEEP)]:
                del self.made[old]
            self.made[key] = self.engine._picks(self.records, positions)
        return self.made[key]

    def of(self, i: int, worker: str | None) -> tuple:
        b = i // self.BLOCK
        got = self._make(worker, b)
        # a worker going forward through its range: the next block, ahead of time
        if i % self.BLOCK == 0 and (b + 1) * self.BLOCK < len(self.chunks):
            self._make(worker, b + 1)
        return got


# A LocalCluster's background work, made rarer: every process of it woke 50 times a second (the
# event-loop tick), each worker sampled its threads' stacks 100 times a second (the profiler,
# for a dashboard this engine does not start) and its memory 10 times a second. Idle, that
# cost 3.7 s of CPU a minute for two workers (0.8 s with these); on a busy machine a run's
# wall time, and with it this cost, grows. Memory limits still hold (checked every second).
# How long a run waits for a first worker when the scheduler has none (seconds).
WAIT_FOR_WORKERS = 120.0

_QUIET = {"distributed.worker.profile.enabled": False,
          "distributed.admin.tick.interval": "1s",
          "distributed.worker.memory.monitor-interval": "1s",
          "distributed.admin.system-monitor.interval": "1s"}


class DaskEngine:
    """Batches as Dask tasks on a cluster (a LocalCluster when ``scheduler`` is None)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                import dask

                n = parallel.cores() if workers is None else max(1, int(workers))
                with dask.config.set(_QUIET):  # (the workers take the config they start with)
                    self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                dashboard_address=None,
                                                silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
                # (a loaded machine may register them after the cluster object returns)
                self.client.wait_for_workers(n, timeout=WAIT_FOR_WORKERS)
        except OSError as e:
            where = scheduler or "a LocalCluster"
            raise EngineError(f"could not connect to the Dask scheduler at {where}: {e}. "
                               "Start one with `dask scheduler` and workers with "
                               "`dask worker ADDRESS`, or leave --scheduler out to run on "
                               "this machine.") from e
        self.client.register_plugin(_WorkerSetup(), name=_WorkerSetup.name)
        # id -> (object, future, on every worker): what was scattered in this run (see ``_scatter``)
        self._sent: dict[int, tuple] = {}
        # id -> (list, part size, [(future, worker)]): lists held in parts (see ``_parts``)
        self._split: dict[int, tuple] = {}
        # id of a list held in parts -> {id of a record: its position} (see ``_held``)
        self._index: dict[int, dict[int, int]] = {}

    def map_batches(self, fn: Callable, chunks: Sequence[Sequence], shared=None,
                    progress: Callable[[int, int], None] | None = None,
                    needs: Callable[[Sequence], Any] | None = None, local: bool = False) -> list:
        """``fn`` over ``chunks`` as tasks, a few at a time: at most ``_window()`` batches are
        submitted and not yet read back. Submitting them all at once put every batch's
        records, pickled, in the scheduler (the client's own process on a LocalCluster) and
        left every answer on the workers until the last one came: client and workers held
        the corpus once more, pickled, for each stage (clean sent all the articles and got
        them all back). Answers are read as they come and released at once.

        With ``needs`` (the positions of the ``shared`` list a batch reads), the list is held
        in parts on the workers (``_parts``) and each batch gets the records it reads only;
        without it, ``shared`` goes whole to every worker.

        ``local``: each worker takes the batches of its own contiguous range, as the pool's
        ``_map_local`` does (neighbouring batches share what ``fn`` caches in its process)."""
        total = sum(len(c) for c in chunks)
        if needs is not None and isinstance(shared, list) and local:
            blocks = _Blocks(self, shared, chunks, needs)

            def submit(i: int, worker: str | None = None):
                return self._submit_picked(fn, chunks[i], shared, (), worker,
                                           blocks.of(i, worker))
        elif needs is not None and isinstance(shared, list):
            def submit(i: int, worker: str | None = None):
                return self._submit_picked(fn, chunks[i], shared, needs(chunks[i]), worker)
        else:
            sh = self._scatter(shared, broadcast=True) if shared is not None else None

            def submit(i: int, worker: str | None = None):
                return self.client.submit(_run_batch, chunks[i], fn, sh, key=_key(fn),
                                          **_on(worker))
        results: list = [None] * len(chunks)
        done = 0
        window = self._in_ranges if local else self._in_window
        for i, f in window(len(chunks), submit):
            results[i] = f.result()
            f.release()
            parallel._check(fn, chunks[i], results[i])
            if progress:
                done += len(chunks[i])
                progress(done, total)
        out: list = []
        for res in results:
            out.extend(res)
        return out

    def _in_window(self, n: int, submit: Callable[[int], Any]):
        """Tasks ``submit(0)`` .. ``submit(n - 1)``, at most ``_window()`` of them submitted and
        not yet read: yields (i, future) as each completes, and submits the next one after the
        caller has read it."""
        from distributed import as_completed

        where: dict[str, int] = {}
        todo = iter(range(n))

        def go(i: int):
            f = submit(i)
            where[f.key] = i
            return f

        running = as_completed([go(i) for i in itertools.islice(todo, self._window())])
        for f in running:
            yield where.pop(f.key), f
            nxt = next(todo, None)
            if nxt is not None:
                running.add(go(nxt))

    def _in_ranges(self, n: int, submit: Callable[..., Any]):
        """As ``_in_window``, but each worker runs the tasks of one contiguous range of
        ``0 .. n - 1`` in order (``submit(i, worker)`` pins task i to it), two at a time per
        thread; a worker whose range is done takes the last task of the longest range left.
        Dask placed each batch on whichever worker was free, so neighbouring batches went to
        the other worker about half the time and what they share (in relate: the articles of
        a family prepared, their sentences encoded) was made on both."""
        from distributed import as_completed

        workers = self._workers()
        names = sorted(workers)[:max(1, n)]
        bounds = [n * k // len(names) for k in range(len(names) + 1)]
        ranges = [deque(range(bounds[k], bounds[k + 1])) for k in range(len(names))]
        where: dict[str, tuple[int, int]] = {}

        def go(k: int):
            mine = ranges[k] or max(ranges, key=len)
            if not mine:
                return None
            i = mine.popleft() if mine is ranges[k] else mine.pop()
            f = submit(i, names[k])
            where[f.key] = (k, i)
            return f

        first = [go(k) for k in range(len(names))
                 for _ in range(2 * workers[names[k]].get("nthreads", 1))]
        running = as_completed([f for f in first if f is not None])
        for f in running:
            k, i = where.pop(f.key)
            yield i, f
            nxt = go(k)
            if nxt is not None:
                running.add(nxt)

    def _window(self) -> int:
        """Batches in flight at once: two per worker thread (one running, one queued behind
        it, so no worker waits for the client between batches)."""
        threads = sum(w.get("nthreads", 1) for w in self._workers().values())
        return max(2, 2 * threads)

    def sign_apart(self, fn: Callable, items: Sequence, batch_size: int,
                   progress: Callable[[int, int], None] | None = None):
        """``candidates``' signing batches as tasks whose answers stay on the workers: back
        come the signatures without their band keys, and a ``band_join(live, cap, st)``
        that finds the band collisions by a shuffle of the keys between the workers (no
        machine ever holds every signature)."""
        from . import candidates
        from .candidates import minhash

        chunks = parallel.batches(list(items), batch_size)
        sizes = [len(c) for c in chunks]
        # a window of batches in flight, as in ``map_batches`` (the signed batches stay)
        signed: list = [None] * len(chunks)
        got: list = [None] * len(chunks)

        def submit(i: int):
            signed[i] = self.client.submit(_run_batch, chunks[i], fn, None, key=_key(fn))
            chunks[i] = None  # (the task holds it until it ran)
            return self.client.submit(candidates.without_keys, signed[i], pure=False)

        done = 0
        for i, f in self._in_window(len(chunks), submit):
            got[i] = f.result()
            if progress:
                done += sizes[i]
                progress(done, len(items))
        sigs: list = [s for part in got for s in part]
        del got

        def band_join(live: np.ndarray, cap: int, st):
            P = len(live)
            parts = max(1, 2 * len(self._workers()))
            maps, p0, a0 = [], 0, 0
            for size, f in zip(sizes, signed):
                m = sum(len(s[1]) for s in sigs[a0:a0 + size])
                maps.append(self.client.submit(candidates.band_rows, f, p0, a0,
                                               live[p0:p0 + m], parts, pure=False))
                p0, a0 = p0 + m, a0 + size
            reduces = []
            for r in range(parts):
                pieces = [self.client.submit(operator.getitem, m, r, pure=False) for m in maps]
                reduces.append(self.client.submit(candidates.band_collisions, pieces,
                                                  minhash.BANDS, P, cap, st, pure=False))
            return candidates.merge_counts(self.client.gather(reduces))

        return sigs, band_join

    def aside(self, fn: Callable, args: tuple):
        """``fn(*args)`` as one task. A list argument goes as the parts the batches read too
        (``_parts``): the task's worker joins them (holding its own part and the others
        once), and no worker gets a second, whole copy of the articles. A list of records of
        a list held in parts already (passage drift's articles) is picked from those parts
        where they live, and any other list once the run's records are held (drift's
        relations) goes whole as one future, not kept: split and kept, each was pickled by
        the client, held in parts until the run's end and half of it copied again to the
        task's worker."""
        from distributed import Queue

        sent, layout = [], []
        for x in args:
            if isinstance(x, parallel.Later):
                queue = Queue(client=self.client)
                x._to = queue.put
                sent.append(_RemoteLater(queue.name))
                layout.append(None)
            elif isinstance(x, list) and (not self._split or id(x) in self._split):
                parts = self._parts(x)[1]
                sent.extend(f for f, _where in parts)
                layout.append(len(parts))
            elif isinstance(x, list) and x and (held := self._held(x)) is not None:
                where, picks = self._picks(*held)
                sent.extend(picks)
                layout.append((len(picks), where, held[1]))
            elif isinstance(x, list):
                sent.extend(self.client.scatter([x], hash=False))
                layout.append(None)
            else:
                sent.append(self._scatter(x))
                layout.append(None)
        return self.client.submit(_call_aside, fn, layout, *sent, key=_key(fn, ".aside"))

    def _workers(self) -> dict:
        """The scheduler's workers (address -> info), waiting for one when there is none: on a
        loaded machine a LocalCluster's workers may not have registered yet when the run
        starts, and a cluster's worker may be restarting."""
        workers = self.client.scheduler_info()["workers"]
        if not workers:
            try:
                self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except TimeoutError as e:
                raise EngineError(f"no Dask worker joined the scheduler within "
                                  f"{WAIT_FOR_WORKERS:.0f} s: start workers with "
                                  "`dask worker ADDRESS`") from e
            workers = self.client.scheduler_info()["workers"]
        return workers

    def _held(self, records: list) -> tuple[list, list[int]] | None:
        """(the list held in parts, the positions in it of ``records``) when every record of
        ``records`` is one of a list held in parts (the same objects), else None."""
        for rec, _size, _parts in self._split.values():
            pos = self._index.get(id(rec))
            if pos is None:
                pos = self._index[id(rec)] = {id(r): k for k, r in enumerate(rec)}
            try:
                return rec, [pos[id(r)] for r in records]
            except KeyError:
                continue
        return None

    def _parts(self, records: list) -> tuple[int, list[tuple[Any, str]]]:
        """``records`` in one contiguous part per worker, each scattered to its worker once per
        run (cached like ``_scatter``): (part size, [(future, worker address)])."""
        hit = self._split.get(id(records))
        if hit is not None and hit[0] is records:
            return hit[1], hit[2]
        workers = sorted(self._workers())
        size = max(1, -(-len(records) // len(workers)))
        parts = []
        for k, lo in enumerate(range(0, len(records), size)):
            where = workers[k % len(workers)]
            [f] = self.client.scatter([records[lo:lo + size]], workers=[where], hash=False)
            parts.append((f, where))
        self._split[id(records)] = (records, size, parts)  # holding records keeps its id unique
        return size, parts

    def _picks(self, records: list, positions) -> tuple[list[list[int]], list]:
        """Tasks that pick the records of ``records`` at ``positions``: one small task per
        part touched, on the worker that holds the part (before that worker's queued
        batches). (positions by part, futures of the picked records.)"""
        size, parts = self._parts(records)
        by_part: dict[int, list[int]] = {}
        for pos in sorted(set(positions)):
            by_part.setdefault(pos // size, []).append(pos)
        picks, where = [], []
        for k, poss in by_part.items():
            part, worker = parts[k]
            picks.append(self.client.submit(_pick, part, [p - k * size for p in poss],
                                            workers=[worker], priority=1, pure=False))
            where.append(poss)
        return where, picks

    def _submit_picked(self, fn: Callable, chunk, records: list, positions,
                       worker: str | None = None, picked=None):
        """A batch as a task that gets the records of ``records`` at ``positions`` only
        (``_picks``, or ``picked``: picks made already), and reads them as
        ``shared()[position]``. The picked copies go when the batch is done; no worker
        holds another's part."""
        where, picks = picked or self._picks(records, positions)
        return self.client.submit(_run_picked, chunk, fn, where, *picks, key=_key(fn),
                                  **_on(worker))

    def release(self) -> None:
        """Every worker drops its memos between stages (see ``parallel.release``). A task
        running meanwhile (the stories aside) only finds fewer entries: memos are cleared and
        evicted under running calls anyway."""
        self.client.run(_release)

    def _scatter(self, obj, broadcast: bool = False):
        """A future of ``obj`` on the workers (on every one with ``broadcast``), sent once
        per object for the engine's life (one run): the article list that stories, quotes,
        relate, lineage and drift all read was pickled and sent again by each of them (about
        a second of the client's CPU per copy at 10k articles, and one more copy in a
        worker's memory while it ran), and a run does not change the records it handed to
        the stages. Sent in a list: scatter would send the items of a list or tuple one by
        one."""
        hit = self._sent.get(id(obj))
        if hit is not None and hit[0] is obj:
            future, everywhere = hit[1], hit[2]
            if broadcast and not everywhere:
                self.client.replicate([future])
                self._sent[id(obj)] = (obj, future, True)
            return future
        [future] = self.client.scatter([obj], broadcast=broadcast, hash=False)
        self._sent[id(obj)] = (obj, future, broadcast)  # holding obj keeps its id unique
        return future

    def close(self) -> None:
        self._sent.clear()
        self._split.clear()
        self._index.clear()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@contextmanager
def on_dask(scheduler: str | None = None, workers: int | None = None):
    """Run the ``map_batches`` and ``aside`` calls inside the block on a Dask cluster."""
    parallel._threads_left_behind = True  # the client's threads will outlive it
    eng = DaskEngine(scheduler=scheduler, workers=workers)
    before = parallel._engine
    parallel._engine = eng
    try:
        yield eng
    finally:
        parallel._engine = before
        eng.close()
