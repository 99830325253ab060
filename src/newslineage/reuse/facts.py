"""Do two sentence groups aligned by their vectors state the same facts? Their figures
(compared by significant digits: units change in a translation) and their names (across
languages spelt differently: Kazakhstan/Kasachstan). Used by the block and gap alignments
of ``align`` (an encoder scores "Mittal" and "Tata" alike; the facts tell them apart)."""
from __future__ import annotations

from .prepare import Prepared
from .sentence_pairs import agreement, unit
from ..settings import ReuseSettings


def _mantissa(n: str) -> str:
    """A figure's significant digits: "$4.5bn" (4|5) and "4.500 millones" (4500) are one
    figure written with another unit, as are "£16.7bn" and "16.700 millones de libras"."""
    return n.replace("|", "").strip("0") or "0"


def _name_stem(name: str) -> str:
    """A name's first four letters, accents folded: "Indian"/"India", "Kazakhstan"/
    "Kazajistán" meet (a translation's names need only meet somewhere; "Rumanía" and
    "Romania" do not, nor need they)."""
    import unicodedata
    f = unicodedata.normalize("NFKD", name)
    return "".join(c for c in f if not unicodedata.combining(c))[:4]


def _names_with_first(p: Prepared, idx: list[int]) -> frozenset:
    """The names of sentences ``idx`` and their capitalised first words."""
    from .. import normalize
    first = set()
    for k in idx:
        forms = normalize.word_forms(p.text[slice(*p.sents[k])])[0]
        if forms and forms[0][2]:
            first.add(forms[0][2])
    return frozenset(first).union(*(p.names[k] for k in idx))


def _fold(name: str) -> str:
    import unicodedata
    f = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in f if c.isalpha())


def _same_name(x: str, y: str) -> bool:
    """One name in two languages: the same first four letters ("Indian"/"India"), the first
    five letters of one inside the other ("Europe"/"Osteuropa"), or spelt alike (Kazakhstan/
    Kasachstan: rapidfuzz ratio >= 72; Germany/Deutschland do not meet, nor need they)."""
    from rapidfuzz import fuzz
    x, y = _fold(x), _fold(y)
    if not x or not y:
        return False
    if x[:4] == y[:4] or (min(len(x), len(y)) >= 5 and (x[:5] in y or y[:5] in x)):
        return True
    return fuzz.ratio(x, y) >= 72


def names_meet(pa: Prepared, rows: list[int], pb: Prepared, cols: list[int]) -> bool:
    """Across languages: do two sentence groups name the same things? When both name someone
    or something (not counting a capitalised first word), one of those names must meet a name
    or a capitalised first word of the other side; a side that names nothing cannot disagree.
    (The first words count as partners because German capitalises every noun and a name often
    opens a sentence; as names of their own they made "Staff" against "Uma" a disagreement.)"""
    core_a = frozenset().union(*(pa.names[k] for k in rows))
    core_b = frozenset().union(*(pb.names[k] for k in cols))
    if not core_a or not core_b:
        return True
    all_a, all_b = _names_with_first(pa, rows), _names_with_first(pb, cols)
    return (any(_same_name(x, y) for x in sorted(core_a) for y in sorted(all_b))
            or any(_same_name(x, y) for x in sorted(all_a) for y in sorted(core_b)))


def loose_agreement(x: frozenset, y: frozenset, key) -> float:
    """``agreement`` of two fact sets compared through ``key``: a block is a rendering of a
    whole sentence group, where units and spellings change but the facts stay."""
    return agreement(frozenset(map(key, x)), frozenset(map(key, y)))


def facts_meet(pa: Prepared, rows: list[int], pb: Prepared, cols: list[int], trans: bool,
                st: ReuseSettings) -> bool:
    """A block's figures are not all different, and its names meet (across languages:
    ``names_meet`` when ``st.block_fuzzy_names``, else a shared first-four-letters stem of
    the names and first words)."""
    ua, ub = unit(pa, rows), unit(pb, cols)
    if loose_agreement(ua[2], ub[2], _mantissa) <= 0:
        return False
    if not trans:
        return loose_agreement(ua[3], ub[3], _name_stem) >= 0.5
    if st.block_fuzzy_names:
        return names_meet(pa, rows, pb, cols)
    return loose_agreement(_names_with_first(pa, rows), _names_with_first(pb, cols), _name_stem) >= 0.01
