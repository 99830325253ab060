"""Compare two texts: the whole story of one pair, as ``analyze`` tells it for that pair.

    cmp = compare_texts(text_a, text_b)          # or compare_files("a.txt", "b.html")
    cmp.relation        # the Relation (kind, coverage, passages, lineage) or None
    cmp.drift           # the drift between them: exactly what analyze finds for the pair
    cmp.to_dict()       # {"a", "b", "relation", "drift", "texts"}: the report's records

The two articles go through the same stages as in ``analyze`` (clean, segment, relate,
lineage, quotes, drift) with nothing else around them, so a pair compared here gets the
relation and the drift that ``analyze`` gives it. ``texts`` are the cleaned texts that the
spans of the passages point into.

The same record is each line of ``compare --pairs`` (with ``id``, ``same`` and ``score``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from .model import Article, Drift, Record, Relation, Report, _public, _relation_public

if TYPE_CHECKING:
    from .settings import Settings


@dataclass
class Comparison(Record):
    """Two texts compared: their relation (None when they share nothing) and its drift."""
    a: str
    b: str
    relation: Relation | None
    drift: list[Drift] = field(default_factory=list)
    texts: dict = field(default_factory=dict)  # id -> cleaned text (spans point into it)
    # For a line of a pairs file: its id, the same-content decision and its probability.
    id: str | None = None
    same: bool | None = None
    score: float | None = None
    _articles: list[Article] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        out = {} if self.id is None else {"id": self.id, "same": self.same, "score": self.score}
        out.update({"a": self.a, "b": self.b,
                    "relation": (None if self.relation is None
                                 else _relation_public(self.relation, self.texts)),
                    "drift": _public(self.drift), "texts": dict(self.texts)})
        return out

    def report(self) -> Report:
        """A report holding just this pair (for the HTML side-by-side page)."""
        return Report(articles=list(self._articles),
                      relations=[self.relation] if self.relation else [], drift=list(self.drift))


def compare_articles(a: Article, b: Article, embeddings: bool = True,
                     settings: "Settings | None" = None) -> Comparison:
    """Compare two raw articles (as read): clean, segment, relate, trace, quotes, drift, with
    the stage settings ``analyze`` uses (``settings``; None: the defaults)."""
    from . import clean, drift, lineage, quotes, segment
    from .reuse import relate
    from .settings import Settings

    settings = settings or Settings()
    if a.id == b.id:
        b = Article(**{**b.__dict__, "id": b.id + "~2"})
    arts = clean.clean([a, b], workers=1, then=segment.segment_article)
    texts = {x.id: x.text for x in arts}
    rel = relate.relate_one(arts[0], arts[1], embeddings=embeddings)
    if rel is None:
        return Comparison(arts[0].id, arts[1].id, None, [], texts, _articles=arts)
    rels, _ = lineage.trace(arts, [rel], settings=settings.lineage)
    found = quotes.find_quotes(arts)
    qs = quotes.link_quotes(arts, rels, found=found)
    found_drift = drift.merge(drift.passage_drift(arts, rels), drift.quote_drift(arts, rels, qs))
    return Comparison(arts[0].id, arts[1].id, rels[0], found_drift, texts, _articles=arts)


def compare_texts(a: str, b: str, embeddings: bool = True, a_id: str = "a",
                  b_id: str = "b", settings: "Settings | None" = None) -> Comparison:
    """Compare two texts given as strings (ids ``a_id`` and ``b_id``)."""
    return compare_articles(Article(id=a_id, source=a_id, text=a),
                            Article(id=b_id, source=b_id, text=b), embeddings, settings)


class InputError(ValueError):
    """An input of ``compare`` that cannot be read; the message says what to do."""


def read_one(path: str, settings: "Settings | None" = None) -> Article:
    """The article of one input (a file of any format ``analyze`` reads, or "-"), its id the
    file name (as ``analyze`` names it)."""
    from . import read
    from .settings import ReadSettings

    if path != "-" and not Path(path).is_file():
        raise InputError(f"{path}: no such file. Give a text, HTML, JSON Lines or WARC file, "
                         "or - for standard input.")
    cap = (settings.read if settings else ReadSettings()).max_article_bytes
    if path != "-" and Path(path).stat().st_size > cap:
        raise InputError(f"{path}: over {cap // 1_000_000} MB, the size of the largest article "
                         "read; compare articles, not whole collections (analyze reads those)")
    articles, statuses = read.read_inputs([path], limits=settings.read if settings else None)
    if not articles:
        why = "; ".join(s.message or s.status for s in statuses) or "nothing read"
        raise InputError(f"{path}: no article could be read ({why}).")
    if len(articles) > 1:
        raise InputError(f"{path}: holds {len(articles)} articles; compare takes one a side. "
                         "Use `newslineage analyze` for a pile of articles.")
    return articles[0]


def compare_files(a: str, b: str, embeddings: bool = True,
                  settings: "Settings | None" = None) -> Comparison:
    """Compare the articles of two files (or "-" for one of them)."""
    return compare_articles(read_one(a, settings), read_one(b, settings), embeddings, settings)
