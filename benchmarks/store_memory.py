#!/usr/bin/env python3
"""Where an add's memory goes: RSS by stage of every batch, and the deep size of what the add
keeps between batches (the memo beside the store, field by field, and the story index).

    python benchmarks/store_memory.py CORPUS.jsonl DB --batches 2

VmRSS is sampled every 0.2 s in a thread; the stages are marked by wrapping the add's stage
functions. At the end each memo field's size is counted by walking its objects (numpy
arrays by their buffers), each object once, in the order printed: bytes per article are the
growth an add keeps per article stored (extrapolate to a bigger store from these).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import threading
import time

import numpy as np

MEMO_FIELDS = ("raws", "articles", "digests", "rows", "looks", "counts", "repeated", "sigs",
               "vectors", "quotes", "drift", "relation_rows", "known", "lineage", "quote_drift",
               "linked", "stories")


def deep_size(obj, seen: set) -> int:
    """Bytes of ``obj`` and everything it reaches that is not in ``seen`` (ids; filled in)."""
    total, stack = 0, [obj]
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, np.ndarray):
            total += sys.getsizeof(o) + (o.nbytes if o.base is None else 0)
            if o.base is not None:
                stack.append(o.base)
            continue
        total += sys.getsizeof(o)
        if isinstance(o, (str, bytes, int, float, bool, type(None))):
            continue
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
        else:
            if getattr(o, "__dict__", None) is not None:
                stack.append(o.__dict__)
            for s in getattr(type(o), "__slots__", ()) or ():
                if hasattr(o, s):
                    stack.append(getattr(o, s))
    return total


def rss_mib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("db")
    ap.add_argument("--batches", type=int, default=2)
    args = ap.parse_args()

    from newslineage import lineage, read, stories
    from newslineage.store import Store, core, incremental, write

    for p in (args.db, args.db + "-wal", args.db + "-shm", args.db + ".memo"):
        if os.path.exists(p):
            os.remove(p)
    phase, peaks, batch = ["read"], {}, [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peaks[phase[0]] = max(peaks.get(phase[0], 0), rss_mib())
            time.sleep(0.2)

    def marked(f, label):
        def g(*a, **k):
            phase[0] = f"batch {batch[0]}: {label}"
            start = rss_mib()
            out = f(*a, **k)
            print(f"{phase[0]:28s} RSS {start:6d} -> {rss_mib():6d} MiB, peak "
                  f"{peaks.get(phase[0], 0):6d}", flush=True)
            return out
        return g

    add_batch = core.Store._add_batch

    def counted(self, new):
        batch[0] += 1
        return add_batch(self, new)
    core.Store._add_batch = counted
    for mod, name, label in ((incremental.Memo, "extend", "clean"),
                             (incremental, "find_reuse", "reuse"),
                             (lineage, "trace", "lineage"),
                             (incremental, "_linked_quotes", "quotes"),
                             (incremental, "_passage_drift", "passage drift"),
                             (stories, "resume", "stories"),
                             (write, "write_report", "write"),
                             (core.Store, "_save_memo", "memo file")):
        setattr(mod, name, marked(getattr(mod, name), label))
    threading.Thread(target=sample, daemon=True).start()

    cpu = time.process_time()
    articles, _ = read.read_inputs([args.corpus])
    store = Store(args.db)
    store.add_articles(articles, batch_size=math.ceil(len(articles) / args.batches))
    done.set()
    import resource
    print(f"own CPU {time.process_time() - cpu:.1f} s, peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    memo = store._memo[1]
    n = len(memo.articles)
    seen: set = set()
    total = 0
    for k in MEMO_FIELDS:
        if not hasattr(memo, k):
            continue
        size = deep_size(getattr(memo, k), seen)
        total += size
        print(f"memo.{k:14s} {size / 2**20:8.1f} MiB {size / n:7.0f} B/article")
    print(f"memo in all     {total / 2**20:8.1f} MiB {total / n:7.0f} B/article")
    # the story index's own parts (its articles are the memo's), largest first
    index, seen_before = memo.stories, set()
    deep_size(memo.articles, seen_before)
    parts = sorted(vars(index).items(),
                   key=lambda kv: -deep_size(kv[1], set(seen_before)))
    for k, v in parts[:8]:
        size = deep_size(v, seen_before)
        print(f"  stories.{k:12s} {size / 2**20:8.1f} MiB {size / n:7.0f} B/article")


if __name__ == "__main__":
    main()
