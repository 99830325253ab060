"""Monolingual word alignment of two sentences, and the features the same-content decision
reads from it (in the style of Sultan, Bethard and Sumner 2014/2015, the best non-neural
systems on paraphrase and similarity benchmarks).

The aligner works on spaCy tokens (``tokens``: lower form, lemma, part of speech, dependency
relation and head, entity membership) in four passes, each one-to-one over words not yet
aligned:

1. identical word sequences of two or more words that hold a content word;
2. named-entity words: the same word in an entity on both sides, and an acronym against the
   entity it abbreviates ("U.S." / "United States");
3. content words with the same form or lemma, or similar by word vector, ranked by their
   context: aligned or equal dependency neighbours (head and children) and textual
   neighbours (three words each way); a merely similar pair needs some context;
4. stop words with the same form and an aligned or equal neighbour.

The features: the share of aligned content words (and of all words) on each side, of
aligned entity words and numbers, what the unaligned words are (verb, noun, name, number,
adjective or adverb, negation), and how far the aligned pairs keep their roles (the same
dependency relation, aligned heads). Every feature is symmetric in the two sides.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .words import stop_words

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
NEGATION = stop_words("negations", ("en",))
# word-vector cosine above which two different words count as similar (step 3)
SIMILAR = 0.7
WINDOW = 3
MAX_RUN = 12

FEATURES = (
    "al_content_min", "al_content_max", "al_content_sym", "al_all_min", "al_all_max",
    "al_ent_min", "al_ent_max", "al_ent_left", "al_num_left_min", "al_num_left_max",
    "un_verb_min", "un_verb_max", "un_noun_min", "un_noun_max", "un_propn_min",
    "un_propn_max", "un_num_min", "un_num_max", "un_adj_min", "un_adj_max",
    "un_neg", "un_neg_parity", "al_rel_same", "al_head_kept", "al_similar", "al_runs",
)


class Tok(NamedTuple):
    low: str
    lemma: str
    pos: str
    dep: str
    head: int       # index of the head in the sentence (itself for the root)
    ent: bool       # inside a named entity
    ent_id: int     # which entity (-1 outside)
    content: bool
    neg: bool
    punct: bool


def tokens(doc) -> tuple[Tok, ...]:
    """The aligner's view of a spaCy doc."""
    ent_of = {}
    for k, e in enumerate(doc.ents):
        for t in e:
            ent_of[t.i] = k
    out = []
    for t in doc:
        low = t.text.lower()
        punct = t.is_punct or t.is_space or not any(c.isalnum() for c in low)
        neg = low in NEGATION or t.dep_ == "neg"
        content = (t.pos_ in CONTENT_POS and not t.is_stop and not punct) or t.like_num
        out.append(Tok(low, t.lemma_.lower(), "NUM" if t.like_num else t.pos_, t.dep_,
                       t.head.i - doc[0].i if len(doc) else 0, t.i in ent_of,
                       ent_of.get(t.i, -1), content, neg, punct))
    return tuple(out)


def _neighbours(ts: tuple[Tok, ...]) -> list[list[int]]:
    """Dependency neighbours (head and children) of each token."""
    nb: list[list[int]] = [[] for _ in ts]
    for i, t in enumerate(ts):
        if t.head != i and 0 <= t.head < len(ts):
            nb[i].append(t.head)
            nb[t.head].append(i)
    return nb


def _window(ts: tuple[Tok, ...], i: int) -> list[int]:
    """Up to WINDOW content words each side of i."""
    left, right = [], []
    k = i - 1
    while k >= 0 and len(left) < WINDOW:
        if ts[k].content:
            left.append(k)
        k -= 1
    k = i + 1
    while k < len(ts) and len(right) < WINDOW:
        if ts[k].content:
            right.append(k)
        k += 1
    return left + right


def align(ta: tuple[Tok, ...], tb: tuple[Tok, ...], sim=None) -> dict[int, tuple[int, float]]:
    """Aligned words: {index in a: (index in b, lexical similarity)}. ``sim(x, y)`` gives
    the word-vector cosine of two lower forms (None: identical forms and lemmas only)."""
    am: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()

    def link(i, j, s):
        am[i] = (j, s)
        used_b.add(j)

    # 1. identical sequences (longest first, a longer run is taken in pieces of MAX_RUN)
    # holding a content word
    la, lb = len(ta), len(tb)
    for n in range(min(la, lb, MAX_RUN), 1, -1):
        grams: dict[tuple, list[int]] = {}
        for j in range(lb - n + 1):
            if not any(j + k in used_b for k in range(n)):
                grams.setdefault(tuple(t.low for t in tb[j:j + n]), []).append(j)
        if not grams:
            continue
        for i in range(la - n + 1):
            if any(i + k in am for k in range(n)):
                continue
            seg = ta[i:i + n]
            if not any(t.content for t in seg):
                continue
            for j in grams.get(tuple(t.low for t in seg), ()):
                if not any(j + k in used_b for k in range(n)):
                    for k in range(n):
                        link(i + k, j + k, 1.0)
                    break

    # 2. entity words: the same word in an entity on both sides; acronyms
    for i, t in enumerate(ta):
        if i in am or not t.ent or t.punct:
            continue
        for j, u in enumerate(tb):
            if j not in used_b and u.ent and u.low == t.low:
                link(i, j, 1.0)
                break
    _acronyms(ta, tb, am, used_b, link)

    # 3. content words: identical, same lemma or similar, ranked by context
    na, nbr = _neighbours(ta), _neighbours(tb)

    def equal(i, j):
        return (i in am and am[i][0] == j) or ta[i].lemma == tb[j].lemma

    def context(i, j) -> int:
        dep = sum(1 for x in na[i] for y in nbr[j] if equal(x, y))
        txt = sum(1 for x in _window(ta, i) for y in _window(tb, j) if equal(x, y))
        return dep + txt

    by_form: dict[str, list[int]] = {}
    for j, u in enumerate(tb):
        by_form.setdefault(u.low, []).append(j)
        if u.lemma != u.low:
            by_form.setdefault(u.lemma, []).append(j)
    cands = []
    for i, t in enumerate(ta):
        if i in am or not t.content:
            continue
        if sim is None:  # only the same form or lemma can align: look those up
            js = sorted(set(by_form.get(t.low, ())) | set(by_form.get(t.lemma, ())))
        else:
            js = range(lb)
        for j in js:
            u = tb[j]
            if j in used_b or not u.content:
                continue
            if t.low == u.low or t.lemma == u.lemma:
                s = 1.0
            elif sim is not None and t.pos != "NUM" and u.pos != "NUM":
                s = sim(t.low, u.low)
                if s < SIMILAR:
                    continue
            else:
                continue
            c = context(i, j)
            if s < 1.0 and c == 0:
                continue
            cands.append((0.9 * s + 0.1 * min(1.0, c / 4), -abs(i / la - j / lb), i, j, s))
    for _, _, i, j, s in sorted(cands, reverse=True):
        if i not in am and j not in used_b:
            link(i, j, s)

    # 4. stop words with the same form and an aligned or equal neighbour
    for i, t in enumerate(ta):
        if i in am or t.content or t.punct:
            continue
        for j in by_form.get(t.low, ()):
            if j in used_b or tb[j].low != t.low:
                continue
            near_a = [k for k in (i - 1, i + 1, *na[i]) if 0 <= k < la]
            near_b = [k for k in (j - 1, j + 1, *nbr[j]) if 0 <= k < lb]
            if any(equal(x, y) for x in near_a for y in near_b):
                link(i, j, 1.0)
                break
    return am


def _acronyms(ta, tb, am, used_b, link) -> None:
    """An all-capitals word on one side against an entity whose initials it spells."""
    def ents(ts):
        out: dict[int, list[int]] = {}
        for k, t in enumerate(ts):
            if t.ent_id >= 0:
                out.setdefault(t.ent_id, []).append(k)
        return out

    eb = ents(tb)
    for i, t in enumerate(ta):
        if i in am:
            continue
        letters = t.low.replace(".", "")
        if len(letters) < 2 or not letters.isalpha():
            continue
        for ks in eb.values():
            words = [k for k in ks if not tb[k].punct and tb[k].low not in ("of", "the", "and")]
            if len(words) == len(letters) and all(tb[k].low[0] == c for k, c in
                                                   zip(words, letters)) and words[0] not in used_b:
                link(i, words[0], 1.0)
                break


def _share(n_al: int, n: int) -> float:
    return n_al / n if n else 1.0


def _mm(x: float, y: float) -> tuple[float, float]:
    return (x, y) if x <= y else (y, x)


def _roles(ta, tb, ab: dict) -> list[float]:
    pairs = [(i, j, s) for i, (j, s) in ab.items() if ta[i].content]
    if pairs:
        rel = np.mean([ta[i].dep == tb[j].dep for i, j, _ in pairs])
        head = np.mean([ta[i].head == i and tb[j].head == j
                        or (ta[i].head in ab and ab[ta[i].head][0] == tb[j].head)
                        for i, j, _ in pairs])
        similar = np.mean([s < 1.0 for _, _, s in pairs])
    else:
        rel = head = similar = 0.0
    # how broken the alignment is: runs of consecutive aligned words, per aligned word
    order = sorted(ab)
    runs = sum(1 for k, i in enumerate(order)
               if k == 0 or i != order[k - 1] + 1 or ab[i][0] != ab[order[k - 1]][0] + 1)
    return [float(rel), float(head), float(similar), runs / max(1, len(order))]


def features(ta: tuple[Tok, ...], tb: tuple[Tok, ...], sim=None) -> list[float]:
    """The alignment features of a pair (order of ``FEATURES``), symmetric in the sides."""
    ab = align(ta, tb, sim)
    ba = {j: (i, s) for i, (j, s) in ab.items()}
    # align b -> a as well and keep the union's view per side: the greedy passes depend on
    # order, so each side's aligned set is read from both runs
    ba2 = align(tb, ta, sim)
    al_a = set(ab) | {j for j, _ in ba2.values()}
    al_b = set(ba) | set(ba2)
    side = []
    for ts, al in ((ta, al_a), (tb, al_b)):
        words = [k for k, t in enumerate(ts) if not t.punct]
        content = [k for k in words if ts[k].content]
        ent = [k for k in words if ts[k].ent]
        nums = [k for k in words if ts[k].pos == "NUM"]
        left = [ts[k] for k in content if k not in al]
        side.append({
            "content": (sum(k in al for k in content), len(content)),
            "all": _share(sum(k in al for k in words), len(words)),
            "ent": _share(sum(k in al for k in ent), len(ent)),
            "ent_left": sum(k not in al for k in ent),
            "num_left": sum(k not in al for k in nums),
            "verb": sum(t.pos == "VERB" for t in left),
            "noun": sum(t.pos == "NOUN" for t in left),
            "propn": sum(t.pos == "PROPN" for t in left),
            "num": sum(t.pos == "NUM" for t in left),
            "adj": sum(t.pos in ("ADJ", "ADV") for t in left),
            "neg": sum(1 for k in words if ts[k].neg and k not in al),
        })
    sa, sb = side
    (ca, na_), (cb, nb_) = sa["content"], sb["content"]
    row = [*_mm(_share(ca, na_), _share(cb, nb_)),
           (ca + cb) / (na_ + nb_) if na_ + nb_ else 1.0,
           *_mm(sa["all"], sb["all"]), *_mm(sa["ent"], sb["ent"]),
           sa["ent_left"] + sb["ent_left"], *_mm(sa["num_left"], sb["num_left"])]
    for k in ("verb", "noun", "propn", "num", "adj"):
        row += [*_mm(sa[k], sb[k])]
    row += [sa["neg"] + sb["neg"], float((sa["neg"] + sb["neg"]) % 2)]
    # roles (aligned content pairs with the same relation, whose heads are aligned too), the
    # share of merely similar pairs and the runs, averaged over the two directions
    row += list(np.mean([_roles(ta, tb, ab), _roles(tb, ta, ba2)], axis=0))
    return row
