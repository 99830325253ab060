"""The drift word diff gives difflib's opcodes (it only finds them faster)."""
from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.drift import tokens
from newslineage.drift.tokens import diff_keys, matching_blocks


def difflib_blocks(a, b):
    return [tuple(m) for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]


words = st.lists(st.sampled_from(["the", "a", "said", "says", "5", "Putin", "not", "rose"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_blocks_are_difflib_blocks_for_any_two_texts(a, b):
    assert matching_blocks(a, b) == difflib_blocks(a, b)


@settings(max_examples=300, deadline=None)
@given(words, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["x", "the", "said", ""])), max_size=6))
def test_blocks_are_difflib_blocks_for_near_copies(a, edits):
    b = list(a)
    for at, w in edits:  # insert a word, or delete one where w is empty
        at = min(at, len(b))
        if w:
            b.insert(at, w)
        elif b:
            del b[min(at, len(b) - 1)]
    assert matching_blocks(a, b) == difflib_blocks(a, b)


def test_both_searches_agree_with_difflib(monkeypatch):
    a = "the minister said the talks will resume on Monday in the capital the".split()
    b = "the talks the minister says will resume on Monday the in capital".split()
    want = difflib_blocks(a, b)
    for area in (0, 10 ** 6):  # only runs, only cells
        monkeypatch.setattr(tokens, "_SMALL_AREA", area)
        for runs_area in (0, 10 ** 6):  # runs found with numpy, in Python
            monkeypatch.setattr(tokens, "_NUMPY_AREA", runs_area)
            assert matching_blocks(a, b) == want


def test_opcodes_leave_out_the_equal_runs():
    ops = diff_keys("a b c d".split(), "a x c".split())
    assert [(o.tag, o.a0, o.a1, o.b0, o.b1) for o in ops] == [("replace", 1, 2, 1, 2), ("delete", 3, 4, 3, 3)]
