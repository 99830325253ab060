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
from ..parallel import in_worker, shared
from . import forest
from ..settings import LineageSettings
from .graph import graphs, to_graph_json, to_graphml
from .origins import Tracer, merge_origins, origin_runs
from .aliases import unify_acronyms
from .cited import Sources, article_sources, known_sources

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
          settings: LineageSettings | None = None, kept: dict | None = None,
          digests: dict[str, str] | None = None) -> tuple[list[Relation], list[Origin]]:
    """Direction, origin and evidence for every reuse relation; the origins of the corpus.

    Returns new Relation records (the input ones are not modified) and the origins. Relations
    of kind "same-story" pass through untouched.

    ``kept`` (with ``digests``, article id -> digest of everything trace reads of it): what
    earlier calls found per family, keyed by what it was made from; a family whose articles,
    relations and the corpus's source names are as they were is taken from it, and ``kept``
    is left holding the families of this call (the store's add: a batch traces only the
    families it touches).
    """
    from ..parallel import no_gc

    # Trace allocates many small records and no cycles; a collection would walk the whole
    # corpus in memory each time (a second at 10k articles).
    with no_gc():
        if kept is not None:
            return _trace_kept(articles, relations, settings or LineageSettings(), kept,
                               digests)
        return _trace(articles, relations, settings or LineageSettings())


def _check_articles(articles: list[Article], relations: list[Relation]) -> None:
    """Every article a relation names must be among ``articles``."""
    missing = {x for r in relations for x in (r.a, r.b)} - {a.id for a in articles}
    if missing:
        raise ValueError(f"lineage.trace: relations name articles that are not in the batch: "
                         f"{sorted(missing)[:5]}; pass every article the relations refer to")


def _trace_kept(articles: list[Article], relations: list[Relation], st: LineageSettings,
                kept: dict, digests: dict[str, str]) -> tuple[list[Relation], list[Origin]]:
    """``_trace`` family by family, each family's result taken from ``kept`` when it was made
    from the same inputs. A family's lineage reads only its articles, its relations (each a
    function of its pair and their digests), the corpus's known source names and the
    settings; origins merge from parts of whole families in any grouping (``merge_origins``),
    so the result is ``_trace``'s."""
    import hashlib

    _check_articles(articles, relations)
    known = known_sources(articles)
    stamp = hashlib.blake2b(repr((sorted(known), st)).encode(), digest_size=16).digest()
    pos = {a.id: k for k, a in enumerate(articles)}
    out: list[Relation | None] = [None] * len(relations)
    now: dict = {}
    done_parts = []
    for fam in forest.families(relations):
        rels = [relations[i] for i in fam]
        key = (stamp, tuple((r.a, r.b, digests[r.a], digests[r.b]) for r in rels))
        hit = kept.get(key)
        if hit is None:
            ids = sorted({x for r in rels for x in (r.a, r.b)})
            hit = _families([articles[pos[x]] for x in ids], [rels], known, st)
        now[key] = hit
        for i, r in zip(fam, hit[0]):
            out[i] = _copy_relation(r)  # the kept ones stay as traced
        done_parts.append(hit[1])
    for i, r in enumerate(relations):
        if out[i] is None:
            out[i] = _copy_relation(r)
    # articles outside every family: their credit lines and reprint phrases, kept per article
    in_fam = {x for r in relations if r.kind != "same-story" for x in (r.a, r.b)}
    alone = [a for a in articles if a.id not in in_fam]
    credits = {}
    for a in alone:
        k = (stamp, "alone", a.id, digests[a.id])
        src = kept.get(k)
        if src is None:
            src = article_sources(a, known, False)
        now[k] = credits[a.id] = src
    kept.clear()
    kept.update(now)
    tracer = Tracer(alone, [], credits, {}, {})
    return out, merge_origins(done_parts + [tracer.origin_parts()])


def _trace(articles: list[Article], relations: list[Relation],
           st: LineageSettings) -> tuple[list[Relation], list[Origin]]:
    from ..parallel import map_batches

    _check_articles(articles, relations)
    # The one reduce over the corpus: the names that may stand as a source (metadata only).
    known = known_sources(articles)
    # Everything else is per family (a connected set of articles sharing text): each part
    # (whole families) runs on its own, here or as a task of the engine, and only the
    # origins are merged. The articles outside every family give the
    # origins their credit lines and reprint phrases only.
    fams = forest.families(relations)
    parts = _parts(fams, relations, articles)
    # The articles go as ``shared`` (the engine has them on its workers already: each part
    # sends only its relations and the positions of its articles).
    done = map_batches(partial(_families_batch, known=known, st=st), parts,
                       workers=PART_WORKERS, batch_size=1, shared=articles,
                       needs=lambda batch: [k for _idx, ks, _rels in batch for k in ks])
    out: list[Relation | None] = [None] * len(relations)
    for (idx, _arts, _rels), (rels, _origins) in zip(parts, done):
        for i, r in zip(idx, rels):
            out[i] = r if type(r) is Relation else _traced(relations[i], *r)
    for i, r in enumerate(relations):
        if out[i] is None:  # same-story: passes through, copied like the others
            out[i] = _copy_relation(r)
    in_fam = {articles[k].id for _idx, ks, _rels in parts for k in ks}
    alone = [k for k, a in enumerate(articles) if a.id not in in_fam]
    credits = map_batches(partial(_outside_batch, known=known), alone,
                          workers=PART_WORKERS, batch_size=SOURCES_BATCH, shared=articles,
                          needs=list)
    tracer = Tracer([articles[k] for k in alone], [], {s.article: s for s in credits}, {}, {})
    return out, merge_origins([o for _rels, o in done] + [tracer.origin_parts()])


# Families go to a part in order until it holds this many relations: a part is one task of
# the engine (its relations travel with it), so parts of a thousand relations keep the
# per-task cost small against the work and the largest part near one family.
PART_RELATIONS = 1000
# Where the parts run without an engine: in this process. Reading the sources costs well
# under 0.1 ms an article (CPU): a pool would spend more pickling the texts to its workers
# than it saves (measured: benchmarks/RESULTS-lineage.md). On an engine (Dask) the parts
# are its tasks, and the workers hold the articles already (relate's ``shared``).
PART_WORKERS = 1
SOURCES_BATCH = 2000


def _parts(fams: list[list[int]], relations: list[Relation], articles: list[Article]):
    """(relation indices, article positions, relations per family) for parts of whole
    families."""
    parts, idx, fam_rels, size = [], [], [], 0
    for fam in fams:
        idx.extend(fam)
        fam_rels.append([relations[i] for i in fam])
        size += len(fam)
        if size >= PART_RELATIONS:
            parts.append((idx, fam_rels))
            idx, fam_rels, size = [], [], 0
    if fam_rels:
        parts.append((idx, fam_rels))
    pos = {a.id: k for k, a in enumerate(articles)}  # the last of an id, as in a dict by id
    out = []
    for idx, fam_rels in parts:
        ids = sorted({x for rels in fam_rels for r in rels for x in (r.a, r.b)})
        out.append((idx, [pos[x] for x in ids], fam_rels))
    return out


def _outside_batch(batch: list[int], known) -> list[Sources]:
    arts = shared()
    return [article_sources(arts[k], known, False) for k in batch]


def _families_batch(batch, known, st: LineageSettings):
    arts = shared()
    done = [_families([arts[k] for k in ks], fam_rels, known, st) for _idx, ks, fam_rels in batch]
    if not in_worker():
        return done
    # From a worker (an engine's task) only what trace wrote comes back: the copies' passage
    # diffs would come back pickled, a second copy of every diff beside the client's own
    # until the old relations go (the client's high point of lineage at 10k: +137 MiB).
    return [([(r.lineage, [p.origin for p in r.passages]) for r in rels], origins)
            for rels, origins in done]


def _traced(r: Relation, lineage, origins: list) -> Relation:
    """``r``'s copy with what trace wrote in a worker's copy of it (its lineage and each
    passage's origin): the texts, spans and diffs are ``r``'s, shared as in ``_families``."""
    c = _copy_relation(r)
    c.lineage = lineage
    for p, o in zip(c.passages, origins):
        p.origin = o
    return c


def _families(articles: list[Article], fam_rels: list[list[Relation]], known,
              st: LineageSettings):
    """Lineage of whole families: their relations (copies, in the order given, family by
    family) with direction, origin and evidence, and the parts of the origins they give."""
    by_id = {a.id: a for a in articles}
    src = {a.id: article_sources(a, known, True) for a in articles}
    for rels in fam_rels:  # within each family (a part's families must not meet here)
        unify_acronyms({x: src[x] for x in {y for r in rels for y in (r.a, r.b)}})
    # Copies of what trace writes to (the lineage and each passage's origin); the texts,
    # spans and diffs are shared, not copied: a deep copy of every diff cost seconds at 10k.
    out = []
    parents: dict[str, list[str]] = {}
    external: dict[str, dict[str, str]] = {}
    common: dict[int, str] = {}
    own: set[int] = set()  # a copy of another copy's own version: that copy is its origin
    retold: set[str] = set()  # texts in their own words (translations, rewrites): origins of their copies
    for rels in fam_rels:
        base = len(out)
        out.extend(_copy_relation(r) for r in rels)
        fam = forest.infer(by_id, out[base:], src, st)
        retold |= _retold(fam, out[base:], by_id)
        for x in fam.parent:
            ps = fam.parents(x)
            parents[x] = [p for p in ps if p in by_id]
            external[x] = {p.split(":", 1)[1]: fam.names[p] for p in ps if p in fam.names}
        for i in range(base, len(out)):
            out[i].lineage = forest.lineage_of(fam, out[i], st)
            o = out[i].lineage.origin
            if o is not None and o in fam.names:
                common[i] = o.split(":", 1)[1]
            if frozenset((out[i].a, out[i].b)) in (fam.shared or ()):
                own.add(i)
    tracer = Tracer(articles, out, src, parents, external)
    tracer.common.update(common)
    tracer.own = retold
    tracer.label_merged()

    for i, r in enumerate(out):
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
    return out, tracer.origin_parts()


def _retold(fam, rels: list[Relation], by_id: dict[str, Article]) -> set[str]:
    """The articles whose text is their own wording of their source: a translation or a
    rewrite of their in-corpus parent, or, below an outside source only, a text in another
    language than most of the articles it relates to (a translation of the wire). A copy of
    one has its text from it, not from the source it retells."""
    kind = {frozenset((r.a, r.b)): r.kind for r in rels}
    partners: dict[str, list[str]] = {}
    for r in rels:
        partners.setdefault(r.a, []).append(r.b)
        partners.setdefault(r.b, []).append(r.a)
    out = set()
    for x, ys in partners.items():
        ps = fam.parents(x)
        if len(ps) > 1:
            continue  # a merge: each passage's origin is the source it has it from
        inside = [p for p in ps if p in by_id]
        if inside:
            if all(kind.get(frozenset((p, x))) in ("translation", "rewrite") for p in inside):
                out.add(x)
            continue
        if not ps:
            continue  # a top of the forest is its own origin anyway
        others = [y for y in ys if x not in fam.ancestors(y)]  # its own copies left out
        lang = by_id[x].language
        if others and 2 * sum(by_id[y].language != lang for y in others) > len(others):
            out.add(x)
    return out


def _copy_relation(r: Relation) -> Relation:
    c = _copy(r)
    c.lineage = _copy(r.lineage)
    c.lineage.evidence = list(r.lineage.evidence)
    c.passages = [_copy(p) for p in r.passages]
    return c


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
