"""The memo helper: bounded memos, all dropped by clear_all(), results unchanged."""
from __future__ import annotations

import pickle

from newslineage import memo, normalize
from newslineage.wording import spelling_key


def test_memo_empties_when_full_and_clear_all_drops_it():
    m = memo.Memo(3)
    for k in "abc":
        m.make_room()
        m[k] = k.upper()
    assert len(m) == 3
    m.make_room()  # a fourth entry would pass the bound
    assert len(m) == 0
    m["x"] = 1
    memo.clear_all()
    assert len(m) == 0


def test_cached_functions_are_cleared_and_give_the_same_results():
    before = spelling_key("Defence")
    assert spelling_key.cache_info().currsize > 0
    memo.clear_all()
    assert spelling_key.cache_info().currsize == 0
    assert spelling_key("Defence") == before == spelling_key("defense")


def test_a_memo_travels_to_a_worker_empty():
    m = memo.Memo(10)
    m["k"] = 1
    back = pickle.loads(pickle.dumps(m))
    assert type(back) is memo.Memo and back.limit == 10 and len(back) == 0


def test_package_caches_are_registered():
    normalize.word_forms("Mr Putin said the defence ministry")
    assert len(normalize._FORMS) > 0
    memo.clear_all()
    assert len(normalize._FORMS) == 0
