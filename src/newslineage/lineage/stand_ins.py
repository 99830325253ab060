"""Stand-ins: the family article that holds a credited source's text when no article of the
family has that source's outlet (an original in the pile whose outlet clean could not read)."""
from __future__ import annotations

from collections import defaultdict

from .direction import time_forbids


WORD_FOR_WORD = ("duplicate", "near-verbatim", "excerpt")


def wire_keys() -> set[str]:
    from .cited import key, wires
    return {key(n) for n in set(wires().values())}


def stand_ins(members, arts, src, edges, related, by_outlet) -> dict[str, str]:
    """source key -> the family article that holds that source's text when no article has
    its outlet: two or more articles credit the source, and exactly one other article
    credits nothing, names no outlet, is published no later than any of them and is the
    source side of its pair with most of them (time, containment) and the copy of none of
    the other such articles. An original in the pile whose outlet clean could not read is
    then that source, not its sibling. (Tune families with the originals' outlets removed:
    lineage right 0.545 -> 0.767; as they are, 0.995 either way; make_corpus 2k unchanged.)
    Without dates a duplicate has no side: an article related to most of the crediting
    ones in their language, the copy of none of them and holding the text word for word
    with one of them (not a paraphrase or a translation: those are retellings of the
    source) stands in
    too; so does, for a name only one article credits and no known wire, such an article
    even if it credits its own source (the middle of a chain of reprints whose outlet
    clean could not read). A known wire never has a stand-in: its own story carries its
    name. ``related``: pair -> the relation's kind."""
    def w(u, v):
        e = edges.get((u, v))
        return e.weight if e is not None else 0.0

    credited: dict[str, set[str]] = defaultdict(set)
    for x in members:
        for k in src[x].credits:
            if not src[x].is_outlet(k):
                credited[k].add(x)
    out = {}
    wires_ = wire_keys()
    for k, cs in credited.items():
        # a known wire's own story carries the wire's name: an article without outlet or
        # credit holding its text is a copy that dropped the credit, not the wire's page
        # (one credit of a name nobody in the family bears: the credited may be a copy in
        # the pile whose outlet clean could not read, a chain of reprints)
        if k in wires_ or by_outlet(k):
            continue
        # every article crediting k credits an outlet of the family as well: their text has
        # a source in the family already, and k is a co-credit (or a part of that outlet's
        # name that clean split off), not an outlet whose article went unnamed
        if all(any(j != k and by_outlet(j) for j in src[c].credits) for c in cs):
            continue
        cands = []
        for y in members:
            if y in cs or arts[y].outlet or any(m.kind == "reprint" and m.key == k for m in src[y].mentions):
                continue
            if any(time_forbids(arts[y], arts[c]) for c in cs):
                continue
            uncredited = not src[y].credits and not any(m.kind == "reprint" for m in src[y].mentions)
            if not uncredited and len(cs) > 1:
                continue
            pairs = [c for c in cs if frozenset((y, c)) in related]
            ahead = [c for c in pairs if w(y, c) > max(0.0, w(c, y))]
            behind = [c for c in pairs if w(c, y) > max(0.0, w(y, c))]
            verbatim = [c for c in pairs if related[frozenset((y, c))] in WORD_FOR_WORD]
            # in the source's own language: a copy of a translation is word for word with
            # the translation and only a translation of the others
            same = [c for c in pairs if related[frozenset((y, c))] != "translation"]
            if pairs and ((uncredited and len(cs) > 1 and 2 * len(ahead) > len(cs))
                          or (2 * len(same) > len(cs) and not behind and verbatim)):
                cands.append(y)
        cands = [y for y in cands if not any(w(z, y) > w(y, z) for z in cands if z != y)]
        if len(cands) == 1:
            out[k] = cands[0]
    return out

