"""The memo helper: bounded memos, the older half out when full, all emptied by clear_all(),
results unchanged."""
from __future__ import annotations

import pickle

import pytest

from newslineage import memo, normalize
from newslineage.reuse import prepare
from newslineage.wording import spelling_key


def test_a_full_memo_keeps_its_newer_half():
    m = memo.Memo(4)
    for k in "abcd":
        m.put(k, k.upper())
    m.put("e", "E")  # full: a and b (the older half) go, then e comes in
    assert list(m) == ["c", "d", "e"]
    m.make_room(4)  # more than the other half needs: everything goes
    assert len(m) == 0


def test_a_memo_with_a_fill_computes_each_key_once():
    calls = []
    m = memo.Memo(2, fill=lambda k: calls.append(k) or k * 2)
    assert [m["x"], m["x"], m["y"], m["z"]] == ["xx", "xx", "yy", "zz"]
    assert calls == ["x", "y", "z"] and len(m) <= 2
    with pytest.raises(KeyError):
        memo.Memo(2)["missing"]  # no fill: a plain dict's answer


def test_clear_all_empties_memos_and_memoized_functions_with_the_same_results():
    before = spelling_key("Defence")
    normalize.word_forms("Mr Putin said the defence ministry would answer")
    assert spelling_key.cache_info().currsize > 0 and len(normalize._FORMS) > 0
    memo.clear_all()
    assert spelling_key.cache_info().currsize == 0 and len(normalize._FORMS) == 0
    assert spelling_key("Defence") == before == spelling_key("defense")


def test_a_memo_travels_to_a_worker_empty():
    m = memo.Memo(10, fill=str.upper)
    m["k"]
    back = pickle.loads(pickle.dumps(m))
    assert type(back) is memo.Memo and back.limit == 10 and len(back) == 0
    assert back["a"] == "A"


def test_a_bad_limit_is_refused():
    with pytest.raises(ValueError, match="limit"):
        memo.Memo(0)


def test_process_wide_caches_are_memos():
    # every bounded cache of the package goes through the helper (one bound rule, one clear)
    for cache in (prepare._cache, prepare._sentence_cache, normalize._FORMS):
        assert isinstance(cache, memo.Memo)


def test_threads_filling_one_memo_never_fail():
    # the service answers requests on threads that share the process's memos
    import threading
    m = memo.Memo(64)
    errors = []

    def fill(base):
        try:
            for k in range(20_000):
                m.put((base, k), k)
        except Exception as e:  # pragma: no cover - what the test looks for
            errors.append(e)
    threads = [threading.Thread(target=fill, args=(b,)) for b in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(m) <= 64 + len(threads)  # (a put may race past by one)
