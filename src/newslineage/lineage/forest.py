"""Lineage as one inference per family: the most probable derivation forest.

A family is a connected set of articles that share text. Every pairwise signal goes into one
weighted directed graph whose nodes are the family's articles, the outside sources they
credit (a wire not in the corpus) and one virtual root:

- source -> copy, between two related articles: the signed sum of the direction signals
  (credits of the other's outlet, publication times, containment, unnamed retelling phrases,
  edits; see ``direction``). An edge that time forbids (the source published clearly after
  the copy) is left out, so no weak signal can make an earlier original the copy of a later
  article; a credit of the source's outlet is no weak signal and keeps its edge.
- credited outlet -> article: an article that credits the outlet of another article of the
  family (even one it shares no passage with directly) gets an edge from it.
- outside source -> article: a credit line ("REUTERS") or reprint phrase, or an in-text
  attribution ("according to AFP"). A third party named by both texts is evidence for a
  common source, never for a direction between them.
- root -> article: the prior of being an original (an article without a good parent).

The maximum spanning arborescence of that graph (Edmonds' algorithm, networkx) gives each
article one parent. A merged article keeps its other credited outside sources as extra
parents. A relation is then read off the forest: one side an ancestor of the other is a
direction; a common ancestor (the nearest) is a common source; else the lineage is unknown.
The work is per family, so the cost grows with the families, not with the corpus squared.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import timezone

import networkx as nx

from ..model import Article, Lineage, Relation
from ..settings import LineageSettings
from . import direction as dr
from . import versions
from .origins import origin_id
from .cited import Sources
from .regions import elsewhere as _elsewhere, overlap as _overlap, region_source as _region_source
from .regions import span_on as _span_on, tree_spans as _tree_spans
from .stand_ins import stand_ins
from .arborescence import ROOT, arborescence as _arborescence, below as _below, top as _top



@dataclass
class Edge:
    weight: float
    evidence: list[str]
    signals: list[str]
    credit: float = 0.0  # the part of the weight that a credit of the source's outlet gives


@dataclass
class Family:
    """The forest of one family: parent per article, extra outside parents (merges), edges."""
    parent: dict[str, str]            # article -> parent (article id, outside origin id, ROOT)
    extra: dict[str, list[str]]       # article -> its further sources (a merge: credited wires, articles)
    names: dict[str, str]             # outside origin id -> display name
    edges: dict[tuple[str, str], Edge]
    margin: dict[str, float]          # article -> its parent's weight over the next best
    shared: dict[frozenset, str] = None  # pairs that share a version (versions.py): why

    def parents(self, aid: str) -> list[str]:
        p = self.parent.get(aid, ROOT)
        out = [] if p == ROOT else [p]
        return out + [k for k in self.extra.get(aid, []) if k not in out]

    def ancestors(self, aid: str) -> dict[str, int]:
        """node -> distance in generations (outside sources included, the root not)."""
        out: dict[str, int] = {}
        todo = [(aid, 0)]
        while todo:
            x, d = todo.pop()
            for p in self.parents(x):
                if p not in out or out[p] > d + 1:
                    out[p] = d + 1
                    todo.append((p, d + 1))
        return out


def families(relations: list[Relation]) -> list[list[int]]:
    """Indices of the reuse relations, grouped by connected component of their articles."""
    g = nx.Graph()
    for i, r in enumerate(relations):
        if r.kind != "same-story":
            g.add_edge(r.a, r.b)
    comp = {}
    for n, c in enumerate(nx.connected_components(g)):
        for x in c:
            comp[x] = n
    out: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(relations):
        if r.kind != "same-story":
            out[comp[r.a]].append(i)
    return [out[k] for k in sorted(out)]


def _pair_edge(rel: Relation, a: Article, b: Article, sa: Sources, sb: Sources,
               st: LineageSettings) -> tuple[Edge, Edge]:
    """(b -> a, a -> b): the weight that a copied b, and that b copied a."""
    votes = []  # (signed vote, positive = a is the copy; evidence; signal name)
    ca, cb = dr._credits_partner(sa, sb), dr._credits_partner(sb, sa)
    if ca:
        votes.append((st.credit, f"{a.id} credits {ca}, the outlet of {b.id}", "credit"))
    if cb:
        votes.append((-st.credit, f"{b.id} credits {cb}, the outlet of {a.id}", "credit"))
    # A third party both sides name is their common source: a retelling phrase ("the
    # publication writes") then retells it, not the other article.
    shared = dr.shared_sources(rel, sa, sb)
    retell = None if shared else dr.retelling_vote(rel, sa, sb)
    for name, v in (("time", dr.time_vote(a, b)), ("containment", dr.containment_vote(rel)),
                    ("retelling", retell), ("edits", dr.edit_vote(rel, a, b))):
        if v:
            votes.append((v[0], v[1], name))
    s = sum(v[0] for v in votes)
    credit = sum(v[0] for v in votes if v[2] == "credit")
    to_a = Edge(s, [v[1] for v in votes if v[0] > 0], [v[2] for v in votes if v[0] > 0], credit)
    to_b = Edge(-s, [v[1] for v in votes if v[0] < 0], [v[2] for v in votes if v[0] < 0], -credit)
    return to_a, to_b


def infer(arts: dict[str, Article], rels: list[Relation], src: dict[str, Sources],
          st: LineageSettings) -> Family:
    """The derivation forest of one family."""
    members = sorted({x for r in rels for x in (r.a, r.b)})
    rels = sorted(rels, key=lambda r: (r.a, r.b))  # the same forest whatever the input order
    edges: dict[tuple[str, str], Edge] = {}
    names: dict[str, str] = {}

    def add(u: str, v: str, e: Edge) -> None:
        old = edges.get((u, v))
        if old is None or e.weight > old.weight:
            edges[(u, v)] = e

    # outlets of the family: a credit naming one is a credit of that article, not of a wire
    def by_outlet(k: str) -> list[str]:
        return [y for y in members if src[y].is_outlet(k)]
    related = set()
    late: dict[tuple[str, str], Edge] = {}  # pair edges time forbids (the source is later)
    corroborated: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        related.add(frozenset((r.a, r.b)))
        for k in dr.shared_sources(r, src[r.a], src[r.b]):
            corroborated[r.a].add(k)
            corroborated[r.b].add(k)
        to_a, to_b = _pair_edge(r, arts[r.a], arts[r.b], src[r.a], src[r.b], st)
        for (u, v, e) in ((r.b, r.a, to_a), (r.a, r.b, to_b)):
            # (a credit of the source's outlet names the source: a clock that disagrees,
            # a wrong zone or a stamp of an update, does not take it away)
            if e.credit > 0 or dr.time_forbids(arts[u], arts[v]) is None:
                add(u, v, e)
            else:
                late[(u, v)] = e
    stand_in = stand_ins(members, arts, src, edges, {frozenset((r.a, r.b)): r.kind for r in rels}, by_outlet)
    if stand_in:
        def by_outlet(k: str) -> list[str]:  # noqa: F811 (the family's outlets and stand-ins)
            return [y for y in members if src[y].is_outlet(k)] or ([stand_in[k]] if k in stand_in else [])
    extra: dict[str, list[str]] = {}
    sources_in: dict[str, list[str]] = defaultdict(list)  # credited articles x shares text with
    rel_of = {frozenset((r.a, r.b)): r for r in rels}
    for x in members:
        s = src[x]
        strong = {k: n for k, n in s.credits.items() if not s.is_outlet(k)}
        for m in s.mentions:
            if m.kind == "reprint":
                strong.setdefault(m.key, m.name)
        # x credits an outlet of the family whose article holds (almost) all of x's text:
        # that credit explains x's text, and a source outside the family that x credits
        # besides has no text of its own in x to be the source of (a merge's second source
        # has its passages apart; a credit line that clean split, "A & B", is one source)
        whole = any(versions.covers(rel_of[frozenset((x, y))], x) >= st.version_whole
                    for j in strong for y in by_outlet(j) if y != x and frozenset((x, y)) in rel_of)
        if whole:
            strong = {k: n for k, n in strong.items() if by_outlet(k)}
        # an in-text attribution alone is a source of a fact, not of the text: it counts
        # when a related article credits or names that source too (their common source)
        cited = {m.key: m for m in s.mentions if m.kind == "cites" and m.key not in strong
                 and m.key in corroborated.get(x, ())}
        for k, n in [*strong.items(), *((k, m.name) for k, m in cited.items())]:
            w = st.credit if k in strong else st.cite
            how = "credit line" if k in s.credits else (
                "reprint phrase" if k in strong else f"in-text attribution \"{cited[k].phrase.replace('{source}', n)}\"")
            ins = [y for y in by_outlet(k) if y != x]
            if ins:  # the credited outlet is in the family: an edge from its article(s)
                for y in ins:
                    if stand_in.get(k) == y and frozenset((x, y)) in related and (y, x) in edges:
                        e = edges[(y, x)]  # the pair's edge did not know y holds k's text
                        edges[(y, x)] = Edge(e.weight + w, e.evidence + [
                            f"{x} credits {n}, whose text {y} holds (it credits nobody, names no "
                            f"outlet and is the source of most articles crediting {n})"],
                            e.signals + ["credit"], e.credit + w)
                        continue
                    if frozenset((x, y)) in related and (y, x) in edges:
                        sources_in[x].append(y)
                    if frozenset((x, y)) in related or dr.time_forbids(arts[y], arts[x]):
                        continue  # the pair's own edge already counts this credit
                    t = dr.time_vote(arts[x], arts[y])
                    add(y, x, Edge(w + (t[0] if t else 0), [f"{x} credits {n}, the outlet of {y} ({how})"]
                                   + ([t[1]] if t else []), ["credit"] + (["time"] if t else [])))
                continue
            if len(n) > len(names.get(origin_id(k), "")):  # the fullest form the family writes
                names[origin_id(k)] = n
            add(origin_id(k), x, Edge(w, [f"{x} credits {n} ({how})"], ["credit" if k in strong else "attribution"]))
        extra[x] = [origin_id(k) for k in strong if not by_outlet(k)]
        # an article crediting two or more sources took text from each: a credited article
        # of the family is one of its sources whatever its clock says (a merge of an
        # original in the pile and a wire), never its sibling through the other
        if len(strong) >= 2:
            extra[x] += sources_in.get(x, [])
    by_pair = {frozenset((r.a, r.b)): r for r in rels}
    by_art: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for r in rels:
        by_art[r.a].append((r.b, r))
        by_art[r.b].append((r.a, r))
    order = {x: _when(arts[x]) for x in members}
    credited = {x: [k for k in ks if k in names or k in arts] for x, ks in extra.items()}
    # Pass 1: the forest of the direct evidence.
    parent, extra = _forest(members, names, edges, credited, by_art, order, st)
    # x shares text with p, and p has that text from A (its source for the passages x
    # shares): x has A's text, straight from A or through p. A -> x weighs what p -> x weighs
    # without a credit of p's outlet (never below 0: time and containment say as much about
    # A as about p) plus st.common, so only x crediting p's outlet makes x the copy of p
    # rather than its sibling. Pass 2 chooses again with these edges.
    fam0 = Family(parent, extra, names, edges, {})
    # Two texts that share a version their source's text lacks (the same changes or the
    # same cut): one took from the other, whatever their siblings (versions.py).
    # (the source an in-pile original is; a merge is longer by another source's text)
    tops = {x for x in members if parent[x] == ROOT}
    shared = versions.shared_versions(by_pair, {x: set(fam0.ancestors(x)) & tops for x in members},
                                      {x for x in members if len(fam0.parents(x)) > 1}, st)
    copies = set()  # the later of each such pair, by the pair's own signals
    merged = versions.same_merges(by_pair, fam0.parents, set(names), st)
    for k, why in merged.items():
        u, v = tuple(k)
        for s, t in ((u, v), (v, u)):
            e = edges.get((s, t))
            if e is not None:
                edges[(s, t)] = Edge(e.weight + st.version, e.evidence + [why], e.signals + ["shared version"],
                                     e.credit)
        wu, wv = (edges[e].weight if e in edges else -math.inf for e in ((u, v), (v, u)))
        if wu != wv:
            # the copy's credits came with the merge's text: its sources are the merge's
            c = v if wu > wv else u
            copies.add(c)
            credited[c] = []
            for q in fam0.parents(c):
                edges.pop((q, c), None)
    # two texts with the same cut: the cut was made once, so a longer third text holding
    # either is no nearer a source for it than the other one is (its containment vote goes)
    for k, why in shared.items():
        if versions.SAME_CUT in why:
            for t in k:
                for (z, t2), e in list(edges.items()):
                    if t2 == t and z not in k and "containment" in e.signals:
                        i = e.signals.index("containment")
                        edges[(z, t)] = Edge(e.weight - dr.CONTAINMENT, e.evidence[:i] + e.evidence[i + 1:],
                                             e.signals[:i] + e.signals[i + 1:], e.credit)
    for k, why in shared.items():
        u, v = tuple(k)
        for s, t in ((u, v), (v, u)):
            e = edges.get((s, t))
            if e is not None:
                edges[(s, t)] = Edge(e.weight + st.version, e.evidence + [why], e.signals + ["shared version"],
                                     e.credit)
        wu, wv = (edges[e].weight if e in edges else -math.inf for e in ((u, v), (v, u)))
        if wu != wv:
            copies.add(v if wu > wv else u)
        if versions.SAME_TRANSLATION in why:  # one of the two translated, the other copied:
            _copied_translation(u, v, wu, wv, edges, by_pair, copies)
    # (x out before p and credited by a relative is a source itself: a name that one article
    # alone credits, "..., Xinhua reported." in a rewrite's lead, is no source passed to it)
    named = {u for (u, v), e in edges.items() if e.credit > 0 and u in arts and v in arts}
    credits_of: dict[str, set[str]] = defaultdict(set)  # outside source -> articles crediting it
    for y, ks in credited.items():
        for k in ks:
            credits_of[k].add(y)
    for (p, x), e in list(edges.items()) + list(late.items()):
        # a copy of another's version is no sibling of it through their source
        if p not in arts or x not in arts or not fam0.parents(p) or x in copies:
            continue
        # p has x's text from x itself (x is among its sources): p passes none of its other
        # sources' text to x (without this a merge of x and a wire made x the wire's copy)
        if x in fam0.ancestors(p):
            continue
        # (an edge from the outlet x credits, with no text of it in x: x has no text "from p")
        if frozenset((p, x)) not in by_pair:
            continue
        src_ = _region_source(fam0, p, x, by_pair, by_art)
        if src_ is None or src_ == x or x in fam0.ancestors(src_):
            continue
        # an article published clearly after x is not its source, whoever leads there; a
        # source outside the corpus has no time, and p published after x may still have
        # its text from it (x then came out first, not from p)
        if src_ in arts and dr.time_forbids(arts[src_], arts[x]):
            continue
        if (p, x) in late and (src_ in arts or (x in named and len(credits_of.get(src_, ())) < 2)):
            continue
        # p has from src_ the text it shares with src_'s other descendants; when the text
        # x shares with p lies apart from that and p shares it with another tree of the
        # forest, x met p on that tree's text (an original inside a merge whose credit of
        # it went unread), not on src_'s
        if _elsewhere(fam0, p, x, src_, by_pair, by_art):
            continue
        add(src_, x, Edge(max(0.0, e.weight - e.credit) + st.common,
                          [f"{x} shares text with {p}, which has it from {names.get(src_, src_)}"]
                          + [v for v in e.evidence if "credits" not in v],
                          ["common source"] + [v for v in e.signals if v != "credit"]))
    parent, extra = _forest(members, names, edges, credited, by_art, order, st)
    g_in: dict[str, dict[str, float]] = defaultdict(dict)
    for (u, v), e in edges.items():
        g_in[v][u] = e.weight
    margin = {}
    for x in members:
        # a merge's other sources are parents too, not alternatives
        chosen = st.root if parent[x] == ROOT else g_in[x][parent[x]]
        others = [w for u, w in g_in[x].items() if u != parent[x] and u not in extra.get(x, ())]
        if parent[x] != ROOT:
            others.append(st.root)
        margin[x] = chosen - max(others, default=0.0)
    return Family(parent, extra, names, edges, margin, shared)


def _copied_translation(u, v, wu, wv, edges, by_pair, copies) -> None:
    """u and v hold the same translation: the copy (the later by the pair's own signals, else
    the one no source credits or names from outside the pair when the other is) took it from
    the other, not from the texts it translates, whose edges into it go; without a side
    neither is its source's sibling through their partners."""
    def sourced(x, other):  # a credit or attribution from outside the pair points at x
        return any(t == x and s != other and {"credit", "attribution"} & set(e.signals)
                   for (s, t), e in edges.items())
    su, sv = sourced(u, v), sourced(v, u)
    c = (v if wu > wv else u) if wu != wv else (v if su and not sv else u if sv and not su else None)
    if c is None:
        copies |= {u, v}
        return
    copies.add(c)
    for (s, t) in [k for k in edges if k[1] == c and k[0] not in (u, v)]:
        r = by_pair.get(frozenset((s, t)))
        if r is not None and r.kind == "translation":
            del edges[(s, t)]


def _forest(members, names, edges, credited, by_art, order, st):
    """(parent, extra): the maximum spanning arborescence of the family graph below a
    virtual root, and each article's further sources (a merge's credited wires, and a
    second source whose text in it lies apart from the first's)."""
    g = nx.DiGraph()
    for x in members:
        g.add_edge(ROOT, x, weight=st.root)
    for k in names:
        g.add_edge(ROOT, k, weight=0.0)
    for (u, v), e in edges.items():
        g.add_edge(u, v, weight=e.weight)
    parent = _arborescence(g, order)
    extra = {x: [k for k in ks if k != parent.get(x) and not (k in members and _below(parent, k, x))]
             for x, ks in credited.items()}
    _merged_articles(parent, extra, edges, by_art, st)
    return parent, extra


def _merged_articles(parent, extra, edges, by_art, st) -> None:
    """A merge: the arborescence gives it one parent; a source from another tree of the
    forest (an article or an outside source) whose text in x lies apart from the text x
    shares with its parent's tree is a parent too (x took different passages from each)."""
    tops = {x: _top(parent, x) for x in parent}
    members = set(by_art)
    fam = Family(parent, extra, {}, edges, {})
    incoming: dict[str, list[tuple[str, Edge]]] = defaultdict(list)
    for (p, y), e in edges.items():
        incoming[y].append((p, e))
    for x, q in parent.items():
        if x not in members or q == ROOT:
            continue
        # (a source below one x already has, a credited wire, is that source's text again)
        had = {tops[x]} | {tops.get(k, k) for k in extra.get(x, ())}
        cands = sorted(((e.weight, p) for p, e in incoming[x]
                        if not (p == q or p in extra.get(x, ()) or e.weight <= st.root
                                or tops.get(p, p) in had)), key=lambda c: (-c[0], c[1]))
        mine = _tree_spans(fam, tops[x], x, by_art) if cands else []
        # (x's text from its own tree must be known: a reprint credited to a wire holds the
        # wire's text throughout, whatever else it shares)
        if not mine:
            continue
        # the strongest source from another tree whose text in x lies apart from its own
        # tree's (a stronger one sharing x's own text is a relative, not a second source)
        for _w, p in cands:
            theirs = _tree_spans(fam, tops.get(p, p), x, by_art)
            if theirs and _overlap(theirs, mine) <= 0.5:
                extra.setdefault(x, []).append(p)
                break


def _when(a: Article) -> float:
    w = dr.parse_time(a.published)
    if w is None:
        return math.inf
    at = w.at if w.at.tzinfo else w.at.replace(tzinfo=timezone.utc)
    return at.timestamp()


def confidence(margin: float, st: LineageSettings) -> float:
    return round(min(0.99, 1 - math.exp(-max(0.0, margin) / st.confidence_scale)), 2)


def _hop(fam: Family, node: str, top: str) -> tuple[str, Edge | None]:
    """The parent of ``node`` on its way to ``top`` and the edge that put it there."""
    ps = fam.parents(node)
    p = next((q for q in ps if q == top), None) or next((q for q in ps if top in fam.ancestors(q)), ps[0])
    return p, fam.edges.get((p, node))


def _chain(fam: Family, top: str, aid: str, st: LineageSettings) -> tuple[float, list[str], list[str]]:
    """Confidence, evidence and signals of ``aid`` descending from ``top``."""
    conf, evidence, signals = 1.0, [], []
    node, seen = aid, set()
    while node != top and node not in seen:
        seen.add(node)
        p, e = _hop(fam, node, top)
        conf = min(conf, confidence(fam.margin.get(node, 0.0), st)
                   if p == fam.parent.get(node) else confidence(st.credit - st.root, st))
        if e is not None:
            evidence += [x for x in e.evidence if x not in evidence]
            signals += [x for x in e.signals if x not in signals]
        if p != top:
            evidence.append(f"{node} takes its text from {p}")
        node = p
    return conf, evidence, signals


def lineage_of(fam: Family, rel: Relation, st: LineageSettings) -> Lineage:
    """The lineage of one relation as the family's forest gives it (the origin of a direction
    is left for the tracer: the root of the source)."""
    anc_a, anc_b = fam.ancestors(rel.a), fam.ancestors(rel.b)
    for copy, source, t in ((rel.a, rel.b, "a-from-b"), (rel.b, rel.a, "b-from-a")):
        if source in (anc_a if copy == rel.a else anc_b):
            conf, ev, sig = _chain(fam, source, copy, st)
            head = f"decided by the family forest ({', '.join(sig) or 'no signal'}): {copy} descends from {source}"
            return Lineage(t, None, conf, [head] + ev)
    common = set(anc_a) & set(anc_b)
    if common:
        # the nearest common ancestor; of equals, an article before an outside source
        k = min(common, key=lambda c: (max(anc_a[c], anc_b[c]), anc_a[c] + anc_b[c],
                                       c.startswith("origin:"), c))
        ca, ea, sa = _chain(fam, k, rel.a, st)
        cb, eb, sb = _chain(fam, k, rel.b, st)
        name = fam.names.get(k, k)
        sig = sorted(set(sa) | set(sb))
        head = (f"decided by the family forest ({', '.join(sig) or 'no signal'}): both descend "
                f"from {name}, neither from the other")
        return Lineage("common-source", k, min(ca, cb), [head] + ev_unique(ea + eb))
    ev = [x for key in ((rel.b, rel.a), (rel.a, rel.b)) for x in
          (fam.edges[key].evidence if key in fam.edges else [])]
    return Lineage("unknown", None, 0.0, (ev or ["no credit, time or containment signal"])
                   + ["signals too weak or conflicting to call a direction or a common source"])


def ev_unique(xs: list[str]) -> list[str]:
    return list(dict.fromkeys(xs))
