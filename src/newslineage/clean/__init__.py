"""The clean stage: page furniture out, metadata and language in.

    from newslineage import clean
    articles = clean.clean(articles)

Two steps, so a distributed run can split them: ``repeated_lines`` counts the short lines
that recur across the corpus (a reduce over all articles: a line seen in several articles is
furniture), then ``clean_one`` cleans each article with that set (a map). ``resolve_dates``
is a last small reduce: a lead that says "on May 19" without a year takes the year of the
corpus's articles dated on those days, and only then.

What is removed stays in ``article.removed`` with a reason, so a user can audit it.
Metadata the reader set (HTML meta tags, JSON fields) is never overwritten.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from datetime import date

from ..model import Article, Removed
from ..settings import CleanSettings
from . import language, learned, metadata
from .credits import (closing_sentence, credit_line_names, foot_credit, foot_rights_holders, foot_source_names,
                      sentence_credit, tail_credit, worded_credit)
from .furniture import classify, is_photo_credit, wire_list
from .word_lists import load, lookup
from .lines import Line, make_line, split_lines

__all__ = ["clean", "clean_one", "repeated_lines", "resolve_dates", "furniture_folds",
           "repeated_of", "line_folds"]

# A short line must recur in this many articles to count as corpus furniture.
REPEAT_MIN_SHORT = 2   # up to 7 words ("Follow topic:", "More From This Section")
REPEAT_MIN_LONG = 3    # 8 to 20 words (a promo or related headline on every page)
# Below this many articles the corpus count says nothing (two reprints share headlines).
REPEAT_MIN_CORPUS = 3


def clean(articles: list[Article], workers: int | None = 1,
          progress: Callable[[int, int], None] | None = None,
          then: Callable[[Article], Article] | None = None,
          settings: CleanSettings | None = None, repeated: frozenset[str] | None = None,
          dates: bool = True) -> list[Article]:
    """Clean a batch: furniture removed (kept in ``removed``), metadata and language set.

    The corpus-wide repeated lines are the one reduce; the per-article work runs over
    ``workers`` processes (None: all cores). ``then`` (a module-level function of one
    article) runs on each cleaned article in the same worker: the next per-article stage
    rides along instead of shipping every article to a pool again.

    A caller that cleans part of a larger corpus (the store, adding a batch) gives the
    corpus's ``repeated`` lines itself (``repeated_of`` its kept counts) and resolves the
    dates over the whole corpus afterwards (``dates=False``)."""
    from ..parallel import map_batches, no_gc

    with no_gc():
        if repeated is None:
            repeated = frozenset(repeated_lines(articles) if len(articles) >= REPEAT_MIN_CORPUS else ())
        out = map_batches(partial(_clean_batch, repeated=repeated, then=then, settings=settings),
                          articles, workers=workers, batch_size=500, progress=progress)
        return resolve_dates(out) if dates else out


def _clean_batch(batch: list[Article], repeated: frozenset[str],
                 then: Callable[[Article], Article] | None = None,
                 settings: CleanSettings | None = None) -> list[Article]:
    out = [clean_one(a, repeated, settings) for a in batch]
    return [then(a) for a in out] if then else out


def repeated_lines(articles: list[Article]) -> set[str]:
    """Folded short lines that recur across articles of the corpus (never body-like lines:
    a paragraph shared by two reprints is reuse, not furniture; nor short lines only copies
    of one text carry: a wire's fixture list or results table reprinted by six outlets is
    their shared text, where furniture recurs on pages whose texts differ)."""
    counts: Counter[str] = Counter()
    folds: dict[str, str | None] = {}  # row -> its fold when it may be furniture (rows recur)
    for a in articles:
        counts.update(furniture_folds(a, folds))
    return repeated_of(counts)


def furniture_folds(article: Article, memo: dict[str, str | None] | None = None) -> set:
    """The folds of an article's lines that may be corpus furniture, and each with the
    article's lead (what ``repeated_lines`` counts for it; none once the article is cleaned).
    ``memo``: row -> fold, across articles."""
    if article._meta.get("cleaned"):
        return set()
    folds = {} if memo is None else memo
    seen: set = set()
    rows = article.text.split("\n")
    for row in set(rows):  # each distinct row once (blank ones are many)
        if len(row) > 160 and len(row.strip()) > 160:
            continue  # a body paragraph (and not kept in the memo)
        if row in folds:
            f = folds[row]
        else:
            f = folds[row] = _furniture_fold(row)
        if f is not None:
            seen.add(f)
    # each fold with the article's lead too: ``repeated_of`` spares a fold whose carriers
    # all open with one lead, copies of one text (trims and excerpts cut its end, not its start)
    lead = next((_lead_key(r) for r in rows if len(r.strip()) > 160), None)
    if lead:
        seen.update([(f, lead) for f in seen])
    return seen


_NOT_WORD = re.compile(r"\W+")


def _lead_key(paragraph: str) -> str:
    """A lead paragraph's first words, folded: one key for a copy's lead and its source's."""
    return _NOT_WORD.sub(" ", paragraph.casefold()).strip()[:100]


def repeated_of(counts: Counter) -> set[str]:
    """The repeated lines, from the number of articles carrying each furniture fold (and
    each fold with its carriers' leads): not those whose carriers all share one lead."""
    one_lead: dict[str, int] = {}
    for k, c in counts.items():
        if isinstance(k, tuple) and c > one_lead.get(k[0], 0):
            one_lead[k[0]] = c
    return {f for f, c in counts.items()
            if isinstance(f, str) and one_lead.get(f, 0) < c
            and c >= (REPEAT_MIN_SHORT if len(f.split()) <= 7 else REPEAT_MIN_LONG)}


def line_folds(article: Article) -> set[str]:
    """The folds of all the lines of an article as read: cleaning asks the repeated lines
    about these only, so its answer changes only when one of them enters or leaves that set."""
    return {ln.fold for ln in split_lines(article.text or "")}


def _furniture_fold(row: str) -> str | None:
    row = row.strip()
    # short lines only, and not the lower-case fragments of a broken sentence
    if not row or row[:1].islower() or len(row) > 160 or row.count(" ") >= 20:
        return None
    ln = make_line(row)
    # a short sentence ("He declined to comment.") recurs by chance, not as furniture
    if not ln.body_like and not (ln.terminal and ln.words >= 3):
        return ln.fold
    return None


def clean_one(article: Article, repeated: set[str] | frozenset[str] = frozenset(),
              settings: CleanSettings | None = None) -> Article:
    """Clean one article in place (and return it). ``_format`` "html": the body was already
    extracted, so only the light line-level pass runs."""
    if article._meta.get("cleaned"):
        return article
    lex = load()
    light = article._format == "html"
    lines, title_idx = rule_lines(article.text, repeated, light, article.title)
    if light and article._meta.get("quoted"):
        # lines the page sets in a <blockquote> (the reader's hint) are quotations the
        # article embeds, not the page's furniture or metadata
        quoted = set(article._meta["quoted"])
        for ln in lines:
            if ln.text in quoted:
                ln.reason = None
    if not light:
        if not article.language:
            article.language = language.detect(" ".join(ln.text for ln in lines if ln.body_like))
        learned.apply(lines, article.language, repeated, settings=settings)
        if not article.title:
            title_idx = _headline(lines, title_idx)
    for i, ln in enumerate(lines[:-1]):
        # the writer's role or outlet on the line under the byline
        nxt = lines[i + 1]
        if ln.reason == "byline" and not nxt.terminal and metadata.role_line(nxt.text, lex):
            nxt.reason = "byline-role"
    body = [ln for ln in lines if ln.reason is None]
    furniture = [ln for ln in lines if ln.reason is not None]
    removed = [Removed(ln.text, ln.reason) for ln in furniture]
    paragraphs = [ln.text for ln in body]

    _set_metadata(article, lines, title_idx, furniture, paragraphs, removed, lex)
    article.text = "\n\n".join(paragraphs)
    article.removed = list(article.removed) + removed
    if not article.language:
        article.language = language.detect(article.text)
    article._meta = {**{k: v for k, v in article._meta.items() if k != "quoted"}, "cleaned": True}
    return article


def rule_lines(text: str, repeated=frozenset(), light: bool = False,
               title: str | None = None) -> tuple[list[Line], int | None]:
    """The lines of a raw text with the rules' reasons set, and the title line's index."""
    lex = load()
    lines = split_lines(text)
    for ln in lines:
        # "... Mr Stubb said. REUTERS, BLOOMBERG": a sentence with a credit after it
        if not ln.terminal and ln.words >= 6:
            tail = tail_credit(ln.text, lex)
            ln.terminal = bool(tail and make_line(tail[0]).terminal)
    return lines, classify(lines, lex, repeated, light=light, given_title=title)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper()).upper()


def _add(seq: list[str], names: list[str]) -> None:
    """Append new names; "NPA" and "Nordic Press Agency", "AP" and "Associated Press" are one
    agency (the first kept, as written)."""
    wires = load().wires
    for n in names:
        if not n:
            continue
        wire = lookup(wires, n)
        if any(n.casefold() == s.casefold() or (n.isupper() and _initials(s) == n)
               or (s.isupper() and _initials(n) == s) or (wire and lookup(wires, s) == wire) for s in seq):
            continue
        seq.append(n)


# how far under the body a credit line stands; further down the page's footer a capitalised
# menu item ("FAQ", "LATEST NEWS", the states' codes "AK", "AP") has the same shape
_FOOT_REACH = 4
# a page whose first body line is this many lines down opens with its menus; its headline is
# looked for among as many lines above the body (12, not 30: 37 against 31 of 72 shared pages)
_MENU_HEAD = 12
_NO_HEADLINE = ("byline", "byline-role", "dateline", "credit", "source", "caption", "share")
_CONTENT = re.compile(r"[^\W\d_]{4,}")


def _headline(lines: list[Line], title_idx: int | None) -> int | None:
    """The headline of a page whose body starts under its menus: the head's rules read the
    page's first lines, where a copied web page has its navigation ("Skip to main content").
    There the headline is the headline-shaped line just above the body that shares the most
    words with the article's first paragraphs (a headline names what the lead tells)."""
    first = next((i for i, ln in enumerate(lines) if ln.reason is None and ln.body_like), None)
    if first is None or first < _MENU_HEAD or (title_idx is not None and first - title_idx <= _MENU_HEAD):
        return title_idx
    lead = {w.casefold() for ln in lines[first:first + 6] if ln.reason is None for w in _CONTENT.findall(ln.text)}
    if title_idx is not None and {w.casefold() for w in _CONTENT.findall(lines[title_idx].text)} & lead:
        return title_idx  # the head's title names what the lead tells: a headline, not a menu
    best, best_score = None, 0.0
    for i in range(max(0, first - _MENU_HEAD), first):
        ln = lines[i]
        if not ln.title_like or ln.words < 3 or ln.reason in _NO_HEADLINE:
            continue  # a byline, a date, a share prompt is no headline
        words = {w.casefold() for w in _CONTENT.findall(ln.text)}
        score = len(words & lead) / max(len(words), 1)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return title_idx
    if title_idx is not None and lines[title_idx].reason == "title":
        lines[title_idx].reason = "navigation"
    lines[best].reason = "title"
    return best


def _touches_body(line: Line, lines: list[Line], at: dict[int, int], reach: int = 2) -> bool:
    """A body line within ``reach`` lines above or below ``line`` (``at``: line -> index)."""
    i = at[id(line)]
    return any(lines[j].reason is None for j in range(max(0, i - reach), min(len(lines), i + reach + 1)) if j != i)


def _same_name(x: str, y: str) -> bool:
    """"Dow Jones" and "Dow Jones & Company", "BBC" and "BBC News": one name the other begins."""
    a, b = (re.findall(r"\w+", n.casefold()) for n in (x, y))
    a, b = [w for w in a if w != "the"], [w for w in b if w != "the"]
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _set_metadata(a: Article, lines: list[Line], title_idx: int | None, furniture: list[Line],
                  paragraphs: list[str], removed: list[Removed], lex) -> None:
    lead = paragraphs[0] if paragraphs else ""
    credits: list[str] = []
    outlets: list[str] = []   # strongest signal first
    nameless: set[int] = set()  # credit lines that named no source where they stand
    byline: list[str] = []
    # organisations a byline names beside a writer: whose the text is, not whose page it is
    # (read after the page's own signals: "By Jon Ellis, Reuters" under "The Harbour Post")
    writers: list[str] = []

    if title_idx is not None and not a.title:
        a.title = lines[title_idx].text
    # the head of the page: the lines above the first body line (and above the title)
    first_body = next((i for i, ln in enumerate(lines) if ln.reason is None), len(lines))
    head = lines[:min(first_body, title_idx) if title_idx is not None else first_body]
    body_text = "\n".join(paragraphs)
    dated_head = None
    for ln in lines[:first_body]:
        # "UK Sports Wire | By Tom Ashby | 1 March 2005": the outlet, writer and date cells
        outlet, people, iso = metadata.dateline_cells(ln.text, lex, body_text)
        if iso:
            _add(byline, people)
            dated_head = dated_head or iso
            if outlet:
                outlets.append(outlet)
                break
    at = {id(ln): i for i, ln in enumerate(lines)}
    for ln in furniture:
        if ln.reason in ("credit", "source") and any(ln is h for h in head):
            # a lone name above the headline is the site's masthead, not a credit (credits
            # sit under the byline or at the foot); a known agency there still credits it
            names = credit_line_names(ln, lex)
            if names and not any(lookup(lex.wires, n) for n in names):
                outlets.insert(0, metadata.canonical_outlet(ln.text, lex))
                continue
        if ln.reason == "byline":
            people, orgs = metadata.parse_byline(ln.text, lex)
            _add(byline, people)
            if people:  # "By Jon Ellis, Reuters": the writer's organisation
                writers.extend(orgs)
            else:  # "by · NY Times": the page's own name where a writer's would stand
                outlets.extend(metadata.canonical_outlet(o, lex) for o in orgs)
        elif ln.reason == "byline-role":
            outlets.extend(metadata.canonical_outlet(o, lex) for o in metadata.role_line_outlets(ln.text, lex))
        elif ln.reason in ("credit", "source"):
            names = credit_line_names(ln, lex)
            if names and not all(lookup(lex.wires, n) for n in names) and not _touches_body(ln, lines, at):
                # "FAQ", "RSS", "LATEST NEWS": a capitalised name nobody lists, away from the
                # body, is a menu item; an unknown agency's credit line sits against the body
                continue
            _add(credits, names)
            if not names:
                nameless.add(id(ln))  # the foot may still read it (``foot_source_names``)
        elif ln.reason in ("dateline", "section-label", "title", "navigation") and ("|" in ln.text or "·" in ln.text):
            # "Bloomberg | Updated: May 19 2025": a known agency in one cell of a head line
            for cell in re.split(r"\s*[|·]\s*", ln.text):
                names = wire_list(cell, lex)
                if names and all(lookup(lex.wires, n) for n in names):
                    _add(credits, names)

    # the lead: "WASHINGTON (AP) —", "..., Bloomberg reports, writes UNN." (the first
    # paragraph of some length: a date left in the body is no lead)
    first_paragraph = lead
    lead = next((p for p in paragraphs[:3] if len(p.split()) >= 8), lead)
    _add(credits, metadata.lead_dateline_credit(lead, lex))
    lead_credits, lead_outlet = metadata.lead_attributions(lead, lex)
    _add(credits, lead_credits)
    # "..., Xinhua news agency reports." as the lead's first or the text's last sentence
    _add(credits, sentence_credit(metadata.first_sentence(lead), lex))
    if paragraphs:
        _add(credits, sentence_credit(closing_sentence(paragraphs[-1]), lex))
    if lead_outlet:
        outlets.insert(0, lead_outlet)

    # the tail: "... Mr Stubb said. REUTERS, BLOOMBERG"
    if paragraphs:
        tail = tail_credit(paragraphs[-1], lex)
        if tail:
            rest, names = tail
            removed.append(Removed(paragraphs[-1][len(rest):].strip(), "credit"))
            if rest.strip():
                paragraphs[-1] = rest
            else:
                paragraphs.pop()
            _add(credits, names)

    # the foot: a credit line the furniture model gave another reason, or left in the body
    # ("With files from X and Y", "- UK Sports Wire")
    last_body = max((i for i, ln in enumerate(lines) if ln.reason is None), default=len(lines))
    # a rights line right under the body naming an outlet: a reprint's first publisher, when
    # the page's own outlet is another (read below, once the outlet is known)
    under = next((ln for ln in lines[last_body + 1:] if ln.text.strip()), None)
    foot_rights = foot_rights_holders(under.text, lex) if under is not None and under.reason is not None else []
    near = 0  # lines read so far under the body
    for ln in lines[last_body + 1:]:
        near += bool(ln.text.strip())
        if id(ln) in nameless:
            _add(credits, foot_source_names(ln.text, lex))  # "Quelle: Versicherungsbote"
        if ln.reason not in (None, "credit", "source") and not is_photo_credit(ln):
            names = foot_credit(ln.text, lex)
            if names and near > _FOOT_REACH:
                continue  # "FAQ", "RSS", "NY", "AP" deep in the page's footer menus: no credit line
            if names:
                _add(credits, names)
                for r in removed:
                    if r.text == ln.text:
                        r.reason = "credit"
    for k in range(len(paragraphs) - 1, max(len(paragraphs) - 4, 0), -1):
        names = foot_credit(paragraphs[k], lex)
        if names:
            removed.append(Removed(paragraphs.pop(k), "credit"))
            _add(credits, names)
            break

    outlets.extend(metadata.canonical_outlet(ln.text, lex) for ln in furniture if ln.reason == "masthead")
    promo = metadata.outlet_from_furniture(furniture, a.text, lex, copyright=False)
    if promo:
        outlets.append(promo)
    # A rights line names who holds the text: the outlet when nothing else names one; a
    # source when the page is another outlet's, and the line says the text is used by leave
    # or names an agency (a reprint's "Copyright 2005 Dow Jones & Company").
    # (the reader's extraction of an HTML page removed its own furniture: read that too)
    rights_lines = [ln.text for ln in furniture] + [r.text for r in a.removed]
    holders = metadata.copyright_holders(rights_lines, lex)
    # (the page's own names: not the rights line under the body, read below)
    own_holders = metadata.copyright_holders([ln.text for ln in furniture if not (foot_rights and ln is under)]
                                             + [r.text for r in a.removed], lex) if foot_rights else holders
    # a holder whose text the page uses by permission is its source, never the page's outlet,
    # whether or not the page names its own ("Copyright X. Used with permission.")
    permitted = [n for t in rights_lines if metadata.by_permission(t)
                 for n, _ in metadata.copyright_holders([t], lex)]
    rights = metadata.outlet_from_furniture([ln for ln in furniture if not (foot_rights and ln is under)], a.text, lex)
    if rights and rights not in outlets and not any(_same_name(n, rights) for n in permitted):
        outlets.append(rights)
    # "The Tel Aviv Sports Daily - all rights reserved": the site's own rights line
    outlets.extend(metadata.canonical_outlet(n, lex) for n, leave in own_holders if not leave)
    # a credit line among the furniture the reader's extraction took out of an HTML page
    for r in a.removed:
        names = worded_credit(r.text, lex)
        if names and not is_photo_credit(make_line(r.text)):
            _add(credits, names)

    if not a.outlet and outlets:
        a.outlet = outlets[0]
    if not a.outlet and foot_rights and not metadata.by_permission(under.text):
        a.outlet = foot_rights[0]  # the page names no outlet but this one: its own
    # the writer's organisation is the text's source unless it is the page's own outlet; a
    # page that names no outlet of its own gets none from it ("By Anna Berg, Bloomberg" on a
    # page without masthead or rights line is a copy of Bloomberg's story as often as
    # Bloomberg's page: random families seeds 11/12/14, 2570/2261/2225 as the outlet,
    # 2574/2290/2231 as a credit)
    for name in writers:
        if not (a.outlet and (_same_name(name, a.outlet) or metadata.canonical_outlet(name, lex) == a.outlet)) \
                and not any(_same_name(name, c) for c in credits):
            _add(credits, [name])
    for name in foot_rights if a.outlet else ():
        if not _same_name(name, a.outlet) and not any(_same_name(name, c) for c in credits):
            _add(credits, [name])
            for r in removed:
                if r.text == under.text:
                    r.reason = "credit"
    for name, leave in holders:
        if (a.outlet and not _same_name(name, a.outlet) and (leave or lookup(lex.wires, name))) or (
                not a.outlet and name in permitted):
            if not any(_same_name(name, c) for c in credits):
                _add(credits, [metadata.wire_name(name, lex)])
    if not a.byline:
        a.byline = byline
    if not a.credits:
        a.credits = credits
    else:
        _add(a.credits, credits)
    if not a.published:
        a.published = metadata.published_from_lines(furniture) or dated_head
    if not a.published:
        iso, partial = metadata.published_from_lead(first_paragraph)
        if iso:
            a.published = iso
            a._meta = {**a._meta, "published_from": "lead"}
        elif partial:
            a._meta = {**a._meta, "published_partial": partial}


def resolve_dates(articles: list[Article], window_days: int = 3) -> list[Article]:
    """Give a year to a lead date stated without one ("on May 19"), when the corpus's dated
    articles of those days agree on a single year. A text with no year nowhere near a dated
    article keeps ``published`` null: a year is never invented."""
    dated = []
    for a in articles:
        if a.published and not a._meta.get("published_estimated"):
            try:
                dated.append(date.fromisoformat(a.published[:10]))
            except ValueError:
                continue
    for a in articles:
        partial = a._meta.get("published_partial")
        if a.published or not partial:
            continue
        month, day = partial
        years = set()
        for d in dated:
            for y in (d.year - 1, d.year, d.year + 1):
                try:
                    cand = date(y, month, day)
                except ValueError:
                    continue
                if abs((cand - d).days) <= window_days:
                    years.add(y)
        if len(years) == 1:
            a.published = date(years.pop(), month, day).isoformat()
            a._meta = {**a._meta, "published_estimated": "month and day from the lead, "
                       "year from articles of the same days in this corpus"}
    return articles
