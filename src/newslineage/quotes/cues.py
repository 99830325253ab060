"""Speakers from speech cues read off the words around a quote, without a parser.

Most attributions in news follow a handful of shapes: "…,” Brandt said', '…,” said Dr Amara
Nwosu', 'Viktor Halme, her coach, said: “…', '…,” he added', '…” according to Pieter Claes',
'„…“, sagte Feldhaus'. ``cue_speaker`` reads these from the sentence around a quote (the
frame) and says who spoke, or that nobody is named, or that it cannot tell (then the caller
parses the frame with spaCy). It is a few regex scans per quote, so it runs on every quote of
a corpus; the parser only sees the leftovers.
"""
from __future__ import annotations

import re

from ..words import calendar_names, name_words, stop_words
from . import verbs
from .speakers import _PROPER, HONORIFICS

# The forms of the speech verbs that mark a cue (``verbs``): English, and a few other
# languages' attributions (speaker after the verb, as they are usually written).
_FORMS_OTHER = verbs.CUE_FORMS_OTHER
SPEECH_FORMS_ALL = verbs.CUE_FORMS_EN | verbs.CUE_FORMS_OTHER

# Words (an initial keeps its full stop: "John F. Kennedy"), numbers, and the punctuation
# that bounds a subject. A full stop after a word is a token of its own.
_WORD = re.compile(r"[A-Z]\.(?=\s+[A-Z])|[^\W\d_](?:[\w'’&-]|\.(?=\w))*|\d[\w.,]*\w|\d|[,;:()—–.!?-]",
                   re.UNICODE)
_PARTICLES = name_words("person_particles")
_NOT_NAME = stop_words("quote_not_names") | calendar_names("en")
_ARTICLES = stop_words("articles")
PRONOUNS = frozenset("he she i we they".split())
# Last words of organisation names: "Kestrel Resources said" names no person.
ORG_WORDS = name_words("organisation_ends")
# Occupations written before a name ("Actress Sandra Dee", "Attorney General X Y").
ROLE_WORDS = name_words("occupations")
_MAX_SUBJECT = 14  # words of a subject phrase looked at (the name is at its end)
_PREPS = stop_words("subject_prepositions")
_LEADERS = stop_words("clause_leaders")
_AUX = stop_words("subject_trailers")
_JOINS = frozenset(", who which that and but as when while".split())
_BOUNDS = frozenset(".;:!?()")


def _is_cap(w: str) -> bool:
    """A capitalised word that may be part of a name ("Houston-based" is not)."""
    return w[:1].isupper() and w.casefold().rstrip(".") not in _NOT_NAME and not _MODIFIER.search(w)


_MODIFIER = re.compile(r"-(?:based|born|backed|led|owned|run|controlled|nominated|winning|made|"
                       r"listed|registered|funded|bound|style|era|era's|old|year-old)\b")


is_cap = _is_cap  # for the parse filter in link


def _capword(w: str) -> bool:
    return _is_cap(w) or (w[:1].isupper() and w.casefold() in HONORIFICS)


def _strip_titles(run: list[str]) -> list[str]:
    titled = [i for i, t in enumerate(run) if t.casefold() in HONORIFICS]
    return run[titled[-1] + 1:] if titled else run


def _runs(toks: list[str], subject: bool = True) -> list[tuple[int, list[str], bool]]:
    """Capitalised runs in ``toks``: (index of the first word, words, eligible as a person).

    A run right after a preposition ("of BNP Paribas", "in Tokyo") or ending in a
    possessive ("Ernst and Young's") is an affiliation, not a speaker. With ``subject`` (a
    speech verb's subject phrase), a run before a lower-case word modifies a noun instead."""
    out = []
    i = 0
    while i < len(toks):
        if not _capword(toks[i]):
            i += 1
            continue
        j = i
        run = []
        while j < len(toks) and (_capword(toks[j]) or ((toks[j].casefold() in _PARTICLES or toks[j] == "and")
                                                        and run and j + 1 < len(toks) and _is_cap(toks[j + 1]))):
            run.append(toks[j])
            j += 1
            if run[-1].endswith(("'s", "’s", "'", "’")):
                break
        k = i - 1
        if k >= 0 and toks[k].casefold() in _ARTICLES:
            k -= 1
        ok = not (k >= 0 and toks[k].casefold() in _PREPS) and not run[-1].endswith(("'s", "’s", "'", "’"))
        # "a Vodafone spokesman", "Hansa Bank chief economist": a modifier of a common noun
        if (subject and j < len(toks) and toks[j][:1].islower() and toks[j].casefold() not in _PREPS | _LEADERS | {"who"}
                and not any(t.casefold() in HONORIFICS for t in run)):
            ok = False
        out.append((i, run, ok))
        i = max(j, i + 1)
    return out


def _person(run: list[str]):
    """(name, titled) of a run that can name a person, else None."""
    if "and" in run or "&" in run:
        return None  # "Finance and Economy Ministry", "Platoon and Born": no one person
    titled = any(t.casefold() in HONORIFICS for t in run)
    bare = _strip_titles(run)
    while len(bare) > 2 and (bare[0].casefold() in ROLE_WORDS or bare[0].isupper()):
        bare = bare[1:]  # "US Attorney Roslynn Mauskopf", "Actress Sandra Dee"
        titled = True
    if not bare:
        return None
    last = bare[-1].casefold().rstrip(".")
    if last in ORG_WORDS or any(t.casefold() in ORG_WORDS for t in bare) and not titled:
        return None
    if len(bare) == 1 and (bare[0].isupper() or "&" in bare[0]):
        return None  # "SEC", "M&S": an acronym is an organisation
    return " ".join(bare), titled or len(bare) > 1


def person_mentions(text: str) -> list[tuple[str, bool]]:
    """People named in ``text`` in order: (name without titles, full: two or more words or
    titled). Organisations, acronyms and places after a preposition are left out."""
    out = []
    for _, run, ok in _runs(_WORD.findall(text), subject=False):
        found = _person(run) if ok else None
        if found:
            out.append(found)
    return out


def _last_two(name: str) -> str:
    toks = name.split()
    if len(toks) > 2 and not any(t.casefold() in _PARTICLES for t in toks):
        return " ".join(toks[-2:])
    return name


def _pick(toks: list[str], english: bool):
    """(who, kind) for a subject phrase: the person named at its end, a pronoun, a role
    ("the minister") or nobody (an organisation); None when it cannot tell."""
    while toks and toks[0].casefold() in _LEADERS | {",", "—", "–", "-"}:
        toks = toks[1:]
    while toks and (toks[-1].casefold() in _AUX | {","} or toks[-1].endswith("ly") and toks[-1].islower()):
        toks = toks[:-1]  # "has", "also", "repeatedly" before the verb
    if not toks:
        return None
    toks = toks[-_MAX_SUBJECT:]
    if toks[-1].casefold() in PRONOUNS and (len(toks) == 1 or toks[-2].casefold() in _JOINS):
        return toks[-1].casefold(), "pronoun"
    runs = _runs(toks)
    people = [(i, p) for i, run, ok in runs if ok for p in [_person(run)] if p]
    if not english:  # capitalised nouns: only a two-word or titled run is a name, and a
        # noun may lead it ("Geschäftsführer Tor Elvestad"): the last two words name the person
        people = [(i, (_last_two(p[0]), p[1])) for i, p in people if p[1]]
    full = [x for x in people if x[1][1]]
    if full:
        return full[-1][1][0], "name"
    if people:
        return people[-1][1][0], "name"
    if toks[-1][:1].islower() and len(toks) <= 8:
        return " ".join(toks), "role"  # "a Vodafone spokesman", "the minister"
    if runs:
        last_i, last_run, last_ok = runs[-1]
        if not last_ok and last_i + len(last_run) == len(toks):
            return None  # "Secretary of State Marco Rubio": a title's complement, or a name?
        return None, None  # only organisations and places
    if toks[-1][:1].islower() and len(toks) <= 8:
        return " ".join(toks), "role"
    return None


def _clause_tail(toks: list[str]) -> tuple[list[str], str | None]:
    """The words of the clause ending at the end of ``toks`` (back to a sentence break, a
    colon or an earlier speech verb, at most three commas back) and the word it stopped at
    (None: the start)."""
    out: list[str] = []
    commas = 0
    for t in reversed(toks):
        if t in _BOUNDS and t not in "()" or t.casefold() in SPEECH_FORMS_ALL:
            return out, t
        if t == ",":
            commas += 1
            if commas > 3:
                return out, t
        if t not in "()":
            out.insert(0, t)
    return out, None


def _chunk_after(toks: list[str]) -> list[str]:
    """Words after an inverted verb up to the end of the speaker phrase ("said ING analyst
    Gerard Rijk of Inbev, who …")."""
    out = []
    for t in toks[:10]:
        if t in _BOUNDS or t == "," or t.casefold() in ("who", "whose", "which", "that", "adding", "describing"):
            break
        out.append(t)
    return out


_OPEN_TAIL = re.compile(r"[\s\"“”„‘’'«»‹›]*$")
_CLOSE_HEAD = re.compile(r"^[\"“”„‘’'«»‹›\s]*")


# Participles and coordinated verbs put the speaker out of the cue's reach ("…, saying it
# was “…”", "… but argued it was “…”"): the parser decides those.
_HARD = frozenset("""saying adding telling writing warning insisting arguing noting explaining
claiming stressing calling describing branding""".split())


def _is_cue(w: str, english: bool) -> bool:
    low = w.casefold()
    return low in _FORMS_OTHER or (english and low in SPEECH_FORMS_ALL)


def _after(toks: list[str], english: bool):
    """The speaker after an inverted verb, or in the apposition that follows it ("said EEF
    chief economist, Steve Radley")."""
    chunk = _chunk_after(toks)
    if not english and chunk and _is_cap(chunk[0]) and (len(chunk) == 1 or not _is_cap(chunk[1])):
        found = _person([chunk[0]])  # „…“, sagte Feldhaus am Dienstag
        return (found[0], "name") if found else None
    found = _pick(chunk, english)
    rest = toks[len(chunk):]
    # „…“, sagte die Fraktionschefin der Grünen, Helga Brenner: the apposition names her
    if (found is None or found[1] != "name" or not english) and len(rest) > 2 and rest[0] == ",":
        again = _pick(_chunk_after(rest[1:]), english)
        if again and again[1] == "name":
            return again
    return found


def _before(prw: list[str], english: bool):
    """The cue before the quote: 'Senator Ruth Abernathy wrote on X on Saturday: “…'."""
    for k in range(len(prw) - 1, -1, -1):
        w = prw[k]
        if w in ("!", "?") or w == "." and k < len(prw) - 1:
            break
        if w.casefold() == "to" and k > 0 and prw[k - 1].casefold() == "according":
            return _pick(_chunk_after(prw[k + 1:]), english)
        if _is_cue(w, english):
            if k and prw[k - 1].casefold() in ("and", "but"):
                return None  # the subject is further back
            subj, stop = _clause_tail(prw[:k])
            if stop in (":", ";", ","):
                return None  # a long subject ("X, whose films include A, B: C, said"): parse it
            return _pick(subj, english) if subj else None
    return None


def cue_speaker(pre: str, post: str, english: bool = True):
    """Who said the quote between ``pre`` and ``post`` (the rest of its sentence).

    Returns (who, kind) with kind "name", "pronoun", "role" (who is the role phrase) or
    (None, None) when the sentence names no person; None when the cue is not a plain one
    (the caller then parses the sentence).
    """
    post = post[_CLOSE_HEAD.match(post).end():]
    pre = pre[:_OPEN_TAIL.search(pre).start()]
    pw = _WORD.findall(post)
    prw = _WORD.findall(pre)
    low_post, low_pre = set(map(str.casefold, pw)), set(map(str.casefold, prw))
    if english and not (_HARD.isdisjoint(low_post) and _HARD.isdisjoint(low_pre)):
        return None
    # the words are looked up once: most sentences hold no cue on one side (or either), and
    # the scans for one below are skipped there
    forms = SPEECH_FORMS_ALL if english else _FORMS_OTHER  # what _is_cue accepts
    cue_after = not forms.isdisjoint(low_post)
    cue_before = not forms.isdisjoint(low_pre) or "according" in low_pre  # for _before
    if prw and prw[-1] == ":" and cue_before:  # "Demirci replied: “…”" is the surest cue of all
        found = _before(prw[:-1], english)
        if found is not None:
            return found
    # after the quote: “…,” Brandt said / “…,” said Dr Amara Nwosu / “…” — Jane Doe
    if pw and pw[0] == ",":
        pw = pw[1:]
    if pw and pw[0] in ("—", "–", "-"):
        return _pick(_chunk_after(pw[1:]), english)
    if pw and pw[0].casefold() == "according" and len(pw) > 1 and pw[1].casefold() == "to":
        return _pick(_chunk_after(pw[2:]), english)
    for i, w in enumerate(pw[:_MAX_SUBJECT + 1] if cue_after else ()):
        if w in _BOUNDS:
            break
        if _is_cue(w, english):
            subj, _ = _clause_tail(pw[:i])
            if not subj or all(t.casefold() in ("a", "ont", "hat", "haben", "ha", ",") for t in subj):
                return _after(pw[i + 1:], english)  # inverted: said X
            found = _pick(subj, english)
            if (found is None or found[1] not in ("name", "pronoun")) and pw[i - 1] == ",":
                return _after(pw[i + 1:], english)  # "…, said Flight International's Mr Learmount"
            return found
    found = _before(prw, english) if cue_before else None
    if found is not None:
        return found
    if not (cue_after or cue_before or "according" in low_post):
        # no cue at all: nobody is named, unless a name stands right after the quote
        if pw and _capword(pw[0]):
            return None
        return None, None
    return None


def may_name_person(doc) -> bool:
    """A run of proper nouns (NNP) that the cue rules accept as a name: no organisation
    word, no acronym. Without one, the entity recogniser finds no person here."""
    i, n = 0, len(doc)
    while i < n:
        if doc[i].tag_ not in _PROPER:
            i += 1
            continue
        j = i
        while j < n and doc[j].tag_ in _PROPER:
            j += 1
        words = [t.text for t in doc[i:j]]
        if any(_is_cap(w) for w in words) and _person(words):
            return True
        i = j
    return False
