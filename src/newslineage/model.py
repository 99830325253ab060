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
import operator
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from .parallel import no_gc

try:  # orjson writes records (minus "_" fields) in C, ~4x faster than json's C encoder
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; json does the same, slower
    _orjson = None

SCHEMA = "newslineage.report/1"

InputStatusKind = str  # "ok" | "empty" | "skipped" | "error"
RelationKind = str  # "duplicate" | "near-verbatim" | "excerpt" | "rewrite" | "translation" | "partial" | "same-story"
PassageKind = str  # "verbatim" | "near-verbatim" | "paraphrase" | "translation"
LineageType = str  # "a-from-b" | "b-from-a" | "common-source" | "unknown"
DriftType = str  # "hedge" | "number" | "date" | "entity" | "negation" | "label" | "meaning" | "quote"

Span = tuple[int, int]


class Spans(Sequence):
    """An article's paragraph or sentence spans, read as a list of ``(start, end)`` tuples
    but held as one flat int32 array: 8 bytes a span instead of ~120 as Python tuples of
    ints (a 10k-article corpus held 29 MiB of them in the client and again in each worker
    that received the articles; pickled, they are one bytes object). Immutable."""
    __slots__ = ("_flat",)
    __hash__ = None  # type: ignore[assignment] - equal to lists, which are unhashable

    def __init__(self, spans: Iterable[Span] = ()):
        self._flat = array("i", chain.from_iterable(spans))

    @classmethod
    def _of(cls, flat: array) -> "Spans":
        out = cls.__new__(cls)
        out._flat = flat
        return out

    def __len__(self) -> int:
        return len(self._flat) >> 1

    def __iter__(self) -> Iterator[Span]:
        it = iter(self._flat)
        return zip(it, it)

    def __getitem__(self, i):
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step == 1:
                return Spans._of(self._flat[2 * start:2 * max(start, stop)])
            return Spans(list(self)[i])
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("span index out of range")
        return (self._flat[2 * i], self._flat[2 * i + 1])

    def __eq__(self, other) -> bool:
        if isinstance(other, Spans):
            return self._flat == other._flat
        if isinstance(other, (list, tuple)):
            return len(other) == len(self) and all(
                tuple(x) == y for x, y in zip(other, self))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Spans({list(self)!r})"

    def __reduce__(self):
        return (_spans_from_bytes, (self._flat.tobytes(),))


def _spans_from_bytes(data: bytes) -> Spans:
    flat = array("i")
    flat.frombytes(data)
    return Spans._of(flat)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_PUBLIC_FIELDS: dict[type, tuple[tuple[str, ...], Any]] = {}


def _public_fields(cls: type) -> tuple[tuple[str, ...], Any]:
    """The public field names of a record class and a getter of their values (one C call),
    computed once per class: dataclasses.fields() and getattr per field per record cost
    seconds over a large report."""
    known = _PUBLIC_FIELDS.get(cls)
    if known is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))
        get = operator.attrgetter(*names) if len(names) > 1 else (
            (lambda o, _g=operator.attrgetter(*names): (_g(o),)) if names else (lambda o: ()))
        known = _PUBLIC_FIELDS[cls] = (names, get)
    return known


def _public(obj: Any) -> Any:
    """Turn a record (or nested records) into JSON-ready data, dropping working fields."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if t is list or t is tuple:
        return [x if type(x) in _SCALARS else _public(x) for x in obj]
    if t is dict:
        return {k: v if type(v) in _SCALARS else _public(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names, get = _public_fields(t)
        return dict(zip(names, [v if type(v) in _SCALARS else _public(v) for v in get(obj)]))
    if isinstance(obj, (list, tuple)):
        return [_public(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items()}
    return obj


# ---------------------------------------------------------------------------------------------
# Passage diffs in a report. In memory an op is [op, a_text, b_text]; the texts are words of
# the articles, so in a report each side is written as the [start, end) span of those words in
# its article's text (a string only when the words are not found there, "" for no words), and
# a verbatim or near-verbatim passage whose diff is one "equal" over both whole spans has no
# "diff" at all. Without this a reprint's diff repeated its whole text, the bulk of a report.

_UNWRITTEN_EQUAL = ("verbatim", "near-verbatim")  # kinds whose missing diff means "all equal"


def compact_diff(diff: list, kind: str, text_a: str, span_a: Span, text_b: str,
                 span_b: Span) -> list | None:
    """A passage's diff as written in a report (see above); None when it goes unwritten.

    Each side's words are looked for from the end of the previous op's words on (ops are in
    text order), so the search stays short; this runs for every op of a large report."""
    if (kind in _UNWRITTEN_EQUAL and len(diff) == 1 and len(diff[0]) == 3 and diff[0][0] == "equal"
            and len(diff[0][1]) == span_a[1] - span_a[0] and len(diff[0][2]) == span_b[1] - span_b[0]
            and text_a.startswith(diff[0][1], span_a[0]) and text_b.startswith(diff[0][2], span_b[0])):
        return None
    ca, ea = span_a
    cb, eb = span_b
    find_a, find_b = text_a.find, text_b.find
    out = []
    for op in diff:
        if len(op) != 3:
            out.append(_public(op))
            continue
        tag, a, b = op
        if a and type(a) is str:
            i = find_a(a, ca, ea)
            if i >= 0:
                ca = i + len(a)
                a = [i, ca]
        if b and type(b) is str:
            i = find_b(b, cb, eb)
            if i >= 0:
                cb = i + len(b)
                b = [i, cb]
        out.append([tag, a, b])
    return out


def expand_diff(diff: list | None, kind: str, text_a: str, span_a: Span, text_b: str,
                span_b: Span) -> list:
    """The in-memory diff ([op, a_text, b_text], ...) of a passage read from a report."""
    if diff is None:
        if kind not in _UNWRITTEN_EQUAL:
            return []
        return [["equal", text_a[span_a[0]:span_a[1]], text_b[span_b[0]:span_b[1]]]]
    out = []
    for op in diff:
        if isinstance(op, list) and len(op) == 3:
            a, b = op[1], op[2]
            op = [op[0], text_a[a[0]:a[1]] if isinstance(a, list) else a,
                  text_b[b[0]:b[1]] if isinstance(b, list) else b]
        out.append(op)
    return out


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
    _paragraphs: list[Span] | Spans = field(default_factory=list)
    _sentences: list[Span] | Spans = field(default_factory=list)


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
    # Working state: a sentence pair a rewrite moved out of the aligned order (reuse/passages):
    # counted for coverage, read by no drift check. Not in the report; the store keeps it.
    _moved: bool = False


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
    # every article that carries this change or its other version (a and b first): a change
    # repeated once per pair of copies is one record
    articles: list[str] = field(default_factory=list)


def _relation_public(r: Relation, texts: dict[str, str], plain: bool = True) -> dict:
    """A relation's JSON form in a report: its passages' diffs as spans of the two texts.
    With ``plain`` False, nested records are left as they are (for orjson to write)."""
    names, get = _public_fields(type(r))
    out = {}
    for name, value in zip(names, get(r)):
        if name == "passages":
            ta, tb = texts.get(r.a, ""), texts.get(r.b, "")
            out[name] = [_passage_public(p, ta, tb, plain) for p in value]
        elif plain and type(value) not in _SCALARS:
            out[name] = _public(value)
        else:
            out[name] = value
    return out


def _passage_public(p: Passage, ta: str, tb: str, plain: bool = True) -> dict:
    names, get = _public_fields(type(p))
    if not plain and names == _PASSAGE_FIELDS:
        # The common case, spelt out (a third of the time of the loop below at 10k articles).
        out = {"a": p.a, "b": p.b, "kind": p.kind, "score": p.score}
        diff = p.diff
        if type(diff) is list:
            diff = compact_diff(diff, p.kind, ta, p.a, tb, p.b)
        if diff is not None:
            out["diff"] = diff
        out["origin"] = p.origin
        return out
    out = {}
    for name, value in zip(names, get(p)):
        if name == "diff" and type(value) is list:
            value = compact_diff(value, p.kind, ta, p.a, tb, p.b)
            if value is not None:
                out[name] = value
        elif plain and type(value) not in _SCALARS:
            out[name] = _public(value)
        else:
            out[name] = value
    return out


_PASSAGE_FIELDS = ("a", "b", "kind", "score", "diff", "origin")  # else the generic path


def _json_default(obj: Any) -> Any:
    """What orjson does not write itself: numpy scalars and arrays, other sequences, sets."""
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if isinstance(obj, (list, tuple, dict)) or dataclasses.is_dataclass(obj):
        return _public(obj)
    if isinstance(obj, float):
        return float(obj)
    raise TypeError(f"cannot write a {type(obj).__name__} to JSON")


_INIT_FIELDS: dict[type, frozenset[str]] = {}


def _init_fields(cls: type) -> frozenset[str]:
    names = _INIT_FIELDS.get(cls)
    if names is None:
        names = _INIT_FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


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
        """The report's JSON form: the records' public fields, passage diffs as spans."""
        with no_gc():
            return self._json_data(plain=True)

    def _json_data(self, plain: bool) -> dict:
        texts = {a.id: a.text for a in self.articles}
        out: dict = {"schema": SCHEMA}
        names, get = _public_fields(type(self))
        for name, value in zip(names, get(self)):
            if name == "relations":
                out[name] = [_relation_public(r, texts, plain) for r in value]
            else:
                out[name] = _public(value) if plain else value
        return out

    def to_json_bytes(self, indent: int | None = None) -> bytes:
        """The report as UTF-8 JSON: compact, or indented by ``indent`` spaces."""
        with no_gc():
            if _orjson is not None and indent in (None, 0, 2):
                try:
                    return _orjson.dumps(self._json_data(plain=False), default=_json_default,
                                         option=_orjson.OPT_INDENT_2 if indent else 0)
                except _orjson.JSONEncodeError:
                    pass  # e.g. a lone surrogate in a text: let json say what it makes of it
            sep = (",", ": ") if indent else (",", ":")
            return json.dumps(self._json_data(plain=True), ensure_ascii=False, indent=indent or None,
                              separators=sep).encode("utf-8")

    def to_json(self, indent: int | None = None) -> str:
        """The report as JSON text (see ``to_json_bytes``; write those to a file)."""
        return self.to_json_bytes(indent).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes) -> "Report":
        """The records of a report read back from its JSON text (``to_json``)."""
        with no_gc():
            data = _orjson.loads(text) if _orjson is not None else json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"a report is a JSON object, not {type(data).__name__}")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        """The records of a report read back from its JSON form (``to_dict``)."""
        if data.get("schema") not in (None, SCHEMA):
            raise ValueError(f"not a {SCHEMA} report (schema: {data.get('schema')!r})")
        with no_gc():
            return cls._records(data)

    @classmethod
    def _records(cls, data: dict) -> "Report":
        def rec(kind, d, **nested):
            names = _init_fields(kind)
            # Unknown keys (fields added by a newer writer) are left out.
            kw = dict(d) if d.keys() <= names else {k: v for k, v in d.items() if k in names}
            for key, make in nested.items():
                if key in kw and kw[key] is not None:
                    kw[key] = make(kw[key])
            return kind(**kw)

        many = lambda kind, **nested: lambda xs: [rec(kind, x, **nested) for x in xs]  # noqa: E731
        span = lambda xs: tuple(xs)  # noqa: E731
        articles = many(Article, removed=many(Removed))(data.get("articles", []))
        texts = {a.id: a.text for a in articles}

        def relation(d: dict) -> Relation:
            r = rec(Relation, d, lineage=lambda x: rec(Lineage, x))
            ta, tb = texts.get(r.a, ""), texts.get(r.b, "")
            passages = []
            for pd in r.passages or []:
                p = rec(Passage, pd, a=span, b=span)
                p.diff = expand_diff(pd.get("diff"), p.kind, ta, p.a, tb, p.b)
                passages.append(p)
            r.passages = passages
            return r

        return cls(
            inputs=many(InputStatus)(data.get("inputs", [])),
            articles=articles,
            relations=[relation(d) for d in data.get("relations", [])],
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
