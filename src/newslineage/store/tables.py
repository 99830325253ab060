"""The store's tables (SQLAlchemy Core) and their migrations.

The tables mirror the report records (articles, relations with lineage and passages, origins,
stories, quotes, drift) plus what ``analyze`` builds in memory to find candidates: the MinHash
band keys of each passage and the rare names and figures of each article, so that one new text
is matched against the store by index look-ups instead of a pass over every article.

Nested parts of a record (passages, evidence, removed furniture, quote variants) are JSON
columns: they are read and written whole, never queried inside. Everything else is plain
columns, so the same schema runs on SQLite (the default, one file) and PostgreSQL.

Migrations: ``MIGRATIONS`` is an ordered list of functions of a connection; the version the
database holds is in ``meta``. ``migrate`` runs the missing ones in one transaction.
"""
from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Float, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, select)

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row per article, in the order they were added (seq): the same order as one analyze of
# the same inputs, which the stages' answers depend on. ``raw`` is the article as read (before
# cleaning): cleaning reads the whole corpus (repeated furniture lines, undated leads), so
# stored articles are cleaned again when new ones arrive. ``digest`` changes with the cleaned
# record; relations computed for an older digest are computed again.
articles = Table(
    "articles", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("id", String(512), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("outlet", String(256)),
    Column("published", String(64)),
    Column("language", String(16)),
    Column("url", Text),
    Column("byline", JSON, nullable=False),
    Column("credits", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("removed", JSON, nullable=False),
    # segment's spans, so a check aligns stored articles without segmenting them again
    Column("paragraphs", JSON, nullable=False),
    Column("sentences", JSON, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("digest", String(40), nullable=False),
    Column("batch", Integer, nullable=False),
)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_published", articles.c.published)

# Every candidate pair that was aligned, with the digests of the two articles then: a pair whose
# articles have not changed is never aligned again (``related`` False: no shared passage).
pairs = Table(
    "pairs", metadata,
    Column("a", String(512), primary_key=True),
    Column("b", String(512), primary_key=True),
    Column("digest_a", String(40), nullable=False),
    Column("digest_b", String(40), nullable=False),
    Column("related", Boolean, nullable=False),
    Column("relation", JSON),  # the relation as relate made it (before lineage), or null
)

relations = Table(
    "relations", metadata,
    Column("a", String(512), primary_key=True),
    Column("b", String(512), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("coverage_a", Float, nullable=False),
    Column("coverage_b", Float, nullable=False),
    Column("score", Float, nullable=False),
    Column("lineage_type", String(32), nullable=False),
    Column("origin", String(512)),
    Column("confidence", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("passages", JSON, nullable=False),  # diffs as spans of the two texts (the report's form)
    Column("digest", String(40), nullable=False),
)
Index("ix_relations_b", relations.c.b)

origins = Table(
    "origins", metadata,
    Column("id", String(512), primary_key=True),
    Column("name", Text, nullable=False),
    Column("in_corpus", Boolean, nullable=False),
    Column("children", JSON, nullable=False),
    Column("digest", String(40), nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(512), primary_key=True),
    Column("label", Text, nullable=False),
    Column("articles", JSON, nullable=False),
    Column("digest", String(40), nullable=False),
)

story_articles = Table(
    "story_articles", metadata,
    Column("article", String(512), primary_key=True),
    Column("story", String(512), nullable=False),
    Column("digest", String(40), nullable=False),
)
Index("ix_story_articles_story", story_articles.c.story)

quotes = Table(
    "quotes", metadata,
    Column("key", String(40), primary_key=True),  # digest of the quote record
    Column("pos", Integer, nullable=False),
    Column("speaker", Text),
    Column("changed", Boolean, nullable=False),
    Column("variants", JSON, nullable=False),
    Column("digest", String(40), nullable=False),
)

drift = Table(
    "drift", metadata,
    Column("key", String(40), primary_key=True),  # digest of the drift record
    Column("pos", Integer, nullable=False),
    Column("a", String(512), nullable=False),
    Column("b", String(512), nullable=False),
    Column("type", String(32), nullable=False),
    Column("a_text", Text, nullable=False),
    Column("b_text", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("digest", String(40), nullable=False),
    Column("articles", Text, nullable=True),  # JSON list of the articles carrying the change
)
Index("ix_drift_a", drift.c.a)
Index("ix_drift_b", drift.c.b)

inputs = Table(
    "inputs", metadata,
    Column("pos", Integer, primary_key=True, autoincrement=False),
    Column("source", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("articles", Integer, nullable=False),
    Column("message", Text),
)

# The candidate indexes. bands: one row per (band, key) of a passage of an article, code =
# band << 32 | 32-bit key (what candidates.minhash puts in its LSH buckets). names: one row
# per rare name or figure feature of an article (candidates.names).
bands = Table(
    "bands", metadata,
    Column("code", BigInteger, primary_key=True),
    Column("article", Integer, primary_key=True),
    # one B-tree clustered on the key: a rowid table kept a second B-tree (the key's index)
    # of these ~330 rows an article, so an add wrote each row twice
    sqlite_with_rowid=False,
)
names = Table(
    "names", metadata,
    Column("feature", BigInteger, primary_key=True),
    Column("article", Integer, primary_key=True),
    sqlite_with_rowid=False,
)
# Per article: the digest its index rows were made from, its passage count and shingle total
# (the share of a new text's passages that collide says how much it shares), and what stands
# for it in the embedding signal: its summary (title + lead, ``candidates.ann.summary``) and,
# when the add encoded it, the summary's vector (float32 bytes), so that a check compares an
# orphan with stored articles without signing or encoding them again.
signed = Table(
    "signed", metadata,
    Column("article", Integer, primary_key=True, autoincrement=False),
    Column("digest", String(40), nullable=False),
    Column("passages", Integer, nullable=False),
    Column("shingles", Float, nullable=False),
    Column("summary", Text),
    Column("vector", LargeBinary),
)

# Names are rare features: a feature carried by many articles says nothing (candidates.names
# cuts at a document frequency). Kept per feature so a check reads it with one look-up.
name_df = Table(
    "name_df", metadata,
    Column("feature", BigInteger, primary_key=True),
    Column("df", Integer, nullable=False),
)

SCHEMA_VERSION_KEY = "schema_version"


def _v1_create(conn) -> None:
    metadata.create_all(conn)


def _v2_drift_articles(conn) -> None:
    """The articles that carry a drift record (a change grouped over copies)."""
    from sqlalchemy import inspect, text
    if "articles" not in {c["name"] for c in inspect(conn).get_columns("drift")}:
        conn.execute(text("ALTER TABLE drift ADD COLUMN articles TEXT"))


def _v3_index_without_rowid(conn) -> None:
    """The candidate index tables (bands, names) as SQLite WITHOUT ROWID tables: the rows
    are their key, kept once (same rows, same queries)."""
    from sqlalchemy import text
    if conn.dialect.name != "sqlite":
        return
    for table in (bands, names):
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                                "name = :n"), {"n": table.name}).scalar() or ""
        if "WITHOUT ROWID" in sql.upper():
            continue
        old = f"{table.name}_v2"
        conn.execute(text(f"ALTER TABLE {table.name} RENAME TO {old}"))
        table.create(conn)
        conn.execute(text(f"INSERT INTO {table.name} SELECT * FROM {old} ORDER BY 1, 2"))
        conn.execute(text(f"DROP TABLE {old}"))


def _v4_signed_summary(conn) -> None:
    """Each indexed article's summary and its vector (null in a store indexed before: a
    check then makes the summary from the article)."""
    from sqlalchemy import inspect, text
    have = {c["name"] for c in inspect(conn).get_columns("signed")}
    for col, kind in (("summary", "TEXT"), ("vector", "BLOB" if conn.dialect.name == "sqlite"
                                                        else "BYTEA")):
        if col not in have:
            conn.execute(text(f"ALTER TABLE signed ADD COLUMN {col} {kind}"))


MIGRATIONS = [_v1_create, _v2_drift_articles, _v3_index_without_rowid, _v4_signed_summary]


def version(conn) -> int:
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == SCHEMA_VERSION_KEY)).first()
    return int(row[0]) if row else 0


def migrate(engine) -> int:
    """Bring the database to the latest schema (one transaction); returns the version."""
    with engine.begin() as conn:
        have = version(conn)
        if have > len(MIGRATIONS):
            raise RuntimeError(f"the store was written by a newer newslineage (schema "
                               f"{have}, this one knows {len(MIGRATIONS)}): upgrade newslineage")
        for step in MIGRATIONS[have:]:
            step(conn)
        if have < len(MIGRATIONS):
            conn.execute(meta.delete().where(meta.c.key == SCHEMA_VERSION_KEY))
            conn.execute(meta.insert().values(key=SCHEMA_VERSION_KEY, value=str(len(MIGRATIONS))))
    return len(MIGRATIONS)
