"""Writing an add's results: only the rows that changed, inside the caller's transaction."""
from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np
from sqlalchemy import Table, delete, func, insert, select, tuple_

from ..model import Article, Report
from . import codec, tables
from .incremental import row_key

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


def sync_digests(conn, table: Table, keycols: list[str], want: dict, make) -> dict:
    """``sync`` for rows given by key -> digest, each made by ``make(key)`` only when
    written."""
    cols = [table.c[k] for k in keycols]
    have = {tuple(r[:-1]): r[-1] for r in conn.execute(select(*cols, table.c.digest))}
    gone = [k for k in have if k not in want]
    changed = [k for k, dg in want.items() if have.get(k) != dg]
    _delete_keys(conn, table, keycols, gone + [k for k in changed if k in have])
    for part in _chunks(changed):
        conn.execute(insert(table), [make(k) for k in part])
    return {"deleted": len(gone), "written": len(changed)}


def _listed(records: list, make) -> list[dict]:
    """Rows of a report's list (quotes, drift) keyed by content: ``make(record, pos, nth)``,
    ``nth`` counting the equal records before it."""
    seen: dict = {}
    rows = []
    for pos, rec in enumerate(records):
        row = make(rec, pos, 0)
        nth = seen.get(row["key"], 0)
        seen[row["key"]] = nth + 1
        rows.append(row if nth == 0 else make(rec, pos, nth))
    return rows


def _set_positions(conn, table: Table, rows: list[dict]) -> int:
    """Set ``pos`` of the rows (keyed by ``key``) whose stored position differs; returns
    how many. A record that came or went shifts those after it: only their position is
    written again, not the record."""
    have = dict(conn.execute(select(table.c.key, table.c.pos)).all())
    moved = [(r["pos"], r["key"]) for r in rows if have.get(r["key"]) != r["pos"]]
    if moved:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"UPDATE {table.name} SET pos = ? WHERE key = ?", moved)
        else:
            from sqlalchemy import bindparam, update
            conn.execute(update(table).where(table.c.key == bindparam("k")).values(
                pos=bindparam("p")), [{"p": p, "k": k} for p, k in moved])
    return len(moved)


def _key_hash(key: tuple) -> bytes:
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


def summary_of(a: Article, spans) -> str:
    """What stands for an article in the embedding signal (as ``candidates._embedding``
    makes it): its title and the first sentence of its passages (``spans``, from its
    candidate signature)."""
    from ..candidates import ann

    spans = [tuple(x) for x in np.asarray(spans).tolist()]
    return ann.summary(a.title, ann.lead(a.text, spans, list(a._sentences) or None, n=1))


def _index_rows(sigs: list[tuple], seqs: list[int], digests: list[str],
                articles: list[Article] | None = None, vectors: dict | None = None):
    """The candidate index rows of articles from their candidate signatures: (code, article)
    of their passages' bands and (feature, article) of their names, both as int64 arrays
    in key order (each insert then lands beside the one before in the B-tree), and per
    article its digest, passage and shingle counts, its summary and (if ``vectors`` holds
    it) the summary's vector."""
    bands, feats, meta = [], [], []
    for k, (seq, dg, s) in enumerate(zip(seqs, digests, sigs)):
        spans, size, _, keys32, features = s
        if len(keys32):
            band = np.arange(keys32.shape[1], dtype=np.int64)[None, :]
            codes = np.unique(((band << 32) | keys32.astype(np.int64)).ravel())
        else:
            codes = np.zeros(0, np.int64)
        fs = np.unique(np.asarray(features, dtype=np.int64))
        bands.append(np.stack([codes, np.full(len(codes), seq, np.int64)], axis=1))
        feats.append(np.stack([fs, np.full(len(fs), seq, np.int64)], axis=1))
        summ = vec = None
        if articles is not None:
            summ = summary_of(articles[k], spans)
            got = (vectors or {}).get(summ)
            vec = None if got is None else np.asarray(got, np.float32).tobytes()
        meta.append({"article": seq, "digest": dg, "passages": int(len(spans)),
                     "shingles": float(np.sum(size)), "summary": summ, "vector": vec})

    def keyed(parts):
        rows = np.concatenate(parts) if parts else np.zeros((0, 2), np.int64)
        return rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    return keyed(bands), keyed(feats), meta


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


def _insert_many(conn, table: Table, rows) -> None:
    """Insert plain rows (dicts, or an int array with the table's columns in order); on
    SQLite through the driver's executemany (the index has ~300 rows an article:
    SQLAlchemy's per-row parameter handling cost more than the insert)."""
    if len(rows) == 0:
        return
    if isinstance(rows, np.ndarray):
        cols = [c.name for c in table.columns]
        values = [tuple(r) for r in rows.tolist()]
    else:
        cols = list(rows[0])
        values = [tuple(r[c] for c in cols) for r in rows]
    if conn.dialect.name == "sqlite":
        sql = (f"INSERT INTO {table.name} ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' for _ in cols)})")
        conn.exec_driver_sql(sql, values)
        return
    for sub in _chunks(values, 20_000):
        conn.execute(insert(table), [dict(zip(cols, v)) for v in sub])


def write_index(conn, articles: list[Article], sigs: list, digests: list[str],
                vectors: dict | None = None) -> int:
    """Index rows for every article whose signed digest differs from its current one (from
    the candidate signatures the add made), and the document frequency of their names.
    ``vectors``: summary text -> vector, those the add encoded (kept with the summaries)."""
    from ..candidates import _prepare

    have = {r[0]: r[1] for r in conn.execute(select(tables.signed.c.article,
                                                    tables.signed.c.digest))}
    todo = [i for i, d in enumerate(digests) if have.get(i) != d]
    if not todo:
        return 0
    unsigned = [i for i in todo if sigs[i] is None]  # the candidate stage did not run (n < 2)
    if unsigned:
        made = _prepare([(articles[i].text or "", list(articles[i]._paragraphs) or None)
                         for i in unsigned])
        for i, s in zip(unsigned, made):
            sigs[i] = s
    touched: set[int] = set()
    # Only articles indexed before have rows to drop (the tables are keyed by code and
    # feature: finding an article's rows is a pass over the table, so new ones skip it).
    for part in _chunks([i for i in todo if i in have]):
        touched.update(r[0] for r in conn.execute(select(tables.names.c.feature).where(
            tables.names.c.article.in_(part))))
        conn.execute(delete(tables.bands).where(tables.bands.c.article.in_(part)))
        conn.execute(delete(tables.names).where(tables.names.c.article.in_(part)))
        conn.execute(delete(tables.signed).where(tables.signed.c.article.in_(part)))
    # the whole batch's rows in key order (16 bytes a row as arrays), inserted in slices
    bands, feats, meta = _index_rows([sigs[i] for i in todo], todo, [digests[i] for i in todo],
                                     [articles[i] for i in todo], vectors)
    touched.update(feats[:, 0].tolist())
    for rows, table in ((bands, tables.bands), (feats, tables.names), (meta, tables.signed)):
        for k in range(0, len(rows), 200_000):
            _insert_many(conn, table, rows[k:k + 200_000])
    # the document frequency of the features these articles had or have, counted again
    n = tables.names
    for part in _chunks(sorted(touched)):
        conn.execute(delete(tables.name_df).where(tables.name_df.c.feature.in_(part)))
        conn.execute(insert(tables.name_df).from_select(
            ["feature", "df"], select(n.c.feature, func.count()).where(
                n.c.feature.in_(part)).group_by(n.c.feature)))
    return len(todo)


def write_report(conn, report: Report, memo, n_old: int, batch_no: int, known,
                 texts: dict[str, str]) -> dict:
    """Write what changed: the articles (``memo``: the incremental state, rows and raws in
    seq order; those from ``n_old`` on are this batch's), the aligned pairs, the records,
    the candidate index."""
    digests = memo.digests
    a = tables.articles
    have = {r[0]: r[1] for r in conn.execute(select(a.c.seq, a.c.digest))}
    changed = []
    for i, dg in enumerate(digests):
        if have.get(i) != dg:
            changed.append(dict(memo.row(i), seq=i, raw=memo.raw(i),
                                batch=batch_no if i >= n_old else None))
    memo.rows = {}
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
    # the passages' compact diffs, by the digests of the two texts: made once for the aligned
    # pair and its relation row. Not kept past the batch: an old relation's row is made again
    # only when its lineage moved (tens a batch), and kept diffs cost ~3.5 KB an article.
    diffs: dict = {}
    new_pairs = [{"a": ka, "b": kb, "digest_a": da, "digest_b": db, "related": r is not None,
                  "relation": None if r is None else codec.relation_json(r, texts, diffs, (da, db))}
                 for (ka, kb), (da, db, r) in known.new.items()]
    _delete_keys(conn, p, ["a", "b"], [(x["a"], x["b"]) for x in new_pairs])
    for part in _chunks(new_pairs):
        conn.execute(insert(p), part)

    counts = {"articles_written": len(changed)}
    digest_of = {x.id: d for x, d in zip(memo.articles, digests)}
    # A relation's row is made when it is written; kept between batches is only its digest,
    # by a hash of what the row is made from (the rows themselves cost ~7 KB an article).
    want, made, keys = {}, {}, {}
    for r in report.relations:
        k = _key_hash(row_key(r, digest_of))
        dg = memo.relation_rows.get(k)
        if dg is None:
            made[(r.a, r.b)] = row = codec.relation_row(
                r, texts, diffs, (digest_of.get(r.a), digest_of.get(r.b)))
            dg = row["digest"]
        want[(r.a, r.b)] = dg
        keys[k] = dg
    memo.relation_rows = keys
    by_pair = {(r.a, r.b): r for r in report.relations}

    def relation_row(key):
        row = made.get(key)
        if row is None:  # kept by digest, but the store holds another row
            r = by_pair[key]
            row = codec.relation_row(r, texts, diffs, (digest_of.get(r.a), digest_of.get(r.b)))
        return row
    counts["relations_written"] = sync_digests(conn, tables.relations, ["a", "b"], want,
                                               relation_row)["written"]
    # rows written per table (what an add rewrites beyond its own articles shows here)
    for name, table, key, rows in (
            ("origins", tables.origins, "id", [codec.origin_row(o) for o in report.origins]),
            ("stories", tables.stories, "id", [codec.story_row(s) for s in report.stories]),
            ("story_articles", tables.story_articles, "article",
             [{"article": m, "story": s.id, "digest": s.id} for s in report.stories
              for m in s.articles]),
            ("quotes", tables.quotes, "key", _listed(report.quotes, codec.quote_row)),
            ("drift", tables.drift, "key", _listed(report.drift, codec.drift_row))):
        counts[f"{name}_written"] = sync(conn, table, [key], rows)["written"]
        if name in ("quotes", "drift"):
            counts[f"{name}_moved"] = _set_positions(conn, table, rows)
    counts["indexed"] = write_index(conn, memo.articles, memo.sigs, digests, memo.vectors)
    return counts
