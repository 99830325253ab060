"""The maximum spanning arborescence of a family's derivation graph below a virtual root,
and walks up its parent links."""
from __future__ import annotations

import networkx as nx

ROOT = "\x00root"


def below(parent: dict[str, str], y: str, x: str) -> bool:
    """Whether x is y or above it in the arborescence."""
    seen = set()
    while y != x and y in parent and y not in seen:
        seen.add(y)
        y = parent[y]
    return y == x


def top(parent: dict[str, str], x: str) -> str:
    seen = set()
    while parent.get(x, ROOT) != ROOT and x not in seen:
        seen.add(x)
        x = parent[x]
    return x


def arborescence(g: nx.DiGraph, order: dict[str, float]) -> dict[str, str]:
    """node -> parent in the maximum spanning arborescence rooted at ROOT. Each node's best
    incoming edge is the answer when those edges make no cycle (most families); else Edmonds."""
    best = {}
    for v in g.nodes:
        if v == ROOT:
            continue
        # ties: the root (equal evidence never picks a direction), an outside source, the
        # earliest article, the smallest id
        u = max(g.predecessors(v), key=lambda u: (g[u][v]["weight"], u == ROOT, u not in order,
                                                   -order.get(u, 0.0), _neg(u)))
        best[v] = u
    if not _has_cycle(best):
        return best
    t = nx.maximum_spanning_arborescence(g, attr="weight", preserve_attrs=True)
    return {v: u for u, v in t.edges()}


def _neg(s: str) -> tuple:
    return tuple(-ord(c) for c in s)


def _has_cycle(parent: dict[str, str]) -> bool:
    state: dict[str, int] = {}
    for start in parent:
        path = []
        x = start
        while x in parent and x not in state:
            state[x] = 1
            path.append(x)
            x = parent[x]
        if state.get(x) == 1 and x in path:
            return True
        for y in path:
            state[y] = 2
    return False
