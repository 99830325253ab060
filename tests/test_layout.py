"""The package's layout rules that a reader relies on to find a stage's code."""
from collections import Counter
from pathlib import Path

import newslineage

PKG = Path(newslineage.__file__).resolve().parent


def test_no_two_modules_share_a_name():
    # A module's name says its job and its stage; two ``lexicon.py`` in two stages send a
    # reader (and a traceback) to the wrong one.
    names = Counter(p.name for p in PKG.rglob("*.py") if p.name != "__init__.py")
    assert [n for n, c in names.items() if c > 1] == []
