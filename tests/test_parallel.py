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
