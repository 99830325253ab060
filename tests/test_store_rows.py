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
