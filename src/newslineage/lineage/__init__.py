"""Lineage: who took the text from whom, the origins (in the corpus or outside it) and a
derivation graph per story.

    relations, origins = lineage.trace(articles, relations)
    graphs = lineage.graphs(report)            # {story id: networkx.DiGraph}
    lineage.to_graphml(report); lineage.to_graph_json(report)

``direction`` weighs the evidence for one relation, ``sources`` reads credits and attribution
phrases, ``origins`` finds the roots, ``graph`` draws and exports the result.
"""
from __future__ import annotations

from functools import partial

from ..model import Article, Origin, Relation
from . import forest
from ..settings import LineageSettings
from .graph import graphs, to_graph_json, to_graphml
from .origins import Tracer, origin_runs
from .cited import Sources, article_sources, known_sources

# Reading the sources costs well under 0.1 ms an article (CPU): a pool would spend more
# pickling the texts to its workers than it saves (measured: benchmarks/RESULTS-lineage.md).
SOURCES_WORKERS = 1

__all__ = ["trace", "graphs", "to_graphml", "to_graph_json", "origin_runs", "sources_of"]


def _sources_batch(batch: list[Article], known, full) -> list[Sources]:
    return [article_sources(a, known, full is None or a.id in full) for a in batch]


def sources_of(articles: list[Article], workers: int | None = None,
               full: set[str] | None = None) -> dict[str, Sources]:
    """What each article says about where its text comes from (credits, attributions).
    The corpus's known source names are the one reduce; the rest runs over ``workers``.
    ``full``: the ids to read completely (None: all); the others get their credits and
    reprint phrases only, all that origins reads of an article outside every relation."""
    from ..parallel import map_batches

    known = known_sources(articles)
    found = map_batches(partial(_sources_batch, known=known, full=full), articles,
                        workers=workers, batch_size=1000)
    return {a.id: s for a, s in zip(articles, found)}


def trace(articles: list[Article], relations: list[Relation],
          settings: LineageSettings | None = None) -> tuple[list[Relation], list[Origin]]:
    """Direction, origin and evidence for every reuse relation; the origins of the corpus.

    Returns new Relation records (the input ones are not modified) and the origins. Relations
    of kind "same-story" pass through untouched.
    """
    from ..parallel import no_gc

    # Trace allocates many small records and no cycles; a collection would walk the whole
    # corpus in memory each time (a second at 10k articles).
    with no_gc():
        return _trace(articles, relations, settings or LineageSettings())


def _trace(articles: list[Article], relations: list[Relation],
           st: LineageSettings) -> tuple[list[Relation], list[Origin]]:
    by_id = {a.id: a for a in articles}
    missing = {x for r in relations for x in (r.a, r.b)} - set(by_id)
    if missing:
        raise ValueError(f"lineage.trace: relations name articles that are not in the batch: "
                         f"{sorted(missing)[:5]}; pass every article the relations refer to")
    # Only the articles of a reuse relation need their cites and retelling phrases (direction
    # reads them); the origins read every article's credits and reprint phrases.
    in_reuse = {x for r in relations if r.kind != "same-story" for x in (r.a, r.b)}
    src = sources_of(articles, workers=SOURCES_WORKERS, full=in_reuse)
    # Copies of what trace writes to (the lineage and each passage's origin); the texts,
    # spans and diffs are shared, not copied: a deep copy of every diff cost seconds at 10k.
    out = []
    for r in relations:
        c = _copy(r)
        c.lineage = _copy(r.lineage)
        c.lineage.evidence = list(r.lineage.evidence)
        c.passages = [_copy(p) for p in r.passages]
        out.append(c)
    parents: dict[str, list[str]] = {}
    external: dict[str, dict[str, str]] = {}
    common: dict[int, str] = {}
    own: set[int] = set()  # a copy of another copy's own version: that copy is its origin
    for idx in forest.families(out):
        fam = forest.infer(by_id, [out[i] for i in idx], src, st)
        for x in fam.parent:
            ps = fam.parents(x)
            parents[x] = [p for p in ps if p in by_id]
            external[x] = {p.split(":", 1)[1]: fam.names[p] for p in ps if p in fam.names}
        for i in idx:
            out[i].lineage = forest.lineage_of(fam, out[i], st)
            o = out[i].lineage.origin
            if o is not None and o in fam.names:
                common[i] = o.split(":", 1)[1]
            if frozenset((out[i].a, out[i].b)) in (fam.shared or ()):
                own.add(i)
    reuse = [i for i, r in enumerate(out) if r.kind != "same-story"]
    tracer = Tracer(articles, out, src, parents, external)
    tracer.common.update(common)
    tracer.label_merged()

    for i in reuse:
        r = out[i]
        t = r.lineage.type
        if t == "common-source":
            pass  # the nearest common ancestor, named by the forest
        elif t in ("a-from-b", "b-from-a"):
            src_side = "b" if t == "a-from-b" else "a"
            source = getattr(r, src_side)
            hint = _hull([getattr(p, src_side) for p in r.passages])
            # the text of a copy of another copy's version (its changes, its cut) starts there
            r.lineage.origin = source if i in own else tracer.root(source, hint)
            if r.lineage.origin != source:
                r.lineage.evidence.append(f"{source} itself traces to {r.lineage.origin}")
        for p in r.passages:
            if t == "common-source":
                # a merged side's own label wins over the pair's shared source
                p.origin = (tracer.label_at(r.a, tuple(p.a)) or tracer.label_at(r.b, tuple(p.b))
                            or r.lineage.origin)
            elif t in ("a-from-b", "b-from-a"):
                src_side = "b" if t == "a-from-b" else "a"
                p.origin = r.lineage.origin if i in own else \
                    tracer.root(getattr(r, src_side), tuple(getattr(p, src_side)))
    return out, tracer.origins()


def _copy(record):
    """A shallow copy of a record (dataclasses.replace re-runs __init__: ten times slower)."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    return new


def _hull(spans) -> tuple[int, int] | None:
    spans = [tuple(s) for s in spans]
    if not spans:
        return None
    return (min(s for s, _ in spans), max(e for _, e in spans))
