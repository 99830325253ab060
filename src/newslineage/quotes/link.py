"""Link the same quote across articles: through aligned passages first (a quote inside a
passage is matched to the quote in the other side's aligned span), else by the same speaker
and similar wording. A linked quote is ``changed`` when its wording differs beyond style.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from ..model import Article, Quote, QuoteVariant, Relation
from .cues import is_cap
from .extract import Found, attribute, find_all
from ..wording import same_wording, word_keys
from ..words import stop_words

# Thresholds on a 0-1 similarity (max of lexical ratio and USE cosine of the quote texts).
IN_PASSAGE_MIN = 0.6   # the passage already says these stretches correspond
SAME_SPEAKER_MIN = 0.6
NO_SPEAKER_MIN = 0.85
MIN_WORDS_UNATTRIBUTED = 3
CLOSE = 0.9  # wording this close needs no vector: the cosine cannot change the choice
# Same-language quotes further apart in wording than this are not asked for a vector: on the
# 1,000-article bench no pair below it reached a linking cosine except by accident.
VECTOR_FLOOR = 0.5
VECTOR_WORDS = 32  # one- and two-word scare quotes need a speaker to be linked


def _lexical(a: str, b: str) -> float:
    ka, kb = word_keys(a), word_keys(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:  # the same words (most quotes of a copied passage): no edit distance needed
        return 1.0
    wa, wb = " ".join(ka), " ".join(kb)
    # below VECTOR_FLOOR every score decides alike (no link, no vector): the cut-offs let
    # rapidfuzz stop early and answer 0
    r = fuzz.ratio(wa, wb, score_cutoff=100 * VECTOR_FLOOR)
    # a fragment of a longer quote ("…. - So I think …"), when it can beat the whole: its
    # cut-off is the score it must beat too (a fragment scores at most 95)
    if min(len(ka), len(kb)) >= 4 and r < 95:
        r = max(r, 0.95 * fuzz.partial_ratio(wa, wb, score_cutoff=max(100 * VECTOR_FLOOR, r) / 0.95 - 1e-6))
    return r / 100.0


_STOP = stop_words("quote_no_content")


def _content(text: str) -> frozenset:
    return frozenset(w for w in word_keys(text) if len(w) > 2 and w not in _STOP)


class _Sim:
    """Similarity of quote texts, memoised (a wire quote meets its copies in many relations).

    Same-language quotes: the lexical ratio, and when the wording is not already close, yet
    not far apart, and the two texts share content words, the ratio of their opening words
    in sorted order too (a reordered or trimmed quote: "We are on new working libraries").
    Quotes with (almost) no word in common are not the same statement in one language.
    Translated quotes: the USE cosine. Vectors come in one batch: a dry run
    (``collect=True``) notes the texts that will need one, ``prime`` encodes them."""

    def __init__(self, embeddings: bool):
        self.embeddings = embeddings
        self.collect = False
        self.wanted: list[str] = []
        self._vec: dict[str, object] = {}
        self._memo: dict[tuple[str, str, bool], float] = {}
        self._words: dict[str, frozenset] = {}
        self._lex: dict[tuple[str, str], float] = {}

    def prime(self) -> None:
        self._encode([t for t in dict.fromkeys(self.wanted) if t not in self._vec])
        self.wanted = []

    def _encode(self, texts: list[str]) -> None:
        if not self.embeddings or not texts:
            return
        try:
            from ..embed import encode
            # the opening words carry a quote's gist, and the encoder's cost grows fast with
            # length (a 64-word text costs 10x an 8-word one)
            self._vec.update(zip(texts, encode([" ".join(t.split()[:VECTOR_WORDS]) for t in texts])))
        except Exception:  # no model: lexical similarity only
            self.embeddings = False

    def cos(self, a: str, b: str) -> float:
        if not self.embeddings:
            return 0.0
        if self.collect:
            self.wanted += [a, b]
            return 0.0
        self._encode([t for t in (a, b) if t not in self._vec])
        if not self.embeddings:
            return 0.0
        return float(self._vec[a] @ self._vec[b])

    def content(self, text: str) -> frozenset:
        words = self._words.get(text)
        if words is None:
            words = self._words[text] = _content(text)
        return words

    def _related(self, a: str, b: str) -> bool:
        """Two content words in common (one, for quotes of three content words or fewer)."""
        wa, wb = self.content(a), self.content(b)
        return len(wa & wb) >= min(2, len(wa), len(wb)) > 0

    def lexical(self, a: str, b: str, translated: bool = False) -> float:
        if translated:
            return 0.0
        key = (a, b) if a <= b else (b, a)
        if key not in self._lex:
            self._lex[key] = _lexical(a, b)
        return self._lex[key]

    def __call__(self, a: str, b: str, translated: bool = False, enough: float = 2.0) -> float:
        """The similarity, or as soon as the wording alone reaches ``enough``, that."""
        key = (a, b, translated) if a <= b else (b, a, translated)
        if key in self._memo:
            return self._memo[key]
        lex = self.lexical(a, b, translated)
        if lex >= enough:
            return lex
        if translated:
            if min(len(a.split()), len(b.split())) >= 3:
                if self.collect:
                    self.cos(a, b)
                    return lex
                lex = max(lex, self.cos(a, b))
        elif (VECTOR_FLOOR <= lex < CLOSE and min(len(a.split()), len(b.split())) >= 3
                and self._related(a, b)):
            # USE vectors cost ~10 ms a quote; on same-language pairs this test took the
            # same link decision as the cosine in 785 of 796 cases (10,000-article bench)
            lex = max(lex, _reordered(a, b))
        self._memo[key] = lex
        return lex


def _reordered(a: str, b: str) -> float:
    """Similarity of the opening words as written and in sorted order (0-1)."""
    wa = " ".join(word_keys(a)[:VECTOR_WORDS])
    wb = " ".join(word_keys(b)[:VECTOR_WORDS])
    return max(fuzz.ratio(wa, wb), fuzz.token_sort_ratio(wa, wb)) / 100.0


def _best_match(sim: _Sim, text: str, others: list[str], translated: bool) -> int | None:
    """Index of the quote of ``others`` (the candidates in the aligned span) that ``text``
    matches inside a passage, if any. One candidate: close wording settles it; several: the
    same words settle it (the first with them: no other ranks higher, and their edit
    distances go uncomputed), else wording >= 0.9 ranks them on words alone, else they are
    ranked on the full similarity."""
    enough = IN_PASSAGE_MIN if len(others) == 1 else 2.0
    if len(others) > 1 and not translated:
        keys = word_keys(text)
        if keys:
            same = next((k for k, o in enumerate(others) if word_keys(o) == keys), None)
            if same is not None:
                return same
        if max(sim.lexical(text, o) for o in others) >= CLOSE:
            enough = 0.0  # words alone rank them
    best, best_s = None, IN_PASSAGE_MIN
    for k, o in enumerate(others):
        s = sim(text, o, translated, enough)
        if s > best_s:
            best, best_s = k, s
    return best


def _surname(name: str | None) -> str | None:
    return name.split()[-1].casefold() if name else None


def _within(fs: list[Found], starts: list[int], span) -> list[int]:
    """Indices of the quotes (sorted by start) mostly inside ``span``."""
    s, e = span
    lo = bisect_left(starts, s)
    while lo > 0 and fs[lo - 1].end > s:
        lo -= 1  # a quote starting before the span may still lie mostly inside it
    out = []
    for i in range(lo, len(fs)):
        if fs[i].start >= e:
            break
        if _inside(fs[i], span):
            out.append(i)
    return out


def _inside(f: Found, span) -> bool:
    s, e = span
    overlap = min(f.end, e) - max(f.start, s)
    return overlap > 0 and overlap >= 0.5 * (f.end - f.start)


def find_quotes(articles: list[Article]) -> dict[str, list[Found]]:
    """Each article's quotes, by article id, with the speaker its speech cue names: the part
    of ``link_quotes`` that needs no relations (the pipeline runs it while they are found)."""
    found = find_all(articles)
    # speakers: the speech cue now; a parse of the sentence (the minority the cue cannot
    # settle) only where it can matter: an outside-passage link, or a shown quote that no
    # copy attributes plainly (see _to_parse)
    attribute(articles, found, parse=False)
    return found


def find_quotes_of(articles: list[Article], wanted) -> dict[str, list[Found]]:
    """``find_quotes`` of ``articles``, answered for the ids ``wanted`` only (a list, or a
    ``parallel.Later`` of one given once relations are known: the finding starts before).
    Only the articles of reuse relations are linked (``linked_articles``): the process that
    links them receives no quotes it would not read."""
    from ..parallel import Later, value

    # In chunks, until the wanted ids come: from then on only those (an article's quotes
    # depend on its own text only, so chunks find what one call finds). The worker starts
    # beside relate, at a lower priority, so most articles are still ahead of it when the
    # relations come, and 3 in 10 of a synthetic 10k corpus are in no relation.
    found: dict[str, list[Found]] = {}
    lo = 0
    while lo < len(articles) and isinstance(wanted, Later) and not wanted.ready():
        found.update(find_quotes(articles[lo:lo + _FIND_CHUNK]))
        lo += _FIND_CHUNK
    ids = value(wanted)
    if lo < len(articles):
        want = set(ids)
        found.update(find_quotes([a for a in articles[lo:] if a.id in want]))
    return {i: found[i] for i in ids}


_FIND_CHUNK = 250  # articles between two looks for the wanted ids


def find_quotes_at(positions: list[int]) -> list[list[Found]]:
    """A ``map_batches`` batch of quote finding: ``find_quotes`` of the shared article list's
    articles at ``positions``, each one's list in that order. An article's quotes depend on
    its own text only, so batches of articles find what one call over them all finds."""
    from ..parallel import shared

    arts = [shared()[i] for i in positions]
    found = find_quotes(arts)
    return [found[a.id] for a in arts]


def linked_articles(articles: list[Article], relations: list[Relation]) -> list[str]:
    """The ids of the articles whose quotes ``link_quotes`` links: those of the reuse
    (not same-story) relations between ``articles``."""
    known = {a.id for a in articles}
    return sorted({x for r in relations if r.kind != "same-story" and r.a in known
                   and r.b in known for x in (r.a, r.b)})


def link_quotes(articles: list[Article], relations: list[Relation], singles: bool = False,
                embeddings: bool = True, found: dict[str, list[Found]] | None = None) -> list[Quote]:
    """Quotes found in the articles that take part in a reuse relation, linked across them.

    The report keeps it focused: only quotes found in two or more articles are returned
    (``singles=True`` adds the others; ``extract_quotes`` gives one article's quotes).
    ``found``: what ``find_quotes`` gave for these articles (or more), if already at hand.
    """
    by_id = {a.id: a for a in articles}
    reuse = [r for r in relations if r.kind != "same-story" and r.a in by_id and r.b in by_id]
    ids = sorted({x for r in reuse for x in (r.a, r.b)}) if not singles else list(by_id)
    arts = [by_id[i] for i in ids]
    found = find_quotes(arts) if found is None else {i: found[i] for i in ids}
    sim = _Sim(embeddings)

    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        parent[find(x)] = find(y)

    # 1. verbatim copies: the same quotes in the same order inside a passage (no similarity)
    work = []  # (relation, passages left, linked in a, linked in b)
    for r in reuse:
        qa, qb = found.get(r.a, []), found.get(r.b, [])
        if not qa or not qb:
            continue
        linked_a, linked_b = set(), set()
        starts_a, starts_b = [f.start for f in qa], [f.start for f in qb]
        left = []
        for p in r.passages:
            ia = _within(qa, starts_a, p.a)
            ib = _within(qb, starts_b, p.b)
            if not ia or not ib:
                continue
            if p.kind != "translation" and len(ia) == len(ib) and all(
                    qa[i].text == qb[j].text for i, j in zip(ia, ib)):
                for i, j in zip(ia, ib):
                    union((r.a, i), (r.b, j))
                    linked_a.add(i)
                    linked_b.add(j)
            else:
                left.append((p, ia, ib))
        if left or len(linked_a) < len(qa) or len(linked_b) < len(qb):
            work.append((r, left, linked_a, linked_b))

    # 2. the rest: best match inside a passage, then speaker and wording outside passages;
    # a dry run first notes the texts whose vectors the real run will ask for
    def in_passages(dry: bool) -> None:
        sim.collect = dry
        join = (lambda x, y: None) if dry else union
        for r, left, linked_a, linked_b in work:
            if dry:
                linked_a, linked_b = set(linked_a), set(linked_b)
            qa, qb = found[r.a], found[r.b]
            for p, ia, ib in left:
                translated = p.kind == "translation"
                for src, dst, flip in ((ia, ib, False), (ib, ia, True)):
                    q_src, q_dst = (qb, qa) if flip else (qa, qb)
                    for i in src:
                        k = _best_match(sim, q_src[i].text, [q_dst[j].text for j in dst], translated)
                        if k is None:
                            continue
                        a_i, b_j = (dst[k], i) if flip else (i, dst[k])
                        join((r.a, a_i), (r.b, b_j))
                        linked_a.add(a_i)
                        linked_b.add(b_j)
        sim.collect = False

    def outside_pairs():
        """(relation, i, fa, j, fb) for the quote pairs no passage linked that share a
        content word (or lack them: "No way")."""
        for r, _, linked_a, linked_b in work:
            qa, qb = found[r.a], found[r.b]
            if len(linked_a) == len(qa) and len(linked_b) == len(qb):
                continue
            wb = [sim.content(fb.text) for fb in qb]
            free_b = [j for j in range(len(qb)) if j not in linked_b]
            for i, fa in enumerate(qa):
                wa = sim.content(fa.text)
                for j in (free_b if i in linked_a else range(len(qb))):  # one side unlinked
                    if not wa or not wb[j] or not wa.isdisjoint(wb[j]):
                        yield r, i, fa, j, qb[j]

    # 2. the rest: best match inside a passage (no speaker needed), then speaker and wording
    # outside passages; a dry run first notes the texts whose vectors the real run will ask for
    if sim.embeddings and any(p.kind == "translation" for w in work for p, _, _ in w[1]):
        in_passages(dry=True)  # only translated quotes are compared on vectors
        sim.prime()
    in_passages(dry=False)

    # the same speaker lowers the wording bar outside passages (and different ones bar a
    # link): articles with a quote whose speaker the cue left open and whose wording is
    # close enough for that to matter get their sentences parsed first
    outside = list(outside_pairs())  # walked twice: before the parse and after it
    # (only the articles of those pairs are asked)
    unsettled = {x: _first_unsettled(found[x]) for x in {y for r, *_ in outside for y in (r.a, r.b)}}
    parse_arts = set()
    for r, i, fa, j, fb in outside:
        if ((fa.speaker is None and i >= unsettled[r.a] and r.a not in parse_arts)
                or (fb.speaker is None and j >= unsettled[r.b] and r.b not in parse_arts)) \
                and sim(fa.text, fb.text, enough=SAME_SPEAKER_MIN) >= SAME_SPEAKER_MIN:
            parse_arts.update(x for x, k, f in ((r.a, i, fa), (r.b, j, fb))
                              if f.speaker is None and k >= unsettled[x])
    parsed: set[tuple[str, int]] = set()

    def parse_speakers(which: set[tuple[str, int]]) -> None:
        parsed.update(which)
        touched = sorted({aid for aid, _ in which})
        attribute([by_id[aid] for aid in touched], found, which=parsed)

    if parse_arts:
        parse_speakers({(aid, i) for aid in parse_arts for i, f in enumerate(found[aid]) if _pending(f)})

    for r, i, fa, j, fb in outside:
        same_speaker = fa.speaker and fb.speaker and _surname(fa.speaker) == _surname(fb.speaker)
        if not same_speaker and min(len(fa.text.split()), len(fb.text.split())) < MIN_WORDS_UNATTRIBUTED:
            continue
        need = SAME_SPEAKER_MIN if same_speaker else NO_SPEAKER_MIN
        if (fa.speaker and fb.speaker and not same_speaker):
            continue
        if sim(fa.text, fb.text, enough=need) >= need:
            union((r.a, i), (r.b, j))

    groups: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for aid in ids:
        for i in range(len(found.get(aid, []))):
            groups[find((aid, i))].append((aid, i))
    shown = [members for members in groups.values() if singles or len({a for a, _ in members}) > 1]
    more = _to_parse(found, shown) - parsed
    if more:
        parse_speakers(more)
    quotes = []
    for members in groups.values():
        if len({aid for aid, _ in members}) < 2 and not singles:
            continue
        fs = [found[aid][i] for aid, i in sorted(members, key=lambda m: (m[0], found[m[0]][m[1]].start))]
        quotes.append(Quote(
            speaker=_speaker(fs),
            variants=[QuoteVariant(f.article, f.text, (f.start, f.end)) for f in fs],
            changed=_changed(fs)))
    quotes.sort(key=lambda q: (q.variants[0].article, q.variants[0].span[0]))
    return quotes


def _to_parse(found: dict[str, list[Found]], shown: list[list[tuple[str, int]]]) -> set[tuple[str, int]]:
    """The quotes whose sentence is worth a parse: in a shown quote that no copy attributes
    from its speech cue, the cue could not tell, and the sentence names someone (a
    capitalised word that can be a name, or "he"/"she", outside the quote)."""
    out = set()
    for members in shown:
        fs = [found[aid][i] for aid, i in members]
        if any(f.speaker for f in fs):
            continue
        out.update(m for m, f in zip(members, fs) if _pending(f))
    return out


def _pending(f: Found) -> bool:
    """The cue could not tell who spoke, and a parse of the sentence might."""
    return f.cue is None and f.frame is not None and _may_name(f.frame)


def _first_unsettled(fs: list[Found]) -> int:
    """Index of the article's first quote a parse might attribute (len: none): a parse there
    can name it and, through "he said" and continued quotes, the quotes after it."""
    return next((i for i, f in enumerate(fs) if _pending(f)), len(fs))


def _may_name(frame: tuple) -> bool:
    text, lo, hi = frame
    for part in (text[:lo], text[hi:]):
        for m in _CAP_OR_PRONOUN.finditer(part):
            w = m.group(0)
            if w.casefold() in ("he", "she") or is_cap(w):
                return True
    return False


_CAP_OR_PRONOUN = re.compile(r"[^\W\d_][\w'’.-]*")


def _speaker(fs: list[Found]) -> str | None:
    names = [f.speaker for f in fs if f.speaker]
    if not names:
        return None
    counts = Counter(_surname(n) for n in names)
    top = counts.most_common(1)[0][0]
    return max((n for n in names if _surname(n) == top), key=len)


def _changed(fs: list[Found]) -> bool:
    by_art = defaultdict(list)
    for f in fs:
        by_art[f.article].append(f.text)
    texts = [" ".join(t) for t in by_art.values()]
    return any(not same_wording(texts[0], t) for t in texts[1:])
