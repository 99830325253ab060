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

from ..model import Article
from . import codec, tables
from ..settings import Settings
from .write import _chunks, band_codes

CHECK_ID = "check"


def _lexical(conn, codes: np.ndarray, st) -> list[int]:
    hits: Counter = Counter()
    b = tables.bands
    for part in _chunks([int(c) for c in np.unique(codes)]):
        hits.update(r[0] for r in conn.execute(select(b.c.article).where(b.c.code.in_(part))))
    best = sorted(((-n, seq) for seq, n in hits.items() if n >= st.check_min_bands))
    return [seq for _, seq in best[: st.check_lexical]]


def _name_hits(conn, feats: np.ndarray, st) -> Counter:
    """Stored articles by the number of rare names and figures they share with the text."""
    hits: Counter = Counter()
    if len(feats) == 0:
        return hits
    d, n = tables.name_df, tables.names
    rare = []
    for part in _chunks([int(f) for f in np.unique(feats)]):
        rare += [r[0] for r in conn.execute(select(d.c.feature).where(
            d.c.feature.in_(part), d.c.df <= st.check_names_max_df))]
    for part in _chunks(rare):
        hits.update(r[0] for r in conn.execute(select(n.c.article).where(n.c.feature.in_(part))))
    return hits


def _names(hits: Counter, st) -> list[int]:
    best = sorted(((-k, seq) for seq, k in hits.items() if k >= st.check_names_min_shared))
    return [seq for _, seq in best[: st.check_names]]


def _summary(a: Article) -> str:
    from ..candidates import ann, minhash

    spans = [tuple(x) for x in minhash.sign_batch([(a.text, list(a._paragraphs) or None)])[0].spans.tolist()]
    return ann.summary(a.title, ann.lead(a.text, spans, list(a._sentences) or None, n=1))


def _embedding(new: Article, partners: list[Article], cs) -> list[Article]:
    """Of the loose name partners of a text that found no other candidate (an orphan, in
    the candidate stage's words), those whose title and lead mean the same as the text's:
    a translation or a rewrite shares names, not words (``candidates._embedding``)."""
    from ..candidates import ann

    if not partners:
        return []
    vecs = ann.summary_vectors([_summary(new)] + [_summary(p) for p in partners])
    cos = vecs[1:] @ vecs[0]
    return [p for p, c in zip(partners, cos) if c >= cs.embed_min_cos]


def _articles(conn, seqs: list[int]) -> list[Article]:
    out = []
    for part in _chunks(seqs):
        out += [codec.article_from_row(r) for r in conn.execute(
            select(tables.articles).where(tables.articles.c.seq.in_(part)))]
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
        loose = [s for s, k in name_hits.most_common(cs.embed_partners) if k >= 2]
        partners = _embedding(new, _articles(conn, loose), cs)
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
            "relations": [codec.relation_json(r, texts) for r in
                          sorted(rels, key=lambda r: -max(r.coverage.values()))],
            "origins": [o.to_dict() for o in origins],
            "drift": [d.to_dict() for d in found_drift],
            "stories": stories,
            "candidates": len(partners),
            "timings": {"index": round(t1 - t0, 4), "align": round(t2 - t1, 4),
                        "total": round(time.perf_counter() - t0, 4)}}
