"""HTML pages: the article body by trafilatura, metadata by trafilatura and htmldate.

trafilatura runs with ``favor_precision`` (fewer teaser and link blocks kept); quotations
the article embeds between its paragraphs (<blockquote>: posts from social networks), which
trafilatura drops, are put back in place (``embedded_quotes``); when it stops after the
first section of an article split by ads, the page's own prose that follows is taken too
(``continuation``); the lines it kept whose markup says they are not the article (a
related-stories heading, a teaser) go, by a model fitted on real pages (``html_blocks``).

The body comes out as paragraphs separated by blank lines (one per block of trafilatura's
output: paragraph, heading, list item, table row, quote), so the segment stage sees the
page's paragraph structure. A heading that repeats the title is taken out of the body and
kept in ``removed`` for audit, and so is every other line of the page's visible text that
the body does not hold (what trafilatura left out, line by line).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..clean.learned import main_run
from ..clean.lines import make_line
from ..model import Removed
from .html_blocks import page_blocks, prune
from .text import normalize

# trafilatura logs every page it cannot parse at ERROR; we report those through the status.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_BLOCKS = {"p", "head", "item", "row", "quote", "code", "list", "table", "div", "section",
           "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol", "pre"}
_SPACE = re.compile(r"\s+")

_STAMP_XPATH = (
    "//meta[@property='article:published_time' or @property='og:published_time'"
    " or @name='article:published_time' or @itemprop='datePublished'"
    " or @name='pubdate' or @name='publishdate' or @name='publish-date' or @name='date'"
    " or @name='dc.date' or @name='DC.date.issued' or @name='dcterms.created'"
    " or @name='sailthru.date' or @property='published_time']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time[@datetime]/@datetime"
)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


@dataclass
class Page:
    text: str
    title: str | None = None
    byline: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    removed: list[Removed] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def _clean(s: str | None) -> str | None:
    if not s:
        return None
    s = _SPACE.sub(" ", normalize(s)).strip()
    return s or None


def _flatten(el) -> list[str]:
    """Text of a leaf block; line breaks (<lb/>, from <br>) split it into paragraphs, table
    cells are kept apart by a space."""
    pieces: list[str] = []

    def walk(e) -> None:
        if e.tag == "lb":
            pieces.append("\n")
            return
        cell = e.tag in ("cell", "td", "th")
        if cell:
            pieces.append(" ")
        if e.text:
            pieces.append(e.text)
        for child in e:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if cell:
            pieces.append(" ")

    walk(el)
    return [t for t in (_clean(line) for line in "".join(pieces).split("\n")) if t]


def _paragraphs(el) -> list[str]:
    """Block-level pieces of trafilatura's body, each flattened to one line."""
    out: list[str] = []
    if any(child.tag in _BLOCKS for child in el):
        lead = _clean(el.text)
        if lead:
            out.append(lead)
        for child in el:
            out.extend(_paragraphs(child) if child.tag in _BLOCKS else _flatten(child))
            tail = _clean(child.tail)
            if tail:
                out.append(tail)
        return out
    return _flatten(el)


def _timestamps(tree) -> list[datetime]:
    """Publication timestamps with a time of day from meta tags, <time> and JSON-LD."""
    values = [str(v) for v in tree.xpath(_STAMP_XPATH)]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        values.extend(_LD_DATE.findall(str(script)))
    stamps = []
    for v in values:
        v = v.strip()
        if len(v) < 16 or not re.match(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d", v):
            continue
        try:
            stamps.append(datetime.fromisoformat(v.replace(" ", "T", 1)))
        except ValueError:
            continue
    return stamps


def _published(day: str | None, stamps: list[datetime]) -> str | None:
    """htmldate's day, made precise by a timestamp of the same day when the page has one."""
    for st in stamps:
        if day is None or st.date().isoformat() == day:
            return st.isoformat()
    return day


_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+")


def _title_site(tree, title: str | None) -> str | None:
    """The site's name from the page's <title> when no meta tag names it: "Headline | Site"
    or "Site - Headline", the headline being the title the extractor kept (a page without
    og:site_name otherwise took its outlet from a wire's rights line: "Copyright AFP")."""
    if not title:
        return None
    found = tree.xpath("//head/title/text()") or tree.xpath("//title/text()")
    raw = _clean(str(found[0])) if found else None
    if not raw or raw == title:
        return None
    parts = _TITLE_SEP.split(raw)
    if len(parts) != 2:
        return None
    site = parts[1] if parts[0] == title else parts[0] if parts[1] == title else None
    if not site or len(site.split()) > 5 or site == title:
        return None
    return site


def _day(day: str | None, stamps: list[datetime], data) -> str | None:
    """htmldate's day, unless it is a January 1st that only its search of the page's text
    found: that search makes any bare year of the body ("his first film, in 1995", "© 2004")
    the first of that year, a publication date 10 years early for lineage's time votes. Such
    a day stands when a timestamp of the page or htmldate's markup-only search says so."""
    if not day or not day.endswith("-01-01") or any(st.date().isoformat() == day for st in stamps):
        return day
    from htmldate import find_date
    from trafilatura.utils import load_html

    tree = load_html(_shallow(data))
    found = find_date(tree, extensive_search=False, original_date=True) if tree is not None else None
    return found


def _lang(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        found = tree.xpath("//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
                           "='content-language']/@content | //meta[@property='og:locale']/@content")
        lang = str(found[0]) if found else None
    return lang.strip() if lang else None


def page_lines(tree) -> list[str]:
    """The page's visible text as a browser copies it: one line per block (scripts, styles
    and hidden parts left out)."""
    return [b.text for b in page_blocks(tree)]


def visible_blocks(tree) -> list[tuple[str, bool]]:
    """``page_lines`` with, for each line, whether it lies inside a <blockquote>."""
    return [(b.text, b.quoted) for b in page_blocks(tree)]


def left_out(page: list[str], body: str, title: str | None) -> list[Removed]:
    """The page's lines that the extracted body does not hold, each with its reason: what
    the extractor judged furniture, for the user to audit."""
    held = _SPACE.sub(" ", body).casefold()
    seen: set[str] = set()
    out = []
    for line in page:
        key = line.casefold()
        if key in seen or key in held:
            continue
        seen.add(key)
        reason = "title" if title and key == title.casefold() else "outside the article body (trafilatura)"
        out.append(Removed(text=line, reason=reason))
    return out


# An article split into sections by ads or widgets: trafilatura may keep the first section
# only. The page's prose that follows its last paragraph (within CONTINUATION_GAP lines that
# are not prose, inside the page's main run of prose) is taken too when it holds at least
# CONTINUATION_SHARE times the words trafilatura kept. Chosen on ../shared/data/article-extraction
# (benchmarks/html_choices.py, 5 folds grouped by web site; the least change among the best):
# it fixes one site's pages and changes no page of the 57 others, so with that site held out
# nothing chooses it (nested figure: no gain); a larger gap or a smaller share also takes
# comment threads and teasers (three sites worse).
CONTINUATION_GAP = 1
CONTINUATION_SHARE = 1.0


def continuation(page: list[str], paras: list[str]) -> list[str]:
    """Prose paragraphs of the page that continue the extracted body past its last one."""
    held = {p.casefold() for p in paras}
    lines = [make_line(t) for t in page]
    last = max((i for i, ln in enumerate(lines) if ln.text.casefold() in held), default=None)
    if last is None:
        return []
    a, b = main_run(lines)
    out: list[str] = []
    gap = 0
    for i in range(last + 1, len(lines)):
        ln = lines[i]
        if a <= i <= b and ln.body_like and ln.text.casefold() not in held:
            out.append(ln.text)
            gap = 0
        else:
            gap += 1
            if gap > CONTINUATION_GAP:
                break
    kept = sum(len(p.split()) for p in paras)
    return out if out and sum(ln.count(" ") + 1 for ln in out) >= CONTINUATION_SHARE * kept else []


def embedded_quotes(blocks: list[tuple[str, bool]], paras: list[str]) -> list[str]:
    """``paras`` with the quotations the article embeds put back in place: lines of the
    page inside a <blockquote> that lie between the first and the last line of the extracted
    body and that the body does not hold (trafilatura drops embedded posts, "— Name (@handle)
    November 18, 2019" and their text, which the article quotes). Each goes after the body
    paragraph above it. On ../shared/data/article-extraction every such line (17, two sites)
    is in the marked body (benchmarks/RESULTS-clean.md)."""
    held = {p.casefold(): k for k, p in enumerate(paras)}
    at = [held.get(line.casefold()) for line, _ in blocks]
    inside = [i for i, k in enumerate(at) if k is not None]
    if len(inside) < 2:
        return paras
    text = "\n".join(paras).casefold()
    after: dict[int, list[str]] = {}
    k = at[inside[0]]
    for i in range(inside[0], inside[-1] + 1):
        line, quoted = blocks[i]
        if at[i] is not None:
            k = at[i]
        elif quoted and line.casefold() not in text:
            after.setdefault(k, []).append(line)
    if not after:
        return paras
    return [q for k, p in enumerate(paras) for q in (p, *after.get(k, ()))]


def looks_like_html(text: str) -> bool:
    """A JSON record's text that is really a page or an HTML fragment."""
    head = text[:5000]
    return "</" in head and len(re.findall(r"</(?:p|div|span|a|li|h\d|article|body)>|<br\s*/?>",
                                           head, re.I)) >= 2


# libxml2's HTML parser drops everything below depth 256: runs of wrapper tags (hostile or
# generated pages nest thousands of <div>s) are collapsed to one before parsing.
_WRAPPER_RUN = r"(?:<(?:div|span|section)\b[^>]*>\s*){64,}|(?:</(?:div|span|section)>\s*){64,}"
_WRAPPER_RUNS = {bytes: re.compile(_WRAPPER_RUN.encode(), re.I), str: re.compile(_WRAPPER_RUN, re.I)}


def _shallow(data: bytes | str) -> bytes | str:
    lt = b"<" if isinstance(data, bytes) else "<"
    gt = b">" if isinstance(data, bytes) else ">"
    if data.count(lt) < 512:
        return data
    return _WRAPPER_RUNS[type(data)].sub(lambda m: m.group(0)[: m.group(0).index(gt) + 1], data)


def extract(data: bytes | str, url: str | None = None) -> Page | None:
    """The article in an HTML page, or None when trafilatura finds no body text."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(_shallow(data))
    if tree is None:
        return None
    stamps = _timestamps(tree)
    lang = _lang(tree)
    marked = page_blocks(tree)  # before the extractor, which prunes the tree it is given
    blocks = [(b.text, b.quoted) for b in marked]
    page = [line for line, _ in blocks]
    # favor_precision: trafilatura's stricter pruning of teasers and link blocks; on the 80
    # real pages of ../shared/data/article-extraction F1 0.960 -> 0.965, better in 4 of 5
    # folds grouped by web site (benchmarks/RESULTS-clean.md)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      favor_precision=True)
    if doc is None or doc.body is None:
        return None
    paras = _paragraphs(doc.body)
    title = _clean(doc.title)
    removed = []
    if paras and title and paras[0].casefold() == title.casefold():
        removed.append(Removed(text=paras.pop(0), reason="title"))
    if not paras:
        return None
    extracted = len(paras)
    paras = embedded_quotes(blocks, paras)
    quoted = len(paras) - extracted
    more = continuation(page, paras)
    # the blocks trafilatura kept whose markup says they are not the article
    # (read/html_blocks.py; the continuation was taken from the body before this)
    paras, pruned = prune(marked, paras)
    paras += more
    gone = {t.casefold() for t, _ in pruned}
    removed += [Removed(text=t, reason=why) for t, why in pruned]
    removed += [r for r in left_out(page, "\n".join(paras), None)
                if not (removed and r.text.casefold() == removed[0].text.casefold())
                and r.text.casefold() not in gone]
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    meta = {"htmldate": doc.date}
    if more:
        meta["body_continued"] = f"{len(more)} paragraphs of the page's prose after the extractor's body"
    if pruned:
        meta["body_pruned"] = f"{len(pruned)} lines of the extractor's body whose markup is not the article's"
    if quoted:
        meta["quotes_restored"] = f"{quoted} lines of embedded quotations between the extractor's paragraphs"
    # the body's lines that the page sets inside a <blockquote>: quoted text, which the clean
    # stage leaves in (an embedded post's "— Name (@handle) November 18, 2019" is not the
    # page's dateline); clean_one drops the hint once read
    inside = {line.casefold() for line, q in blocks if q}
    quoted_lines = [p for p in paras if p.casefold() in inside]
    if quoted_lines:
        meta["quoted"] = quoted_lines
    if lang:
        meta["html_lang"] = lang
    for key in ("description", "hostname", "categories", "tags", "pagetype"):
        value = getattr(doc, key, None)
        if value:
            meta[key] = value
    return Page(text="\n\n".join(paras), title=title, byline=authors,
                outlet=_clean(doc.sitename) or _title_site(tree, title), url=doc.url or url,
                published=_published(_day(doc.date, stamps, data), stamps), removed=removed, meta=meta)
