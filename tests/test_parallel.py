"""parallel: batches keep their order, and aside runs a call elsewhere with the same answer."""
import os

import pytest

from newslineage import parallel


def _double(batch):
    return [2 * x for x in batch]


def _pid_and_sum(xs, offset):
    return os.getpid(), sum(xs) + offset


def _boom(*_):
    raise ValueError("bad batch")


def test_map_batches_keeps_input_order_over_a_pool():
    items = list(range(1000))
    assert parallel.map_batches(_double, items, workers=2, batch_size=64) == [2 * x for x in items]


def _pids(batch):
    return [os.getpid()] * len(batch)


def _boom_at_500(batch):
    if 500 in batch:
        raise ValueError("bad batch")
    return batch


def test_local_batches_keep_input_order_and_each_worker_takes_a_run_of_neighbours():
    items = list(range(1000))
    seen = []
    out = parallel.map_batches(_double, items, workers=2, batch_size=64, local=True,
                               progress=lambda done, total: seen.append((done, total)))
    assert out == [2 * x for x in items]
    assert seen[-1] == (1000, 1000) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    pids = parallel.map_batches(_pids, items, workers=2, batch_size=10, local=True)
    # each worker starts at the front of its own half, so the first batch of each half is its
    assert pids[0] != pids[500] and os.getpid() not in pids
    with pytest.raises(ValueError, match="bad batch"):
        parallel.map_batches(_boom_at_500, items, workers=2, batch_size=10, local=True)


def test_aside_runs_in_another_process_with_the_same_answer():
    later = parallel.aside(_pid_and_sum, list(range(10)), 5, workers=2)
    pid, total = later.result()
    assert total == 50
    assert pid != os.getpid()


def test_aside_with_one_worker_runs_here():
    pid, total = parallel.aside(_pid_and_sum, [1, 2], 0, workers=1).result()
    assert (pid, total) == (os.getpid(), 3)


def test_aside_raises_the_worker_error():
    with pytest.raises(ValueError, match="bad batch"):
        parallel.aside(_boom, 1, workers=2).result()


def test_a_batch_function_must_return_one_result_per_record():
    with pytest.raises(ValueError, match="one per record"):
        parallel.map_batches(lambda b: b[:1], [1, 2, 3], workers=1)


def _sum_then_later(xs, later):
    first = sum(xs)  # the part that needs no later input
    return os.getpid(), first + parallel.value(later)


@pytest.mark.parametrize("workers", [1, 2])
def test_aside_reads_a_later_argument_given_after_it_started(workers):
    later = parallel.Later()
    call = parallel.aside(_sum_then_later, [1, 2, 3], later, workers=workers)
    later.give(100)
    pid, total = call.result()
    assert total == 106
    assert (pid == os.getpid()) == (workers == 1)


def test_a_later_value_is_given_once_and_must_be_given_before_it_is_read():
    later = parallel.Later()
    with pytest.raises(RuntimeError, match="nothing was given"):
        later.get()
    later.give([1])
    assert parallel.value(later) == [1] and parallel.value(7) == 7
    with pytest.raises(RuntimeError, match="given already"):
        later.give([2])


def test_a_cancelled_later_ends_the_call_waiting_for_it():
    later = parallel.Later()
    call = parallel.aside(_sum_then_later, [1], later, workers=2)
    later.cancel()
    with pytest.raises(RuntimeError, match="will not come"):
        call.result()


def test_a_failing_reuse_stage_stops_the_stories_worker_waiting_for_it(monkeypatch, tmp_path):
    from newslineage import pipeline
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Title {i}\n\nSome text of article {i} here.\n")

    def broken(*_args, **_kw):
        raise ValueError("reuse broke")

    monkeypatch.setattr(pipeline, "find_reuse", broken)
    with pytest.raises(ValueError, match="reuse broke"):
        pipeline.analyze(str(tmp_path), workers=2, embeddings=False)


def test_passage_drift_parts_keep_every_relation_in_order_and_share_the_passages():
    from newslineage.model import Passage, Relation
    from newslineage.pipeline import _parts

    def rel(i, n):
        return Relation(f"a{i}", f"b{i}", "excerpt",
                        passages=[Passage((0, 1), (0, 1), "verbatim", 1.0)] * n)

    rels = [rel(i, n) for i, n in enumerate([9, 1, 1, 1, 1, 1, 1, 1, 1, 1])]
    parts = _parts(rels, 2)
    assert [r for p in parts for r in p] == rels  # all of them, in order: the merge is one run's
    assert len(parts) == 2 and [len(p) for p in parts] == [1, 9]  # split by passages, not count
    assert _parts(rels, 1) == [rels] and _parts(rels[:1], 4) == [rels[:1]] and _parts([], 2) == []


def _ready_then_value(later):
    seen = later.ready()
    return seen, parallel.value(later), later.ready()


def test_a_later_says_whether_its_value_came_without_waiting():
    later = parallel.Later()
    assert not later.ready()
    later.give(7)
    assert later.ready() and later.get() == 7
    later = parallel.Later()
    call = parallel.aside(_ready_then_value, later, workers=2)
    later.give(3)
    seen, got, after = call.result()
    assert got == 3 and after
