"""Writing an add's results: only the rows that changed, inside the caller's transaction."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from sqlalchemy import Table, delete, func, insert, select, tuple_

from ..model import Article, Report
from . import codec, tables

CHUNK = 500  # rows per executemany / keys per IN (SQLite's parameter limit is 32766)


def _chunks(items: Sequence, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _delete_keys(conn, table: Table, keycols: list[str], keys: list[tuple]) -> None:
    cols = [table.c[k] for k in keycols]
    for part in _chunks(keys):
        if len(cols) == 1:
            conn.execute(delete(table).where(cols[0].in_([k[0] for k in part])))
        else:
            conn.execute(delete(table).where(tuple_(*cols).in_(part)))


def sync(conn, table: Table, keycols: list[str], rows: list[dict]) -> dict:
    """Make ``table`` hold exactly ``rows``, touching only rows whose digest changed."""
    cols = [table.c[k] for k in keycols]
    have = {tuple(r[:-1]): r[-1] for r in conn.execute(select(*cols, table.c.digest))}
    want = {tuple(r[k] for k in keycols): r for r in rows}
    gone = [k for k in have if k not in want]
    changed = [k for k, r in want.items() if have.get(k) != r["digest"]]
    _delete_keys(conn, table, keycols, gone + [k for k in changed if k in have])
    for part in _chunks([want[k] for k in changed]):
        conn.execute(insert(table), part)
    return {"deleted": len(gone), "written": len(changed)}


def _index_rows(articles: list[Article], seqs: list[int], digests: list[str]):
    """The candidate index rows of articles: band codes of their passages, name features."""
    from ..candidates import minhash, names

    signed = minhash.sign_batch([(a.text or "", list(a._paragraphs) or None) for a in articles])
    bands, feats, meta = [], [], []
    for a, seq, dg, s in zip(articles, seqs, digests, signed):
        codes = band_codes(s.sig)
        bands += [{"code": int(c), "article": seq} for c in np.unique(codes)]
        feats += [{"feature": int(f), "article": seq} for f in np.unique(names.features(a.text or ""))]
        meta.append({"article": seq, "digest": dg, "passages": int(len(s.spans)),
                     "shingles": float(np.sum(s.size))})
    return bands, feats, meta


def band_codes(sig: np.ndarray) -> np.ndarray:
    """(passages x bands) signatures -> int64 codes band << 32 | key, the 32-bit key as
    ``candidates`` folds it for its buckets."""
    from ..candidates import minhash

    if len(sig) == 0:
        return np.zeros(0, np.int64)
    keys = minhash.band_keys(sig, minhash.BANDS)
    keys32 = (keys ^ (keys >> np.uint64(32))).astype(np.uint32).astype(np.int64)
    band = np.arange(keys.shape[1], dtype=np.int64)[None, :]
    return ((band << 32) | keys32).ravel()


def write_index(conn, articles: list[Article], digests: list[str]) -> int:
    """Index rows for every article whose signed digest differs from its current one."""
    have = {r[0]: r[1] for r in conn.execute(select(tables.signed.c.article,
                                                    tables.signed.c.digest))}
    todo = [i for i, d in enumerate(digests) if have.get(i) != d]
    if not todo:
        return 0
    for part in _chunks(todo):
        conn.execute(delete(tables.bands).where(tables.bands.c.article.in_(part)))
        conn.execute(delete(tables.names).where(tables.names.c.article.in_(part)))
        conn.execute(delete(tables.signed).where(tables.signed.c.article.in_(part)))
    for part in _chunks(todo, 2000):
        bands, feats, meta = _index_rows([articles[i] for i in part], list(part),
                                         [digests[i] for i in part])
        for rows, table in ((bands, tables.bands), (feats, tables.names), (meta, tables.signed)):
            for sub in _chunks(rows, 20_000):
                conn.execute(insert(table), sub)
    conn.execute(delete(tables.name_df))
    conn.execute(insert(tables.name_df).from_select(
        ["feature", "df"], select(tables.names.c.feature, func.count()).group_by(
            tables.names.c.feature)))
    return len(todo)


def write_report(conn, report: Report, rows: list[dict], raws: list[dict], n_old: int,
                 batch_no: int, known, texts: dict[str, str]) -> dict:
    a = tables.articles
    have = {r[0]: r[1] for r in conn.execute(select(a.c.seq, a.c.digest))}
    changed = []
    for i, row in enumerate(rows):
        if have.get(i) != row["digest"]:
            changed.append(dict(row, seq=i, raw=raws[i],
                                batch=batch_no if i >= n_old else None))
    old_batches = {}
    if any(r["batch"] is None for r in changed):
        old_batches = {r[0]: r[1] for r in conn.execute(select(a.c.seq, a.c.batch))}
    for r in changed:
        if r["batch"] is None:
            r["batch"] = old_batches[r["seq"]]
    _delete_keys(conn, a, ["seq"], [(r["seq"],) for r in changed if r["seq"] in have])
    for part in _chunks(changed):
        conn.execute(insert(a), part)

    p = tables.pairs
    new_pairs = [{"a": ka, "b": kb, "digest_a": da, "digest_b": db, "related": r is not None,
                  "relation": None if r is None else codec.relation_json(r, texts)}
                 for (ka, kb), (da, db, r) in known.new.items()]
    _delete_keys(conn, p, ["a", "b"], [(x["a"], x["b"]) for x in new_pairs])
    for part in _chunks(new_pairs):
        conn.execute(insert(p), part)

    counts = {"articles_written": len(changed)}
    counts["relations_written"] = sync(conn, tables.relations, ["a", "b"],
                                       [codec.relation_row(r, texts) for r in report.relations])["written"]
    sync(conn, tables.origins, ["id"], [codec.origin_row(o) for o in report.origins])
    sync(conn, tables.stories, ["id"], [codec.story_row(s) for s in report.stories])
    members = [{"article": m, "story": s.id, "digest": s.id} for s in report.stories
               for m in s.articles]
    sync(conn, tables.story_articles, ["article"], members)
    sync(conn, tables.quotes, ["key"], [codec.quote_row(q, i) for i, q in enumerate(report.quotes)])
    sync(conn, tables.drift, ["key"], [codec.drift_row(d, i) for i, d in enumerate(report.drift)])
    counts["indexed"] = write_index(conn, report.articles, [r["digest"] for r in rows])
    return counts
