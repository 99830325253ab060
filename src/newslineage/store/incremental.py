"""The stages of ``analyze`` over a stored corpus plus new articles, redoing only what the new
articles change.

A batch keeps from the ones before (``Memo``) every result that depends on one article or one
pair alone, keyed by what it was made from, and runs the stages on the rest:

- clean: the corpus-wide part is the count of each furniture line over the articles (kept);
  an article is cleaned again only when a line it carries enters or leaves the repeated set
  (or when its lead date waits for the corpus's dates to give it a year);
- candidates: each article's passage signatures and lead vectors are kept; the combining
  (document-frequency cuts, caps per article, the embedding budget) runs over the kept
  signatures of the whole corpus, so the pairs are those of one run;
- align: only the candidate pairs whose two articles are new or changed;
- quotes: each article's quotes are found once; passage drift once per relation (its
  findings read the relation and its two articles only);
- lineage: only the families (connected sets of related articles) whose articles or
  relations changed, or all when the corpus's known source names moved;
- quote linking and quote drift: likewise only the families whose articles or relations
  (or, for drift, their directions) changed;
- stories: the story index is kept and rewound to the first article whose text or reuse
  links changed, then the articles from there on are added again (``stories.resume``).

So the records are what one analyze of the whole corpus gives (tests/test_store.py).
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import orjson

from ..model import Article, Relation, Report
from ..settings import Settings
from . import codec

log = logging.getLogger("newslineage.store")


@dataclass
class Known:
    """Pairs aligned before: (id_a, id_b) -> (digest_a, digest_b, relation or None)."""
    pairs: dict = field(default_factory=dict)
    # filled by the run: pairs aligned now, for the store to keep
    new: dict = field(default_factory=dict)
    aligned: int = 0
    reused: int = 0


def _fold_key(fold: str) -> int:
    # line folds are kept as 8-byte keys: a stray collision only cleans an article again
    return int.from_bytes(hashlib.blake2b(fold.encode(), digest_size=8).digest(), "little")


MEMO_VERSION = 7  # a memo file of another version is not read (its fields may differ)


def _pack(raw: dict) -> bytes:
    # a stored article as read is needed again only when it is cleaned again (rare) or written:
    # kept compressed, a third of its size as a dict
    return zlib.compress(codec.dumps(raw), 1)


def _unpack(packed: bytes) -> dict:
    return orjson.loads(zlib.decompress(packed))


@dataclass
class Memo:
    """What the batches of one store have computed, in seq order, for the next batch.

    Per article it keeps only what a later batch reads again: the cleaned article, its
    digest, the article as read (compressed), the keys of its line folds and its candidate
    signatures. The stored row of an article is made when it is written (``rows`` holds those
    of the articles the last batch cleaned), a relation's row likewise (``relation_rows``
    keeps each row's digest by a hash of what it was made from)."""
    raws: list[bytes] = field(default_factory=list)          # _pack of each as read
    articles: list[Article] = field(default_factory=list)   # cleaned and segmented
    digests: list[str] = field(default_factory=list)        # codec.article_row's digest of each
    rows: dict = field(default_factory=dict)                # position -> row, cleaned this batch
    looks: list = field(default_factory=list)               # keys of each one's line folds (uint64)
    counts: Counter = field(default_factory=Counter)        # furniture fold -> articles
    repeated: frozenset = frozenset()
    sigs: list = field(default_factory=list)                # candidate signatures (or None)
    vectors: dict = field(default_factory=dict)             # summary text -> lead vector
    quotes: dict = field(default_factory=dict)              # (id, digest) -> pickled quotes
    drift: dict = field(default_factory=dict)               # relation key -> its drift
    relation_rows: dict = field(default_factory=dict)       # hash of a row's key -> its digest
    known: dict = field(default_factory=dict)               # Known.pairs
    lineage: dict = field(default_factory=dict)             # lineage.trace's kept families
    linked: dict = field(default_factory=dict)              # family key -> its linked quotes
    quote_drift: dict = field(default_factory=dict)         # (family key, directions) -> findings
    changed: list[int] = field(default_factory=list)        # positions cleaned by the last batch
    stories: object = None                                  # the story index (stories.StoryIndex)

    def raw(self, i: int) -> dict:
        """The article at position ``i`` as read."""
        return _unpack(self.raws[i])

    def row(self, i: int) -> dict:
        """The stored columns of the article at position ``i`` (codec.article_row)."""
        row = self.rows.get(i)
        return row if row is not None else codec.article_row(self.articles[i])

    def _redo(self, moved: set[int]) -> list[int]:
        """Positions of the stored articles that carry a line fold in ``moved``."""
        hit: set[int] = set()
        if moved and self.looks:
            keys = np.concatenate(self.looks)
            owner = np.repeat(np.arange(len(self.looks)), [len(k) for k in self.looks])
            want = np.fromiter(moved, dtype=np.uint64, count=len(moved))
            hit = set(owner[np.isin(keys, want)].tolist())
        return [i for i, a in enumerate(self.articles)
                if i in hit or a._meta.get("published_partial")]

    def extend(self, raws: list[dict], settings: Settings, workers: int | None) -> None:
        """Append articles as read and clean them, cleaning again the stored ones whose
        answer the new articles change."""
        from .. import clean as clean_stage, segment

        news = [codec.article_from_raw(r) for r in raws]
        folds_memo: dict = {}
        for a in news:
            self.counts.update(clean_stage.furniture_folds(a, folds_memo))
        n = len(self.raws) + len(news)
        repeated = frozenset(clean_stage.repeated_of(self.counts)
                             if n >= clean_stage.REPEAT_MIN_CORPUS else ())
        redo = self._redo({_fold_key(f) for f in repeated ^ self.repeated})
        self.looks += [np.array(sorted(set(map(_fold_key, clean_stage.line_folds(a)))),
                                dtype=np.uint64) for a in news]
        self.repeated = repeated
        first = len(self.raws)
        todo = [codec.article_from_raw(self.raw(i)) for i in redo] + news
        self.raws += [_pack(r) for r in raws]
        done = clean_stage.clean(todo, workers=workers, then=segment.segment_article,
                                 settings=settings.clean, repeated=repeated, dates=False)
        self.articles += [None] * len(news)
        self.digests += [None] * len(news)
        self.sigs += [None] * len(news)
        where = redo + list(range(first, n))
        for i, a in zip(where, done):
            self.articles[i] = a
        # a lead date without a year takes it from the dates of the whole corpus
        clean_stage.resolve_dates(self.articles)
        self.changed = []
        self.rows = {}
        for i in where:
            row = codec.article_row(self.articles[i])
            if self.digests[i] != row["digest"]:
                self.rows[i] = row
                self.digests[i] = row["digest"]
                self.sigs[i] = None
                self.changed.append(i)


# The memo file is written field group by field group, one pickle each: a pickler remembers
# every object it wrote until its dump ends (~8 KB an article for the whole memo at once, the
# add's peak at its end). Fields that share objects go in one group: the story index holds
# the cleaned articles; traced and linked relations share passages with the known pairs.
_GROUPS = (("articles", "stories"),
           ("known", "lineage", "linked", "quote_drift", "drift", "quotes"))


def dump_memo(memo: Memo, f, head: tuple) -> None:
    """Write ``head`` and ``memo`` to the open file ``f`` (read back by ``load_memo``)."""
    grouped = {k for g in _GROUPS for k in g}
    groups = list(_GROUPS) + [(k,) for k in vars(memo) if k not in grouped]
    pickle.dump((head, len(groups)), f, protocol=pickle.HIGHEST_PROTOCOL)
    for g in groups:
        pickle.dump({k: getattr(memo, k) for k in g}, f, protocol=pickle.HIGHEST_PROTOCOL)


def load_memo(f, wanted=lambda head: True) -> tuple[tuple, Memo] | None:
    """(head, memo) from a file written by ``dump_memo``; None, read no further, when
    ``wanted(head)`` says no."""
    head, parts = pickle.load(f)
    if not wanted(head):
        return None
    memo = Memo()
    for _ in range(parts):
        for k, v in pickle.load(f).items():
            setattr(memo, k, v)
    return head, memo


def _relate_known(articles: list[Article], digests: list[str], pairs, known: Known,
                  embeddings: bool, workers: int | None, settings=None) -> list[Relation]:
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
                                   workers=workers, settings=settings)
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
               embeddings: bool = True, workers: int | None = None,
               memo: Memo | None = None) -> list[Relation]:
    """``pipeline.find_reuse`` for segmented articles, unchanged pairs from ``known`` and
    the signatures and lead vectors kept in ``memo``."""
    from .. import candidates

    pairs = candidates.candidate_pairs(articles, embeddings=embeddings, workers=workers,
                                       settings=settings.candidates,
                                       signatures=None if memo is None else memo.sigs,
                                       vectors=None if memo is None else memo.vectors)
    relations = _relate_known(articles, digests, pairs, known, embeddings, workers,
                              settings.reuse)
    index = {a.id: i for i, a in enumerate(articles)}
    more = candidates.sibling_pairs(relations, index, set(pairs))
    if more:
        relations += _relate_known(articles, digests, more, known, embeddings, workers,
                                   settings.reuse)
    return relations


def _found_quotes(memo: Memo, by_id: dict, digest_of: dict, ids) -> dict:
    """``quotes.find_quotes`` of the articles ``ids``, each article's found once per digest
    (kept pickled: linking sets speakers on what it is given, a kept copy stays as found)."""
    from .. import quotes as quotes_stage

    keys = {i: (i, digest_of[i]) for i in ids}
    todo = [by_id[i] for i, k in keys.items() if k not in memo.quotes]
    if todo:
        for i, fs in quotes_stage.find_quotes(todo).items():
            memo.quotes[keys[i]] = pickle.dumps(fs, protocol=pickle.HIGHEST_PROTOCOL)
    return {i: pickle.loads(memo.quotes[k]) for i, k in keys.items()}


def _forget_quotes(memo: Memo, digest_of: dict) -> None:
    """Drop the found quotes of articles whose cleaned text has changed since."""
    memo.quotes = {k: v for k, v in memo.quotes.items() if digest_of.get(k[0]) == k[1]}


def _quote_order(q) -> tuple:
    return (q.variants[0].article, q.variants[0].span[0])


def _linked_quotes(memo: Memo, articles: list[Article], relations: list[Relation],
                   digest_of: dict) -> tuple[list, list]:
    """``quotes.link_quotes`` family by family, a family's quotes kept while its articles
    and relations are as they were. Linking follows the relations only (a quote's variants
    lie in one family), reads of a relation only its two articles and passages, and the
    report lists the quotes by their first variant: so this is one call's answer. Returns
    it and the families: (key, relations, quotes in the report's order)."""
    from .. import quotes as quotes_stage
    from ..lineage import forest

    by_id = {a.id: a for a in articles}
    fams = []
    for fam in forest.families(relations):
        rels = [relations[i] for i in fam]
        fams.append((tuple((r.a, r.b, digest_of[r.a], digest_of[r.b], _shape(r))
                           for r in rels), rels))
    todo = sorted({x for key, rels in fams if key not in memo.linked
                   for r in rels for x in (r.a, r.b)})
    # fresh copies (linking sets speakers on them); the families share no article
    found = _found_quotes(memo, by_id, digest_of, todo)
    now, out, parts = {}, [], []
    for key, rels in fams:
        got = memo.linked.get(key)
        if got is None:
            ids = sorted({x for r in rels for x in (r.a, r.b)})
            got = sorted(quotes_stage.link_quotes([by_id[i] for i in ids], rels, found=found),
                         key=_quote_order)
        now[key] = got
        out.extend(got)
        parts.append((key, rels, got))
    memo.linked = now
    # (equal first variants lie in one family, whose order the sort keeps: one call's order)
    out.sort(key=_quote_order)
    return out, parts


def _quote_drift(memo: Memo, articles: list[Article], parts: list, quotes: list) -> list:
    """``drift.quote_drift`` family by family (``parts`` from ``_linked_quotes``), a
    family's findings kept while its quotes and its relations' directions are as they were;
    put back in the order of ``quotes`` (the findings of one quote read only its family,
    and a finding names a pair of it: so this is one call's answer)."""
    from .. import drift

    by_id = {a.id: a for a in articles}
    where = {id(q): k for k, q in enumerate(quotes)}
    now, placed = {}, []
    for key, rels, qs in parts:
        if not any(q.changed for q in qs):
            continue  # nothing re-worded in this family
        dkey = (key, tuple(r.lineage.type if r.lineage else None for r in rels))
        got = memo.quote_drift.get(dkey)
        if got is None:
            ids = sorted({x for r in rels for x in (r.a, r.b)})
            got = drift.quote_drift_each([by_id[i] for i in ids], rels, qs)
        now[dkey] = got
        placed += [(where[id(q)], found) for q, found in zip(qs, got) if found]
    memo.quote_drift = now
    placed.sort(key=lambda x: x[0])
    return [d for _, found in placed for d in found]


def _shape(r: Relation) -> tuple:
    return tuple((tuple(p.a), tuple(p.b), p.kind) for p in r.passages)


def drift_key(r: Relation, digest_of: dict) -> tuple:
    """What a relation's passage drift reads: the two articles, the direction, the passages."""
    d = r.lineage.type if r.lineage and r.lineage.type in ("a-from-b", "b-from-a") else None
    return (r.a, r.b, digest_of[r.a], digest_of[r.b], d, _shape(r))


def row_key(r: Relation, digest_of: dict) -> tuple:
    """What a relation's stored row is made from."""
    lin = r.lineage
    return (r.a, r.b, digest_of.get(r.a), digest_of.get(r.b), r.kind, tuple(sorted(r.coverage.items())),
            r.score, lin.type, lin.origin, lin.confidence, tuple(lin.evidence), _shape(r),
            tuple(p.origin for p in r.passages))


def _passage_drift(memo: Memo, articles: list[Article], relations: list[Relation],
                   digest_of: dict) -> list:
    """``drift.passage_drift`` of the relations, each relation's findings made once."""
    from .. import drift

    reuse = [r for r in relations if r.kind != "same-story"]
    keys = [drift_key(r, digest_of) for r in reuse]
    todo = [r for r, k in zip(reuse, keys) if k not in memo.drift]
    if todo:
        found: dict = {}
        for d in drift.passage_drift(articles, todo):
            found.setdefault((d.a, d.b), []).append(d)
        for r in todo:
            memo.drift[drift_key(r, digest_of)] = found.get((r.a, r.b), [])
    out = [d for k in keys for d in memo.drift[k]]
    memo.drift = {k: memo.drift[k] for k in keys}  # the relations of today only
    return out


def run(articles: list[Article], digests: list[str], known: Known, settings: Settings,
        embeddings: bool = True,
        workers: int | None = None, lineage: bool = True, stories: bool = True,
        quotes: bool = True, timings: dict | None = None, memo: Memo | None = None) -> Report:
    """The stages after cleaning, over the corpus (``articles``, in seq order, with their
    ``digests``). ``timings`` gets seconds per stage. ``memo``: the results kept from earlier
    batches (``Memo``; filled in)."""
    memo = memo if memo is not None else Memo(sigs=[None] * len(articles))
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
    report.relations = find_reuse(articles, digests, known, settings, embeddings, workers, memo)
    links = [Relation(r.a, r.b, r.kind) for r in report.relations]
    lap("reuse")
    if lineage:
        from .. import lineage as lineage_stage
        report.relations, report.origins = lineage_stage.trace(
            articles, report.relations, settings=settings.lineage, kept=memo.lineage,
            digests={a.id: d for a, d in zip(articles, digests)})
        lap("lineage")
    if quotes:
        from .. import drift, quotes as quotes_stage
        by_id = {a.id: a for a in articles}
        digest_of = {a.id: d for a, d in zip(articles, digests)}
        _forget_quotes(memo, digest_of)
        report.quotes, parts = _linked_quotes(memo, articles, report.relations, digest_of)
        report.drift = drift.merge(_passage_drift(memo, articles, report.relations, digest_of),
                                   _quote_drift(memo, articles, parts, report.quotes))
        lap("quotes_drift")
    if stories:
        # The kept index is rewound and grown here (analyze clusters in a worker beside
        # reuse; the index lives on in this process's memo for the next batch).
        from .. import stories as stories_stage
        replay: dict = {}
        memo.stories, report.stories, same_story = stories_stage.resume(memo.stories, articles,
                                                                        links, replay)
        log.debug("stories: %s", replay)
        report.relations.extend(same_story)
        lap("stories")
    return report

