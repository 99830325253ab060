"""The page's visible blocks with their markup, and a model that takes out of trafilatura's
body the blocks whose markup says they are not the article.

trafilatura keeps a related-stories heading, a teaser or a "guide to" link box now and then:
it judges a block by its own text and links. The markup around it says more: the body's
paragraphs share one container and one shape of parents (``<div class="article-body"><p>``),
while a teaser it kept sits under other parents ("rail", "card", "related"), carries links, or
comes before the body's first paragraph. Each visible block gets a row of such features (its
place against the kept body, how many kept lines share its three innermost parents, the
class, id and tag names around it in a few groups, its words, links and punctuation); a
logistic model (``clean.logistic``) fitted by ``tools/train_html_blocks.py`` on the real pages
of ../shared/data/article-extraction, with everything chosen by cross-validation grouped by
web site, scores p(furniture), and a body line scored at its threshold or more goes to
``removed`` with the features that pushed it. Only lines trafilatura kept are judged: taking
page lines in was tried and never chosen (benchmarks/RESULTS-clean.md, sixth round).
"""
from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..clean.logistic import Logistic
from .text import normalize

MODEL_PATH = Path(__file__).resolve().parent.parent / "resources" / "html_block_model.json"

SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
LINE_BLOCKS = {"p", "head", "item", "row", "quote", "code", "list", "table", "div", "section",
               "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol", "pre",
               "body", "article", "main", "header", "footer", "nav", "aside", "form", "figure",
               "figcaption", "dd", "dt", "td", "th", "caption", "button", "label", "option",
               "address", "details", "summary", "br", "hr"}
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z]+")
_TERMINAL = re.compile(r"[.!?…:\"”’)]$")
_WORD = re.compile(r"\w+")

# Names in class and id attributes, in groups (a name counts when it is one of the words
# of the attribute: "related-posts" is related, "ad" is not "header").
NAME_GROUPS = {
    "comment": ("comment", "comments", "disqus", "reply", "respond", "discussion"),
    "caption": ("caption", "credit", "photo", "image", "img", "gallery", "media", "video"),
    "related": ("related", "recommend", "recommended", "more", "next", "popular", "trending",
                "teaser", "promo", "outbrain", "taboola", "rail", "sidebar", "widget", "list",
                "card", "hover", "tooltip"),
    "share": ("share", "social", "sharing", "follow", "facebook", "twitter"),
    "newsletter": ("newsletter", "subscribe", "signup", "email", "sign"),
    "ad": ("ad", "ads", "advert", "advertisement", "sponsor", "sponsored", "dfp", "banner"),
    "meta": ("author", "byline", "date", "time", "meta", "tag", "tags", "breadcrumb",
             "category", "info"),
    "nav": ("nav", "menu", "header", "footer", "masthead", "skip", "top", "bottom"),
    "body": ("article", "body", "content", "story", "entry", "post", "text", "main"),
}
TAGS = ("aside", "footer", "nav", "header", "figure", "figcaption", "li", "blockquote", "h1",
        "h2", "h3", "h4", "h5", "h6", "table", "form", "a", "p")
BLOCK_FEATURES = (
    "kept", "words", "terminal", "links", "digits", "quoted", "inside", "same_parents",
    "sibling", "before", "after", "distance", "kept_share",
    *(f"name_{g}" for g in NAME_GROUPS), *(f"tag_{t}" for t in TAGS),
)
_READABLE = {
    "kept": "kept by the extractor", "words": "many words", "terminal": "ends like a sentence",
    "links": "link text", "digits": "digits", "quoted": "a quotation",
    "inside": "inside the body's container", "same_parents": "parents like the body's",
    "sibling": "beside a body paragraph", "before": "above the body", "after": "below the body",
    "distance": "far from the body", "kept_share": "the extractor kept much of the page",
    **{f"name_{g}": f"under a '{g}' name" for g in NAME_GROUPS},
    **{f"tag_{t}": f"in <{t}>" for t in TAGS},
}
# how far up from a block its names are read (a deeper page's outer wrappers say little)
MAX_UP = 30


class Node:
    """An element on the path to a block: tag, class, id, a serial number, its parent."""
    __slots__ = ("tag", "cls", "ident", "serial", "parent")

    def __init__(self, tag: str, cls: str, ident: str, serial: int, parent: "Node | None"):
        self.tag, self.cls, self.ident, self.serial, self.parent = tag, cls, ident, serial, parent


@dataclass
class Block:
    text: str
    quoted: bool   # inside a <blockquote>
    links: float   # share of its characters inside <a>
    node: Node | None  # the innermost element around it


def _clean(s: str) -> str:
    return _SPACE.sub(" ", normalize(s)).strip()


def page_blocks(tree) -> list[Block]:
    """The page's visible text as a browser copies it, one block per line (scripts, styles
    and hidden parts left out), each with the elements around it."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    out: list[Block] = []
    cur: list[tuple[str, bool]] = []
    path: list[Node | None] = [None]
    quoted = [0]
    serial = [0]

    def flush() -> None:
        if not cur:
            return
        text = _clean("".join(t for t, _ in cur))
        if text:
            linked = [len(t) for t, a in cur if a]
            total = sum(len(t) for t, _ in cur) if linked else 1
            out.append(Block(text, quoted[0] > 0, sum(linked) / total if linked else 0.0, path[-1]))
        cur.clear()

    def walk(e, link: bool) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        if tag in SKIP or not tag or e.get("hidden") is not None or \
                "display:none" in (e.get("style") or "").replace(" ", ""):
            if e.tail:
                cur.append((e.tail, link))
            return
        block = tag in LINE_BLOCKS
        if block:
            flush()
        serial[0] += 1
        path.append(Node(tag, (e.get("class") or "").strip(), (e.get("id") or "").strip(),
                         serial[0], path[-1]))
        quoted[0] += tag == "blockquote"
        inner = link or tag == "a"
        if e.text:
            cur.append((e.text, inner))
        for child in e:
            walk(child, inner)
        if block:
            flush()
        quoted[0] -= tag == "blockquote"
        path.pop()
        if e.tail:
            cur.append((e.tail, link))

    walk(root, False)
    flush()
    return out


def _chain(node: Node | None) -> list[Node]:
    """The elements from the outermost down to ``node``."""
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out[::-1]


@lru_cache(maxsize=4096)
def _groups(cls: str, ident: str) -> frozenset[str]:
    words = set(_TOKEN.findall(f"{cls} {ident}".lower()))
    return frozenset(g for g, names in NAME_GROUPS.items() if words.intersection(names))


def _up(node: Node | None, k: int) -> tuple:
    """The (tag, class) of ``node`` and its ``k - 1`` nearest ancestors."""
    out = []
    while node is not None and len(out) < k:
        out.append((node.tag, node.cls))
        node = node.parent
    return tuple(out)


def features(blocks: list[Block], paras: list[str], kept_only: bool = False
             ) -> tuple[np.ndarray, np.ndarray]:
    """(rows of BLOCK_FEATURES, whether the extractor's body holds each block);
    ``kept_only``: rows of the other blocks are left zero (the model judges kept lines)."""
    held = {p.casefold() for p in paras}
    text = "\n".join(paras).casefold()
    kept = np.array([b.text.casefold() in held or (len(b.text) > 30 and b.text.casefold() in text)
                     for b in blocks], dtype=bool)
    at = np.flatnonzero(kept).tolist()
    # the body's container: the innermost element around every kept line
    container = None
    if at:
        common = _chain(blocks[at[0]].node)
        for i in at[1:]:
            c, m = _chain(blocks[i].node), 0
            while m < min(len(common), len(c)) and common[m] is c[m]:
                m += 1
            common = common[:m]
        container = common[-1] if common else None
    shapes: dict[tuple, int] = {}
    for i in at:
        sh = _up(blocks[i].node, 3)
        shapes[sh] = shapes.get(sh, 0) + 1
    parents = {blocks[i].node.parent.serial for i in at
               if blocks[i].node is not None and blocks[i].node.parent is not None}
    words = [len(_WORD.findall(b.text)) for b in blocks]
    kept_share = sum(words[i] for i in at) / max(1, sum(words))
    rows = np.zeros((len(blocks), len(BLOCK_FEATURES)))
    col = {f: j for j, f in enumerate(BLOCK_FEATURES)}
    names = {g: col[f"name_{g}"] for g in NAME_GROUPS}
    tags = {t: col[f"tag_{t}"] for t in TAGS}
    for i in (at if kept_only else range(len(blocks))):
        b, r = blocks[i], rows[i]
        # the names and tags between the block and the body's container (all, when outside)
        node, inside, up = b.node, False, 0
        while node is not None and up < MAX_UP:
            if node is container:
                inside = True
                break
            for g in _groups(node.cls, node.ident):
                r[names[g]] = 1.0
            if node.tag in tags:
                r[tags[node.tag]] = 1.0
            node, up = node.parent, up + 1
        inside = inside or (container is not None and any(n is container for n in _chain(node)))
        k = bisect.bisect_left(at, i)
        near = min((abs(i - at[j]) for j in (k - 1, k) if 0 <= j < len(at)), default=len(blocks))
        r[col["kept"]] = kept[i]
        r[col["words"]] = math.log1p(words[i])
        r[col["terminal"]] = bool(_TERMINAL.search(b.text))
        r[col["links"]] = b.links
        r[col["digits"]] = sum(ch.isdigit() for ch in b.text) / max(1, len(b.text))
        r[col["quoted"]] = b.quoted
        r[col["inside"]] = inside
        r[col["same_parents"]] = shapes.get(_up(b.node, 3), 0) / len(at) if at else 0.0
        r[col["sibling"]] = b.node is not None and b.node.parent is not None and b.node.parent.serial in parents
        r[col["before"]] = bool(at) and i < at[0]
        r[col["after"]] = bool(at) and i > at[-1]
        r[col["distance"]] = math.log1p(near)
        r[col["kept_share"]] = kept_share
    return rows, kept


@dataclass(frozen=True)
class BlockModel(Logistic):
    """p(furniture) of a visible block of an HTML page."""
    info: dict = field(default_factory=dict)

    FEATURES = BLOCK_FEATURES
    READABLE = _READABLE
    WHY = 2

    def to_json(self) -> dict:
        return {**self.weights_json(), "info": self.info}

    @classmethod
    def from_json(cls, d: dict) -> "BlockModel":
        return cls(*cls.weights_from_json(d, str(MODEL_PATH)), d.get("info", {}))


_override: list[BlockModel | None] = []


@lru_cache(maxsize=1)
def _shipped() -> BlockModel | None:
    if not MODEL_PATH.exists():
        return None
    return BlockModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def load() -> BlockModel | None:
    """The model in use: the shipped one, read once per process (or one set by ``use``)."""
    return _override[-1] if _override else _shipped()


def use(model: BlockModel | None, off: bool = False) -> None:
    """Put ``model`` in place of the shipped one (None: the shipped one again; ``off``: no
    model); the training command scores each cross-validation fold's model this way."""
    _override.clear()
    if model is not None or off:
        _override.append(model)


def prune(blocks: list[Block], paras: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``paras`` without the lines the model calls furniture, and (line, reason) for each."""
    model = load()
    if model is None or not paras or not blocks:
        return paras, []
    X, kept = features(blocks, paras, kept_only=True)
    p = model.proba(X)
    out: dict[str, str] = {}
    for i in np.flatnonzero(kept & (p >= model.threshold)):
        why = ", ".join(model.why(X[i])) or "markup unlike the body's"
        out.setdefault(blocks[i].text.casefold(),
                       f"outside the article body (markup model {p[i]:.2f}: {why})")
    if not out:
        return paras, []
    left = [q for q in paras if q.casefold() not in out]
    if not left:  # a page is not emptied on the strength of a model fitted on 80 pages
        return paras, []
    gone = [(q, out[q.casefold()]) for q in paras if q.casefold() in out]
    return left, gone
