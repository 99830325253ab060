"""Link the same quote across articles: through aligned passages first (a quote inside a
passage is matched to the quote in the other side's aligned span), else by the same speaker
and similar wording. A linked quote is ``changed`` when its wording differs beyond style.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz

from ..model import Article, Quote, QuoteVariant, Relation
from .extract import Found, extract_many
from .normalize import same_wording, words

# Thresholds on a 0-1 similarity (max of lexical ratio and USE cosine of the quote texts).
IN_PASSAGE_MIN = 0.6   # the passage already says these stretches correspond
SAME_SPEAKER_MIN = 0.6
NO_SPEAKER_MIN = 0.85
MIN_WORDS_UNATTRIBUTED = 3  # one- and two-word scare quotes need a speaker to be linked


def _lexical(a: str, b: str) -> float:
    wa, wb = " ".join(words(a)), " ".join(words(b))
    if not wa or not wb:
        return 0.0
    r = fuzz.ratio(wa, wb)
    short = min(len(wa.split()), len(wb.split()))
    if short >= 4:  # a fragment of a longer quote ("…. - So I think …")
        r = max(r, 0.95 * fuzz.partial_ratio(wa, wb))
    return r / 100.0


class _Sim:
    """Similarity of quote texts; USE vectors (multilingual) are computed lazily, in one batch."""

    def __init__(self, found: dict[str, list[Found]], embeddings: bool):
        self.embeddings = embeddings
        self._vec = None
        self._texts = [f.text for fs in found.values() for f in fs]

    def cos(self, a: str, b: str) -> float:
        if not self.embeddings:
            return 0.0
        if self._vec is None:
            try:
                from ..embed import encode
                uniq = list(dict.fromkeys(self._texts))
                self._vec = dict(zip(uniq, encode(uniq)))
            except Exception:  # no model: lexical similarity only
                self.embeddings = False
                return 0.0
        return float(self._vec[a] @ self._vec[b])

    def __call__(self, a: str, b: str, translated: bool = False) -> float:
        lex = 0.0 if translated else _lexical(a, b)
        if lex >= 0.9 or min(len(a.split()), len(b.split())) < 3:
            return lex
        return max(lex, self.cos(a, b))


def _surname(name: str | None) -> str | None:
    return name.split()[-1].casefold() if name else None


def _inside(f: Found, span) -> bool:
    s, e = span
    overlap = min(f.end, e) - max(f.start, s)
    return overlap > 0 and overlap >= 0.5 * (f.end - f.start)


def link_quotes(articles: list[Article], relations: list[Relation], singles: bool = False,
                embeddings: bool = True) -> list[Quote]:
    """Quotes found in the articles that take part in a reuse relation, linked across them.

    The report keeps it focused: only quotes found in two or more articles are returned
    (``singles=True`` adds the others; ``extract_quotes`` gives one article's quotes).
    """
    by_id = {a.id: a for a in articles}
    reuse = [r for r in relations if r.kind != "same-story" and r.a in by_id and r.b in by_id]
    ids = sorted({x for r in reuse for x in (r.a, r.b)}) if not singles else list(by_id)
    found = extract_many([by_id[i] for i in ids])
    sim = _Sim(found, embeddings)

    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        parent[find(x)] = find(y)

    for r in reuse:
        qa, qb = found.get(r.a, []), found.get(r.b, [])
        if not qa or not qb:
            continue
        linked_a, linked_b = set(), set()
        for p in r.passages:
            translated = p.kind == "translation"
            ia = [i for i, f in enumerate(qa) if _inside(f, p.a)]
            ib = [j for j, f in enumerate(qb) if _inside(f, p.b)]
            for src, dst, flip in ((ia, ib, False), (ib, ia, True)):
                for i in src:
                    best, best_s = None, IN_PASSAGE_MIN
                    for j in dst:
                        fa, fb = (qb[i], qa[j]) if flip else (qa[i], qb[j])
                        s = sim(fa.text, fb.text, translated)
                        if s > best_s:
                            best, best_s = j, s
                    if best is not None:
                        a_i, b_j = (best, i) if flip else (i, best)
                        union((r.a, a_i), (r.b, b_j))
                        linked_a.add(a_i)
                        linked_b.add(b_j)
        # quotes outside any passage (or the passage missed them): speaker and wording
        for i, fa in enumerate(qa):
            for j, fb in enumerate(qb):
                if i in linked_a and j in linked_b:
                    continue
                same_speaker = fa.speaker and fb.speaker and _surname(fa.speaker) == _surname(fb.speaker)
                if not same_speaker and min(len(fa.text.split()), len(fb.text.split())) < MIN_WORDS_UNATTRIBUTED:
                    continue
                need = SAME_SPEAKER_MIN if same_speaker else NO_SPEAKER_MIN
                if (fa.speaker and fb.speaker and not same_speaker):
                    continue
                if sim(fa.text, fb.text) >= need:
                    union((r.a, i), (r.b, j))

    groups: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for aid in ids:
        for i in range(len(found.get(aid, []))):
            groups[find((aid, i))].append((aid, i))
    quotes = []
    for members in groups.values():
        arts = {aid for aid, _ in members}
        if len(arts) < 2 and not singles:
            continue
        fs = [found[aid][i] for aid, i in sorted(members, key=lambda m: (m[0], found[m[0]][m[1]].start))]
        quotes.append(Quote(
            speaker=_speaker(fs),
            variants=[QuoteVariant(f.article, f.text, (f.start, f.end)) for f in fs],
            changed=_changed(fs)))
    quotes.sort(key=lambda q: (q.variants[0].article, q.variants[0].span[0]))
    return quotes


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
