"""Credits an article gives at its head, where clean's credit lines do not look: the agency of
a dateline ("MADRID (Riverside Wire) -"), a lead that opens on its source ("According to X,",
"As X reported,", "X reports:") and the organisation of a byline ("By Anna Berg, ANSA").

Each names the source of the whole text, as a credit line does: a dateline's agency and a
byline's organisation other than the page's own outlet are who wrote it, and a lead that
opens on a source tells what follows as that source's. A name in a lead or a byline counts
when it is a known source of the corpus (a wire, an outlet, a name credited somewhere), so a
person ("According to John Smith,") or a staff title stays out; a dateline's parenthesis holds
an agency by the form itself, so any capitalised name there counts.
"""
from __future__ import annotations

import re

from ..model import Article

# "MADRID (Reuters) - ", "SEOUL, Dec. 31 (Yonhap) -- ": a place in capitals, maybe a date,
# the agency (or agencies, "AP/dpa") in brackets, a dash or a colon.
_DATELINE = re.compile(r"^\s*[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{1,40}(?:,[^()\n]{1,30})?\s*\((?P<w>[^()\n]{2,80})\)\s*(?:[-–—]{1,2}|:)\s")
# "According to X, ...", "As X reported, ...", "X reports: ..." at the very start of the text
# (after a dateline, if any)
_LEAD = [re.compile(p) for p in (
    r"^(?:According to|As reported by)\s+(?P<n>[^,:\n]{2,60}?),\s",
    r"^As\s+(?P<n>[^,:\n]{2,60}?)\s+(?:reported|reports|has reported)\s*,\s",
    r"^(?P<n>[^,:\n]{2,60}?)\s+(?:reports|reported|says)\s*:\s",
)]
# "By Anna Berg, ANSA", "By Ken Ito, dpa and EFE"
_BYLINE = re.compile(r"^\s*By\s+[^,\n]{2,60},\s*(?P<w>[^\n]{2,80}?)\s*\.?$")
_SPLIT = re.compile(r"\s*(?:/|,|;|\band\b|&(?=\s*[A-Z][A-Z]))\s*")


def _names(w: str) -> list[str]:
    return [n.strip(" .") for n in _SPLIT.split(w) if n.strip(" .")]


def _capitalised(name: str) -> bool:
    return bool(name) and name[:1].isupper() and not name.isdigit()


def head_credits(article: Article, known: set[str], key) -> list[str]:
    """The names an article credits at its head (dateline, lead, byline), in order."""
    text = (article.text or "")[:300]
    out: list[str] = []
    m = _DATELINE.match(text)
    if m:
        out += [n for n in _names(m.group("w")) if _capitalised(n) or key(n) in known]
        text = text[m.end():]
    for rx in _LEAD:
        m = rx.match(text)
        if m:
            name = re.sub(r"^(?:the)\s+", "", m.group("n").strip())
            if key(name) in known and _capitalised(name):
                out.append(name)
            break
    for r in article.removed or ():
        # (an HTML page's byline is often outside the body its extraction kept)
        reason = getattr(r, "reason", None) or ""
        if reason == "byline" or reason.startswith("outside the article body"):
            m = _BYLINE.match(r.text)
            if m:
                out += [n for n in _names(m.group("w")) if key(n) in known and _capitalised(n)]
    return out
