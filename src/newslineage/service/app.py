"""A REST service over a store (FastAPI, run by uvicorn).

    POST /articles                add articles: {"articles": [{"text": ..., "id", "title", ...}]}
    POST /check                   one text, not stored: {"text": ..., "title", "outlet", "published"}
    GET  /articles/{id}           a stored article;  /articles/{id}/relations  its relations
    GET  /stories/{id}            a story;  GET /origins  the origins (?limit=&offset=)
    GET  /view, /view/articles?page=N, /view/stories/{id}   the HTML report, page by page
    GET  /docs                    OpenAPI docs (no token needed)

Every other path needs ``Authorization: Bearer TOKEN`` (compared in constant time; 401
otherwise). Bodies over the size limit and texts over the length limit get a 413 that says
the limit; bad JSON a 422 naming the field; an internal error a 500 with no traceback.
"""
from __future__ import annotations

import asyncio
import fcntl
import functools
import hashlib
import hmac
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

import orjson
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..model import Article
from ..store import ServiceSettings, Store

log = logging.getLogger("newslineage.service")

OPEN_PATHS = frozenset({"/docs", "/openapi.json", "/docs/oauth2-redirect", "/health"})


class TextIn(BaseModel):
    text: str = Field(..., description="The article's text (plain text).")
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 date or time.")
    language: Optional[str] = None


class ArticleIn(TextIn):
    id: Optional[str] = Field(None, description="Default: a digest of the text.")
    url: Optional[str] = None


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(..., description="The articles to add.")


def _json_error(status: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


class Guard:
    """ASGI middleware: token and body size checked before the app reads anything."""

    def __init__(self, app, token: str, max_body: int):
        self.app, self.token, self.max_body = app, token.encode("utf-8"), max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if scope["path"] not in OPEN_PATHS:
            auth = headers.get(b"authorization", b"")
            scheme, _, given = auth.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self.token):
                resp = _json_error(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'")
                resp.headers["WWW-Authenticate"] = "Bearer"
                return await resp(scope, receive, send)
        length = headers.get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_body:
                    return await self.too_big()(scope, receive, send)
            except ValueError:
                return await _json_error(400, "bad Content-Length header")(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise _TooBig()
            return msg

        try:
            return await self.app(scope, counted, send)
        except _TooBig:
            return await self.too_big()(scope, receive, send)

    def too_big(self) -> JSONResponse:
        return _json_error(413, f"request body over {self.max_body} bytes: send fewer or "
                                "shorter articles per request")


class _TooBig(Exception):
    pass


def _field(loc) -> str:
    parts = [str(x) for x in loc if x not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def create_app(store: Store, token: str, settings: ServiceSettings | None = None) -> FastAPI:
    st = settings or store.settings.service
    if not token:
        raise ValueError("the service needs a token (NEWSLINEAGE_TOKEN or --token-file)")
    app = FastAPI(title="newslineage", version="1",
                  description="Where did this article come from? Check texts against a store "
                              "of analyzed news; add articles; browse relations, stories, origins.")
    writing = _Writer(store)  # one add at a time (each is one transaction over the store)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError):
        errs = exc.errors()
        first = errs[0] if errs else {}
        field = _field(first.get("loc", ()))
        msg = first.get("msg", "invalid request")
        return _json_error(422, f"{field}: {msg}", field=field,
                           errors=[{"field": _field(e.get("loc", ())), "message": e.get("msg")}
                                   for e in errs])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        return _json_error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception):
        log.exception("internal error")  # the traceback goes to the log, never to the client
        return _json_error(500, "internal error; the server log has the details")

    def _limit(text: str, what: str) -> None:
        if len(text) > st.max_text_chars:
            raise HTTPException(413, f"{what}: {len(text)} characters, over the limit of "
                                     f"{st.max_text_chars}; send a shorter text")
        if not text.strip():
            raise HTTPException(422, f"{what}: the text is empty")

    @app.get("/health", include_in_schema=False)
    def health():
        return {"ok": True}

    # Checks run one at a time per process, on one thread beside the event loop: they are
    # CPU-bound Python, so more threads only contend for the interpreter lock (with FastAPI's
    # pool of 40 threads under load, a check cost 19 ms of CPU where it costs 11 ms this way),
    # and the loop stays free to answer the cheap requests meanwhile.
    checker = ThreadPoolExecutor(1, thread_name_prefix="check")

    def checked(body: TextIn) -> bytes:
        # serialized on the check's thread by orjson: returned as a dict, FastAPI would walk
        # the answer with its jsonable_encoder and then json.dumps it on the event loop
        return orjson.dumps(store.check(body.text, title=body.title, outlet=body.outlet,
                                        published=body.published, language=body.language),
                            option=orjson.OPT_SERIALIZE_NUMPY)

    @app.post("/check", openapi_extra={"requestBody": {
        "required": True, "content": {"application/json": {"schema": TextIn.model_json_schema()}}}})
    async def check(request: Request):
        """What one text (not stored) shares with the store."""
        # the body is validated by pydantic from its bytes, in one step: FastAPI's body
        # parameter would parse the JSON with the standard library first, then validate it
        try:
            body = TextIn.model_validate_json(await request.body())
        except ValidationError as e:
            raise RequestValidationError(e.errors(include_url=False)) from None
        _limit(body.text, "text")
        answer = await asyncio.get_running_loop().run_in_executor(
            checker, functools.partial(checked, body))
        return Response(answer, media_type="application/json")

    @app.post("/articles")
    def add(body: ArticlesIn):
        """Add articles (each one is cleaned, related to the store, lineage and stories updated)."""
        arts = []
        for i, a in enumerate(body.articles):
            _limit(a.text, f"articles.{i}.text")
            aid = a.id or "api_" + hashlib.sha1(a.text.encode("utf-8")).hexdigest()[:16]
            arts.append(Article(id=aid, source=f"api:{aid}", text=a.text, title=a.title,
                                outlet=a.outlet, published=a.published, language=a.language,
                                url=a.url))
        with writing:
            res = store.add_articles(arts)
        return {"added": res.added, "skipped": res.skipped, "ids": [a.id for a in arts],
                "batches": res.batches}

    @app.get("/articles/{article_id:path}/relations")
    def relations(article_id: str):
        if store.article(article_id) is None:
            raise HTTPException(404, f"no article {article_id!r} in the store")
        return store.relations(article_id)

    @app.get("/articles/{article_id:path}")
    def article(article_id: str):
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r} in the store")
        return found

    @app.get("/stories/{story_id:path}")
    def story(story_id: str):
        found = store.story(story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id!r} in the store")
        return found

    @app.get("/origins")
    def origins(limit: int = Query(100, ge=1, le=10_000), offset: int = Query(0, ge=0)):
        return store.origins(limit=limit, offset=offset)

    from . import views
    views.mount(app, store, st)
    app.add_middleware(Guard, token=token, max_body=st.max_body_bytes)
    return app


class _Writer:
    """The lock an add holds: a thread lock, and for a SQLite store a file lock beside it as
    well, so that with several worker processes serving one store one of them writes at a
    time (checks read on meanwhile: WAL)."""

    def __init__(self, store: Store):
        self.thread = threading.Lock()
        self.path = None if "://" in store.target else store.target + ".write-lock"
        self.file = None

    def __enter__(self):
        self.thread.acquire()
        if self.path:
            self.file = open(self.path, "a+b")
            fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None
        self.thread.release()


# Several worker processes: uvicorn imports the app in each, so what the app needs travels in
# the environment the parent sets (the token never in a command line).
ENV_DB, ENV_TOKEN, ENV_EMBEDDINGS = "NEWSLINEAGE_DB", "NEWSLINEAGE_TOKEN", "NEWSLINEAGE_EMBEDDINGS"


def app_from_env() -> FastAPI:
    """The app of one worker process of ``serve --workers N`` (a uvicorn app factory)."""
    from ..settings import Settings

    st = Settings()
    st.store.embeddings = os.environ.get(ENV_EMBEDDINGS, "1") == "1"
    st.store.workers = 1
    store = Store(os.environ[ENV_DB], st, create=False)
    _warm(store)
    return create_app(store, os.environ[ENV_TOKEN])


def _warm(store: Store) -> None:
    """Load the models a check may use now, so that no request pays for loading one (the
    sentence encoder; spaCy, which drift reads for modality, took 0.7-1.4 s in the first
    check that found drift)."""
    from .. import embed
    from ..quotes.speakers import nlp
    if store.settings.store.embeddings:
        embed.warm()
    nlp()


def run(store: Store, token: str, host: str = "127.0.0.1", port: int = 8000,
        workers: int = 1) -> None:
    """Serve ``store``; ``workers`` > 1: that many processes (checks are CPU-bound Python,
    one at a time per process under the GIL), each with its own connection to the store."""
    import uvicorn

    if workers > 1:
        os.environ.update({ENV_DB: store.target, ENV_TOKEN: token,
                           ENV_EMBEDDINGS: "1" if store.settings.store.embeddings else "0"})
        store.close()
        uvicorn.run("newslineage.service.app:app_from_env", factory=True, workers=workers,
                    host=host, port=port, log_level="warning")
        return
    _warm(store)
    uvicorn.run(create_app(store, token), host=host, port=port, log_level="warning")
