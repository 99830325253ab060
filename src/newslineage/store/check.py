"""Check one text against the store without storing it: what it shares with stored articles
(relations with passages and lineage), what changed on the way (drift), and their stories.

Candidates come from the persisted indexes, not from a pass over the store: the text's
passage band keys and its rare names are looked up (two indexed queries), the best stored
articles per signal are aligned with the text (``relate.relate_one``, as ``analyze`` aligns a
pair), and lineage and drift run over the text and those partners only.
"""
from __future__ import annotations

import time
from collections import Counter

import numpy as np
from sqlalchemy import select

from ..memo import Memo
from ..model import Article
from . import codec, tables
from ..settings import Settings
from .write import _chunks, band_codes, summary_of

CHECK_ID = "check"


# Look-ups take a text's keys in chunks of this many parameters (SQLite allows 32,766, and
# PostgreSQL 65,535): a text within the service's length limit needs one chunk.
LOOKUP_CHUNK = 30_000


def _placeholders(conn, n: int) -> str:
    """``n`` bound parameters in the driver's own style (the look-ups go through the driver,
    without SQLAlchemy's compiling of a statement per call: per check, that cost more than
    the database's work)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ",".join([mark] * n)


def _counted(conn, sql: str, keys: list[int], extra: tuple, at_least: int) -> Counter:
    """Stored articles (seq) by the rows ``sql`` counts for them over ``keys``; the database
    groups and counts (``sql`` has ``{keys}`` for the IN list and ``{having}`` for the cut,
    applied there only when one chunk holds every key)."""
    hits: Counter = Counter()
    parts = list(_chunks(keys, LOOKUP_CHUNK))
    # on the driver's own cursor, rows fetched at once (through the engine's result, each
    # row came on its own: ~0.3 ms a check at 10k for hundreds of rows)
    cur = conn.connection.driver_connection.cursor()
    try:
        for part in parts:
            having = f"HAVING COUNT(*) >= {int(at_least)}" if len(parts) == 1 else ""
            cur.execute(sql.format(keys=_placeholders(conn, len(part)), having=having),
                        tuple(part) + extra)
            for seq, n in cur.fetchall():
                hits[seq] += n
    finally:
        cur.close()
    return hits


def _best(hits: Counter, at_least: int, k: int) -> list[int]:
    """The ``k`` stored articles with most hits (at least ``at_least``), ties by seq."""
    return [seq for _, seq in sorted((-n, seq) for seq, n in hits.items() if n >= at_least)[:k]]


def _lexical(conn, codes: np.ndarray, st) -> list[int]:
    hits = _counted(conn, "SELECT article, COUNT(*) FROM bands WHERE code IN ({keys}) "
                          "GROUP BY article {having}",
                    [int(c) for c in np.unique(codes)], (), st.check_min_bands)
    return _best(hits, st.check_min_bands, st.check_lexical)


# A loose name partner shares at least this many rare names (what makes an orphan's stored
# article worth an embedding look, as in the candidate stage).
LOOSE_MIN_SHARED = 2


def _name_hits(conn, feats: np.ndarray, st) -> Counter:
    """Stored articles by the number of rare names and figures they share with the text
    (those sharing fewer than a loose partner needs are left out)."""
    if len(feats) == 0:
        return Counter()
    return _counted(conn, "SELECT n.article, COUNT(*) FROM names n JOIN name_df d ON "
                          "d.feature = n.feature WHERE n.feature IN ({keys}) AND d.df <= ? "
                          "GROUP BY n.article {having}",
                    [int(f) for f in np.unique(feats)], (int(st.check_names_max_df),),
                    min(LOOSE_MIN_SHARED, st.check_names_min_shared))


def _names(hits: Counter, st) -> list[int]:
    return _best(hits, st.check_names_min_shared, st.check_names)


def _summary(a: Article, signed=None) -> str:
    """The text that stands for an article in the embedding signal (``candidates._embedding``);
    ``signed``: the article's signature if at hand (its passage spans give the lead)."""
    from ..candidates import minhash

    if signed is None:
        signed = minhash.sign_batch([(a.text, list(a._paragraphs) or None)])[0]
    return summary_of(a, signed.spans)


# Summary text -> its vector, for the stored summaries the add did not encode: the loose
# partners of orphans recur from check to check (an article sharing rare names with many
# texts), and a vector depends on its text alone.
_VECTORS = Memo(20_000)


def _summaries(conn, seqs: list[int]) -> dict[int, tuple[str | None, bytes | None]]:
    """seq -> (summary, vector bytes or None) as the add kept them (None in a store
    indexed before summaries were kept)."""
    sg = tables.signed.c
    out = {}
    for part in _chunks(seqs):
        for seq, summ, vec in conn.execute(select(sg.article, sg.summary, sg.vector)
                                           .where(sg.article.in_(part))):
            out[seq] = (summ, vec)
    return out


def _embedding(conn, new: Article, loose: list[int], cs, signed=None) -> list[int]:
    """Of the loose name partners of a text that found no other candidate (an orphan, in
    the candidate stage's words), those whose title and lead mean the same as the text's:
    a translation or a rewrite shares names, not words (``candidates._embedding``). The
    partners' summaries (and the vectors the add made) are read from the index, not made
    from the articles again."""
    from ..candidates import ann

    if not loose:
        return []
    kept = _summaries(conn, loose)
    summ = {}
    for seq in loose:
        s = kept.get(seq, (None, None))[0]
        if s is None:  # indexed before summaries were kept
            s = _summary(_articles(conn, [seq])[0])
        summ[seq] = s
    vecs = {}
    for seq in loose:
        v = kept.get(seq, (None, None))[1]
        if v is not None:
            vecs[seq] = np.frombuffer(v, dtype=np.float32)
        elif (got := _VECTORS.get(summ[seq])) is not None:
            vecs[seq] = got
    own = _summary(new, signed)
    todo = list(dict.fromkeys([own] + [summ[s] for s in loose if s not in vecs]))
    made = dict(zip(todo, ann.summary_vectors(todo)))
    for seq in loose:
        if seq not in vecs:
            vecs[seq] = _VECTORS.put(summ[seq], made[summ[seq]])
    q = made[own]
    return [seq for seq in loose if float(vecs[seq] @ q) >= cs.embed_min_cos]


# What a check reads of a stored article: not ``raw`` (the article as read, for cleaning
# again at the next add), which is as long again as the text.
_ARTICLE_COLUMNS = [c for c in tables.articles.c if c.name not in ("raw", "batch")]


# Stored articles as a check reads them, by (store, seq, digest): partners recur from check
# to check (an article sharing a wire text or rare names with many texts), and reading and
# decoding a whole row (text, spans and lists as JSON) was a tenth of a warm check. Each
# check reads the partners' digests first: an add that cleaned one again changes its key.
_PARTNERS = Memo(4096)


def _articles(conn, seqs: list[int], digests: dict | None = None) -> list[Article]:
    """The stored articles ``seqs`` in seq order; ``digests`` (if given) gets each one's
    digest by id."""
    store = str(conn.engine.url)
    rows = {}
    for part in _chunks(seqs):
        q = f"SELECT seq, digest FROM articles WHERE seq IN ({_placeholders(conn, len(part))})"
        for seq, dg in conn.exec_driver_sql(q, tuple(part)):
            got = _PARTNERS.get((store, seq, dg))
            if got is not None:
                rows[seq] = got
    for part in _chunks([s for s in seqs if s not in rows]):
        for r in conn.execute(select(*_ARTICLE_COLUMNS).where(tables.articles.c.seq.in_(part))):
            rows[r.seq] = _PARTNERS.put((store, r.seq, r.digest), dict(r._mapping))
    out = []
    for seq in sorted(rows):
        out.append(codec.article_from_mapping(rows[seq]))
        if digests is not None:
            digests[out[-1].id] = rows[seq]["digest"]
    return out


def prepare(text: str, title: str | None = None, outlet: str | None = None,
            published: str | None = None, language: str | None = None) -> Article:
    """The text as an article, cleaned and segmented as ``analyze`` does."""
    from .. import clean, segment

    a = Article(id=CHECK_ID, source=CHECK_ID, text=text, title=title, outlet=outlet,
                published=published, language=language)
    return segment.segment_article(clean.clean([a])[0])


def check(conn, text: str, settings: Settings | None = None, **meta) -> dict:
    from .. import drift, lineage
    from ..reuse import relate
    from ..candidates import minhash, names

    settings = settings or Settings()
    st = settings.store
    t0 = time.perf_counter()
    new = prepare(text, **meta)
    signed = minhash.sign_batch([(new.text, list(new._paragraphs) or None)])[0]
    seqs = _lexical(conn, band_codes(signed.sig), st)
    name_hits = _name_hits(conn, names.features(new.text), st)
    seqs += [s for s in _names(name_hits, st) if s not in seqs]
    partners = _articles(conn, seqs)
    if not partners and st.embeddings:
        cs = settings.candidates
        loose = _best(name_hits, LOOSE_MIN_SHARED, cs.embed_partners)
        partners = _articles(conn, _embedding(conn, new, loose, cs, signed))
    t1 = time.perf_counter()
    rels = [r for r in (relate.relate_one(p, new, embeddings=st.embeddings,
                                                    settings=settings.reuse) for p in partners)
            if r is not None]
    t2 = time.perf_counter()
    related = [p for p in partners if any(r.a == p.id for r in rels)]
    arts = related + [new]
    origins, found_drift = [], []
    if rels:
        rels, origins = lineage.trace(arts, rels, settings=settings.lineage)
        found_drift = drift.passage_drift(arts, rels)
    texts = {a.id: a.text for a in arts}
    story_ids = Counter()
    if related:
        sa = tables.story_articles
        story_ids.update(r[0] for r in conn.execute(
            select(sa.c.story).where(sa.c.article.in_([p.id for p in related]))))
    stories = []
    for sid, n in story_ids.most_common():
        row = conn.execute(select(tables.stories.c.label).where(tables.stories.c.id == sid)).first()
        stories.append({"id": sid, "label": row[0] if row else None, "shared_with": n})
    return {"article": new.to_dict(),
            "relations": [codec.relation_json(r, texts, marks=False) for r in
                          sorted(rels, key=lambda r: -max(r.coverage.values()))],
            "origins": [o.to_dict() for o in origins],
            "drift": [d.to_dict() for d in found_drift],
            "stories": stories,
            "candidates": len(partners),
            "timings": {"index": round(t1 - t0, 4), "align": round(t2 - t1, 4),
                        "total": round(time.perf_counter() - t0, 4)}}
