"""The pipeline: read -> clean -> segment -> candidates -> align/relate -> lineage -> stories
-> quotes/drift -> report.

Each stage is a function over a batch of plain records (see ``model``), so the same code runs
in-process here, in a process pool, or as Dask tasks. ``analyze`` wires them together.
"""
from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .model import Article, InputStatus, Relation, Report
from .parallel import EngineError  # noqa: F401 - raised by the engines, named here for callers
from .settings import Settings

log = logging.getLogger("newslineage")


class NoArticlesError(RuntimeError):
    """No input yielded an article; the message says what was tried, ``inputs`` why each
    input gave none."""

    def __init__(self, message: str, inputs: list[InputStatus] | None = None):
        super().__init__(message)
        self.inputs = inputs or []


@dataclass
class Options:
    """Knobs of ``analyze``; every one has a default that suits a news corpus."""
    # JSON field names for .jsonl/.json inputs: {"text": "body", "id": "uuid", ...}
    fields: dict | None = None
    # Use sentence embeddings for paraphrase and translation (off: lexical reuse only).
    embeddings: bool = True
    # Worker processes for the per-pair stages (None: all cores).
    workers: int | None = None
    # Emit stage progress through this callback: progress(stage, done, total).
    progress: Callable[[str, int, int], None] | None = None
    # Stages after reuse; switch off for a reuse-only run.
    lineage: bool = True
    stories: bool = True
    quotes: bool = True
    # Where the batches run: "local" (this machine's process pool) or "dask" (a Dask
    # cluster: a LocalCluster of ``workers`` processes, or the one at ``scheduler``).
    engine: str = "local"
    scheduler: str | None = None
    # Thresholds of every stage (``Settings``; None: the defaults).
    settings: Settings | None = None

    def __post_init__(self):
        if self.settings is None:
            self.settings = Settings()


def _tick(opts: Options, stage: str, done: int, total: int) -> None:
    if opts.progress:
        opts.progress(stage, done, total)


def _segment_batch(batch: Sequence[Article]) -> list[tuple[list, list]]:
    # Only the spans travel back from a worker: shipping whole articles both ways cost more
    # than segmenting them.
    from . import segment
    return [(a._paragraphs, a._sentences) for a in segment.segment(list(batch))]


def read_and_clean(inputs: Sequence[str], opts: Options) -> tuple[list[Article], list[InputStatus]]:
    """Read the inputs, then clean and segment the articles (one trip through the pool)."""
    from . import clean, read, segment

    articles, statuses = read.read_inputs(list(inputs), fields=opts.fields,
                                          limits=opts.settings.read, workers=opts.workers)
    _tick(opts, "read", len(articles), len(articles))
    articles = clean.clean(articles, workers=opts.workers, then=segment.segment_article,
                           progress=lambda d, t: _tick(opts, "clean", d, t),
                           settings=opts.settings.clean)
    _share_removed(articles)
    return articles, statuses


def _share_removed(articles: list[Article]) -> None:
    """One record per distinct piece of furniture: the same lines ("Advertisement", a site's
    menu) are taken out of most pages of an outlet (71k pieces, 19k distinct in a synthetic
    10k corpus: 17 MiB of the 82 MiB the articles held). Removed records are never changed
    after cleaning, so sharing them changes nothing but memory (and what a pickle carries:
    it writes a shared record once)."""
    seen: dict[tuple[str, str], object] = {}
    for a in articles:
        if a.removed:
            a.removed = [seen.setdefault((r.text, r.reason), r) for r in a.removed]


def find_reuse(articles: list[Article], opts: Options) -> list[Relation]:
    """segment -> candidates -> align -> relate, for a list of cleaned articles (those that
    ``read_and_clean`` segmented already are not segmented again)."""
    from . import candidates
    from .reuse import pivot, relate

    from .parallel import map_batches

    todo = [a for a in articles if not a._paragraphs]
    spans = map_batches(_segment_batch, todo, workers=opts.workers, batch_size=500)
    for a, (paragraphs, sentences) in zip(todo, spans):
        a._paragraphs, a._sentences = paragraphs, sentences
    pairs = candidates.candidate_pairs(articles, embeddings=opts.embeddings, workers=opts.workers,
                                      settings=opts.settings.candidates)
    _tick(opts, "candidates", len(pairs), len(pairs))
    relations = relate.relate_pairs(articles, pairs, embeddings=opts.embeddings,
                                    workers=opts.workers, settings=opts.settings.reuse,
                                    progress=lambda d, t: _tick(opts, "align", d, t))
    # A second, small round: copies of one source that share its meaning but not its words
    # (a reprint and a translation of the same wire) are found through that source.
    index = {a.id: i for i, a in enumerate(articles)}
    more = candidates.sibling_pairs(relations, index, set(pairs))
    if more:
        relations += relate.relate_pairs(articles, more, embeddings=opts.embeddings,
                                         workers=opts.workers, settings=opts.settings.reuse)
    # Siblings still unrelated (whether the aligner saw them in either round or not) may
    # render one stretch of a partner both are related to.
    related = {tuple(sorted((index[r.a], index[r.b]))) for r in relations}
    left = candidates.sibling_pairs(relations, index, related)
    if left:
        st = opts.settings.reuse
        relations += pivot.through_partners(articles, relations, left, st.through_share,
                                            st.through_coverage, st.through_score)
    return relations


def analyze(inputs: str | dict | Iterable[str | dict], **options) -> Report:
    """Analyze a pile of news articles and return the report.

    ``inputs`` are paths (files or directories), ``-`` for stdin, texts (a string with a
    line break), records (dicts with ``text`` and the optional fields of a JSON Lines
    record: id, title, url, published, outlet, ...), or one of these.
    Options are the fields of ``Options`` (``settings=Settings(...)`` for the thresholds
    of each stage). Raises ``NoArticlesError`` when no input
    yielded an article; every input's fate is in ``report.inputs`` otherwise.
    """
    if isinstance(inputs, (str, dict)):
        inputs = [inputs]
    opts = Options(**options)
    # The cyclic collector stays off for the run: the stages make almost no reference cycles
    # (a full collection at the end of a 10k-article run finds under a thousand objects), and
    # each full collection walks every article and relation held, which cost the main line
    # 1.3 s in 14 collections at 10k. Reference counting frees everything else as it goes.
    from .parallel import no_gc
    with _engine(opts), no_gc():
        return _analyze(list(inputs), opts)


def _engine(opts: Options):
    if opts.scheduler and opts.engine != "dask":
        raise EngineError("a scheduler address is for the dask engine: add engine='dask' "
                          "(--engine dask)")
    if opts.engine == "local":
        return contextlib.nullcontext()
    if opts.engine == "dask":
        from .cluster import on_dask
        return on_dask(scheduler=opts.scheduler, workers=opts.workers)
    raise EngineError(f"unknown engine {opts.engine!r}: use 'local' or 'dask'")


def _analyze(inputs: list[str], opts: Options) -> Report:
    from .parallel import Later, aside, engine, map_batches, release

    articles, statuses = read_and_clean(list(inputs), opts)
    if not articles:
        tried = ", ".join(s.source for s in statuses) or "nothing"
        raise NoArticlesError(f"no article could be read from: {tried}. "
                              "Check the paths and the messages above.", statuses)
    report = Report(inputs=statuses, articles=articles)

    # Branches overlap. While reuse is found, worker processes profile the articles for
    # stories and find their quotes (the core the serial steps of candidates leave free).
    # Stories then read only which articles share text, not the lineage. Passage drift needs
    # no quotes, and quotes and quote drift skip same-story relations: passage drift runs
    # aside too while lineage and quotes run here.
    if opts.embeddings or opts.stories:
        from . import embed
        embed.warm()  # candidates, relate and stories all use USE: one load, before the forks
    links = Later()
    if opts.stories:
        from . import stories
        stories_later = aside(stories.cluster, articles, links, workers=opts.workers)
    # the quotes worker answers for the articles that quotes are linked across only
    wanted = Later()
    # On an engine (Dask), quotes are found after lineage, in batches of the linked articles
    # (see below): a call aside there is a task in a long-lived worker, which held every
    # article's quotes (~10 KB an article) beside its share of the batches until the end and
    # one of the worker's slots all along; the pool's aside is a process that exits.
    by_batches = engine() is not None
    if opts.quotes:
        from . import quotes
        if not by_batches:
            if len(articles) > 1 and (opts.workers is None or int(opts.workers) > 1):
                # spaCy loads here, not in the quotes worker: that worker and drift's fork with
                # it, and the main line loads it for linking anyway (one load, ~1.7 s of CPU,
                # instead of two)
                from .quotes import speakers
                speakers.nlp()
            found_later = aside(quotes.find_quotes_of, articles, wanted, workers=opts.workers)
    try:
        report.relations = find_reuse(articles, opts)
    except BaseException:
        links.cancel()  # the stories worker stops waiting
        wanted.cancel()
        raise
    # which articles share text, without the passages (they would only be pickled)
    links.give([Relation(r.a, r.b, r.kind) for r in report.relations])
    release()  # cleaning's, signing's and relate's memos (Dask workers live on)
    if opts.lineage:
        from . import lineage
        try:
            report.relations, report.origins = lineage.trace(articles, report.relations,
                                                             settings=opts.settings.lineage)
        except BaseException:
            wanted.cancel()
            raise
        _tick(opts, "lineage", len(report.relations), len(report.relations))
    if opts.quotes:
        from . import drift
        linked = quotes.linked_articles(articles, report.relations)
        if by_batches:
            # before drift's parts take the workers: linking the quotes here overlaps them
            at = {a.id: i for i, a in enumerate(articles)}
            found = dict(zip(linked, map_batches(quotes.find_quotes_at, [at[i] for i in linked],
                                                 workers=opts.workers, batch_size=250,
                                                 shared=articles, needs=list)))
            release()  # the parses quote finding kept
        else:
            wanted.give(linked)
        # Passage drift is the longest step left and its relations are independent: one part
        # per core, in relation order, so that the merged findings are those of one run.
        # spaCy loads here first: the drift workers fork with it (each loaded its own, about a
        # second of CPU apiece), and linking the quotes below parses with it anyway.
        if len(report.relations) > 1 and (opts.workers is None or int(opts.workers) > 1):
            from .quotes import speakers
            speakers.nlp()
        # each part gets the articles its relations read (the same records, in corpus order)
        drift_later = [aside(drift.passage_drift, _articles_in(articles, part), part,
                             workers=opts.workers)
                       for part in _parts(report.relations, opts.workers)]
        if not by_batches:
            found = found_later.result()
            found_later = None  # (its future holds the answer as well)
        report.quotes = quotes.link_quotes(articles, report.relations, found=found)
        # the quotes of every linked article, in a quote or not: the rest of the run (drift,
        # the stories' answer, the report) grows into the room they leave
        del found
        _tick(opts, "quotes", len(report.quotes), len(report.quotes))
        report.drift = drift.merge(*[d.result() for d in drift_later],
                                   drift.quote_drift(articles, report.relations, report.quotes))
        _tick(opts, "drift", len(report.drift), len(report.drift))
    if opts.stories:
        report.stories, same_story = stories_later.result()
        report.relations.extend(same_story)
        _tick(opts, "stories", len(articles), len(articles))
    return report


def _articles_in(articles: list[Article], relations: list[Relation]) -> list[Article]:
    """The articles ``relations`` name, in corpus order (every record of a repeated id: a
    lookup by id over them finds what it finds over the whole list)."""
    ids = {x for r in relations for x in (r.a, r.b)}
    return [a for a in articles if a.id in ids]


def _parts(relations: list[Relation], workers: int | None) -> list[list[Relation]]:
    """The relations in one contiguous part per core (parts of equal passage counts, the
    measure of a relation's drift work), in order."""
    from .parallel import cores

    n = max(1, min(cores() if workers is None else int(workers), len(relations)))
    if n == 1:
        return [relations] if relations else []
    total = sum(len(r.passages) for r in relations) or 1
    parts, lo, run = [], 0, 0
    for i, r in enumerate(relations):
        run += len(r.passages)
        if run * n >= total * (len(parts) + 1) and len(parts) < n - 1:
            parts.append(relations[lo:i + 1])
            lo = i + 1
    parts.append(relations[lo:])
    return [p for p in parts if p]


def compare(a: str, b: str, a_id: str = "a", b_id: str = "b", **options):
    """Compare two texts directly: a ``Comparison`` with the Relation between them (None when
    they share nothing), its drift and the cleaned texts, as ``analyze`` finds them for the
    pair. Options are those of ``Options`` (``embeddings``, ``settings``)."""
    from .comparison import compare_texts

    opts = Options(**options)
    return compare_texts(a, b, embeddings=opts.embeddings, a_id=a_id, b_id=b_id,
                         settings=opts.settings)
