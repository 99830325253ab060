"""Reading the store: records by id, and a report of any slice (a story, a date, an outlet)."""
from __future__ import annotations

from sqlalchemy import and_, or_, select

from ..model import InputStatus, Origin, Report, Story
from . import codec, tables


def article(conn, article_id: str) -> dict | None:
    row = conn.execute(select(tables.articles).where(tables.articles.c.id == article_id)).first()
    if row is None:
        return None
    out = codec.article_from_row(row).to_dict()
    st = conn.execute(select(tables.story_articles.c.story).where(
        tables.story_articles.c.article == article_id)).scalar()
    out["story"] = st
    return out


def relations_of(conn, article_id: str) -> list[dict]:
    r = tables.relations
    rows = conn.execute(select(r).where(or_(r.c.a == article_id, r.c.b == article_id))
                        .order_by(r.c.a, r.c.b))
    return [codec.relation_dict_from_row(x) for x in rows]


def story(conn, story_id: str) -> dict | None:
    row = conn.execute(select(tables.stories).where(tables.stories.c.id == story_id)).first()
    if row is None:
        return None
    m = row._mapping
    return {"id": m["id"], "label": m["label"], "articles": list(m["articles"])}


def origins(conn, limit: int | None = None, offset: int = 0) -> list[dict]:
    q = select(tables.origins).order_by(tables.origins.c.id).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [{"id": m["id"], "name": m["name"], "in_corpus": m["in_corpus"],
             "children": list(m["children"])} for m in (r._mapping for r in conn.execute(q))]


def article_ids(conn, story_id: str | None = None, since: str | None = None,
                outlet: str | None = None, limit: int | None = None, offset: int = 0) -> list[str]:
    """Ids of the slice, in the order they were added."""
    a = tables.articles
    q = select(a.c.id).order_by(a.c.seq)
    if story_id is not None:
        q = q.where(a.c.id.in_(select(tables.story_articles.c.article).where(
            tables.story_articles.c.story == story_id)))
    if since is not None:
        q = q.where(and_(a.c.published.is_not(None), a.c.published >= since))
    if outlet is not None:
        q = q.where(a.c.outlet == outlet)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return [r[0] for r in conn.execute(q)]


def report(conn, ids: list[str] | None = None) -> Report:
    """The report of the articles ``ids`` (all when None): their records, the relations,
    quotes and drift between them, their stories and origins, narrowed to them."""
    from .write import _chunks

    a = tables.articles
    if ids is None:
        rows = list(conn.execute(select(a).order_by(a.c.seq)))
    else:
        rows = []
        for part in _chunks(ids):
            rows += conn.execute(select(a).where(a.c.id.in_(part)))
        rows.sort(key=lambda r: r._mapping["seq"])
    arts = [codec.article_from_row(r) for r in rows]
    keep = {x.id for x in arts}
    texts = {x.id: x.text for x in arts}
    whole = ids is None
    r, d = tables.relations, tables.drift
    if whole:
        rel_rows = list(conn.execute(select(r)))
        drift_rows = list(conn.execute(select(d).order_by(d.c.pos)))
    else:  # a slice reads the rows of its articles only (indexed on a; b is checked here)
        rel_rows, drift_rows = [], []
        for part in _chunks(sorted(keep)):
            rel_rows += conn.execute(select(r).where(r.c.a.in_(part)))
            drift_rows += conn.execute(select(d).where(d.c.a.in_(part)))
        rel_rows = [x for x in rel_rows if x._mapping["b"] in keep]
        drift_rows = sorted((x for x in drift_rows if x._mapping["b"] in keep),
                            key=lambda x: x._mapping["pos"])
    rels = [codec.relation_from_json(codec.relation_dict_from_row(x, marks=True), texts)
            for x in rel_rows]
    out_origins = []
    for o in origins(conn):
        kids = [c for c in o["children"] if whole or c in keep]
        if kids or whole:
            out_origins.append(Origin(o["id"], o["name"], o["in_corpus"], kids))
    out_stories = []
    for row in conn.execute(select(tables.stories).order_by(tables.stories.c.id)):
        m = row._mapping
        mem = [x for x in m["articles"] if whole or x in keep]
        if mem:
            out_stories.append(Story(m["id"], m["label"], mem))
    quotes = []
    for row in conn.execute(select(tables.quotes).order_by(tables.quotes.c.pos)):
        q = codec.quote_from_row(row)
        q.variants = [v for v in q.variants if whole or v.article in keep]
        if q.variants:
            quotes.append(q)
    drift = [codec.drift_from_row(x) for x in drift_rows]
    inputs = []
    if whole:
        inputs = [InputStatus(source=m["source"], status=m["status"], articles=m["articles"],
                              message=m["message"])
                  for m in (x._mapping for x in conn.execute(
                      select(tables.inputs).order_by(tables.inputs.c.pos)))]
    return Report(inputs=inputs, articles=arts, relations=rels, origins=out_origins, stories=out_stories,
                  quotes=quotes, drift=drift)
