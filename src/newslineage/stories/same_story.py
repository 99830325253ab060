"""same-story relations: between members of a story that share no text, a few per story."""
from __future__ import annotations

from ..model import Lineage, Relation


def same_story_relations(index, cap: int = 5) -> list[Relation]:
    """same-story relations between members of a story that share no text.

    In a story of up to ``cap`` articles: every pair without a reuse relation. In a bigger
    one: only enough to connect it, each group of articles linked by reuse joined to the
    groups before it by the match that brought one of its articles in (so a big story costs
    a few relations, not n^2).
    """
    groups = _Groups()
    for pair in index.reuse:
        groups.union(*pair)
    out = []
    for sid, mem in index.members.items():
        if len(mem) < 2:
            continue
        if len(mem) <= cap:
            pairs = [(x, y) for i, x in enumerate(mem) for y in mem[i + 1:]
                     if frozenset((x, y)) not in index.reuse]
        else:
            pairs = _connecting_pairs(index, mem, groups)
        for x, y in pairs:
            m = index.match(index.profiles[x], index.profiles[y])
            out.append(Relation(a=x, b=y, kind="same-story", coverage={"a": 0.0, "b": 0.0},
                                lineage=Lineage("unknown", None, 0.0, m.evidence),
                                passages=[], score=m.score))
    return out

def _connecting_pairs(index, mem: list[str], groups: "_Groups") -> list[tuple[str, str]]:
    at = {x: i for i, x in enumerate(mem)}
    pairs = []
    for x in mem:  # arrival order: each article that joined by a match links its group
        joined = index.best.get(x)
        y = joined[0] if joined else None
        if y is None or y not in at or groups.find(x) == groups.find(y):
            continue
        groups.union(x, y)
        pairs.append((y, x) if at[y] < at[x] else (x, y))
    first = mem[0]
    for x in mem:  # a group left apart (not expected): linked to the first member
        if groups.find(x) != groups.find(first):
            groups.union(x, first)
            pairs.append((first, x))
    return pairs


class _Groups:
    """Union-find over article ids (groups of articles linked by reuse)."""

    def __init__(self):
        self.up: dict[str, str] = {}

    def find(self, x: str) -> str:
        up = self.up
        root = x
        while up.get(root, root) != root:
            root = up[root]
        while x != root:
            up[x], x = root, up[x]
        return root

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.up[rx] = ry
