"""A derivation graph per story: articles and origins as nodes, edges from source to copy.

Edges carry ``kind`` (the relation kind, or "credit" for an article hanging below an origin it
credits), ``lineage`` (a-from-b, common-source, ...) and ``confidence``. A relation whose
direction is unknown is kept as an edge with lineage "unknown" (drawn a -> b) so no shared text
disappears from the picture. Attribute values are str/int/float/bool only, as GraphML needs.
"""
from __future__ import annotations

import networkx as nx

from ..model import Report


def _article_node(g: nx.DiGraph, a, story: str) -> None:
    g.add_node(a.id, type="article", label=a.title or a.outlet or a.id, outlet=a.outlet or "",
               published=a.published or "", language=a.language or "", in_corpus=True, story=story)


def _edge(g: nx.DiGraph, u: str, v: str, kind: str, lineage: str, conf: float) -> None:
    old = g.get_edge_data(u, v)
    if old is None or old["confidence"] < conf:
        g.add_edge(u, v, kind=kind, lineage=lineage, confidence=float(conf))


def _groups(report: Report) -> list[tuple[str, str, list[str]]]:
    """(story id, label, article ids); without stories, one group per connected set of articles."""
    if report.stories:
        return [(s.id, s.label, list(s.articles)) for s in report.stories]
    g = nx.Graph()
    g.add_nodes_from(a.id for a in report.articles)
    g.add_edges_from((r.a, r.b) for r in report.relations)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: c[0])
    return [(f"group-{i + 1}", c[0], c) for i, c in enumerate(comps)]


def graphs(report: Report) -> dict[str, nx.DiGraph]:
    """{story id: DiGraph} with article and origin nodes and source -> copy edges."""
    arts = {a.id: a for a in report.articles}
    out = {}
    for sid, label, members in _groups(report):
        g = nx.DiGraph(story=sid, label=label or "")
        inside = set(members)
        for aid in members:
            if aid in arts:
                _article_node(g, arts[aid], sid)
        for r in report.relations:
            if r.kind == "same-story" or r.a not in inside or r.b not in inside:
                continue
            lin = r.lineage
            if lin.type == "a-from-b":
                _edge(g, r.b, r.a, r.kind, lin.type, lin.confidence)
            elif lin.type == "b-from-a":
                _edge(g, r.a, r.b, r.kind, lin.type, lin.confidence)
            elif lin.type == "common-source" and lin.origin:
                if lin.origin not in g:
                    _origin_node(g, report, lin.origin, sid)
                _edge(g, lin.origin, r.a, "common-source", lin.type, lin.confidence)
                _edge(g, lin.origin, r.b, "common-source", lin.type, lin.confidence)
            else:
                _edge(g, r.a, r.b, r.kind, "unknown", lin.confidence)
        for o in report.origins:
            kids = [c for c in o.children if c in inside]
            if not kids or o.in_corpus:
                continue  # an in-corpus origin is an article node already, its edges are relations
            if o.id not in g:
                _origin_node(g, report, o.id, sid)
            for c in kids:
                # a child that copies another child gets its text through that one
                if not any(g.nodes[p].get("type") == "article" and p in kids for p in g.predecessors(c)):
                    if not g.has_edge(o.id, c):
                        _edge(g, o.id, c, "credit", "credited", 0.9)
        out[sid] = g
    return out


def _origin_node(g: nx.DiGraph, report: Report, oid: str, sid: str) -> None:
    o = next((x for x in report.origins if x.id == oid), None)
    if o is not None and o.in_corpus:
        return
    g.add_node(oid, type="origin", label=o.name if o else oid, outlet=o.name if o else "",
               published="", language="", in_corpus=False, story=sid)


def to_graphml(report: Report) -> str:
    """All story graphs in one GraphML document (node attribute ``story`` tells them apart)."""
    whole = nx.DiGraph()
    for g in graphs(report).values():
        whole.add_nodes_from(g.nodes(data=True))
        whole.add_edges_from(g.edges(data=True))
    return "\n".join(nx.generate_graphml(whole))


def to_graph_json(report: Report) -> dict:
    """{"schema", "stories": [{"id", "label", "graph": node-link data}]}."""
    stories = []
    for sid, g in graphs(report).items():
        stories.append({"id": sid, "label": g.graph.get("label", ""),
                        "graph": nx.node_link_data(g, edges="edges")})
    return {"schema": "newslineage.graph/1", "stories": stories}
