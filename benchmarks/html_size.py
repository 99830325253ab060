#!/usr/bin/env python3
"""Size and render time of the HTML report for synthetic corpora (default: 1,000 articles).

    python3 /work/shared/bench/make_corpus.py 1000 /tmp/c1k
    .venv/bin/python benchmarks/html_size.py /tmp/c1k              # renderer alone (synthetic report)
    .venv/bin/python benchmarks/html_size.py /tmp/c1k --analyze    # the real pipeline's report

Without --analyze the report is built from the corpus and its truth.jsonl: every copy is related
to each article it was made from, with one passage per paragraph that reappears (matched with
rapidfuzz, word diff with difflib), stories by root original, origins for credited wires. That
measures the renderer alone, independent of the pipeline's speed. The figures printed: render
time, HTML bytes, the bytes of article text it must carry, and their ratio, at several sizes
(the last columns show growth is linear).
"""
from __future__ import annotations

import difflib
import json
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

from newslineage.model import (Article, InputStatus, Lineage, Origin, Passage, Relation, Report,
                               Story)
from newslineage.report import html, schema
from suite import corpus_dir, parser, record


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for block in text.split("\n\n"):
        if block.strip():
            out.append((pos, pos + len(block)))
        pos += len(block) + 2
    return out


def _passages(ta: str, tb: str) -> list[Passage]:
    """One passage per paragraph of b that is a (near) copy of a paragraph of a."""
    pa = [(s, e) for s, e in _paragraphs(ta) if e - s > 80]
    out = []
    for sb, eb in _paragraphs(tb):
        if eb - sb <= 80:
            continue
        best, where = 0.0, None
        for sa, ea in pa:
            r = fuzz.ratio(ta[sa:ea], tb[sb:eb], score_cutoff=80)
            if r > best:
                best, where = r, (sa, ea)
        if where is None:
            continue
        wa, wb = ta[where[0]:where[1]].split(), tb[sb:eb].split()
        diff = [[op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])] for op, i1, i2, j1, j2 in
                difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()]
        kind = "verbatim" if best == 100 else "near-verbatim"
        out.append(Passage(where, (sb, eb), kind, round(best / 100, 3), diff))
    return out


def synthetic_report(corpus: Path, n: int | None = None) -> Report:
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").open(encoding="utf-8")]
    truth = {t["id"]: t for t in map(json.loads, (corpus / "truth.jsonl").open(encoding="utf-8"))}
    rows = rows[:n] if n else rows
    arts = [Article(id=r["id"], source=f"{corpus.name}/articles.jsonl", text=r["text"],
                    title=r.get("title"), outlet=r.get("outlet"), published=r.get("published"),
                    language="en") for r in rows]
    by_id = {a.id: a for a in arts}
    kinds = {"duplicate": "duplicate", "near-verbatim": "near-verbatim", "excerpt": "excerpt",
             "shuffle": "partial", "merge": "partial"}
    relations, story_of = [], {}
    for a in arts:
        t = truth[a.id]
        roots = sorted({u[0] for u in t["units"]})
        story_of[a.id] = roots[0] if roots else a.id
        for parent in t["parents"]:
            if parent not in by_id:
                continue
            ps = _passages(by_id[parent].text, a.text)
            if not ps:
                continue
            cov = lambda text, spans: round(min(1.0, sum(e - s for s, e in spans) / max(1, len(text))), 3)
            relations.append(Relation(parent, a.id, kinds.get(t["kind"], "partial"),
                                      coverage={"a": cov(by_id[parent].text, [p.a for p in ps]),
                                                "b": cov(a.text, [p.b for p in ps])},
                                      lineage=Lineage("b-from-a", parent, 0.8, ["published later"]),
                                      passages=ps, score=round(sum(p.score for p in ps) / len(ps), 3)))
    groups: dict[str, list[str]] = {}
    for aid, root in story_of.items():
        groups.setdefault(root, []).append(aid)
    stories = [Story(f"story:{root}", by_id[ids[0]].title or root, ids) for root, ids in groups.items()]
    origins = [Origin(f"origin:{root}", f"Wire of {root}", False, ids[1:])
               for root, ids in groups.items() if len(ids) > 2][:50]
    return Report(inputs=[InputStatus(str(corpus / "articles.jsonl"), "ok", len(arts))],
                  articles=arts, relations=relations, origins=origins, stories=stories)


def measure(report: Report) -> dict:
    t = time.perf_counter()
    page = html.render(report)
    seconds = time.perf_counter() - t
    size = len(page.encode("utf-8"))
    text = sum(len(a.text.encode("utf-8")) for a in report.articles)
    return {"articles": len(report.articles), "relations": len(report.relations),
            "passages": sum(len(r.passages) for r in report.relations),
            "render_s": round(seconds, 3), "html_bytes": size, "text_bytes": text,
            "json_report_bytes": len(report.to_json(indent=None).encode("utf-8")),
            "html_per_text": round(size / max(1, text), 2)}


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("corpus", type=Path, help="a folder made by make_corpus.py (articles.jsonl, truth.jsonl), "
                    "or a number of synthetic articles")
    ap.add_argument("--analyze", action="store_true", help="measure the pipeline's report instead")
    ap.add_argument("--sizes", default="250,500,1000", help="article counts to measure (synthetic only)")
    ap.add_argument("--out", type=Path, help="also write the largest HTML report here")
    args = ap.parse_args()
    if str(args.corpus).isdigit():
        args.corpus = corpus_dir(int(str(args.corpus)))
    if args.analyze:
        import newslineage
        reports = [("pipeline", newslineage.analyze([str(args.corpus / "articles.jsonl")], workers=1))]
    else:
        reports = [("synthetic", synthetic_report(args.corpus, int(n))) for n in args.sizes.split(",")]
    cols = ["report", "articles", "relations", "passages", "render_s", "html_bytes", "text_bytes",
            "json_report_bytes", "html_per_text"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    figures = {}
    for name, rep in reports:
        schema.validate(rep)
        m = {"report": name, **measure(rep)}
        print("| " + " | ".join(str(m[c]) for c in cols) + " |")
        sys.stdout.flush()
        figures[f"{name} {m['articles']}"] = {c: m[c] for c in cols[2:]}
    record("html_size", figures, args, quiet=True)
    if args.out:
        args.out.write_text(html.render(reports[-1][1]), encoding="utf-8")


if __name__ == "__main__":
    main()
