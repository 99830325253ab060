"""Metadata from the text of an article: byline, outlet, publication date, credited wires.

Each is read from general signals, strongest first, and never overwrites what the reader
already set (from HTML meta tags or a JSON record's fields).
"""
from __future__ import annotations

import re

from .page_dates import find_date, find_month_day
from .furniture import _BYLINE, is_photo_credit, wire_list
from .word_lists import Lexicon, any_literal, lookup
from .lines import Line, make_line

_TOKEN = r"[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w&'’.\-]*"
_NAME = (r"(?:(?:the|The|l'|L'|le|la|el|der|die|das)\s+)?" + _TOKEN +
         r"(?:\s+(?:(?:of|de|di|du|del|der|für|&)\s+)?" + _TOKEN + r"){0,4}")
_REPORT_VERBS = (r"reports|reported|writes|wrote|informs|notes|berichtet|meldet|berichtete|rapporte|écrit|"
                 r"informa|escribe|riporta|scrive|relata|noemt|meldt|пише|пишет|повідомляє|повідомила|"
                 r"сообщает|сообщило|передає|передает|информирует|інформує")
_ACCORDING = (r"according to|citing|selon|d'après|según|secondo|laut|zufolge|segundo|volgens|за даними|"
              r"по данным|согласно|з посиланням на|со ссылкой на")
_NAME_FIRST = re.compile(r"(?:^|[,;(]\s*|\band\s+|\bas\s+)(?P<n>" + _NAME + r")\s+(?:" + _REPORT_VERBS + r")(?P<end>\s*[,.;)])?")
# Both attribution patterns name a reporting verb: a lead without one is passed over
# (the name patterns are slow to try at every position).
_REPORT_VERB = any_literal(_REPORT_VERBS.split("|"))
_VERB_FIRST = re.compile(r"[,;]\s*(?:" + _REPORT_VERBS + r")\s+(?P<n>" + _NAME + r")\s*(?:[.;,]|$)")
_SENTENCE_END = re.compile(r"[.!?][\"'’”»]?\s+(?=[A-ZА-ЯІЇЄҐ\"“«])")
_ACCORDING_TO = re.compile(r"(?:" + _ACCORDING + r")\s+(?P<n>" + _NAME + r")")
_LEAD_DATELINE = re.compile(r"^[^\n()]{0,90}?\((?P<w>[^()]{2,40})\)\s*[-–—:]")
_TAIL_CREDIT = [
    re.compile(r"(?<=[.!?\"”’»)])\s+(?P<w>[A-Z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Z][A-Za-z&.\-]*){0,3})\s*$"),
    re.compile(r"\s+[-–—]\s*(?P<w>[A-Za-z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Za-z][A-Za-z&.\-]*){0,3})\.?\s*$"),
    re.compile(r"\s*\((?P<w>[A-Za-z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Za-z][A-Za-z&.\-]*){0,3})\)\.?\s*$"),
    re.compile(r"\s*/(?P<w>[A-Za-z][A-Za-z&.\-]*(?:/[A-Za-z][A-Za-z&.\-]*){0,3})/?\s*$"),
]
# A character each tail pattern cannot match without (most lines end with none of them).
_TAIL_KEYS = [(pat, re.compile(f"[{re.escape(chars)}]"))
              for pat, chars in zip(_TAIL_CREDIT, ['.!?"”’»)', "-–—", "(", "/"])]
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
_OUTLET_WORDS = re.compile(_ORG_WORDS.pattern[:-3] + r"|report|reports|online|today|weekly|magazine|digest|"
                           r"bulletin|newswires?|newspaper|hebdo|wochenblatt|krant|dagblad|diario|giornale|"
                           r"jornal|noticias|notizie|nieuws|hoy|oggi|hoje|heute|vandaag|aujourd'hui)\b", re.I)
_JOB_WORDS = re.compile(r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|chief|"
                        r"redaktion|korrespondent|rédaction|redacción|redazione|special)\b", re.I)
_STOP_NAMES = {"the", "he", "she", "it", "they", "we", "this", "that", "there", "who", "which", "i", "you",
               "officials", "police", "ministry", "president", "government"}
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


def canonical_wire(name: str, lex: Lexicon) -> str:
    name = name.strip(" .,;:()")
    return lookup(lex.wires, name) or name


def _is_known(name: str, lex: Lexicon) -> bool:
    n = name.strip(" .,;:")
    n2 = re.sub(r"^(?:the|l'|le|la|el|der|die|das)\s+", "", n, flags=re.I)
    return bool(lookup(lex.wires, n) or lookup(lex.wires, n2) or lookup(lex.outlets, n) or lookup(lex.outlets, n2))


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
            orgs.append(canonical_outlet(seg, lex))
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
    return [canonical_outlet(x, lex) for x in segs
            if x and not _JOB_WORDS.search(x) and (_is_known(x, lex) or _ORG_WORDS.search(x))]


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
        if _is_known(name, lex) or (m.group("end") and m.start("n") > 0 and name.split()[-1][:1].isupper()):
            credits.append(canonical_wire(name, lex))
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
            credits.append(canonical_wire(re.sub(r"^(?:the|The)\s+", "", name), lex))
    for m in _ACCORDING_TO.finditer(first):
        name = _clean_name(m.group("n"))
        if lookup(lex.wires, name) or (_acronym(name) and len(name) <= 5):
            credits.append(canonical_wire(name, lex))
    return credits, outlet


def lead_dateline_credit(lead: str, lex: Lexicon) -> list[str]:
    """"WASHINGTON (AP) — ...", "MOSCOW, May 19 (Reuters) -": the agency in the dateline."""
    # the "(" opens within the first 91 characters (most leads have none there)
    m = _LEAD_DATELINE.match(lead) if "(" in lead[:91] else None
    if not m:
        return []
    return wire_list(m.group("w"), lex) or []


def tail_credit(last: str, lex: Lexicon) -> tuple[str, list[str]] | None:
    """A credit at the end of the last paragraph ("... Mr Stubb said. REUTERS, BLOOMBERG",
    "— Reuters", "(AP)"): the paragraph without it and the agencies."""
    memo = lex.remember("tail_credit")
    if last in memo:
        got = memo[last]
    else:
        got = memo[last] = _tail_credit(last, lex)
    return (got[0], list(got[1])) if got is not None else None


def _tail_credit(last: str, lex: Lexicon) -> tuple[str, list[str]] | None:
    cut = max(0, len(last) - 90)  # a credit is a few words at the very end
    end = last[cut:]
    for pat, keys in _TAIL_KEYS:
        if not keys.search(end):
            continue  # none of the characters the pattern needs
        m = pat.search(end)
        if not m:
            continue
        names = wire_list(m.group("w"), lex)
        if not names:
            continue
        if pat is not _TAIL_CREDIT[0] and not all(lookup(lex.wires, n) for n in names):
            continue  # "(WTTC)." closing a sentence is an abbreviation, not a credit
        # a lower-case word is an agency only when listed ("dpa"), never a sentence's end
        if any(not (lookup(lex.wires, p) or _acronym(p)) for p in re.split(r"\s*(?:,|/|and|&)\s*", m.group("w").strip()) if p):
            continue
        return last[:cut + m.start()].rstrip(), names
    return None


# Credit lines that name who supplied the text: "Additional reporting by Reuters and AFP",
# "Reuters and Bloomberg contributed to this report", "This article first appeared in The
# Conversation", "Reprinted with permission from X", and the same in the other languages.
_NAMED_CREDIT = [re.compile(p, re.I) for p in (
    r"^\(?(?:with )?(?:additional|further)? ?reporting (?:by|from)\s+(?P<w>.+?)\)?\.?$",
    r"^(?P<w>.+?)\s+contributed(?: reporting)? to this (?:report|story|article)\.?$",
    r"^(?:compiled|written) (?:from|with) (?:reports|wire reports|agency reports) (?:by|from)\s+(?P<w>.+?)\.?$",
    r"(?:first|originally) (?:appeared|published|ran) (?:in|on|at|by)\s+(?P<w>.+?)"
    r"(?:\s+(?:on|in)\s+(?:\w+\s+)?\d.*|\s+and is republished.*|,.*)?\.?$",
    r"^(?:reprinted|republished|reproduced)(?: with (?:kind )?permission)? (?:from|of|by)\s+(?P<w>.+?)\.?$",
    # a reprint notice in other words: "(Courtesy: X)", "Via the X blog", "Tomado de X"
    r"^\(?(?:courtesy(?: of)?|via)\s*:?\s+(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:tomado|reproducido|extra[ií]do) de\s+(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:übernommen|entnommen) (?:von|aus)\s+(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:repris|reproduit) (?:de|du|d'|par)\s*(?P<w>[^()]+?)\)?\.?$",
    r"(?:erschien|erschienen) (?:zuerst|urspr(?:ü|u)nglich) (?:bei|in|im|auf)\s+(?P<w>.+?)\.?$",
    r"(?:initialement|d'abord) (?:publi(?:é|e)|paru)e? (?:dans|par|sur)\s+(?P<w>.+?)\.?$",
    r"publicad[oa] originalmente (?:en|por|em|no|na|pelo|pela)\s+(?P<w>.+?)\.?$",
    r"pubblicat[oa] originariamente (?:su|da|in)\s+(?P<w>.+?)\.?$",
)]


# The first patterns (reporting, contributed, compiled) also name people: there only an
# agency or an outlet counts; a reprint notice names a publisher, whoever it is.
_PEOPLE_MAY_REPORT = 3


def named_credit(text: str, lex: Lexicon) -> list[str]:
    """The agencies or first publishers a credit line names (see ``_NAMED_CREDIT``)."""
    t = text.strip()
    for k, pat in enumerate(_NAMED_CREDIT):
        m = pat.search(t)
        if not m:
            continue
        w = m.group("w").split(";")[0].strip(" .,;:()\"'“”")
        names = wire_list(w, lex)
        if names:
            return names
        out = []
        for part in re.split(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", w):
            if k < _PEOPLE_MAY_REPORT and not (_is_known(part, lex) or _ORG_WORDS.search(part)):
                continue  # "Reporting by Eirik Sandnes": a person, not a source
            part = _clean_name(re.sub(r"^(?:the|la|le|el|der|die|das|o|a)\s+(?=\w)", "", part, flags=re.I)
                               if _is_known(part, lex) else part)
            # "via the Fly India blog", "the Press Association news agency": the name between
            # the lower-case words
            part = re.sub(r"\s+(?:news agency|agency|wire service|news service|blog|website|site|web site|page|"
                          r"newsletter)$", "", re.sub(r"^the\s+(?=[A-Z])", "", part))
            words = part.split()
            # (a reprint notice names a publisher: "The Scottish Rugby Reporter" is no byline)
            if part and len(words) <= 6 and part[:1].isupper() and (
                    not _JOB_WORDS.search(part) or (k >= _PEOPLE_MAY_REPORT and len(words) > 1)):
                out.append(canonical_wire(part, lex) if lookup(lex.wires, part) else canonical_outlet(part, lex))
        if out:
            return out
    return []


# A line that names the supplier of the text after a word that says so: "Source: NPA",
# "Quelle: UK Sports Wire", "With files from X and Y", "(avec Dow Jones Newswires)", "Com
# informações da agência Xinhua", "- Reuters". After "source"-like words any organisation
# counts; after a bare "with" (avec, con, com, mit, met) or a dash only a short list of names.
_SOURCE_WORDS = (r"source|sources|quelle|quellen|fuente|fuentes|fonte|fontes|bron|джерело|источник|"
                 r"with (?:agency )?inputs? from|with files from|with (?:additional )?reporting from|"
                 r"mit material (?:von|der|des)|con informaci[oó]n de|com informaç(?:ão|ões) d[aeo]s?|"
                 r"avec (?:l'agence|des informations de)|según informaci[oó]n de|con fonti")
_SOURCE_LINE = re.compile(r"^\(?(?:" + _SOURCE_WORDS + r")\s*:?\s*(?P<w>[^()]+?)\)?\.?$", re.I)
_WITH_LINE = re.compile(r"^\(?(?:with|avec|con|com|mit|met|[-–—])\s+(?P<w>[^()]+?)\)?\.?$", re.I)
_AGENCY_WORD = re.compile(r"^(?:the |la |l'|a |o )?(?:news )?(?:agency|agence|agencia|agenzia|agência|agentur|"
                          r"nachrichtenagentur|persbureau)\s+", re.I)


def credit_line_names(line: Line, lex: Lexicon) -> list[str]:
    """Agencies or outlets a furniture line credits: a lone "Bloomberg", "Source: NPA",
    "With inputs from PTI". Photo credits do not count: a photo from Reuters says nothing
    of the text."""
    if is_photo_credit(line):
        return []
    text = line.text.strip()
    names = wire_list(text, lex)
    if names:
        return names
    for pat, loose in ((_SOURCE_LINE, True), (_WITH_LINE, False)):
        m = pat.match(text)
        if m:
            w = _AGENCY_WORD.sub("", m.group("w").strip(" .:"))
            names = wire_list(w, lex) or _org_list(w, lex, loose)
            if names:
                return names
    return named_credit(text.lstrip("-–—•* "), lex)


def _org_list(w: str, lex: Lexicon, loose: bool) -> list[str]:
    """The organisations of a short list ("The Andes Report and EFE"); [] when a part is not
    one: known, or named like a news organisation ("UK Sports Wire"). ``loose`` (after
    "Source:") lets an acronym count too; a "Source: Office for National Statistics" under a
    chart names the source of a figure, not of the text, and does not count."""
    out = []
    for part in re.split(r"\s*(?:,|;|&(?=\s)|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*", w):
        part = part.strip(" .,;:'\"“”")
        if not part:
            continue
        words = part.split()
        known = _is_known(part, lex)
        if not (known or _OUTLET_WORDS.search(part) or (loose and _acronym(part))) or len(words) > 6 \
                or not part[:1].isupper() or _JOB_WORDS.search(part) or any(c.isdigit() for c in part):
            return []
        if known:
            part = re.sub(r"^(?:the|la|le|el|der|die|das|o|a)\s+(?=\w)", "", part, flags=re.I)
        out.append(canonical_wire(part, lex) if lookup(lex.wires, part) else canonical_outlet(part, lex))
    return out


def worded_credit(line: str, lex: Lexicon) -> list[str]:
    """The sources of a credit line that says it credits ("Source: X", "With files from X",
    "X contributed to this report"), never of a lone name: among a page's navigation a lone
    "ATP" or "TV" is a menu item, not an agency."""
    t = line.strip()
    if not (_SOURCE_LINE.match(t) or _WITH_LINE.match(t) or any(p.search(t.lstrip("-–—•* ")) for p in _NAMED_CREDIT)):
        return []
    return foot_credit(t, lex)


def foot_credit(paragraph: str, lex: Lexicon) -> list[str]:
    """The sources a short paragraph at the foot of the body credits when it is a credit line
    left in the text ("With files from The Andes Report and EFE", "- UK Sports Wire")."""
    if len(paragraph) > 120:
        return []  # a body paragraph
    memo = lex.remember("foot_credit")
    if paragraph not in memo:
        memo[paragraph] = tuple(_foot_credit(paragraph, lex))
    return list(memo[paragraph])


def _foot_credit(paragraph: str, lex: Lexicon) -> list[str]:
    t = paragraph.strip()
    # (a line that starts as a credit may name two sources at length: "With reporting from
    # the Press Association news agency and The Associated Press")
    credit_start = bool(_NAMED_CREDIT_START.match(t))
    if not t or len(t) > (120 if credit_start else 90) or len(t.split()) > (16 if credit_start else 10) or (
            ends_sentence(t) and not _SOURCE_LINE.match(t) and not credit_start):
        return []
    return credit_line_names(make_line(t), lex)


_NAMED_CREDIT_START = re.compile(r"^\(?(?:[-–—]\s*)?(?:with )?(?:additional |further )?reporting|contributed|first|originally", re.I)


def ends_sentence(t: str) -> bool:
    """A sentence ends the text (not an abbreviation's dot after a name: "Dow Jones Inc.")."""
    return bool(re.search(r"[a-z]{3,}[.!?][\"'’”»]?$", t))


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
                        r"corp|corporation|group)\.?)+$", re.I)


_DATE_CELL_SEP = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+|,\s+")
_NOT_OUTLET_HEAD = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun "
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec updated published posted last lundi mardi mercredi jeudi "
    "vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag lunes martes "
    "miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split())


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
