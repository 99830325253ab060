"""The JSON Schema of the report ("newslineage.report/1") and a validator with clear errors.

    from newslineage.report import schema
    schema.validate(report.to_dict())      # raises ReportSchemaError naming every problem

The schema (draft 2020-12) checks shapes and vocabularies. ``validate`` also checks what a
schema cannot: that ids refer to articles of the report and spans fall inside their texts.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_ID = "newslineage.report/1"
_MAX_LISTED = 10


class ReportSchemaError(ValueError):
    """A report does not follow "newslineage.report/1"; ``problems`` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:_MAX_LISTED]
        more = f"\n  ... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(f"the report does not follow {SCHEMA_ID} ({len(problems)} problem"
                         f"{'s' if len(problems) != 1 else ''}):\n  " + "\n  ".join(shown) + more)


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")


def load() -> dict:
    """The JSON Schema of the report, as a fresh dict (callers may change it)."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = load()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(path) -> str:
    return "report" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _reference_problems(rep: dict) -> list[str]:
    """Ids that name no article, spans outside their article's text."""
    problems: list[str] = []
    texts = {a.get("id"): a.get("text", "") for a in rep.get("articles", []) if isinstance(a, dict)}
    origin_ids = {o.get("id") for o in rep.get("origins", []) if isinstance(o, dict)}

    def article(where: str, aid: Any) -> str | None:
        if aid not in texts:
            problems.append(f"{where}: {aid!r} is not the id of an article in the report")
            return None
        return texts[aid]

    def span(where: str, text: str | None, sp: Any) -> None:
        if text is None or not isinstance(sp, (list, tuple)) or len(sp) != 2:
            return
        s, e = sp
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
            problems.append(f"{where}: span {list(sp)} is not inside the article text "
                            f"(0..{len(text)}) or ends before it starts")

    seen: set = set()
    for i, a in enumerate(rep.get("articles", [])):
        if isinstance(a, dict) and a.get("id") in seen:
            problems.append(f"report.articles[{i}].id: {a.get('id')!r} is used by two articles")
        seen.add(a.get("id") if isinstance(a, dict) else None)
    for i, r in enumerate(rep.get("relations", [])):
        w = f"report.relations[{i}]"
        ta, tb = article(f"{w}.a", r.get("a")), article(f"{w}.b", r.get("b"))
        lin_origin = (r.get("lineage") or {}).get("origin")
        if lin_origin is not None and lin_origin not in origin_ids and lin_origin not in texts:
            problems.append(f"{w}.lineage.origin: {lin_origin!r} is neither an origin nor an article")
        for j, p in enumerate(r.get("passages", [])):
            span(f"{w}.passages[{j}].a", ta, p.get("a"))
            span(f"{w}.passages[{j}].b", tb, p.get("b"))
            for k, op in enumerate(p.get("diff") or []):
                # A diff side written as a span points into its article's text.
                if isinstance(op, list) and len(op) == 3:
                    if isinstance(op[1], list):
                        span(f"{w}.passages[{j}].diff[{k}][1]", ta, op[1])
                    if isinstance(op[2], list):
                        span(f"{w}.passages[{j}].diff[{k}][2]", tb, op[2])
    for i, o in enumerate(rep.get("origins", [])):
        for j, c in enumerate(o.get("children", [])):
            article(f"report.origins[{i}].children[{j}]", c)
    for i, s in enumerate(rep.get("stories", [])):
        for j, c in enumerate(s.get("articles", [])):
            article(f"report.stories[{i}].articles[{j}]", c)
    for i, q in enumerate(rep.get("quotes", [])):
        for j, v in enumerate(q.get("variants", [])):
            w = f"report.quotes[{i}].variants[{j}]"
            span(f"{w}.span", article(f"{w}.article", v.get("article")), v.get("span"))
    for i, d in enumerate(rep.get("drift", [])):
        article(f"report.drift[{i}].a", d.get("a"))
        article(f"report.drift[{i}].b", d.get("b"))
        for j, c in enumerate(d.get("articles", [])):
            article(f"report.drift[{i}].articles[{j}]", c)
    return problems


def validate(report: Any, references: bool = True) -> None:
    """Raise ``ReportSchemaError`` unless ``report`` (a dict, or a Report) follows the schema.

    With ``references`` (the default), also check that every id names an article of the report
    and every span lies inside its article's text.
    """
    if hasattr(report, "to_dict"):
        report = report.to_dict()
    if not isinstance(report, dict):
        raise ReportSchemaError([f"report: expected a JSON object, got {type(report).__name__}"])
    problems = []
    for err in sorted(_validator().iter_errors(report), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(f"{_where(err.absolute_path)}: {err.message}")
    if not problems and references:
        problems = _reference_problems(report)
    if problems:
        raise ReportSchemaError(problems)


def dumps() -> str:
    """The schema as indented JSON text (what ``newslineage schema`` prints)."""
    return json.dumps(load(), indent=1, ensure_ascii=False)


__all__ = ["load", "validate", "dumps", "ReportSchemaError", "SCHEMA_ID"]
