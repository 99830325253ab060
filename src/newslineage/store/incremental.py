"""The stages of ``analyze`` over a stored corpus plus new articles, aligning only new pairs.

Aligning candidate pairs is nearly all the work of a run; every other stage is a pass over
the articles or the relations. So an add runs the stages as ``pipeline`` does, over every
article (stored ones from their raw form, new ones as read), and takes the relation of each
candidate pair whose two articles have not changed from the store instead of aligning it
again. Whatever the corpus-wide stages decide (repeated furniture lines, candidate caps, story
clusters, origins) is then exactly what one analyze of the whole corpus decides: adding a
corpus in batches gives the relations, lineage and stories of one run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..model import Article, Relation, Report
from ..settings import Settings


@dataclass
class Known:
    """Pairs aligned before: (id_a, id_b) -> (digest_a, digest_b, relation or None)."""
    pairs: dict = field(default_factory=dict)
    # filled by the run: pairs aligned now, for the store to keep
    new: dict = field(default_factory=dict)
    aligned: int = 0
    reused: int = 0


def _relate_known(articles: list[Article], digests: list[str], pairs, known: Known,
                  embeddings: bool, workers: int | None) -> list[Relation]:
    """relate.relate_pairs over ``pairs``, the unchanged known ones taken from ``known``."""
    from ..reuse import relate

    out: list[Relation | None] = [None] * len(pairs)
    todo = []
    for k, (i, j) in enumerate(pairs):
        hit = known.pairs.get((articles[i].id, articles[j].id))
        if hit is not None and hit[0] == digests[i] and hit[1] == digests[j]:
            out[k] = hit[2]
            known.reused += 1
        else:
            todo.append(k)
    if todo:
        rels = relate.relate_pairs(articles, [pairs[k] for k in todo], embeddings=embeddings,
                                   workers=workers)
        by_pair = {(r.a, r.b): r for r in rels}
        for k in todo:
            i, j = pairs[k]
            key = (articles[i].id, articles[j].id)
            r = by_pair.get(key)
            out[k] = r
            known.new[key] = (digests[i], digests[j], r)
        known.aligned += len(todo)
    return [r for r in out if r is not None]


def find_reuse(articles: list[Article], digests: list[str], known: Known, settings: Settings,
               embeddings: bool = True, workers: int | None = None) -> list[Relation]:
    """``pipeline.find_reuse`` for segmented articles, unchanged pairs from ``known``."""
    from .. import candidates

    pairs = candidates.candidate_pairs(articles, embeddings=embeddings, workers=workers,
                                       settings=settings.candidates)
    relations = _relate_known(articles, digests, pairs, known, embeddings, workers)
    index = {a.id: i for i, a in enumerate(articles)}
    more = candidates.sibling_pairs(relations, index, set(pairs))
    if more:
        relations += _relate_known(articles, digests, more, known, embeddings, workers)
    return relations


def clean(raw: list[Article], workers: int | None = None) -> list[Article]:
    """Clean and segment articles as read (in place), as ``pipeline.read_and_clean`` does."""
    from .. import clean as clean_stage, segment

    return clean_stage.clean(raw, workers=workers, then=segment.segment_article)


def run(articles: list[Article], digests: list[str], known: Known, settings: Settings,
        embeddings: bool = True,
        workers: int | None = None, lineage: bool = True, stories: bool = True,
        quotes: bool = True, timings: dict | None = None) -> Report:
    """The stages after cleaning, overlapped as ``pipeline._analyze`` overlaps them: while
    reuse is found here, worker processes profile the articles for stories and find their
    quotes; passage drift runs aside while quotes are linked. ``timings`` gets seconds per
    stage (of this process's line)."""
    from ..parallel import Later, aside

    t = timings if timings is not None else {}
    t0 = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        t[stage] = round(now - t0, 2)
        t0 = now

    report = Report(articles=articles)
    if embeddings or stories:
        from .. import embed
        embed.warm()  # one load, before the forks
    links = Later()
    if stories:
        from .. import stories as stories_stage
        stories_later = aside(stories_stage.cluster, articles, links, workers=workers)
    if quotes:
        from .. import quotes as quotes_stage
        found_later = aside(quotes_stage.find_quotes, articles, workers=workers)
    try:
        report.relations = find_reuse(articles, digests, known, settings, embeddings, workers)
    except BaseException:
        links.cancel()  # the stories worker stops waiting
        raise
    links.give([Relation(r.a, r.b, r.kind) for r in report.relations])
    lap("reuse")
    if lineage:
        from .. import lineage as lineage_stage
        report.relations, report.origins = lineage_stage.trace(articles, report.relations,
                                                               settings=settings.lineage)
        lap("lineage")
    if quotes:
        from .. import drift
        drift_later = aside(drift.passage_drift, articles, report.relations, workers=workers)
        report.quotes = quotes_stage.link_quotes(articles, report.relations,
                                                 found=found_later.result())
        report.drift = drift.merge(drift_later.result(),
                                   drift.quote_drift(articles, report.relations, report.quotes))
        lap("quotes_drift")
    if stories:
        report.stories, same_story = stories_later.result()
        report.relations.extend(same_story)
        lap("stories")
    return report
