"""Credit lines: who a text says supplied it, wherever the line sits ("... said. REUTERS" at
the end of the last paragraph, "Source: NPA" or "With files from X and Y" at the foot, "X
contributed to this report", reprint notices naming the first publisher, in several
languages). The names come back canonical, as the outlet and wire readers of ``metadata``
give them."""
from __future__ import annotations

import re

from .furniture import is_photo_credit, wire_list
from .lines import Line, make_line
from .metadata import (_JOB_WORDS, _ORG_WORDS, _OUTLET_WORDS, _acronym, _clean_name, _is_known, credit_name,
                       wire_name)
from .word_lists import Lexicon, lookup
from ..words import name_words

_TAIL_CREDIT = [
    re.compile(r"(?<=[.!?\"”’»)])\s+(?P<w>[A-Z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Z][A-Za-z&.\-]*){0,3})\s*$"),
    re.compile(r"\s+[-–—]\s*(?P<w>[A-Za-z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Za-z][A-Za-z&.\-]*){0,3})\.?\s*$"),
    re.compile(r"\s*\((?P<w>[A-Za-z][A-Za-z&.\-]*(?:\s*(?:,|/|and|&)\s*[A-Za-z][A-Za-z&.\-]*){0,3})\)\.?\s*$"),
    re.compile(r"\s*/(?P<w>[A-Za-z][A-Za-z&.\-]*(?:/[A-Za-z][A-Za-z&.\-]*){0,3})/?\s*$"),
]
# A character each tail pattern cannot match without (most lines end with none of them).
_TAIL_KEYS = [(pat, re.compile(f"[{re.escape(chars)}]"))
              for pat, chars in zip(_TAIL_CREDIT, ['.!?"”’»)', "-–—", "(", "/"])]


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
        # news copy ends its sentence with a full stop or a quote: "... them was the days ! LOL"
        # closes a reader's remark, and only a listed agency credits after "!" or "?"
        if (pat is _TAIL_CREDIT[0] and end[:m.start() + 1].rstrip()[-1:] in "!?"
                and not all(lookup(lex.wires, n) for n in names)):
            continue
        return last[:cut + m.start()].rstrip(), names
    return None


# Credit lines that name who supplied the text: "Additional reporting by Reuters and AFP",
# "Reuters and Bloomberg contributed to this report", "This article first appeared in The
# Conversation", "Reprinted with permission from X", and the same in the other languages.
# Between a credit cue and its names: a colon, a space, or both ("Additional reporting: X",
# "Reprinted from: X", "Reporting by X").
_NAMES_FOLLOW = r"(?:\s*:\s*|\s+)"
# a lower-case article before a publisher's name ("in der Zeit", "dans le Monde"; "Die Zeit"
# keeps its own)
_ARTICLE = r"(?:(?-i:der|dem|den|la|le|les|el|il|lo|het|de)\s+|(?-i:l)')?"
_NAMED_CREDIT = [re.compile(p, re.I) for p in (
    r"^\(?(?:(?:with )?(?:(?:additional|further|contributed|contributing) )?reporting(?: (?:by|from)" + _NAMES_FOLLOW
    + r"|\s*:\s*)|contributing\s*:\s*)(?P<w>.+?)\)?\.?$",
    r"^(?P<w>.+?)\s+contributed(?: reporting)? to this (?:report|story|article)\.?$",
    r"^(?:compiled|written) (?:from|with) (?:reports|wire reports|agency reports)(?: (?:by|from)"
    + _NAMES_FOLLOW + r"|\s*:\s*)(?P<w>.+?)\.?$",
    r"(?:first|originally) (?:appeared|published|ran) (?:in|on|at|by)" + _NAMES_FOLLOW + r"(?P<w>.+?)"
    r"(?:\s+(?:on|in)\s+(?:\w+\s+)?\d.*|\s+and is republished.*|,.*)?\.?$",
    r"^(?:reprinted|republished|reproduced)(?: with (?:kind )?permission)? (?:from|of|by)" + _NAMES_FOLLOW + r"(?P<w>.+?)\.?$",
    # a book or a feature's excerpt: "Extract from X", "Excerpted from X", "Adapted from X"
    r"^(?:an? )?(?:extract(?:ed)?|excerpt(?:ed)?|adapted) (?:from|of)" + _NAMES_FOLLOW + r"(?P<w>.+?)\.?$",
    # a reprint notice in other words: "(Courtesy: X)", "Via the X blog", "Tomado de X"
    r"^\(?(?:courtesy(?: of)?|via)\s*:?\s+(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:tomado|reproducido|extra[ií]do) de" + _NAMES_FOLLOW + r"(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:übernommen|entnommen) (?:von|aus)" + _NAMES_FOLLOW + r"(?P<w>[^()]+?)\)?\.?$",
    r"^\(?(?:repris|reproduit) (?:de|du|d'|par)\s*(?P<w>[^()]+?)\)?\.?$",
    # first publication in the other languages, either word order ("zuerst erschienen in
    # der X", "publié initialement dans X", "verscheen eerder in X"; the article before the
    # name stays out of it)
    r"(?:(?:erschien|erschienen) (?:zuerst|erstmals|urspr(?:ü|u)nglich)|(?:zuerst|erstmals|urspr(?:ü|u)nglich) "
    r"erschienen) (?:bei|in|im|auf)" + _NAMES_FOLLOW + _ARTICLE + r"(?P<w>.+?)\.?$",
    r"zuerst (?:bei|in|im|auf)\s+" + _ARTICLE + r"(?P<w>.+?) erschienen\.?$",
    r"^erstver(?:ö|o)ffentlichung\s*:\s*(?P<w>.+?)\.?$",
    r"(?:(?:initialement|d'abord|originellement) (?:publi(?:é|e)|paru)e?|(?:publi(?:é|e)|paru)e? (?:initialement|"
    r"d'abord|originellement|pour la premi(?:è|e)re fois)) (?:dans|par|sur|chez)" + _NAMES_FOLLOW + _ARTICLE
    + r"(?P<w>.+?)\.?$",
    r"(?:apareci(?:ó|o)|publicad[oa]|apareceu) (?:originalmente|por primera vez|pela primeira vez|inicialmente) "
    r"(?:en|por|em|no|na|pelo|pela)" + _NAMES_FOLLOW + _ARTICLE + r"(?P<w>.+?)\.?$",
    r"(?:pubblicat|appars|uscit)[oa] (?:originariamente|per la prima volta|inizialmente) (?:su|da|in|sul|sulla|"
    r"nel|nella)" + _NAMES_FOLLOW + _ARTICLE + r"(?P<w>.+?)\.?$",
    r"(?:(?:verscheen|verschenen|gepubliceerd) (?:eerder|eerst|oorspronkelijk)|oorspronkelijk (?:verschenen|"
    r"gepubliceerd)) (?:in|bij|op)" + _NAMES_FOLLOW + _ARTICLE + r"(?P<w>.+?)\.?$",
)]


# The first patterns (reporting, contributed, compiled) also name people: there only an
# agency or an outlet counts; a reprint notice names a publisher, whoever it is.
_PEOPLE_MAY_REPORT = 3


# A list of names: commas, semicolons and the word "and" of each language split it; "&" splits
# it between names that stand alone (known, or acronyms: "Reuters & AFP") or between full
# names ("Jane Doe & John Smith"), and elsewhere is part of one name ("Motori & Finanza",
# "Standard & Poor's", "Dow Jones & Company").
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\b(?:and|und|et|y|e|en|и|і)\b)\s*")
_AMPERSAND = re.compile(r"\s*&\s*")


def name_parts(w: str, lex: Lexicon) -> list[str]:
    """The names of a credit's list, stripped of surrounding punctuation."""
    out = []
    for part in _LIST_SPLIT.split(w):
        sides = _AMPERSAND.split(part)
        # two full names either side ("Jane Doe & John Smith") are two names too
        if len(sides) > 1 and not all(_is_known(x, lex) or _acronym(x.strip(" .,;:'\"“”")) for x in sides) \
                and not all(len(x.split()) > 1 for x in sides):
            sides = [part]
        out.extend(x.strip(" .,;:'\"“”") for x in sides)
    return [x for x in out if x]


def _joined_name(part: str) -> bool:
    """A capitalised name joined by "&" ("Motori & Finanza"): a firm or an outlet, never a
    person (a list of people is split by the words for "and")."""
    sides = _AMPERSAND.split(part)
    return len(sides) > 1 and all(x[:1].isupper() for x in sides)


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
        for part in name_parts(w, lex):
            # (a word only news outlets are named with counts: "Reporting by Tennis Newswire")
            if k < _PEOPLE_MAY_REPORT and not (_is_known(part, lex) or _OUTLET_WORDS.search(part) or _acronym(part)
                                               or _joined_name(part)):
                continue  # "Reporting by Eirik Sandnes": a person, not a source
            part = _clean_name(re.sub(r"^(?:(?:the|la|le|el|der|die|das|o|a)\s+|l')(?=\w)", "", part, flags=re.I)
                               if _is_known(part, lex) else part)
            # "via the Fly India blog", "the Press Association news agency": the name between
            # the lower-case words
            part = re.sub(r"\s+(?:news agency|agency|wire service|news service|blog|website|site|web site|page|"
                          r"newsletter)$", "", re.sub(r"^the\s+(?=[A-Z])", "", part))
            words = part.split()
            # (a reprint notice names a publisher: "The Scottish Rugby Reporter" is no byline)
            if part and len(words) <= 6 and part[:1].isupper() and (
                    not _JOB_WORDS.search(part) or (k >= _PEOPLE_MAY_REPORT and len(words) > 1)):
                out.append(credit_name(part, lex))
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
                 r"avec (?:l'agence|des informations de)|según informaci[oó]n de|con fonti|"
                 # "according to" standing alone before a name: a line that is nothing more
                 r"according to|d'apr[eè]s|selon|seg[uú]n|segundo|secondo|laut|volgens")
# (the word whole: "Sources: X" is no "Source" followed by "s: X")
_SOURCE_LINE = re.compile(r"^\(?(?:" + _SOURCE_WORDS + r")(?!\w)\s*:?\s*(?P<w>[^()]+?)\)?\.?$", re.I)
_WITH_LINE = re.compile(r"^\(?(?:with|avec|con|com|mit|met|[-–—])\s+(?P<w>[^()]+?)\)?\.?$", re.I)
# (with an adjective before or after it: "the Indian news agency PTI", "l'agence indienne PTI")
_AGENCY_WORD = re.compile(r"^(?:the |la |l'|a |o |die |der )?(?:(?-i:[a-zà-ÿ]+) )?(?:news )?(?:agency|agence|agencia|"
                          r"agenzia|agência|agentur|nachrichtenagentur|persbureau)(?: (?-i:[a-zà-ÿ]+))?\s+", re.I)


# "From the Non-League Paper", "Aus der Harbour Post", "Tratto da X": a line that is nothing
# but where the text was taken from; the name must be an outlet's (known or named like one),
# so "From the Archives" or "From the editors" is no credit.
_FROM_LINE = re.compile(r"^\(?(?:from|aus (?:der|dem)|tir(?:é|e)e? d(?:e|u|es)|extrait d(?:e|u|es)|tratto da|"
                        r"overgenomen (?:uit|van))\s+(?:(?-i:the)\s+)?(?P<w>[^,;:!?()]{2,60}?)\)?\.?$", re.I)


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
            w = m.group("w").strip(" .:")
            # "the news agency PTI" names PTI; "Agence France-Presse" is an agency's whole name
            names = wire_list(w, lex) if lookup(lex.wires, w) else None
            w = _AGENCY_WORD.sub("", w)
            names = names or wire_list(w, lex) or _org_list(w, lex, loose)
            if names:
                return names
    m = _FROM_LINE.match(text)
    if m:
        names = _org_list(m.group("w"), lex, False)
        if names:
            return names
    return named_credit(text.lstrip("-–—•* "), lex)


def foot_source_names(text: str, lex: Lexicon) -> list[str]:
    """The outlets a "Source: X" line at the foot of the body names, whatever their names
    ("Quelle: Versicherungsbote", "Source : Le Quotidien de Londres"): at the foot the line
    credits the text, where under a chart mid-article it names the source of a figure
    (``credit_line_names`` reads those lines anywhere and wants a name shaped like an outlet's)."""
    m = _SOURCE_LINE.match(text.strip())
    if not m or is_photo_credit(make_line(text)):
        return []
    return _org_list(_AGENCY_WORD.sub("", m.group("w").strip(" .:")), lex, True, named=True)


_PARTICLES = name_words("outlet_particles")


def _proper_name(part: str) -> bool:
    """Every word capitalised but the particles ("Le Quotidien de Londres", "Música Notícias")."""
    return all(w[:1].isupper() or w.lower() in _PARTICLES or w == "&" for w in part.split())


def _org_list(w: str, lex: Lexicon, loose: bool, named: bool = False) -> list[str]:
    """The organisations of a short list ("The Andes Report and EFE"); [] when a part is not
    one: known, or named like a news organisation ("UK Sports Wire"). ``loose`` (after
    "Source:") lets an acronym count too; a "Source: Office for National Statistics" under a
    chart names the source of a figure, not of the text, and does not count; ``named`` (a
    source line at the foot) lets any proper name count."""
    out = []
    for part in name_parts(w, lex):
        words = part.split()
        known = _is_known(part, lex)
        if not (known or _OUTLET_WORDS.search(part) or (loose and _acronym(part))
                or (named and _proper_name(part))) or len(words) > 6 \
                or not (known or part[:1].isupper()) or _JOB_WORDS.search(part) or any(c.isdigit() for c in part):
            return []
        if known:
            part = re.sub(r"^(?:(?:the|la|le|el|der|die|das|o|a)\s+|l')(?=\w)", "", part, flags=re.I)
        out.append(credit_name(part, lex))
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
    credit_start = bool(_NAMED_CREDIT_START.match(t) or _FROM_LINE.match(t))
    if not t or len(t) > (120 if credit_start else 90) or len(t.split()) > (16 if credit_start else 10) or (
            ends_sentence(t) and not _SOURCE_LINE.match(t) and not credit_start):
        return []
    names = credit_line_names(make_line(t), lex) or _slash_list(t, lex)
    if not names:
        # "(Harbour Sports Wire)" alone under the body: an organisation's name in brackets
        m = re.fullmatch(r"\((?P<w>[^()]+)\)\.?", t)
        names = _org_list(m.group("w"), lex, False) if m else []
    return names


def _slash_list(t: str, lex: Lexicon) -> list[str]:
    """"Auto Industry Daily / Kyodo" under the body: sources joined by slashes, a known wire
    among them and the rest named like news outlets ("Home / News" is a menu)."""
    parts = [p.strip() for p in t.strip("()[]. ").split("/")]
    if not 2 <= len(parts) <= 4 or not any(lookup(lex.wires, p) for p in parts):
        return []
    if not all(lookup(lex.wires, p) or (_OUTLET_WORDS.search(p) and _proper_name(p) and len(p.split()) <= 5)
               for p in parts):
        return []
    return [credit_name(p, lex) for p in parts]


_NAMED_CREDIT_START = re.compile(r"^\(?(?:[-–—]\s*)?(?:with )?(?:additional |further )?reporting|contributed|first|originally", re.I)


def ends_sentence(t: str) -> bool:
    """A sentence ends the text (not an abbreviation's dot after a name: "Dow Jones Inc.")."""
    return bool(re.search(r"[a-z]{3,}[.!?][\"'’”»]?$", t))


# A company's form after the holder ("Vox Media, LLC", "Hearst Communications, Inc."): the
# site's owner, not a publisher the text came from.
_COMPANY_FORM = re.compile(r"\b(?:inc|llc|ltd|limited|plc|gmbh|corp|corporation|holdings|s\.a)\b\.?", re.I)


def foot_rights_holders(text: str, lex: Lexicon) -> list[str]:
    """The publishers a rights line right under the body names, when each is named like a news
    outlet or agency ("Copyright The Northern Courier", "© 2024 Agence X"): on a reprint that
    line is the first publisher's, where the site's own rights line sits in its footer. The
    caller credits a name only when it is not the page's own outlet."""
    from .metadata import _COPYRIGHT_KEYS, copyright_holders
    if not any(k in text for k in _COPYRIGHT_KEYS) or _COMPANY_FORM.search(text) \
            or is_photo_credit(make_line(text)):
        return []
    out = []
    for name, _leave in copyright_holders([text], lex):
        name = re.sub(r"^(?:(?:the|la|le|el|der|die|das)\s+|l')(?=\w)", "", name, flags=re.I) \
            if _is_known(name, lex) else name
        if (_is_known(name, lex) or _OUTLET_WORDS.search(name)) and _proper_name(name) \
                and len(name.split()) <= 6 and not any(c.isdigit() for c in name) and not _JOB_WORDS.search(name):
            out.append(credit_name(name, lex))
    return out


# A sentence that says whose report it tells, at the head or the foot of the text: "...,
# Xinhua news agency reports.", "..., reported the Harbour News Agency.", "..., berichtete die
# Nachrichtenagentur dpa.". The name counts when it is a listed agency or stands with the
# word for a news agency; "speaking to Reuters", "the agency said" (which agency?) or "the
# International Energy Agency said" credit nobody.
# (the words for a news agency: a bare "Agency" names a government body as often, "the
# International Energy Agency said")
_AGENCY_WORDS = (r"news agency|press agency|newswire|news service|wire service|nachrichtenagentur|presseagentur|"
                 r"agence de presse|agencia de noticias|agenzia di stampa|ag(?:ê|e)ncia de not(?:í|i)cias|persbureau|"
                 r"nieuwsagentschap")
_NEWS_NAME = re.compile(r"\b(?:News|Press|Newswire|Wire|Presse|Noticias|Notizie|Notícias)\b")
_SAID = (r"reports|reported|said|says|writes|wrote|berichtet|berichtete|meldet|meldete|rapporte|a rapport(?:é|e)|"
         r"indique|a indiqu(?:é|e)|informa|inform(?:ó|o)|inform(?:ou)|inform(?:a)|riferisce|ha riferito|"
         r"reportó|meldt|meldde|berichtte")
_WIRE_NAME = r"(?P<n>[\wÀ-ÿ][\w&'’.\-]*(?:\s+[A-ZÀ-Ý][\w&'’.\-]*){0,3})"
_SENTENCE_CREDIT = [re.compile(p) for p in (
    # "..., Xinhua news agency reports." / "..., the Harbour News Agency said."
    r"[,;]\s+(?:(?:the|la|l'|die|der|de|het)\s+)?" + _WIRE_NAME + r"(?P<ag>\s+(?i:" + _AGENCY_WORDS + r"))?\s+(?i:"
    + _SAID + r")\.[\"'’”»]?$",
    # "..., reported Xinhua news agency." / "..., berichtete die Nachrichtenagentur dpa."
    r"[,;]\s+(?i:" + _SAID + r")\s+(?:(?i:the|la|l'|die|der|de|het|el|il|a|o)\s*)?"
    # (a bare "l'agence", "die Agentur" before a listed agency's name)
    r"(?:(?i:agence|agencia|agenzia|ag(?:ê|e)ncia|agentur|agency)\s+)?(?:(?P<ag>(?i:" + _AGENCY_WORDS
    + r"))\s+)?" + _WIRE_NAME + r"(?P<ag2>\s+(?i:" + _AGENCY_WORDS + r"))?\.[\"'’”»]?$",
)]


def sentence_credit(sentence: str, lex: Lexicon) -> list[str]:
    """The agency a lead's or a closing sentence says it reports for (see ``_SENTENCE_CREDIT``)."""
    t = sentence.strip()
    if not t.endswith((".", '"', "'", "’", "”", "»")):
        return []
    for pat in _SENTENCE_CREDIT:
        m = pat.search(t[-160:])
        if not m:
            continue
        name = m.group("n").strip()
        agency_word = bool(m.group("ag") or ("ag2" in pat.groupindex and m.group("ag2")))
        # "the Harbour News Agency said": a news word inside an agency's name
        agency_word = agency_word or bool(_NEWS_NAME.search(name) and re.search(r"(?i:agency|service)$", name))
        if lookup(lex.wires, name):
            return [wire_name(name, lex)]
        if agency_word and name[:1].isupper() and not _JOB_WORDS.search(name) and name.split()[0].casefold() not in (
                "the", "a", "an", "this", "that"):
            return [credit_name(name, lex)]
    return []


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'’”»]?\s+(?=[A-ZÀ-Ý\"“«])")


def closing_sentence(paragraph: str) -> str:
    """The paragraph's last sentence (its last 300 characters at most)."""
    return _SENTENCE_BREAK.split(paragraph[-300:])[-1]
