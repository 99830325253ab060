"""The pairwise direction signals of one relation, which ``forest`` weighs per family.

Each signal casts a signed vote: positive means "a is the copy" (a-from-b), negative "b is
the copy": publication times, containment (the cut-short side is the copy), unnamed
retelling phrases ("the publication writes") and edit signals (the copy adds honorifics,
turns weekdays into dates, adds attributions). Credits of the partner's outlet and sources
both sides name (``shared_sources``) are read here too.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from ..model import Article, Relation
from ..times import When, parse_time
from ..words import month_numbers, titles, trie_pattern, weekday_names
from .cited import Sources

# Votes: how far one signal moves the decision (a log-odds-like scale; a credit weighs
# LineageSettings.credit, the prior of an original LineageSettings.root).
TIME_PRECISE = 1.5   # both times known to the minute, at least 30 minutes apart
TIME_DAYS = 1.5      # different calendar days
TIME_CLOSE = 0.6     # times known but close together
CONTAINMENT = 1.0
RETELLING = 1.0
EDIT = 0.5           # per edit signal (two edits call a direction), capped at EDIT_MAX
EDIT_MAX = 1.2

_HONORIFICS = titles("counted")
# Calendar names of the Latin-script languages from babel; Cyrillic ones as stems (their
# case endings vary).
_LATIN = ("en", "de", "fr", "es", "it", "pt")
_WEEKDAYS = re.compile(
    r"\b(?:" + trie_pattern(weekday_names(_LATIN, forms=())) + "|"
    r"today|yesterday|tomorrow|heute|gestern|hier|ayer|ieri|ontem|"
    r"понеділ\w*|вівтор\w*|серед\w*|четвер\w*|п'ятниц\w*|субот\w*|неділ\w*|"
    r"понедельник\w*|вторник\w*|сред\w*|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*)\b", re.I)
_MONTHS = (
    r"(?:" + trie_pattern(month_numbers(_LATIN, abbreviated=("en",), forms=("en",))) + "|"
    r"січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*|лип\w*|"
    r"серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*|январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]|"
    r"июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)")
# A calendar date needs a day number next to the month ("May 16", "16 May", "16.05.").
_MONTH_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s+(?:de\s+)?{_MONTHS}\b|\b{_MONTHS}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}[./]\d{{1,2}}(?:[./]\d{{2,4}})?\b", re.I)
_ADDED_ATTRIBUTION = re.compile(
    r"\b(?:according to|reports?|reported|writes|wrote|the publication|laut|berichtet|selon|"
    r"d'après|según|secondo|segundo|повідомля\w*|пише|сообща\w*|пишет)\b", re.I)


def _days(w: When) -> datetime:
    return datetime(w.at.year, w.at.month, w.at.day)


def time_vote(a: Article, b: Article) -> tuple[float, str] | None:
    """Positive when a was published after b (a is the later, so the likelier copy)."""
    ta, tb = parse_time(a.published), parse_time(b.published)
    if ta is None or tb is None:
        return None
    if ta.precise and tb.precise and (ta.at.tzinfo is not None) == (tb.at.tzinfo is not None):
        x = ta.at.astimezone(timezone.utc) if ta.at.tzinfo else ta.at
        y = tb.at.astimezone(timezone.utc) if tb.at.tzinfo else tb.at
        minutes = (x - y).total_seconds() / 60
        if ta.at.tzinfo is None:  # two local times of unknown zones: only a wide gap counts
            minutes = 0 if abs(minutes) < 14 * 60 else minutes
        if abs(minutes) >= 30:
            w = TIME_PRECISE if abs(minutes) >= 60 else TIME_CLOSE
            later = a.id if minutes > 0 else b.id
            return math.copysign(w, minutes), f"published later: {later} ({_gap(minutes)} after)"
        if minutes:
            return math.copysign(TIME_CLOSE / 2, minutes), f"published {abs(minutes):.0f} min apart"
        return None
    days = (_days(ta) - _days(tb)).days
    if days:
        later = a.id if days > 0 else b.id
        return math.copysign(TIME_DAYS, days), f"published later: {later} ({abs(days)} day(s) after)"
    return None


def time_forbids(source: Article, copy: Article) -> str | None:
    """Why time rules out that ``copy`` took from ``source`` (source clearly later), or None."""
    v = time_vote(source, copy)  # positive: source published after copy
    if v and v[0] >= min(TIME_PRECISE, TIME_DAYS):
        return v[1]
    return None


def _gap(minutes: float) -> str:
    """A time gap as a reader says it: minutes, hours, or from two days on, days."""
    m = abs(minutes)
    if m >= 2 * 24 * 60:
        return f"{m / (24 * 60):.1f} days"
    return f"{m / 60:.1f} h" if m >= 90 else f"{m:.0f} min"


def containment_vote(rel: Relation) -> tuple[float, str] | None:
    """The cut-short side is the copy: a mostly inside b while b is much longer."""
    ca, cb = float(rel.coverage.get("a", 0)), float(rel.coverage.get("b", 0))
    if ca >= 0.7 and ca - cb >= 0.25:
        return CONTAINMENT, f"{rel.a} is contained in {rel.b} ({ca:.0%} of it aligned against {cb:.0%})"
    if cb >= 0.7 and cb - ca >= 0.25:
        return -CONTAINMENT, f"{rel.b} is contained in {rel.a} ({cb:.0%} of it aligned against {ca:.0%})"
    return None


def _inside(span, passages, side) -> bool:
    return any(getattr(p, side)[0] <= span[0] < getattr(p, side)[1] for p in passages)


def retelling_vote(rel: Relation, sa: Sources, sb: Sources) -> tuple[float, str] | None:
    """'the publication writes', 'according to Bloomberg': the side that retells is the copy.
    Only phrases inside the shared passages count, and only when the other side lacks them."""
    # a named third party ("according to AFP") is evidence of where the text comes from
    # (an outside source), not of which of the two is the copy: only unnamed phrases count
    na = [r for r in sa.retelling if _inside(r, rel.passages, "a")]
    nb = [r for r in sb.retelling if _inside(r, rel.passages, "b")]
    if bool(na) == bool(nb):
        return None
    side, found = (rel.a, na) if na else (rel.b, nb)
    phrase = found[0][2]
    return (RETELLING if na else -RETELLING), f"{side} retells its source (\"{phrase}\", {len(found)}x)"


def _words(s: str) -> list[str]:
    return [w.strip(",;:()\"'“”‘’").casefold() for w in (s or "").split()]


def edit_vote(rel: Relation, a: Article, b: Article) -> tuple[float, str] | None:
    """Edit signals in the word diff: the side that adds honorifics, turns weekdays into dates
    or adds attributions is the edited copy."""
    a_copy: list[str] = []
    b_copy: list[str] = []
    for p in rel.passages:
        if p.kind in ("paraphrase", "translation"):
            continue  # re-worded text differs everywhere: an honorific more is no edit
        ops = p.diff or []
        if not ops:  # no word diff: compare the passage texts as one replace
            ops = [["replace", a.text[p.a[0]:p.a[1]], b.text[p.b[0]:p.b[1]]]]
        for op in ops:
            if len(op) < 3 or op[0] == "equal":
                continue
            at, bt = op[1] or "", op[2] or ""
            wa, wb = _words(at), _words(bt)
            ha = sum(w in _HONORIFICS for w in wa)
            hb = sum(w in _HONORIFICS for w in wb)
            if hb > ha:
                b_copy.append(f"adds \"{bt.strip()[:30]}\"")
            elif ha > hb:
                a_copy.append(f"adds \"{at.strip()[:30]}\"")
            if _WEEKDAYS.search(at) and _MONTH_DATE.search(bt) and not _WEEKDAYS.search(bt):
                b_copy.append(f"dates \"{at.strip()[:20]}\" as \"{bt.strip()[:20]}\"")
            elif _WEEKDAYS.search(bt) and _MONTH_DATE.search(at) and not _WEEKDAYS.search(at):
                a_copy.append(f"dates \"{bt.strip()[:20]}\" as \"{at.strip()[:20]}\"")
            if op[0] in ("insert", "delete") or not (wa and wb):
                if _ADDED_ATTRIBUTION.search(bt) and not _ADDED_ATTRIBUTION.search(at):
                    b_copy.append(f"adds attribution \"{bt.strip()[:30]}\"")
                elif _ADDED_ATTRIBUTION.search(at) and not _ADDED_ATTRIBUTION.search(bt):
                    a_copy.append(f"adds attribution \"{at.strip()[:30]}\"")
    n = len(a_copy) - len(b_copy)
    if not n:
        return None
    side, edits = (rel.a, a_copy) if n > 0 else (rel.b, b_copy)
    vote = math.copysign(min(EDIT_MAX, EDIT * abs(n)), n)
    return vote, f"{side} looks edited ({len(edits)} edit(s): {'; '.join(edits[:3])})"


def _credits_partner(src: Sources, partner: Sources) -> str | None:
    """The name under which ``src`` credits the partner's outlet, if it does."""
    names = src.names()
    for k in sorted(names):
        if partner.is_outlet(k) and not src.is_outlet(k):
            return names[k]
    return None


def shared_sources(rel: Relation, sa: Sources, sb: Sources) -> dict[str, tuple[str, int]]:
    """Sources both sides credit: key -> (name, strength) with strength 2 when both credit it in
    a credit line, 1 otherwise. An in-text mention that sits inside the shared text on both
    sides is part of the copied text, not a credit, and does not count."""
    out = {}
    for k in set(sa.names()) & set(sb.names()):
        if sa.is_outlet(k) or sb.is_outlet(k):
            continue
        if k not in sa.credits and k not in sb.credits:
            ma = [m for m in sa.mentions if m.key == k and not _inside(m.span, rel.passages, "a")]
            mb = [m for m in sb.mentions if m.key == k and not _inside(m.span, rel.passages, "b")]
            if not (ma or mb):
                continue
        strength = 2 if (k in sa.credits and k in sb.credits) else 1
        out[k] = ((sa.credits.get(k) or sb.credits.get(k) or sa.names()[k]), strength)
    return out
