"""Metadata from the text of an article: byline, outlet, publication date, the wire named in
the lead (the credit lines elsewhere: ``credits``).

Each is read from general signals, strongest first, and never overwrites what the reader
already set (from HTML meta tags or a JSON record's fields).
"""
from __future__ import annotations

import re

from .page_dates import find_date, find_month_day
from .furniture import _BYLINE, wire_list
from .cue_index import any_literal
from .word_lists import Lexicon, as_written, lookup
from .lines import Line
from ..words import month_numbers, stop_words, weekday_names

_TOKEN = r"[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w&'’.\-]*"
_NAME = (r"(?:(?:the|The|l'|L'|le|la|el|der|die|das)\s+)?" + _TOKEN +
         r"(?:\s+(?:(?:of|de|di|du|del|der|für|&)\s+)?" + _TOKEN + r"){0,4}")
_REPORT_VERBS = (r"reports|reported|writes|wrote|informs|notes|berichtet|meldet|berichtete|rapporte|écrit|"
                 r"informa|escribe|riporta|scrive|relata|noemt|meldt|пише|пишет|повідомляє|повідомила|"
                 r"сообщает|сообщило|передає|передает|информирует|інформує")
_ACCORDING = (r"according to|citing|selon|d'après|según|secondo|laut|zufolge|segundo|volgens|за даними|"
              r"по данным|согласно|з посиланням на|со ссылкой на")
_NAME_FIRST = re.compile(r"(?:^|[,;(]\s*|\band\s+|\bas\s+)(?P<n>" + _NAME + r")\s+(?:" + _REPORT_VERBS + r")(?P<end>\s*[,.;):])?")
# Both attribution patterns name a reporting verb: a lead without one is passed over
# (the name patterns are slow to try at every position).
_REPORT_VERB = any_literal(_REPORT_VERBS.split("|"))
_VERB_FIRST = re.compile(r"[,;]\s*(?:" + _REPORT_VERBS + r")\s+(?P<n>" + _NAME + r")\s*(?:[.;,]|$)")
_SENTENCE_END = re.compile(r"[.!?][\"'’”»]?\s+(?=[A-ZА-ЯІЇЄҐ\"“«])")
_ACCORDING_TO = re.compile(r"(?:" + _ACCORDING + r")\s+(?P<n>" + _NAME + r")")
_LEAD_DATELINE = re.compile(r"^[^\n()]{0,90}?\((?P<w>[^()]{2,40})\)\s*[-–—:]")
_PRODUCT_WORDS = {"digital", "epaper", "e-paper", "premium", "plus", "app", "online", "subscription",
                  "edition", "newsletters", "newsletter", "news app", "access"}
_PROMO = [
    re.compile(r"[Ss]ubscribe to\s+(?P<n>" + _NAME + ")"),
    re.compile(r"(?P<n>" + _NAME + r")['’]s\s+(?:[Nn]ewsletters?|[Dd]aily|[Bb]riefings?|app|[Ee]-?[Pp]aper)"),
    re.compile(r"[Ff]ollow\s+(?P<n>" + _NAME + r")\s+(?:for more|on\b)"),
    re.compile(r"[Dd]ownload (?:the )?(?P<n>" + _NAME + r")\s+[Aa]pp"),
    re.compile(r"(?P<n>" + _NAME + r")\s+(?:E-?paper|Epaper|Premium)\b"),
]
# Text each pattern cannot match without: most furniture lines hold none, and the name
# patterns are slow to try at every position.
_PROMO_KEYS = list(zip(_PROMO, [("ubscribe to",), ("'", "’"), ("ollow",), ("ownload",), ("paper", "Premium")]))
_COPYRIGHT_KEYS = ("©", "(c)", "(C)", "opyright", "OPYRIGHT")
_OUTLET_GATE = re.compile("|".join(re.escape(k) for k in _COPYRIGHT_KEYS + tuple(k for _, ks in _PROMO_KEYS for k in ks)))
_COPYRIGHT = re.compile(r"(?:©|\([cC]\)|[cC]opyright|COPYRIGHT)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*(?P<n>" + _NAME + r")")
_ORG_WORDS = re.compile(r"\b(?:agency|press|news|times|post|herald|daily|journal|tribune|gazette|media|radio|"
                        r"tv|network|service|wire|zeitung|nachrichten|presse|agence|agencia|agenzia|agência|"
                        r"observer|telegraph|guardian|express|chronicle|review|standard|monitor|courier)\b", re.I)
# More words that name a news outlet, read only where a name stands as a source or an outlet
# already (a credit line's list, a dateline's first cell), not in byline role lines.
_OUTLET_WORDS = re.compile(_ORG_WORDS.pattern[:-3] + r"|report|reports|online|today|weekly|magazine|digest|paper|"
                           r"bulletin|newswires?|newspaper|hebdo|wochenblatt|krant|dagblad|diario|giornale|"
                           r"jornal|noticias|notizie|nieuws|hoy|oggi|hoje|heute|vandaag|aujourd'hui)\b", re.I)
_JOB_WORDS = re.compile(r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|chief|"
                        r"redaktion|korrespondent|rédaction|redacción|redazione|special)\b", re.I)
_STOP_NAMES = stop_words("byline_not_names")
_PUBLISHED = re.compile(r"publish|posted|ver(ö|o)ffentlicht|erschienen|publi(é|e)|publicado|pubblicato|"
                        r"gepubliceerd|опубл|first", re.I)


_IMPERATIVES = {"get", "sign", "up", "now", "join", "download", "read", "follow", "subscribe", "try",
                "to", "for", "our", "the", "on", "like", "this", "story", "more", "from", "with"}


def _clean_name(n: str) -> str:
    """A name run without the promotion's own words ("Get ST" -> "ST", "X Digital" -> "X")."""
    n = re.split(r"\.\s+|\s+(?:All|Alle|Tous|Todos|Tutti) (?:rights|Rechte|droits|los derechos|i diritti)\b|\s*[|·•]\s*", n)[0]
    n = n.strip(" .,;:'\"’”")
    words = n.split()
    while len(words) > 1 and words[0].casefold() in _IMPERATIVES and words[0].casefold() != "the":
        words.pop(0)
    while words and words[-1].casefold() in _PRODUCT_WORDS:
        words.pop()
    return " ".join(words)


def canonical_outlet(name: str, lex: Lexicon) -> str:
    name = _clean_name(name)
    return lookup(lex.outlets, name) or lookup(lex.wires, name) or name


def credit_name(name: str, lex: Lexicon) -> str:
    """A source as a credit names it: as the article writes it ("AP" stays "AP", "BBC News"
    stays "BBC News"), a known agency's company form and an all-capitals credit line
    ("REUTERS") in the agency's own name. Which spellings are one source is lineage's
    business (``lineage.cited.key`` folds them); the report keeps what the text says."""
    name = _clean_name(name)
    # "Bloomberg L.P.": a known agency with its company form
    bare = _CORPORATE.sub("", name)
    return as_written(lex.wires, bare if bare != name and lookup(lex.wires, bare) else name)


def wire_name(name: str, lex: Lexicon) -> str:
    """An agency's name read from a dateline, lead or rights line, as the text writes it."""
    return as_written(lex.wires, name.strip(" .,;:()"))


def _is_known(name: str, lex: Lexicon) -> bool:
    n = name.strip(" .,;:")
    n2 = re.sub(r"^(?:(?:the|le|la|el|der|die|das)\s+|l'\s*)", "", n, flags=re.I)  # "l'AFP"
    n3 = _CORPORATE.sub("", n2)  # "Bloomberg L.P."
    return bool(lookup(lex.wires, n) or lookup(lex.wires, n2) or lookup(lex.outlets, n) or lookup(lex.outlets, n2)
                or (n3 != n2 and lookup(lex.wires, n3)))


def _acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-ZА-ЯІЇЄҐ]{2,6}", name.strip()))


def parse_byline(text: str, lex: Lexicon) -> tuple[list[str], list[str]]:
    """("By Paul Sonne" -> ["Paul Sonne"], []); ("by · NY Times" -> [], ["The New York Times"]):
    people and organisations named on a byline line."""
    m = _BYLINE.match(text)
    rest = m.group("rest") if m else text
    people, orgs = [], []
    for seg in re.split(r"\s*[·|•]\s*|\s*,\s*|\s+(?:and|und|et|y|e|en|і|и)\s+|\s*&\s*", rest):
        seg = re.sub(r"\s*\([^)]*\)", "", seg).strip(" -–—()")
        if not seg:
            continue
        if _is_known(seg, lex) or _ORG_WORDS.search(seg) or (_acronym(seg) and len(seg) <= 5):
            orgs.append(credit_name(seg, lex))
        elif _JOB_WORDS.search(seg):
            continue
        else:
            words = seg.split()
            if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w.casefold() not in ("de", "van", "von", "der", "da", "di", "le", "la", "bin", "al")):
                people.append(seg)
    return people, orgs


def role_line(text: str, lex: Lexicon) -> bool:
    """The line under a byline that gives the writer's role or outlet ("Senior
    correspondent, The Harbour Times", "Reuters", "BBC News, Kyiv")."""
    segs = [x.strip() for x in re.split(r"\s*[,|·•]\s*|\s+(?:at|for|bei|pour|para|per)\s+", text) if x.strip()]
    return bool(segs) and len(text.split()) <= 12 and any(
        _JOB_WORDS.search(x) or _is_known(x, lex) or _ORG_WORDS.search(x) for x in segs)


def role_line_outlets(text: str, lex: Lexicon) -> list[str]:
    """The organisations a role line names (never people: "Jane Doe" is on the line above)."""
    segs = [x.strip(" -–—()") for x in re.split(r"\s*[,|·•]\s*|\s+(?:at|for|bei|pour|para|per)\s+", text)]
    return [credit_name(x, lex) for x in segs
            if x and not _JOB_WORDS.search(x) and (_is_known(x, lex) or _ORG_WORDS.search(x))]


def first_sentence(lead: str) -> str:
    """The lead's first sentence (within its first 600 characters)."""
    first = lead[:600]
    end = _SENTENCE_END.search(first)
    return first[:end.end()].rstrip() if end else first


def lead_attributions(lead: str, lex: Lexicon) -> tuple[list[str], str | None]:
    """Credits and the outlet named in the lead sentence: "..., Bloomberg reports, writes UNN."
    gives (["Bloomberg"], "UNN"). A name before the verb is a source; a name after it at the
    end of the sentence is the outlet speaking, unless it is a known agency."""
    first = lead[:600]
    end = _SENTENCE_END.search(first)
    first = first[:end.end()] if end else first
    credits: list[str] = []
    outlet = None
    reported = _REPORT_VERB.search(first) is not None
    for m in _NAME_FIRST.finditer(first) if reported else ():
        name = re.sub(r"^(?:the|The)\s+", "", _clean_name(m.group("n")))
        if not name or name.split()[0].casefold() in _STOP_NAMES:
            continue
        # a name in the sentence's middle that reports ("..., Harbour Wire reported."), or one
        # opening the text as a heading ("Harbour Wire reports: ...")
        opens = m.start("n") == 0 and (m.group("end") or "").strip() == ":"
        if _is_known(name, lex) or (m.group("end") and (m.start("n") > 0 or opens) and name.split()[-1][:1].isupper()):
            credits.append(wire_name(name, lex))
    verb_first = list(_VERB_FIRST.finditer(first)) if reported else []
    for k, m in enumerate(verb_first):
        name = _clean_name(m.group("n"))
        if not name or name.casefold() in _STOP_NAMES:
            continue
        # "..., Bloomberg reports, writes UNN.": the last of several attributions, or a
        # site's short brand, is the outlet speaking; a lone "..., reports the Daily Mail"
        # credits a source.
        last = k == len(verb_first) - 1
        is_wire = bool(lookup(lex.wires, name))
        if not is_wire and last and (credits or (_acronym(name) and len(name) <= 5)):
            outlet = canonical_outlet(name, lex)
        else:
            credits.append(wire_name(re.sub(r"^(?:the|The)\s+", "", name), lex))
    for m in _ACCORDING_TO.finditer(first):
        name = _clean_name(m.group("n"))
        if lookup(lex.wires, name) or (_acronym(name) and len(name) <= 5):
            credits.append(wire_name(name, lex))
    return credits, outlet


def lead_dateline_credit(lead: str, lex: Lexicon) -> list[str]:
    """"WASHINGTON (AP) — ...", "MOSCOW, May 19 (Reuters) -": the agency in the dateline."""
    # the "(" opens within the first 91 characters (most leads have none there)
    m = _LEAD_DATELINE.match(lead) if "(" in lead[:91] else None
    if not m:
        return []
    return wire_list(m.group("w"), lex) or []



def outlet_from_furniture(removed: list[Line], raw: str, lex: Lexicon, copyright: bool = True) -> str | None:
    """The outlet named in its own furniture: a copyright line, a promotion ("Subscribe to
    X", "Get X's newsletters", "Follow X for more", "X Epaper"). The name most repeated in
    the text wins. ``copyright=False``: promotions only."""
    memo = lex.remember("outlet_names")
    cands: list[str] = []
    for ln in removed:
        if not copyright and any(k in ln.text for k in _COPYRIGHT_KEYS):
            continue
        names = memo.get(ln.text)
        if names is None:
            names = memo[ln.text] = _outlet_names(ln.text)
        cands += names
    cands = [c for c in cands if c and c.casefold() not in _STOP_NAMES and c.split()[0].casefold() not in ("our", "my", "your")]
    if not cands:
        return None
    best = max(dict.fromkeys(cands), key=lambda c: (raw.count(c) + cands.count(c), len(c)))
    return canonical_outlet(best, lex)


def _outlet_names(line: str) -> tuple[str, ...]:
    """The names a copyright line or a promotion gives (furniture recurs: the caller keeps
    the answers)."""
    if not _OUTLET_GATE.search(line):
        return ()
    cands: list[str] = []
    if any(k in line for k in _COPYRIGHT_KEYS):
        for m in _COPYRIGHT.finditer(line):
            cands.append(_clean_name(m.group("n")))
    text = line.lstrip("*•· ")
    for pat, keys in _PROMO_KEYS:
        if any(k in text for k in keys):
            for m in pat.finditer(text):
                cands.append(_clean_name(m.group("n")))
    return tuple(cands)


def published_from_lines(lines: list[Line]) -> str | None:
    """The publication date on the article's own date lines; "published" beats "updated"."""
    dated = []
    for ln in lines:
        if ln.reason != "dateline" or not re.search(r"\d", ln.text):
            continue
        text = ln.text
        # "3 min read Last Updated : May 19 2025" -> read the date part
        iso = find_date(text)
        if iso:
            dated.append((0 if _PUBLISHED.search(text) else 1, iso))
    if not dated:
        return None
    dated.sort(key=lambda x: x[0])
    return dated[0][1]


def published_from_lead(lead: str) -> tuple[str | None, tuple[int, int] | None]:
    """A full date in the lead paragraph's first words (a dateline), or else a month and day
    there without a year (for the corpus to place)."""
    head = lead[:200]
    iso = find_date(head, fallback=False)
    if iso:
        return iso, None
    return None, find_month_day(lead[:400])


# A rights line that says the text is someone else's, used by leave: "Copyright X 2005.
# Reproduced with permission.", "(c) X, used under licence", "X - for use by subscribers only".
_BY_LEAVE = re.compile(r"(?:reproduced|reprinted|republished|used|published|distributed)\s+(?:with|by|under)\s+"
                       r"(?:kind\s+)?(?:permission|licen[cs]e|arrangement|agreement)|under licen[cs]e|"
                       r"syndicat|for use by (?:subscribers|licensees|clients)", re.I)
# Of those, a line that says the page uses the text by the holder's permission: the page is
# another's (a subscriber's "for use by subscribers" line may be the agency's own copy).
_BY_PERMISSION = re.compile(r"(?:reproduced|reprinted|republished|used|published)\s+(?:with|by|under)\s+"
                            r"(?:kind\s+)?(?:permission|licen[cs]e|arrangement|agreement)|under licen[cs]e", re.I)


def by_permission(text: str) -> bool:
    return bool(_BY_PERMISSION.search(text))


_RIGHTS_HOLDER = re.compile(r"^(?P<n>[^|·•,:;()]{2,60}?)\s*[-–—:]\s*(?:for use by|all rights reserved|distributed by)", re.I)


def copyright_holders(lines: list[str], lex: Lexicon) -> list[tuple[str, bool]]:
    """(rights-holder, used by leave) of each rights line: "Copyright (c) 2005 Dow Jones &
    Company, Inc." gives ("Dow Jones & Company", False); "UK Sports Wire - for use by
    subscribers only" gives ("UK Sports Wire", True)."""
    out = []
    memo = lex.remember("copyright_holders")
    for text in lines:
        if not _RIGHTS_GATE.search(text):
            continue  # most furniture lines say nothing of rights
        if text not in memo:
            memo[text] = tuple(_holders(text))
        out += memo[text]
    return out


_RIGHTS_GATE = re.compile("|".join(re.escape(k) for k in _COPYRIGHT_KEYS) + r"|reserved|for use by", re.I)


def _holders(text: str) -> list[tuple[str, bool]]:
    leave = bool(_BY_LEAVE.search(text))
    names = [_clean_name(m.group("n")) for m in _COPYRIGHT.finditer(text)] \
        if any(k in text for k in _COPYRIGHT_KEYS) else []
    if not names:
        m = _RIGHTS_HOLDER.match(text.strip())
        names = [_clean_name(m.group("n"))] if m else []
    names = [_CORPORATE.sub("", n) for n in names]
    return [(n, leave) for n in names if n and n.casefold() not in _STOP_NAMES
            and n.split()[0].casefold() not in ("our", "my", "your", "all")]


# "Dow Jones & Company, Inc.": the company form after the name
_CORPORATE = re.compile(r"(?:\s*(?:,|&|and)?\s*(?:company|co|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|s\.?a|"
                        r"corp|corporation|group|l\.?p|llp)\.?)+$", re.I)


_DATE_CELL_SEP = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+|,\s+")
# Words a dateline's first cell starting with is a date or a stamp, no outlet.
_NOT_OUTLET_HEAD = (weekday_names(("en", "fr", "de", "es", "it", "nl"), abbreviated=("en",))
                    | frozenset(month_numbers(("en",), abbreviated=("en",)))
                    | frozenset("updated published posted last".split()))


def dateline_cells(text: str, lex: Lexicon, body: str) -> tuple[str | None, list[str], str | None]:
    """(outlet, people, date) of a head line that reads "Outlet | By Name | 1 March 2005" or
    "Outlet, 21 April 2005": its first cell names the outlet when the rest holds a full date.
    A first cell that the body names too is the place of a dateline ("Caracas, 9 de febrero"),
    not the outlet; an unknown name must read as an outlet ("Asia Metals Daily") or be of two
    or more words, not in capitals ("NEW YORK")."""
    if len(text) > 160 or not _YEAR.search(text):
        return None, [], None  # no full date, or a body line
    memo = lex.remember("dateline_cells")
    if text not in memo:
        memo[text] = _dateline_cells(text, lex)
    outlet, people, iso, check = memo[text]
    if check and outlet.casefold() in body.casefold():
        outlet = None  # the place of a dateline, which the body names too
    return outlet, list(people), iso


_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _dateline_cells(text: str, lex: Lexicon) -> tuple[str | None, tuple[str, ...], str | None, bool]:
    """(outlet, people, date, whether the outlet must be absent from the body)."""
    m = _DATE_CELL_SEP.search(text)
    if not m or m.start() == 0:
        return None, (), None, False
    first, rest = text[:m.start()].strip(), text[m.end():]
    iso = find_date(rest, fallback=False)
    if not iso or find_date(first, fallback=False) or any(c.isdigit() for c in first):
        return None, (), None, False
    people = []
    for cell in _DATE_CELL_SEP.split(rest):
        if _BYLINE.match(cell):
            people += parse_byline(cell, lex)[0]
    words = first.split()
    if 1 <= len(words) <= 6 and first[:1].isupper() and not _BYLINE.match(first) \
            and words[0].strip(".,").casefold() not in _NOT_OUTLET_HEAD and not _JOB_WORDS.search(first):
        if _is_known(first, lex):
            return canonical_outlet(first, lex), tuple(people), iso, False
        if _OUTLET_WORDS.search(first):
            return first, tuple(people), iso, False
        if len(words) >= 2 and not first.isupper():
            return first, tuple(people), iso, True
    return None, tuple(people), iso, False
