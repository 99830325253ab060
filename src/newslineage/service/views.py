"""The HTML report's views, served page by page from the store: a page of articles or one
story is rendered as the report of that slice, so a store of any size stays browsable."""
from __future__ import annotations

import html as _html

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from ..store import ServiceSettings, Store


def mount(app: FastAPI, store: Store, st: ServiceSettings) -> None:
    from ..report import html as html_report
    from ..store import query

    @app.get("/view", response_class=HTMLResponse)
    def index(page: int = Query(1, ge=1)):
        with store.engine.connect() as conn:
            total = store.count()
            pages = max(1, -(-total // st.page_size))
            from sqlalchemy import select
            from ..store import tables
            rows = conn.execute(select(tables.stories.c.id, tables.stories.c.label)
                                .order_by(tables.stories.c.id)
                                .limit(st.page_size).offset((page - 1) * st.page_size)).all()
        links = "".join(f'<li><a href="/view/articles?page={p}">articles, page {p}</a></li>'
                        for p in range(1, pages + 1))
        stories = "".join(f'<li><a href="/view/stories/{_html.escape(sid)}">{_html.escape(label)}</a></li>'
                          for sid, label in rows)
        more = (f'<p><a href="/view?page={page + 1}">more stories</a></p>'
                if len(rows) == st.page_size else "")
        return (f"<!doctype html><meta charset=utf-8><title>newslineage store</title>"
                f"<h1>{total} articles</h1><ul>{links}</ul><h2>Stories</h2><ul>{stories}</ul>{more}")

    @app.get("/view/articles", response_class=HTMLResponse)
    def articles_page(page: int = Query(1, ge=1)):
        with store.engine.connect() as conn:
            ids = query.article_ids(conn, limit=st.page_size, offset=(page - 1) * st.page_size)
            if not ids:
                raise HTTPException(404, f"no page {page} of articles")
            report = query.report(conn, ids)
        return html_report.render(report, title=f"newslineage: articles, page {page}")

    @app.get("/view/stories/{story_id:path}", response_class=HTMLResponse)
    def story_page(story_id: str):
        with store.engine.connect() as conn:
            ids = query.article_ids(conn, story_id=story_id)
            if not ids:
                raise HTTPException(404, f"no story {story_id!r} in the store")
            report = query.report(conn, ids)
        return html_report.render(report, title=f"newslineage: story {story_id}")
