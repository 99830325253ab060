"""One source named several ways in a family (lineage/aliases.py): initials of a credited
name or of an outlet of the family, a name with and without its leading article."""
from __future__ import annotations

from newslineage.lineage.aliases import unify_acronyms
from newslineage.lineage.cited import Sources, key, outlet_keys


def _src(aid, outlet=None, credits=()):
    s = Sources(article=aid, outlet=key(outlet) if outlet else None, outlet_keys=outlet_keys(outlet))
    s.credits = {key(c): c for c in credits}
    return s


def test_initials_of_an_outlet_of_the_family_name_that_outlet():
    src = {"a": _src("a", "The Capital Herald"), "b": _src("b", "Valley Post", ["CH"])}
    unify_acronyms(src)
    (k,) = src["b"].credits
    assert src["a"].is_outlet(k)


def test_a_name_with_and_without_the_is_one_name_for_initials():
    src = {"a": _src("a", "The Northern Herald"), "b": _src("b", "Valley Post", ["Northern Herald"]),
           "c": _src("c", "Bay Times", ["The Northern Herald"]), "d": _src("d", "City Star", ["NH"])}
    unify_acronyms(src)
    (k,) = src["d"].credits
    assert src["a"].is_outlet(k)


def test_initials_that_two_names_share_stay_apart():
    src = {"a": _src("a", "Capital Herald"), "b": _src("b", "City Hour"), "c": _src("c", "Bay Times", ["CH"])}
    unify_acronyms(src)
    assert set(src["c"].credits) == {key("CH")}
