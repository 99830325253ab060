"""The store: an embedded database of everything analyzed, grown by ``add``.

    from newslineage.store import Store
    store = Store("news.db")                       # SQLite, one file, WAL; or a SQLAlchemy URL
    store.add(["articles/"], batch_size=10_000)    # one transaction per batch
    store.check("text of a new article")           # what it shares with the store, not stored

An add runs the stages over the stored articles and the new ones, aligning only pairs it has
not aligned before (see ``incremental``), and writes back only the rows that changed, all in
one transaction: a process killed in the middle leaves every earlier batch whole, and adding
the same input again resumes where it stopped (articles already stored are skipped).
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine

from ..model import Article, InputStatus, Report
from . import codec, incremental, tables
from ..settings import Settings

log = logging.getLogger("newslineage.store")


class StoreError(RuntimeError):
    """A store that cannot be opened or written; the message says what to do."""


@dataclass
class AddResult:
    """What one add did: per batch, the articles added and the pairs aligned."""
    added: int = 0
    skipped: int = 0            # already stored (re-added or resumed)
    batches: list[dict] = field(default_factory=list)
    inputs: list[InputStatus] = field(default_factory=list)


def _url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{os.path.abspath(target)}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (check, the service) go on while an add writes; NORMAL sync is durable at
    # each checkpoint and never corrupts on a crash (a kill loses at most the open batch).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_engine(target: str) -> Engine:
    url = _url(target)
    if url.startswith("sqlite:///"):
        folder = os.path.dirname(url[len("sqlite:///"):])
        if folder and not os.path.isdir(folder):
            raise StoreError(f"{target}: the folder {folder} does not exist; create it first")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """An embedded store at ``target`` (a file path for SQLite, or a SQLAlchemy URL)."""

    def __init__(self, target: str, settings: Settings | None = None, create: bool = True):
        self.target = str(target)
        # all of analyze's settings (the stages run with their parts) plus the store's own
        self.settings = settings or Settings()
        if not create and "://" not in self.target and not os.path.exists(self.target):
            raise StoreError(f"{self.target}: no such store. Create it with "
                             f"`newslineage add PATH... --db {self.target}`.")
        self.engine = open_engine(self.target)
        self._reader_lock = threading.Lock()
        self._reader_conn = None  # the connection checks use (see ``check``)
        # What the last batch of this process computed (``incremental.Memo``), keyed by the
        # last seq it wrote: the next batch starts from it instead of reading the store and
        # running every stage over it again.
        self._memo: tuple[int, incremental.Memo] | None = None
        try:
            tables.migrate(self.engine)
        except Exception as e:  # not a database, or locked beyond the timeout
            raise StoreError(f"{self.target}: cannot open it as a newslineage store ({e}). "
                             "Give a store written by `newslineage add`, or a new path.") from e

    def close(self) -> None:
        with self._reader_lock:
            if self._reader_conn is not None:
                with contextlib.suppress(Exception):
                    self._reader_conn.close()
                self._reader_conn = None
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- add ------------------------------------------------------------------------------

    def add(self, paths: str | Iterable[str], fields: dict | None = None,
            batch_size: int | None = None,
            progress: Callable[[dict], None] | None = None) -> AddResult:
        """Read ``paths`` (as ``analyze`` does) and add their articles in batches of
        ``batch_size`` (one transaction each). Articles already stored are skipped."""
        from .. import read

        if isinstance(paths, str):
            paths = [paths]
        articles, statuses = read.read_inputs(list(paths), fields=fields,
                                              limits=self.settings.read)
        # the list is this call's own: each batch's articles are let go once added
        result = self._add_articles(articles, batch_size, progress, release=True)
        result.inputs = statuses
        self._note_inputs(statuses)
        return result

    def _note_inputs(self, statuses: list[InputStatus]) -> None:
        """Keep what became of each input, as a report's ``inputs`` (the latest status of
        a source replaces the one before)."""
        t = tables.inputs
        with self.engine.begin() as conn:
            top = conn.execute(select(func.max(t.c.pos))).scalar()
            top = -1 if top is None else top
            have = {(m["source"], m["status"], m["articles"], m["message"])
                    for m in (r._mapping for r in conn.execute(select(t)))}
            news = [s for s in statuses
                    if (s.source, s.status, s.articles, s.message) not in have]
            sources = [s.source for s in news]
            for part in range(0, len(sources), 500):
                conn.execute(t.delete().where(t.c.source.in_(sources[part:part + 500])))
            rows = [dict(s.to_dict(), pos=top + 1 + i) for i, s in enumerate(news)]
            if rows:
                conn.execute(t.insert(), rows)

    def add_articles(self, articles: Sequence[Article], batch_size: int | None = None,
                     progress: Callable[[dict], None] | None = None) -> AddResult:
        """Add articles as a reader delivered them (not cleaned yet), in batches."""
        return self._add_articles(articles, batch_size, progress)

    def _add_articles(self, articles: Sequence[Article], batch_size: int | None,
                      progress: Callable[[dict], None] | None,
                      release: bool = False) -> AddResult:
        """``add_articles``; ``release``: ``articles`` is a list of the caller's own, emptied
        as the batches are added (a batch's articles as read are kept compressed in the memo
        from then on: holding the whole input until the last batch cost ~3.6 KB an article)."""
        size = batch_size or self.settings.store.batch_size
        with self.engine.connect() as conn:
            have = {r[0] for r in conn.execute(select(tables.articles.c.id))}
        result = AddResult()
        todo, seen = [], set()
        for a in articles:
            if a.id in have or a.id in seen:
                result.skipped += 1
            else:
                seen.add(a.id)
                todo.append(a)
        if release:
            articles.clear()
        for start in range(0, len(todo), max(1, size)):
            batch = todo[start:start + size]
            if release:
                todo[start:start + size] = [None] * len(batch)
            info = self._add_batch(batch)
            del batch
            result.added += info["added"]
            result.batches.append(info)
            if progress:
                progress(info)
        if todo:
            self._save_memo()
        return result

    # -- the memo beside the store ---------------------------------------------------------

    def _memo_path(self) -> str | None:
        if "://" in self.target or not self.settings.store.keep_memo:
            return None
        return self.target + ".memo"

    def _store_id(self, conn, create: bool = False) -> str | None:
        """A random id of this store (in meta), so that a memo is never read by another."""
        m = tables.meta
        row = conn.execute(select(m.c.value).where(m.c.key == "store_id")).first()
        if row is None and create:
            import uuid
            conn.execute(m.insert().values(key="store_id", value=uuid.uuid4().hex))
            return self._store_id(conn)
        return row[0] if row else None

    def _save_memo(self) -> None:
        """Write the memo of the last batch (atomically: a crash leaves the old file or none;
        a memo older than the store is never read, see ``_read_memo``)."""
        path = self._memo_path()
        if path is None or self._memo is None:
            return
        with self.engine.begin() as conn:
            sid = self._store_id(conn, create=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as f:
                incremental.dump_memo(self._memo[1], f,
                                      (incremental.MEMO_VERSION, sid, self._memo[0]))
            os.replace(tmp, path)
        except OSError as e:
            log.warning("%s: could not keep the add's memo (%s); the next add in another "
                        "process runs the stages over the whole store", path, e)
            with contextlib.suppress(OSError):
                os.remove(tmp)

    def _read_memo(self, conn, top: int):
        """The memo file's (seq, Memo) if it was written for this store as it is now."""
        path = self._memo_path()
        if path is None or not os.path.exists(path):
            return None
        try:
            store_id = self._store_id(conn)
            with open(path, "rb") as f:
                got = incremental.load_memo(f, lambda head: head == (
                    incremental.MEMO_VERSION, store_id, top) and store_id is not None)
        except Exception as e:  # a file of another version, or cut short: it is only a cache
            log.warning("%s: unreadable memo (%s); running the stages over the store", path, e)
            return None
        return None if got is None else (top, got[1])

    def _load(self, conn) -> tuple[list[dict], dict, int, int]:
        a = tables.articles.c
        raws = [r[0] for r in conn.execute(select(a.raw).order_by(a.seq))]
        p = tables.pairs
        known = {}
        for row in conn.execute(select(p)):
            m = row._mapping
            known[(m["a"], m["b"])] = (m["digest_a"], m["digest_b"], m["relation"])
        top = conn.execute(select(func.max(a.seq))).scalar()
        batch = conn.execute(select(func.max(a.batch))).scalar()
        return raws, known, (-1 if top is None else top), (0 if batch is None else batch)

    def _add_batch(self, new: list[Article]) -> dict:
        from ..parallel import no_gc

        st = self.settings.store
        timings: dict = {}
        t0 = time.perf_counter()
        with self.engine.connect() as conn:
            top = conn.execute(select(func.max(tables.articles.c.seq))).scalar()
            top = -1 if top is None else top
            last_batch = conn.execute(select(func.max(tables.articles.c.batch))).scalar() or 0
            # what the last batch of this process left, if nobody wrote since
            memo = self._memo if self._memo is not None and self._memo[0] == top else None
            self._memo = None  # until this batch is written: a failure leaves it half-grown
            start = "memory"
            if memo is None:
                memo, start = self._read_memo(conn, top), "file"
            if memo is None:
                start = "store"
            if memo is None:
                raws, known_rows, top, last_batch = self._load(conn)
        timings["load"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        with no_gc():
            if memo is not None:
                memo = memo[1]
                memo.extend([codec.raw_of(a) for a in new], self.settings, st.workers)
            else:
                memo = incremental.Memo()
                memo.extend(raws + [codec.raw_of(a) for a in new], self.settings, st.workers)
                texts = {a.id: a.text for a in memo.articles}
                # a stored relation is parsed against today's texts; one whose article
                # changed since is not reused (its digest differs), so a stale parse is never read
                memo.known = {
                    k: (da, db, None if rel is None else codec.relation_from_json(rel, texts))
                    for k, (da, db, rel) in known_rows.items()}
            n_old = top + 1
            timings["clean"] = round(time.perf_counter() - t0, 2)
            known = incremental.Known(pairs=memo.known)
            report = incremental.run(memo.articles, memo.digests, known, self.settings,
                                     embeddings=st.embeddings, workers=st.workers,
                                     timings=timings, memo=memo)
        t0 = time.perf_counter()
        batch_no = last_batch + 1
        texts = {a.id: a.text for a in memo.articles}
        with self.engine.begin() as conn:
            now = conn.execute(select(func.max(tables.articles.c.seq))).scalar()
            if (-1 if now is None else now) != top:
                raise StoreError(f"{self.target}: another add wrote to the store meanwhile; "
                                 "run this add again (stored articles are skipped)")
            from . import write
            counts = write.write_report(conn, report, memo, n_old, batch_no, known, texts)
        timings["write"] = round(time.perf_counter() - t0, 2)
        memo.known.update(known.new)
        self._memo = (top + len(new), memo)
        return {"batch": batch_no, "added": len(new), "articles": len(memo.articles),
                "aligned": known.aligned, "reused": known.reused,
                "relations": len(report.relations),                 "started_from": start,
                **counts, "seconds": timings}

    # -- reading ---------------------------------------------------------------------------

    def report(self, story: str | None = None, since: str | None = None,
               outlet: str | None = None) -> Report:
        """The report of the store, or of a slice: one story, articles published on or after
        ``since`` (ISO date), or one outlet (the filters combine)."""
        from . import query

        with self.engine.connect() as conn:
            ids = None
            if story is not None or since is not None or outlet is not None:
                ids = query.article_ids(conn, story, since, outlet)
            return query.report(conn, ids)

    def check(self, text: str, title: str | None = None, outlet: str | None = None,
              published: str | None = None, language: str | None = None) -> dict:
        """What one text (not stored) shares with the store: relations with passages and
        lineage, drift, stories (see ``check``)."""
        from .check import check

        # one connection kept open for checks: a check is a few look-ups, and taking a
        # connection from the pool and resetting it cost a tenth of them. A check that
        # finds it in use (another thread checking) takes one from the pool.
        if not self._reader_lock.acquire(blocking=False):
            with self.engine.connect() as conn:
                return check(conn, text, self.settings, title=title, outlet=outlet,
                             published=published, language=language)
        try:
            if self._reader_conn is None or self._reader_conn.invalidated:
                self._reader_conn = self.engine.connect()
            conn = self._reader_conn
            try:
                return check(conn, text, self.settings, title=title, outlet=outlet,
                             published=published, language=language)
            finally:
                # ends the read transaction (a WAL reader holds its snapshot while one is open)
                conn.rollback()
        finally:
            self._reader_lock.release()

    def article(self, article_id: str) -> dict | None:
        from . import query
        with self.engine.connect() as conn:
            return query.article(conn, article_id)

    def relations(self, article_id: str) -> list[dict]:
        from . import query
        with self.engine.connect() as conn:
            return query.relations_of(conn, article_id)

    def story(self, story_id: str) -> dict | None:
        from . import query
        with self.engine.connect() as conn:
            return query.story(conn, story_id)

    def origins(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        from . import query
        with self.engine.connect() as conn:
            return query.origins(conn, limit, offset)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tables.articles)).scalar()

    def integrity(self) -> list[str]:
        """Problems found by the database's own check and by the store's invariants
        (every relation, story member and index row names a stored article); [] if none."""
        out = []
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                res = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                if res != ["ok"]:
                    out += res
            ids = select(tables.articles.c.id)
            seqs = select(tables.articles.c.seq)
            checks = {
                "relations naming an unknown article": select(func.count()).select_from(
                    tables.relations).where(tables.relations.c.a.not_in(ids)
                                            | tables.relations.c.b.not_in(ids)),
                "story members unknown": select(func.count()).select_from(
                    tables.story_articles).where(tables.story_articles.c.article.not_in(ids)),
                "band rows of unknown articles": select(func.count()).select_from(
                    tables.bands).where(tables.bands.c.article.not_in(seqs)),
                "articles without their index": select(func.count()).select_from(
                    tables.articles).where(tables.articles.c.seq.not_in(
                        select(tables.signed.c.article))),
            }
            for what, q in checks.items():
                n = conn.execute(q).scalar()
                if n:
                    out.append(f"{n} {what}")
        return out
