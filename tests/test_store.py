"""The store: adding a corpus in batches gives what one analyze of the whole gives, re-adding
changes nothing, and a slice of the store is a report."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from newslineage import read
from newslineage.model import Report
from newslineage.store import Store, StoreError
from newslineage.store import tables

from conftest import EXAMPLES, SHARED, need_shared


def _canon(report) -> dict:
    d = report.to_dict()
    rows = lambda xs: sorted(json.dumps(x, sort_keys=True) for x in xs)  # noqa: E731
    return {"articles": rows(d["articles"]), "relations": rows(d["relations"]),
            "origins": rows(d["origins"]), "stories": rows(d["stories"]),
            "quotes": d["quotes"], "drift": d["drift"]}


def _add_in_batches(db, path: str, batches: int) -> Store:
    articles, _ = read.read_inputs([path])
    store = Store(str(db))
    res = store.add_articles(articles, batch_size=math.ceil(len(articles) / batches))
    assert len(res.batches) == min(batches, len(articles))
    assert res.added == len(articles)
    return store


def _table_rows(store) -> dict:
    with store.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(t.select()))) for t in tables.metadata.sorted_tables}


def test_batches_equal_one_analyze_example_corpus(tmp_path, example_report):
    store = _add_in_batches(tmp_path / "news.db", str(EXAMPLES), 10)
    got, want = _canon(store.report()), _canon(example_report)
    for key in want:
        assert got[key] == want[key], key
    assert want["relations"] and want["stories"]
    assert store.integrity() == []

    # re-adding what is stored changes no row (but for the inputs' statuses, noted the first
    # time the paths themselves are added; add_articles was given articles)
    before = _table_rows(store)
    res = store.add([str(EXAMPLES)])
    assert res.added == 0 and res.skipped == len(example_report.articles)
    after = _table_rows(store)
    assert len(after.pop("inputs")) == len(res.inputs) > 0 and before.pop("inputs") == []
    assert after == before
    before = _table_rows(store)
    store.add([str(EXAMPLES)])
    assert _table_rows(store) == before


def test_add_in_another_process_starts_from_the_memo(tmp_path, example_report):
    """An add in a new process goes on from the memo the last add left beside the store
    (only while it matches the store: a memo older than the store is not read), and the
    records are still those of one analyze."""
    from newslineage.settings import Settings

    articles, _ = read.read_inputs([str(EXAMPLES)])
    n = len(articles)
    db = str(tmp_path / "news.db")
    with Store(db) as first:
        first.add_articles(articles[: n // 3], batch_size=4)
    with Store(db) as second:
        res = second.add_articles(articles[n // 3: 2 * n // 3], batch_size=4)
    assert res.batches[0]["started_from"] == "file"
    assert all(b["started_from"] == "memory" for b in res.batches[1:])
    no_memo = Settings()
    no_memo.store.keep_memo = False
    with Store(db, no_memo) as third:  # moves the store on without writing a memo
        res = third.add_articles(articles[2 * n // 3: -2], batch_size=100)
        assert res.batches[0]["started_from"] == "store"
    with Store(db) as fourth:
        res = fourth.add_articles(articles[-2:], batch_size=100)
        assert res.batches[0]["started_from"] == "store"
        got, want = _canon(fourth.report()), _canon(example_report)
    for key in want:
        assert got[key] == want[key], key


def test_slices(tmp_path, example_report):
    store = _add_in_batches(tmp_path / "news.db", str(EXAMPLES), 3)
    story = max(example_report.stories, key=lambda s: len(s.articles))
    part = store.report(story=story.id)
    assert sorted(a.id for a in part.articles) == sorted(story.articles)
    inside = set(story.articles)
    assert all(r.a in inside and r.b in inside for r in part.relations)
    outlet = example_report.articles[0].outlet
    if outlet:
        assert all(a.outlet == outlet for a in store.report(outlet=outlet).articles)
    assert store.report(since="2999-01-01").articles == []
    rel = example_report.relations[0]
    assert any(r["a"] == rel.a and r["b"] == rel.b for r in store.relations(rel.a))
    assert store.article(rel.a)["text"] == example_report.article(rel.a).text
    assert store.article("no such id") is None


def test_not_a_store(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="cannot open it as a newslineage store"):
        Store(str(bad))
    with pytest.raises(StoreError, match="no such store"):
        Store(str(tmp_path / "absent.db"), create=False)


@pytest.mark.slow
def test_batches_equal_one_analyze_synthetic_2000(tmp_path):
    maker = need_shared("bench", "make_corpus.py")
    subprocess.run([sys.executable, str(maker), "2000", str(tmp_path / "c")], check=True,
                   capture_output=True)
    path = str(tmp_path / "c" / "articles.jsonl")
    # Both runs in their own processes, as a user runs them (and so that their process pools
    # fork from a fresh interpreter, not from the test session's).
    cli = [sys.executable, "-m", "newslineage.cli"]
    subprocess.run(cli + ["analyze", path, "--json", str(tmp_path / "one.json"), "--quiet"],
                   check=True, capture_output=True)
    db = tmp_path / "news.db"
    subprocess.run(cli + ["add", path, "--db", str(db), "--batch-size", "200", "-q"],
                   check=True, capture_output=True)
    want = _canon(Report.from_json((tmp_path / "one.json").read_bytes()))
    with Store(str(db)) as store:
        assert len(store.engine.connect().exec_driver_sql(
            "select distinct batch from articles").all()) == 10
        got = _canon(store.report())
    for key in ("articles", "relations", "stories", "origins"):
        assert got[key] == want[key], key
    assert len(want["relations"]) > 1000


def test_check_relates_a_text_without_storing_it(tmp_path):
    articles, _ = read.read_inputs([str(EXAMPLES)])
    held = next(a for a in articles if "translation" in a.id)
    with Store(str(tmp_path / "news.db")) as store:
        store.add_articles([a for a in articles if a is not held])
        n = store.count()
        found = store.check(held.text)
        assert store.count() == n, "a check stores nothing"
    kinds = {(r["a"], r["kind"]) for r in found["relations"]}
    wire = next(a.id for a in articles if "wire" in a.id)
    assert (wire, "translation") in kinds, kinds
    rel = next(r for r in found["relations"] if r["a"] == wire)
    assert rel["b"] == "check" and rel["passages"] and rel["lineage"]["type"] == "b-from-a"
    assert found["stories"] and found["article"]["language"] != "en"


def test_check_reads_a_kept_partner_again_when_its_row_changed(tmp_path):
    """A check keeps the stored articles it read, by digest: one whose row changed since
    (an add cleaned it again) is read again, the others come back as they were."""
    from newslineage.store import check as check_module

    articles, _ = read.read_inputs([str(EXAMPLES)])
    with Store(str(tmp_path / "news.db")) as store:
        store.add_articles(articles[:3])
        with store.engine.connect() as conn:
            first = [a.to_dict() for a in check_module._articles(conn, [2, 0, 1])]
            assert [a["id"] for a in first] == [a.id for a in articles[:3]]
            assert [a.to_dict() for a in check_module._articles(conn, [1, 2, 0])] == first
        with store.engine.begin() as conn:
            conn.execute(tables.articles.update().where(tables.articles.c.seq == 0)
                         .values(title="Changed", digest="changed"))
        with store.engine.connect() as conn:
            now = [a.to_dict() for a in check_module._articles(conn, [0, 1, 2])]
    assert now[0]["title"] == "Changed" and now[1:] == first[1:]


def test_check_reads_the_summaries_the_add_kept(tmp_path):
    """Each indexed article's summary is kept by the add as a check would make it, so a
    check of an orphan reads it (and the vectors the add made) instead of signing and
    encoding stored articles again; a store without them (indexed before) answers the same."""
    from newslineage.store import check as check_mod

    articles, _ = read.read_inputs([str(EXAMPLES)])
    held = next(a for a in articles if "translation" in a.id)
    with Store(str(tmp_path / "news.db")) as store:
        store.add_articles([a for a in articles if a is not held])
        with store.engine.connect() as conn:
            kept = {r[0]: (r[1], r[2]) for r in conn.execute(tables.signed.select().with_only_columns(
                tables.signed.c.article, tables.signed.c.summary, tables.signed.c.vector))}
            stored = check_mod._articles(conn, sorted(kept))
            seq = {r[1]: r[0] for r in conn.execute(tables.articles.select().with_only_columns(
                tables.articles.c.seq, tables.articles.c.id))}
        assert len(stored) == len(kept) > 1
        for a in stored:
            assert kept[seq[a.id]][0] == check_mod._summary(a)
        assert any(v is not None for _, v in kept.values())  # the add encoded some
        found = store.check(held.text)
        with store.engine.begin() as conn:
            conn.execute(tables.signed.update().values(summary=None, vector=None))
        check_mod._VECTORS.clear()
        again = store.check(held.text)
    for got in (found, again):
        got.pop("timings")
    assert found == again and found["relations"]


def test_report_command_draws_a_slice(tmp_path, example_report):
    db = tmp_path / "news.db"
    _add_in_batches(db, str(EXAMPLES), 2).close()
    story = max(example_report.stories, key=lambda s: len(s.articles))
    cli = [sys.executable, "-m", "newslineage.cli", "report", "--db", str(db)]
    out = tmp_path / "story.html"
    done = subprocess.run(cli + ["--story", story.id, "--html", str(out), "--json",
                                 str(tmp_path / "story.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    part = Report.from_json((tmp_path / "story.json").read_bytes())
    assert sorted(a.id for a in part.articles) == sorted(story.articles)
    assert "<html" in out.read_text(encoding="utf-8").lower()
    done = subprocess.run(cli + ["--outlet", "No Such Outlet", "--html", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "no stored article" in done.stderr


def test_lineage_kept_families_give_the_same_trace(example_report):
    """The add's lineage (families taken from what an earlier call kept) is the trace of
    the whole corpus, on a first call and on a call that takes every family from ``kept``."""
    from newslineage import lineage
    from newslineage.store import codec

    arts = example_report.articles
    rels = [r for r in example_report.relations if r.kind != "same-story"]
    digests = {a.id: codec.article_row(a)["digest"] for a in arts}
    canon = lambda out: (sorted(json.dumps(r.to_dict(), sort_keys=True) for r in out[0]),  # noqa: E731
                         [json.dumps(o.to_dict(), sort_keys=True) for o in out[1]])
    want = canon(lineage.trace(arts, rels))
    kept: dict = {}
    assert canon(lineage.trace(arts, rels, kept=kept, digests=digests)) == want
    n = len(kept)
    assert n > 0
    assert canon(lineage.trace(arts, rels, kept=kept, digests=digests)) == want
    assert len(kept) == n
    # an article whose text changed is traced again (its family's key moves)
    digests[rels[0].a] = "changed"
    assert canon(lineage.trace(arts, rels, kept=kept, digests=digests)) == want


def test_migration_adds_the_kept_summaries(tmp_path):
    """A store of schema 3 (no summaries) opens, gains the columns, and keeps its rows."""
    from sqlalchemy import inspect, text

    db = tmp_path / "old.db"
    Store(str(db)).close()
    from newslineage.store.core import open_engine
    engine = open_engine(str(db))
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE signed DROP COLUMN summary"))
        conn.execute(text("ALTER TABLE signed DROP COLUMN vector"))
        conn.execute(text("INSERT INTO signed (article, digest, passages, shingles) "
                          "VALUES (0, 'd', 1, 2.0)"))
        conn.execute(text("UPDATE meta SET value = '3' WHERE key = 'schema_version'"))
    engine.dispose()
    with Store(str(db)) as store, store.engine.connect() as conn:
        cols = {c["name"] for c in inspect(conn).get_columns("signed")}
        assert {"summary", "vector"} <= cols
        assert conn.execute(text("SELECT article, summary FROM signed")).all() == [(0, None)]
        assert tables.version(conn) == len(tables.MIGRATIONS)


def test_quote_drift_kept_families_give_one_calls_findings(example_report):
    """The add's quote drift, family by family (found, then taken from the memo), lists what
    one call over the whole corpus lists, in the same order."""
    from newslineage import drift
    from newslineage.store import codec, incremental

    arts = example_report.articles
    rels = [r for r in example_report.relations if r.kind != "same-story"]
    digest_of = {a.id: codec.article_row(a)["digest"] for a in arts}
    memo = incremental.Memo()
    canon = lambda found: [json.dumps(d.to_dict(), sort_keys=True) for d in found]  # noqa: E731
    for _ in range(2):
        quotes, parts = incremental._linked_quotes(memo, arts, rels, digest_of)
        want = canon(drift.quote_drift(arts, rels, quotes))
        assert canon(incremental._quote_drift(memo, arts, parts, quotes)) == want
    assert want and memo.quote_drift
