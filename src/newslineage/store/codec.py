"""Records <-> rows: the report's JSON form of each record, as the store keeps it.

Passage diffs are written as the report writes them (spans of the two texts, see
``model.compact_diff``), so a stored relation costs what it costs in a report.
"""
from __future__ import annotations

import hashlib
import json

import orjson

from ..model import (Article, Drift, Lineage, Origin, Passage, Quote, QuoteVariant, Relation,
                     Removed, Story, compact_diff, expand_diff)

RAW_FIELDS = ("id", "source", "text", "title", "outlet", "published", "byline", "credits",
              "language", "url")


def _default(obj):
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    return str(obj)


def dumps(obj) -> bytes:
    return orjson.dumps(obj, default=_default)


def digest(obj) -> str:
    """A short stable fingerprint of a JSON-ready value (what changed, not when)."""
    return hashlib.sha1(orjson.dumps(obj, default=_default, option=orjson.OPT_SORT_KEYS)).hexdigest()


# -- articles ---------------------------------------------------------------------------------

def raw_of(a: Article) -> dict:
    """The article as a reader delivered it (before cleaning), JSON-ready."""
    out = {k: getattr(a, k) for k in RAW_FIELDS}
    out["removed"] = [r.to_dict() for r in a.removed]
    out["_format"] = a._format
    out["_meta"] = orjson.loads(dumps(a._meta))
    return out


def article_from_raw(raw: dict) -> Article:
    kw = {k: raw.get(k) for k in RAW_FIELDS}
    kw["byline"] = list(kw["byline"] or [])
    kw["credits"] = list(kw["credits"] or [])
    a = Article(**kw)
    a.removed = [Removed(**r) for r in raw.get("removed") or []]
    a._format = raw.get("_format", "text")
    a._meta = dict(raw.get("_meta") or {})
    return a


def article_row(a: Article) -> dict:
    """The cleaned article's columns (without seq, raw, batch)."""
    d = a.to_dict()
    d["digest"] = digest(d)
    d["paragraphs"] = [list(x) for x in a._paragraphs]
    d["sentences"] = [list(x) for x in a._sentences]
    return d


def article_from_row(row) -> Article:
    return article_from_mapping(row._mapping)


def article_from_mapping(m) -> Article:
    """A stored article from its row's columns by name (lists copied: the row may be kept)."""
    return Article(id=m["id"], source=m["source"], text=m["text"], title=m["title"],
                   outlet=m["outlet"], published=m["published"], byline=list(m["byline"]),
                   credits=list(m["credits"]), language=m["language"],
                   removed=[Removed(**r) for r in m["removed"]], url=m["url"],
                   _paragraphs=[tuple(x) for x in m["paragraphs"]],
                   _sentences=[tuple(x) for x in m["sentences"]])


# -- relations --------------------------------------------------------------------------------

def passages_json(r: Relation, text_a: str, text_b: str, diffs: dict | None = None,
                  tag=None, marks: bool = True) -> list[dict]:
    """``diffs``: compact diffs made before, by passage (``tag`` names the two texts they
    were made from, e.g. their digests): the costly part, kept across lineage changes.
    ``marks``: with the passages' working marks (a moved pair's "moved": the stored rows
    keep it for drift; the report has none)."""
    out = []
    for p in r.passages:
        d = {"a": list(p.a), "b": list(p.b), "kind": p.kind, "score": p.score,
             "origin": p.origin}
        if diffs is None:
            diff = compact_diff(p.diff, p.kind, text_a, tuple(p.a), text_b, tuple(p.b))
        else:
            key = (r.a, r.b, tag, tuple(p.a), tuple(p.b), p.kind)
            if key not in diffs:
                diffs[key] = compact_diff(p.diff, p.kind, text_a, tuple(p.a), text_b, tuple(p.b))
            diff = diffs[key]
        if diff is not None:
            d["diff"] = diff
        if marks and p._moved:
            d["moved"] = True
        out.append(d)
    return out


def passages_from_json(items: list[dict], text_a: str, text_b: str) -> list[Passage]:
    out = []
    for d in items:
        a, b = tuple(d["a"]), tuple(d["b"])
        out.append(Passage(a=a, b=b, kind=d["kind"], score=d["score"], origin=d.get("origin"),
                           diff=expand_diff(d.get("diff"), d["kind"], text_a, a, text_b, b),
                           _moved=bool(d.get("moved"))))
    return out


def relation_json(r: Relation, texts: dict[str, str], diffs: dict | None = None,
                  tag=None, marks: bool = True) -> dict:
    """A relation in the report's JSON form (``diffs``, ``tag``, ``marks``: see
    ``passages_json``)."""
    return {"a": r.a, "b": r.b, "kind": r.kind, "coverage": dict(r.coverage),
            "lineage": r.lineage.to_dict(), "score": r.score,
            "passages": passages_json(r, texts.get(r.a, ""), texts.get(r.b, ""), diffs, tag,
                                      marks)}


def relation_from_json(d: dict, texts: dict[str, str]) -> Relation:
    lin = d.get("lineage") or {}
    return Relation(a=d["a"], b=d["b"], kind=d["kind"], coverage=dict(d["coverage"]),
                    lineage=Lineage(type=lin.get("type", "unknown"), origin=lin.get("origin"),
                                    confidence=lin.get("confidence", 0.0),
                                    evidence=list(lin.get("evidence") or [])),
                    passages=passages_from_json(d.get("passages") or [], texts.get(d["a"], ""),
                                                texts.get(d["b"], "")),
                    score=d.get("score", 0.0))


def relation_row(r: Relation, texts: dict[str, str], diffs: dict | None = None,
                 tag=None) -> dict:
    j = relation_json(r, texts, diffs, tag)
    return {"a": r.a, "b": r.b, "kind": r.kind, "coverage_a": r.coverage.get("a", 0.0),
            "coverage_b": r.coverage.get("b", 0.0), "score": r.score,
            "lineage_type": r.lineage.type, "origin": r.lineage.origin,
            "confidence": r.lineage.confidence, "evidence": list(r.lineage.evidence),
            "passages": j["passages"], "digest": digest(j)}


def relation_dict_from_row(row, marks: bool = False) -> dict:
    """A stored relation in the report's JSON form; ``marks``: with the passages' working
    marks (a moved pair's "moved"), for ``relation_from_json``."""
    m = row._mapping
    passages = list(m["passages"])
    if not marks:
        passages = [{k: v for k, v in p.items() if k != "moved"} if "moved" in p else p
                    for p in passages]
    return {"a": m["a"], "b": m["b"], "kind": m["kind"],
            "coverage": {"a": m["coverage_a"], "b": m["coverage_b"]},
            "lineage": {"type": m["lineage_type"], "origin": m["origin"],
                        "confidence": m["confidence"], "evidence": list(m["evidence"])},
            "passages": passages, "score": m["score"]}


# -- the rest ---------------------------------------------------------------------------------

def origin_row(o: Origin) -> dict:
    d = o.to_dict()
    d["digest"] = digest(d)
    return d


def story_row(s: Story) -> dict:
    d = s.to_dict()
    d["digest"] = digest(d)
    return d


def quote_row(q: Quote, pos: int, nth: int = 0) -> dict:
    """A quote's row. Its key is what it says (``nth``: two equal quotes of a report are two
    rows), not where it stands: a quote that only moves in the list (one listed before it
    came or went) keeps its row, and only its ``pos`` is set again (``write.sync_listed``)."""
    d = q.to_dict()
    key = digest([nth, d])
    return {"key": key, "pos": pos, "speaker": q.speaker, "changed": q.changed,
            "variants": d["variants"], "digest": key}


def quote_from_row(row) -> Quote:
    m = row._mapping
    return Quote(speaker=m["speaker"], changed=m["changed"],
                 variants=[QuoteVariant(article=v["article"], text=v["text"], span=tuple(v["span"]))
                           for v in m["variants"]])


def drift_row(d: Drift, pos: int, nth: int = 0) -> dict:
    """A drift record's row, keyed by what it says as ``quote_row``."""
    data = d.to_dict()
    key = digest([nth, data])
    return dict(data, articles=json.dumps(data.get("articles") or []), key=key, pos=pos, digest=key)


def drift_from_row(row) -> Drift:
    m = row._mapping
    return Drift(a=m["a"], b=m["b"], type=m["type"], a_text=m["a_text"], b_text=m["b_text"],
                 note=m["note"], articles=json.loads(m["articles"] or "[]"))
