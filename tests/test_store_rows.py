"""The store's listed records (quotes, drift) are rows keyed by what they say: a record that
only moves in the report's list keeps its row and gets its new position."""
from __future__ import annotations

from sqlalchemy import create_engine, select

from newslineage.model import Quote, QuoteVariant
from newslineage.store import codec, tables, write


def _quote(i: int) -> Quote:
    return Quote(speaker=f"Speaker {i}", variants=[QuoteVariant(article=f"a{i}", text=f"words {i}",
                                                                span=(i, i + 5))])


def _store(conn, quotes: list[Quote]) -> dict:
    rows = write._listed(quotes, codec.quote_row)
    got = write.sync(conn, tables.quotes, ["key"], rows)
    got["moved"] = write._set_positions(conn, tables.quotes, rows)
    return got


def test_a_quote_listed_before_the_others_moves_them_without_rewriting_them():
    engine = create_engine("sqlite://")
    tables.metadata.create_all(engine)
    a, b, c = _quote(1), _quote(2), _quote(3)
    with engine.begin() as conn:
        assert _store(conn, [b, c, c]) == {"deleted": 0, "written": 3, "moved": 0}
        # a new first quote: the others keep their rows, two positions move; equal quotes
        # stay two rows
        assert _store(conn, [a, b, c, c]) == {"deleted": 0, "written": 1, "moved": 3}
        stored = [codec.quote_from_row(r) for r in conn.execute(
            select(tables.quotes).order_by(tables.quotes.c.pos))]
        assert stored == [a, b, c, c]
        assert _store(conn, [a, c, c]) == {"deleted": 1, "written": 0, "moved": 2}


def test_a_moved_passage_keeps_its_mark_in_the_stored_row_not_in_the_answers():
    # The mark (a pair a rewrite moved: read by no drift check) goes with the relation's
    # stored JSON, so a later batch that reuses the relation finds the same drift; the store's
    # answers (a relation's row as the report gives it, a check) have no such field.
    from newslineage.model import Lineage, Passage, Relation

    texts = {"x": "One two three. Four five six.", "y": "Four five six. One two three."}
    rel = Relation(a="x", b="y", kind="rewrite", coverage={"a": 1.0, "b": 1.0},
                   lineage=Lineage(), score=0.9,
                   passages=[Passage(a=(0, 14), b=(15, 29), kind="paraphrase", score=0.7,
                                     diff=[["equal", "One two three.", "One two three."]]),
                             Passage(a=(15, 29), b=(0, 14), kind="paraphrase", score=0.6,
                                     diff=[["equal", "Four five six.", "Four five six."]],
                                     _moved=True)])
    stored = codec.relation_json(rel, texts)
    assert [p.get("moved", False) for p in stored["passages"]] == [False, True]
    back = codec.relation_from_json(stored, texts)
    assert [p._moved for p in back.passages] == [False, True]
    assert "moved" not in str(codec.relation_json(rel, texts, marks=False))
    engine = create_engine("sqlite://")
    tables.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(tables.relations.insert(), [codec.relation_row(rel, texts)])
        row = conn.execute(select(tables.relations)).first()
    assert "moved" not in str(codec.relation_dict_from_row(row))
    assert [p._moved for p in codec.relation_from_json(
        codec.relation_dict_from_row(row, marks=True), texts).passages] == [False, True]
