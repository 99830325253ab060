"""Which copies carry another copy's own version of the text.

Two copies of one source are siblings unless something says that one took from the other.
A credit says so; so does the text itself when the two share a version that the source's
text does not have: the same word changes (a restyled reprint, a paraphrase) or the same cut
(an excerpt) against a third article y that holds the source's text. Two independent copies
would not make the same changes or stop at the same word. y holds the source's text when it
is the source (an in-pile original above them in the forest of the direct evidence), when
another article is closer to y than the pair is (two against one) and, if a third article
keeps the pair's wording word for word, one keeps y's too (against a paraphrase, a reprint
and its sibling that an excerpt repeats share no version of their own), or, for a cut, when
y is simply longer (copies cut text, they do not add the source's). Two texts that are the
same translation of y's text (copies of each other by the reuse kinds, edited or cut) share
a version too, when most of their partners are in y's language (the source's: the pair is
then the translation).
"""
from __future__ import annotations

from ..model import Relation
from ..settings import LineageSettings


SAME_TRANSLATION = "hold the same translation of"
SAME_CUT = "share the same cut of"
_COPIED = ("duplicate", "near-verbatim", "excerpt")  # reuse kinds of a copy, edited or cut


def edit_rate(rel: Relation) -> float | None:
    """Share of the aligned words that differ (None: a translation, nothing to compare)."""
    if rel.kind == "translation":
        return None
    same = changed = 0
    for p in rel.passages:
        for op, a, b, *_ in p.diff:
            if op == "equal":
                same += len(a.split())
            else:
                changed += max(len(a.split()), len(b.split()))
    n = same + changed
    return changed / n if n else None


def covers(rel: Relation, side_id: str) -> float:
    """The share of one side's text that the relation aligns."""
    return float(rel.coverage.get("a" if rel.a == side_id else "b") or 0.0)


def _witnesses(y: str, skip: tuple, rate: dict, partners: dict, below: float) -> int:
    """How many other articles hold y's wording (depart from it by at most ``below``)."""
    return sum(1 for z in partners.get(y, ()) if z not in skip
               and rate.get(frozenset((y, z))) is not None and rate[frozenset((y, z))] <= below)


def _outnumbered(x: str, p: str, by_pair: dict, partners: dict) -> bool:
    """Whether more of x's partners (p apart) are translations of it than in its language."""
    kinds = [by_pair[frozenset((x, z))].kind == "translation" for z in partners[x] if z != p]
    return 2 * sum(kinds) > len(kinds)


def shared_versions(by_pair: dict[frozenset, Relation], ancestors: dict[str, set[str]],
                    merges: set[str], st: LineageSettings) -> dict[frozenset, str]:
    """{frozenset((x, p)): why} for the related pairs whose two texts share a version that a
    third article's text departs from (see the module's comment). A merge is never that
    third article: it is longer by another source's text, not by the one the pair shares."""
    rate = {k: edit_rate(r) for k, r in by_pair.items()}
    partners: dict[str, set[str]] = {}
    for k in by_pair:
        u, v = tuple(k)
        partners.setdefault(u, set()).add(v)
        partners.setdefault(v, set()).add(u)
    out: dict[frozenset, str] = {}
    for k, r in by_pair.items():
        e = rate[k]
        x, p = r.a, r.b
        # the same text word for word (one may be cut shorter)
        same = e is not None and e <= st.version_same and max(covers(r, x), covers(r, p)) >= st.version_whole
        if not same and r.kind not in _COPIED:
            continue
        for y in sorted((partners[x] & partners[p]) - {x, p} - merges):
            rx, rp = by_pair[frozenset((x, y))], by_pair[frozenset((p, y))]
            ex, ep = rate[frozenset((x, y))], rate[frozenset((p, y))]
            if rx.kind == rp.kind == "translation" and r.kind in _COPIED \
                    and _outnumbered(x, p, by_pair, partners) and _outnumbered(p, x, by_pair, partners):
                # two translations of y's text are never copies of each other (the reuse kinds
                # say so: an edited or cut copy too): one is the other's (the pair is the
                # translation when most of its partners are in y's language)
                out[k] = (f"{x} and {p} {SAME_TRANSLATION} the text {y} holds: "
                          f"one took it from the other, not both from their source")
                break
            if ex is None or ep is None or not same:
                continue
            edited = min(ex, ep) >= e + st.version_apart
            below = min(ex, ep) - st.version_apart
            attested = y in ancestors.get(x, ()) or y in ancestors.get(p, ()) or (
                _witnesses(y, (x, p), rate, partners, below) >= 1
                # y's wording is the source's only if some other article keeps it word for word
                # as well as the pair's: against a paraphrase, a reprint and its sibling that
                # an excerpt repeats share no version of their own
                and (_witnesses(y, (x, p), rate, partners, st.version_same + st.version_apart) >= 1
                     or not (_witnesses(x, (y, p), rate, partners, st.version_same + st.version_apart)
                             or _witnesses(p, (y, x), rate, partners, st.version_same + st.version_apart))))
            cut = (max(covers(rx, y), covers(rp, y)) < st.version_whole and abs(covers(rx, y) - covers(rp, y)) <= 0.05
                   and min(covers(rx, x), covers(rp, p)) >= st.version_whole)
            if (edited and attested) or cut:
                what = "changes" if edited and attested else "cut"
                out[k] = (f"{x} and {p} share the same {what} of the text against {y}: "
                          f"one took it from the other, not both from their source")
                break
    return out


def same_merges(by_pair: dict[frozenset, Relation], parents, outside: set[str],
                st: LineageSettings) -> dict[frozenset, str]:
    """{pair: why} for two texts that each combine the same two or more outside sources (their
    credits) and hold the same text: independent merges would not pick and join the same
    passages, so one took the merge from the other. ``parents``: article -> its sources in
    the forest of the direct evidence."""
    out = {}
    for k, r in by_pair.items():
        pu, pv = set(parents(r.a)), set(parents(r.b))
        if len(pu) < 2 or pu != pv or not pu <= outside:
            continue
        if min(covers(r, r.a), covers(r, r.b)) >= st.version_whole:
            out[k] = (f"{r.a} and {r.b} hold the same merge of {len(pu)} sources: "
                      f"one took it from the other, not both from the sources")
    return out
