"""The self-contained HTML report: one file, no external requests, readable without help.

The report's data is embedded once, as JSON in a ``<script type="application/json">``; the page's
script (``templates/report.js``) builds every view from it on demand (tables page, the
side-by-side view of a pair is built when opened), so the file grows linearly with the text and
nothing is written twice. Python prepares what is awkward in a browser: word-level differences
as character ranges (from ``Passage.diff``) and a layered layout of each story's lineage graph.

Article text is untrusted: the script only ever inserts it as text nodes, and the JSON is
escaped so that no ``</script>`` in it can close the data element.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from ..model import Report

_TEMPLATES = "templates"
# Characters that must not appear raw inside <script>: "</script", "<!--" and JS line breaks.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(_TEMPLATES, name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


# ---------------------------------------------------------------------------------------------
# Word-level differences: Passage.diff holds the words; the page needs character ranges.

_WORD_WINDOW = 80  # how far past the cursor a word may sit (extra spaces, punctuation)


def diff_ranges(text: str, span, ops: list, side: int) -> list[int]:
    """Character ranges (flat [s, e, s, e, ...]) of the changed words of one side of a passage.

    ``side`` is 1 for a (the op's a_text) and 2 for b. Words are found in order from the start
    of the span, case-insensitively; a word that cannot be found nearby is passed over rather
    than marked in the wrong place (diffs may be over normalised words).
    """
    start, end = span
    low = text[start:end].lower()
    cur, out = 0, []
    for op in ops:
        if len(op) < 3 or not op[side]:
            continue
        changed = op[0] != "equal"
        for word in op[side].split():
            w = word.lower()
            p = low.find(w, cur, min(len(low), cur + _WORD_WINDOW + len(w)))
            if p < 0:
                continue
            cur = p + len(w)
            if changed:
                s, e = start + p, start + cur
                # Merge with the previous range when only spaces lie between them.
                if out and not text[out[-1]:s].strip():
                    out[-1] = e
                else:
                    out += [s, e]
    return out


# ---------------------------------------------------------------------------------------------
# Lineage graph per story, from the report alone (so any valid report JSON renders).

def _story_graph(story_ids: list[str], report: Report, art_index: dict[str, int],
                 origin_index: dict[str, int], rels_by_article: dict[str, list[int]]) -> dict:
    """Nodes and edges of one story's derivation graph, with a layered layout.

    Nodes are the story's articles and the origins that feed them; an edge runs from source
    to copy. Relations whose direction is unknown are drawn as undirected links.
    """
    members = [a for a in story_ids if a in art_index]
    in_story = set(members)
    nodes: list[str] = list(members)  # keys: article id, or "o:<origin index>"
    first_seen = {n: i for i, n in enumerate(nodes)}
    edges: dict[tuple[str, str], dict] = {}

    def node_for(ref: str | None) -> str | None:
        if ref is None:
            return None
        if ref in in_story:
            return ref
        if ref in origin_index:
            key = f"o:{origin_index[ref]}"
            if key not in first_seen:
                first_seen[key] = len(nodes)
                nodes.append(key)
            return key
        return None

    def add(u: str | None, v: str | None, kind: str, conf: float, rel: int | None):
        if u is None or v is None or u == v:
            return
        if (u, v) not in edges and (v, u) not in edges:
            edges[(u, v)] = {"t": kind, "c": conf, "r": rel}

    for oi, o in enumerate(report.origins):
        if o.id in in_story:
            continue  # an origin inside the corpus is its article
        for child in o.children:
            if child in in_story:
                add(node_for(o.id), child, "origin", 1.0, None)
    seen_rel: set[int] = set()
    same_story: list[int] = []
    for aid in members:
        for ri in rels_by_article.get(aid, []):
            if ri in seen_rel:
                continue
            seen_rel.add(ri)
            r = report.relations[ri]
            if r.a not in in_story or r.b not in in_story:
                continue
            if r.kind == "same-story":
                same_story.append(ri)  # drawn last, where no shared text links the two
                continue
            lin = r.lineage
            if lin.type == "a-from-b":
                add(r.b, r.a, r.kind, lin.confidence, ri)
            elif lin.type == "b-from-a":
                add(r.a, r.b, r.kind, lin.confidence, ri)
            else:
                src = node_for(lin.origin) if lin.type == "common-source" else None
                if src is not None:
                    # Siblings of one origin: the two arrows from it say it all (a link
                    # between every pair of siblings would be a tangle).
                    add(src, r.a, "origin", lin.confidence, None)
                    add(src, r.b, "origin", lin.confidence, None)
                elif (r.a, r.b) not in edges and (r.b, r.a) not in edges:
                    edges[(r.a, r.b)] = {"t": r.kind, "c": lin.confidence, "r": ri, "u": 1}

    # Articles of one event that share no text: a dotted link, unless a path of shared text
    # already joins them (one link per pair of the story would be a tangle).
    joined = _components(nodes, edges)
    for ri in same_story:
        r = report.relations[ri]
        if joined[r.a] != joined[r.b]:
            edges[(r.a, r.b)] = {"t": "same-story", "c": r.lineage.confidence, "r": ri, "u": 1}
            old_c, new_c = joined[r.a], joined[r.b]
            for n, c in joined.items():
                if c == new_c:
                    joined[n] = old_c

    # Layer = longest directed path from a root; undirected links do not push layers.
    directed = [(u, v) for (u, v), e in edges.items() if not e.get("u")]
    layer = {n: 0 for n in nodes}
    for _ in range(len(nodes)):  # Bellman-Ford style; a cycle stops after len(nodes) rounds
        changed = False
        for u, v in directed:
            if layer[v] < layer[u] + 1:
                layer[v] = layer[u] + 1
                changed = True
        if not changed:
            break
    # A node tied only by undirected links sits on the row of its partners.
    on_directed = {n for uv in directed for n in uv}
    for (u, v), e in edges.items():
        if e.get("u"):
            for x, y in ((u, v), (v, u)):
                if x not in on_directed:
                    layer[x] = max(layer[x], layer[y])
    linked = {n for uv in edges for n in uv}
    rows: dict[int, list[str]] = {}
    for n in nodes:
        # Articles that share no text with the rest sit on a row of their own at the bottom.
        rows.setdefault(layer[n] if n in linked else -1, []).append(n)
    order: dict[str, float] = {}
    parents: dict[str, list[str]] = {}
    for u, v in directed:
        parents.setdefault(v, []).append(u)
    ys = sorted(k for k in rows if k >= 0) + ([-1] if -1 in rows else [])
    placed = []
    for y, k in enumerate(ys):
        row = rows[k]
        # Barycentre ordering: a node sits under the mean position of its parents.
        row.sort(key=lambda n: (sum(order.get(p, 0) for p in parents.get(n, [])) /
                                max(1, len(parents.get(n, []))) if parents.get(n) else 1e9,
                                not n.startswith("o:"), first_seen[n]))
        for x, n in enumerate(row):
            order[n] = x
            placed.append((n, x, y))
    pos = {n: i for i, (n, _, _) in enumerate(placed)}
    out_nodes = []
    for n, x, y in placed:
        if n.startswith("o:"):
            out_nodes.append({"o": int(n[2:]), "x": x, "y": y})
        else:
            out_nodes.append({"a": art_index[n], "x": x, "y": y})
    out_edges = [[pos[u], pos[v], e["t"], round(float(e["c"]), 2), e["r"], e.get("u", 0)]
                 for (u, v), e in edges.items()]
    return {"nodes": out_nodes, "edges": out_edges, "loose": -1 in rows}


def _components(nodes: list[str], edges: dict) -> dict[str, int]:
    """A component number per node of the graph (edges taken both ways)."""
    comp = {n: i for i, n in enumerate(nodes)}
    changed = True
    while changed:
        changed = False
        for u, v in edges:
            c = min(comp[u], comp[v])
            if comp[u] != c or comp[v] != c:
                comp[u] = comp[v] = c
                changed = True
    return comp


# ---------------------------------------------------------------------------------------------

def page_data(report: Report) -> dict:
    """The compact data the page's script reads: articles once, everything else by index."""
    art_index = {a.id: i for i, a in enumerate(report.articles)}
    origin_index = {o.id: i for i, o in enumerate(report.origins)}

    def aref(aid: str) -> int | str:
        # An id that names no article (a broken report) is kept as text, shown as such.
        return art_index.get(aid, aid)

    articles = [{
        "id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet,
        "published": a.published, "language": a.language, "byline": a.byline,
        "credits": a.credits, "url": a.url, "text": a.text,
        "removed": [[r.text, r.reason] for r in a.removed],
    } for a in report.articles]

    relations, rels_by_article = [], {}
    for ri, r in enumerate(report.relations):
        ta = report.articles[art_index[r.a]].text if r.a in art_index else ""
        tb = report.articles[art_index[r.b]].text if r.b in art_index else ""
        passages = []
        for p in r.passages:
            passages.append([p.a[0], p.a[1], p.b[0], p.b[1], p.kind, round(float(p.score), 3),
                             p.origin, diff_ranges(ta, p.a, p.diff, 1),
                             diff_ranges(tb, p.b, p.diff, 2)])
        relations.append({
            "a": aref(r.a), "b": aref(r.b), "kind": r.kind,
            "ca": round(float(r.coverage.get("a", 0.0)), 3),
            "cb": round(float(r.coverage.get("b", 0.0)), 3),
            "score": round(float(r.score), 3),
            "lt": r.lineage.type, "lo": r.lineage.origin,
            "lc": round(float(r.lineage.confidence), 2), "ev": r.lineage.evidence,
            "p": passages})
        rels_by_article.setdefault(r.a, []).append(ri)
        rels_by_article.setdefault(r.b, []).append(ri)

    stories = report.stories
    if not stories and report.articles:
        from ..model import Story
        stories = [Story("all", "All articles (no stories in this report)",
                         [a.id for a in report.articles])]
    story_data = []
    for s in stories:
        story_data.append({"id": s.id, "label": s.label,
                           "articles": [aref(a) for a in s.articles],
                           "graph": _story_graph(s.articles, report, art_index, origin_index,
                                                 rels_by_article)})

    quotes = []
    for q in report.quotes:
        variants = []
        for v in q.variants:
            item = {"a": aref(v.article), "s": list(v.span)}
            i = art_index.get(v.article)
            # The text is written only when it is not the span of the article's text.
            if i is None or report.articles[i].text[v.span[0]:v.span[1]] != v.text:
                item["t"] = v.text
            variants.append(item)
        quotes.append({"speaker": q.speaker, "changed": q.changed, "variants": variants})

    return {
        "schema": "newslineage.report/1",
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "inputs": [[s.source, s.status, s.articles, s.message] for s in report.inputs],
        "articles": articles,
        "relations": relations,
        "origins": [{"id": o.id, "name": o.name, "in": o.in_corpus,
                     "children": [aref(c) for c in o.children]} for o in report.origins],
        "stories": story_data,
        "quotes": quotes,
        "drift": [{"a": aref(d.a), "b": aref(d.b), "type": d.type, "at": d.a_text,
                   "bt": d.b_text, "note": d.note} for d in report.drift],
    }


def render(report: Report, title: str | None = None, start: str | None = None) -> str:
    """The HTML report of ``report``, as one self-contained page; ``start`` is the view it
    opens on when its address names none (e.g. "#pair/0", the side-by-side page of a pair)."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    template = env.from_string(_asset("report.html.j2"))
    js, css = _asset("report.js"), _asset("report.css")
    # Our own assets go in raw; they must not be able to close their element.
    assert "</script" not in js.lower() and "</style" not in css.lower()
    data = page_data(report)
    if start:
        data["start"] = start
    n = len(report.articles)
    heading = f"report on {n} article{'s' if n != 1 else ''}"
    # The CSP allows exactly our one script and one style element by their hashes, so no
    # inline code but ours runs even if text ever reached the page as markup.
    return template.render(
        title=title or f"newslineage {heading}", heading=title or heading,
        css=css, js=js, css_hash=csp_hash(css), js_hash=csp_hash(js),
        data=script_json(data))


def csp_hash(text: str) -> str:
    """A CSP source expression for an inline element whose whole content is ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


__all__ = ["render", "page_data", "diff_ranges", "script_json"]
