"""The records of the report contract ("newslineage.report/1").

Every stage takes and returns these plain dataclasses, so a batch can be pickled to a worker
process or a Dask task and serialised to JSON without custom code. Spans are [start, end)
character offsets into an article's cleaned ``text`` (as spaCy's Span is into a Doc).

Fields whose name starts with an underscore are working state of the pipeline (segmentation,
signatures, raw input): they travel with the record between stages but are not written to
the report.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "newslineage.report/1"

InputStatusKind = str  # "ok" | "empty" | "skipped" | "error"
RelationKind = str  # "duplicate" | "near-verbatim" | "excerpt" | "rewrite" | "translation" | "partial" | "same-story"
PassageKind = str  # "verbatim" | "near-verbatim" | "paraphrase" | "translation"
LineageType = str  # "a-from-b" | "b-from-a" | "common-source" | "unknown"
DriftType = str  # "hedge" | "number" | "date" | "entity" | "negation" | "label" | "meaning" | "quote"

Span = tuple[int, int]


def _public(obj: Any) -> Any:
    """Turn a record (or nested records) into JSON-ready data, dropping working fields."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _public(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if not f.name.startswith("_")}
    if isinstance(obj, (list, tuple)):
        return [_public(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items()}
    return obj


class Record:
    """Mixin: ``to_dict`` gives the public JSON form of a record."""

    def to_dict(self) -> dict:
        return _public(self)


@dataclass
class InputStatus(Record):
    """What became of one input: every path, URI or stdin gets one."""
    source: str
    status: InputStatusKind = "ok"
    articles: int = 0
    message: str | None = None


@dataclass
class Removed(Record):
    """A piece of page furniture taken out of an article, kept so a user can audit it."""
    text: str
    reason: str


@dataclass
class Article(Record):
    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601; a date alone is fine
    byline: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)
    url: str | None = None
    # Working state. _format: how the reader delivered ``text`` ("text": raw, still to be
    # cleaned; "html": body already extracted by trafilatura). _meta: reader hints (e.g. the
    # date htmldate found). _paragraphs/_sentences: spans set by the segment stage.
    _format: str = "text"
    _meta: dict = field(default_factory=dict)
    _paragraphs: list[Span] = field(default_factory=list)
    _sentences: list[Span] = field(default_factory=list)


@dataclass
class Passage(Record):
    """Two aligned stretches of text, one in each article of a relation."""
    a: Span
    b: Span
    kind: PassageKind
    score: float
    # Word-level diff of the two sides: [[op, a_text, b_text], ...] with op in
    # "equal" | "replace" | "delete" | "insert" (rapidfuzz opcodes over words).
    diff: list = field(default_factory=list)
    origin: str | None = None  # which origin this passage came from (merged articles)


@dataclass
class Lineage(Record):
    type: LineageType = "unknown"
    origin: str | None = None  # origin id ("origin:bloomberg") or article id
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)


@dataclass
class Relation(Record):
    a: str
    b: str
    kind: RelationKind
    coverage: dict = field(default_factory=lambda: {"a": 0.0, "b": 0.0})
    lineage: Lineage = field(default_factory=Lineage)
    passages: list[Passage] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Origin(Record):
    id: str
    name: str
    in_corpus: bool
    children: list[str] = field(default_factory=list)


@dataclass
class Story(Record):
    id: str
    label: str
    articles: list[str] = field(default_factory=list)


@dataclass
class QuoteVariant(Record):
    article: str
    text: str
    span: Span


@dataclass
class Quote(Record):
    speaker: str | None
    variants: list[QuoteVariant] = field(default_factory=list)
    changed: bool = False


@dataclass
class Drift(Record):
    a: str
    b: str
    type: DriftType
    a_text: str
    b_text: str
    note: str


@dataclass
class Report(Record):
    inputs: list[InputStatus] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"schema": SCHEMA, **_public(self)}

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        """The records of a report read back from its JSON form (``to_dict``)."""
        if data.get("schema") not in (None, SCHEMA):
            raise ValueError(f"not a {SCHEMA} report (schema: {data.get('schema')!r})")

        def rec(kind, d, **nested):
            names = {f.name for f in dataclasses.fields(kind)}
            kw = {k: v for k, v in d.items() if k in names}
            for key, make in nested.items():
                if key in kw and kw[key] is not None:
                    kw[key] = make(kw[key])
            return kind(**kw)

        many = lambda kind, **nested: lambda xs: [rec(kind, x, **nested) for x in xs]  # noqa: E731
        span = lambda xs: tuple(xs)  # noqa: E731
        return cls(
            inputs=many(InputStatus)(data.get("inputs", [])),
            articles=many(Article, removed=many(Removed))(data.get("articles", [])),
            relations=many(Relation, lineage=lambda d: rec(Lineage, d),
                           passages=many(Passage, a=span, b=span))(data.get("relations", [])),
            origins=many(Origin)(data.get("origins", [])),
            stories=many(Story)(data.get("stories", [])),
            quotes=many(Quote, variants=many(QuoteVariant, span=span))(data.get("quotes", [])),
            drift=many(Drift)(data.get("drift", [])),
        )

    def article(self, article_id: str) -> Article | None:
        for a in self.articles:
            if a.id == article_id:
                return a
        return None
