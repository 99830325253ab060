"""Align: the passages two articles share, sentence by sentence.

A cascade, cheapest first:

1. Lexical. Sentences are compared on normalised tokens (``normalize``): an inverted index of
   token 3-gram shingles proposes sentence pairs, the longest common token subsequence scores
   them. This finds verbatim and lightly edited text, one sentence split into two or two
   merged into one (containment), with no model at all. A near-duplicate pair ends here.
2. Embeddings, only for the sentences left unaligned, and only when the pair can hold a
   paraphrase or a translation (languages differ, or the lexical step found an anchor, or the
   articles share enough content words). USE cosine proposes pairs; a sentence pair counts as
   a paraphrase only when the cosine agrees with the words that carry facts: content-word
   overlap, numbers ("2" is not "20") and names. Embeddings alone call "sanguine" and
   "optimistic" the same. multilingual-e5 gives a second opinion on the pairs USE is unsure of.

The aligned sentence pairs (``sentence_pairs.Edge``) then merge into passages (``passages``).
Sentences come prepared (``prepare``); what makes a relation is decided in ``rules``.

Everything here is a pure function of two articles (plus cached models), so pairs can be
aligned in any process.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain

import numpy as np

from ..memo import Memo
from ..model import Article, Passage
from . import rules
from .sentence_pairs import (CONTAINED, E5_MAX_CHARS, E5_MAX_PAIRS, LEXICAL_MIN, NEAR_VERBATIM,
                       PARAPHRASE, UNSURE, USE_CANDIDATE, USE_TRANSLATION, Edge, _script,
                       different_language, features, lexical, paraphrase_score, unit,
                       unit_features)
from .prepare import Prepared, _exact_index
from .blocks import align_blocks, ordered_anchors
from .facts import _mantissa, _name_stem, facts_meet, loose_agreement  # noqa: F401 (tests)
from .gap_fill import gap_edges, gap_plan, gap_texts, moved_edges, moved_plan
from ..settings import ReuseSettings

_chain = chain.from_iterable


def _lexical_edges(pa: Prepared, pb: Prepared) -> list[Edge]:
    # Sentences copied word for word pair up by a dictionary lookup; only the others go
    # through shingles and the token LCS (most sentences of a reprint are exact copies).
    # (Keyed by the hash of each sentence's words, computed once per sentence text: hashing
    # the word tuples again for every pair was most of this function's time.)
    exact_b = _exact_index(pb)  # an article meets several partners: built once
    edges = []
    matched_b = set()
    rest_a = []
    surf_b = pb.surface
    for i, (k, nm) in enumerate(zip(pa.keys, pa.norms)):
        if not nm:
            continue
        js = exact_b.get(k)
        if js:
            sf = pa.surface[i]
            js = [j for j in js if surf_b[j] == sf]  # two texts may share a hash
        if js:
            if len(js) == 1:
                edges.append(Edge(i, js[0], "verbatim", 1.0))
            else:
                edges.extend(Edge(i, j, "verbatim", 1.0) for j in js)
            matched_b.update(js)
        else:
            rest_a.append(i)
    if not rest_a or len(matched_b) == len(pb.surface):
        return edges
    js = [j for j in range(len(pb.norms)) if j not in matched_b]
    sets = [pb.shingles[j] for j in js]
    held = set().union(*sets)
    # Few sentences left over (a reprint): set operations per pair at C speed. Many on both
    # sides (two long edited texts): a shingle -> sentences index, so the work follows the
    # shingles shared, not every pair (1 MB against 1 MB was 10^8 pairs). Same hits, same order.
    index = _shingle_index(js, sets) if len(rest_a) * len(js) > _PAIRS_BY_SETS else None
    for i in rest_a:
        sh = pa.shingles[i]
        if held.isdisjoint(sh):  # most sentences left over share no shingle
            continue
        long_a = len(sh) > 2
        for j, c in (_shared(sh, js, sets) if index is None else _shared_by_index(sh, index)):
            if c < 2 and long_a and len(pb.shingles[j]) > 2:  # one shared shingle of longer ones
                continue
            sym, ca, cb = lexical(pa.norms[i], pb.norms[j])
            la, lb = len(pa.norms[i]), len(pb.norms[j])
            # One side may hold the other: a sentence split in two, or two merged.
            # (The held part must be a real sentence: short formula-like pieces such as
            # "P(B|A) is the probability of B given A" sit inside many sentences.)
            contained = (max(ca, cb) >= CONTAINED and min(la, lb) >= 8
                         and len(pa.content[i] & pb.content[j]) >= 4)
            split = ("a" if lb < la else "b") if contained and min(la, lb) < 0.8 * max(la, lb) else ""
            if pa.surface[i] == pb.surface[j]:
                edges.append(Edge(i, j, "verbatim", 1.0))
            elif contained and split:
                # Copied word for word when the shorter one appears whole inside the longer.
                short, long_, k, m = (pb, pa, j, i) if split == "a" else (pa, pb, i, j)
                exact = f" {' '.join(short.surface[k])} " in f" {' '.join(long_.surface[m])} "
                edges.append(Edge(i, j, "verbatim" if exact else "near-verbatim",
                                  1.0 if exact else max(ca, cb), split=split))
            elif sym >= NEAR_VERBATIM or contained:
                edges.append(Edge(i, j, "near-verbatim", max(sym, min(ca, cb))))
            elif sym >= LEXICAL_MIN:
                edges.append(Edge(i, j, "paraphrase", sym))
    return edges


_PAIRS_BY_SETS = 20_000


def _shingle_index(js: list[int], sets: list[set]) -> dict:
    """shingle -> the sentences ``js`` that hold it, in ascending order."""
    index: dict = {}
    for j, shb in zip(js, sets):
        for h in shb:
            index.setdefault(h, []).append(j)
    return index


def _shared_by_index(sh: set, index: dict) -> list[tuple[int, int]]:
    """``_shared`` through the index, in the same order (by j)."""
    counts: dict[int, int] = {}
    get = counts.get
    for h in sh:
        for j in index.get(h, ()):
            counts[j] = get(j, 0) + 1
    return sorted(counts.items())


def _shared(sh: set, js: list[int], sets: list[set]) -> list[tuple[int, int]]:
    """(sentence j, shingles of ``sh`` it holds) for the sentences ``js`` (shingle sets
    ``sets``, j ascending) that hold some, by j: ties in ``_select`` keep that order. (Not
    in the order of ``sh``: a set of string hashes iterates in an order that changes with
    the process's hash seed, and so did the alignment of sentences with equal scores.) Set
    operations at C speed, no index per pair: most sentences hold none."""
    return [(j, len(sh & shb)) for j, shb in zip(js, sets) if not sh.isdisjoint(shb)]


def cross_language(a: Article, b: Article) -> bool | None:
    """Are the two articles in different languages (as the clean stage detected them)? None
    when that cannot be told: the sentences are then compared one by one."""
    la, lb = (a.language or "").split("-")[0].lower(), (b.language or "").split("-")[0].lower()
    if la and lb:
        return la != lb
    return None


# A paraphrased sentence keeps some of its content words: every paraphrase the embedding step
# accepts on the seeds and the example corpus shares >= 2 of them and >= 0.42 of the smaller
# sentence's (translations aside). Sentence pairs below this cannot be a paraphrase worth USE.
REWORD_MIN_SHARED = 2
REWORD_MIN_OVERLAP = 0.4
# Without any lexical anchor, a same-language pair is embedded only when enough of one side
# has such a partner (at >= 0.5) to make a rewrite: a rewrite rewords most of an article.
REWRITE_SHARE = 0.5


def _reworded(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
              min_overlap: float = REWORD_MIN_OVERLAP) -> list[tuple[int, int]]:
    """Leftover sentence pairs that share enough content words to be a paraphrase."""
    index: dict[str, list[int]] = defaultdict(list)
    for j in left_b:
        for w in pb.content[j]:
            index[w].append(j)
    out = []
    for i in left_a:
        ca = pa.content[i]
        counts = Counter(_chain(filter(None, map(index.get, ca))))
        for j, c in counts.items():
            if c >= REWORD_MIN_SHARED and c >= min_overlap * min(len(ca), len(pb.content[j])):
                out.append((i, j))
    return sorted(out)  # (counted in the hash-seeded order of a set of words)


def _outcome(pa: Prepared, pb: Prepared, lexical: list[Edge], extra: list[tuple[int, int]]
             ) -> str | None:
    """The relation kind (None: no relation) if ``extra`` sentence pairs were paraphrases."""

    edges = lexical + [Edge(i, j, "paraphrase", 1.0) for i, j in extra]
    if not extra:
        if not edges or not rules.substantial(pa, pb, edges):
            return None
    elif len(edges) < 2:
        return None
    ps = [Passage(a=pa.sents[e.i], b=pb.sents[e.j], kind=e.kind, score=e.score) for e in edges]
    return rules.relation_kind(ps, rules.coverage(pa, [p.a for p in ps]),
                               rules.coverage(pb, [p.b for p in ps]))


def _embedding_plan(pa: Prepared, pb: Prepared, chosen: list[Edge], weak: list[Edge],
                    left_a: list[int], left_b: list[int], cross: bool | None
                    ) -> tuple[list[int], list[int]] | None:
    """The leftover sentences worth encoding with USE, or None when none are.

    Across languages there are no shared words to check: all leftovers. In one language, only
    leftover sentences with a partner that shares content words (or matched weakly), and only
    when, were those pairs all paraphrases, the relation would differ from what the lexical
    step already decided: a copy's leftovers (an excerpt's cut, a merge's other source) rarely
    are, and most pairs of a news corpus are such copies. When the lexical step found no
    relation (no anchor, or one shared sentence), enough of one side must have a partner to
    make a rewrite.
    """
    if cross or (cross is None and _script(pa.text) != _script(pb.text)):
        return left_a, left_b
    sa, sb = set(left_a), set(left_b)
    cand = set(_reworded(pa, pb, left_a, left_b))
    cand.update((e.i, e.j) for e in weak if e.i in sa and e.j in sb)
    if not cand:
        return None
    plan = sorted({i for i, _ in cand}), sorted({j for _, j in cand})
    lexical = _outcome(pa, pb, chosen, []) if chosen else None
    if lexical is None:
        strong = [(i, j) for i, j in cand if len(pa.content[i] & pb.content[j])
                  >= 0.5 * min(len(pa.content[i]), len(pb.content[j]))]
        share_a = len({i for i, _ in strong}) / max(1, sum(not b for b in pa.banal))
        share_b = len({j for _, j in strong}) / max(1, sum(not b for b in pb.banal))
        return plan if max(share_a, share_b) >= REWRITE_SHARE else None
    # The best partner of each leftover sentence, as if it were a paraphrase.
    best: dict[int, tuple[int, int]] = {}
    for i, j in cand:
        k = len(pa.content[i] & pb.content[j])
        if i not in best or k > best[i][0]:
            best[i] = (k, j)
    extra = [(i, j) for i, (_, j) in best.items()]
    extra += [(min(i for i, j2 in cand if j2 == j), j) for j in {j for _, j in cand}
              if j not in {j2 for _, j2 in extra}]
    return plan if _outcome(pa, pb, chosen, extra) != lexical else None


_e5_cache = Memo(50_000)


def encode_e5(texts: list[str]) -> np.ndarray:
    """e5 vectors, each distinct text encoded once per process (a source sentence meets many
    partners, and e5 costs ~30 ms a sentence)."""
    from .. import embed

    todo = [t for t in dict.fromkeys(texts) if t not in _e5_cache]
    if todo:
        _e5_cache.make_room(len(todo))
        _e5_cache.update(zip(todo, embed.encode_e5(todo)))
    if not texts:
        return np.zeros((0, 384), np.float32)
    return np.stack([_e5_cache[t] if t in _e5_cache else embed.encode_e5([t])[0] for t in texts])


def _embedding_edges(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
                     cross: bool | None, use_e5: bool = True) -> list[Edge]:
    from .. import embed

    ta = [pa.text[slice(*pa.sents[i])] for i in left_a]
    tb = [pb.text[slice(*pb.sents[j])] for j in left_b]
    va, vb = embed.encode(ta), embed.encode(tb)
    cos = va @ vb.T
    floor = min(USE_CANDIDATE, USE_TRANSLATION)
    cand = []
    for x, y in zip(*np.nonzero(cos >= floor)):
        i, j = left_a[x], left_b[y]
        trans = different_language(pa, i, pb, j, cross)
        if not trans and cos[x, y] < USE_CANDIDATE:
            continue
        f = features(pa, i, pb, j, float(cos[x, y]))
        cand.append([i, j, trans, f, paraphrase_score(f, trans), x, y])
    # The doubtful pairs closest to the line first; e5 is ~20x slower than USE.
    unsure = sorted((c for c in cand if UNSURE[0] <= c[4] < UNSURE[1]),
                    key=lambda c: abs(c[4] - PARAPHRASE))[:E5_MAX_PAIRS]
    if use_e5 and unsure:
        xs = sorted({c[5] for c in unsure})
        ys = sorted({c[6] for c in unsure})
        ea = dict(zip(xs, encode_e5([ta[x][:E5_MAX_CHARS] for x in xs])))
        eb = dict(zip(ys, encode_e5([tb[y][:E5_MAX_CHARS] for y in ys])))
        for c in unsure:
            e5 = float(ea[c[5]] @ eb[c[6]])
            # e5 cosines sit higher than USE's (0.85 for sentences on one topic, 0.95 for a
            # close paraphrase): map them onto USE's scale and average the two opinions.
            f = dict(c[3], cos=(c[3]["cos"] + USE_CANDIDATE + (e5 - 0.85) * 3.3) / 2)
            c[4] = paraphrase_score(f, c[2])
    return [Edge(c[0], c[1], "translation" if c[2] else "paraphrase", c[4])
            for c in cand if c[4] >= PARAPHRASE]


def _merged_edges(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
                  cross: bool | None) -> list[Edge]:
    """Two adjacent unaligned sentences of one side against one of the other side."""
    from .. import embed

    def pairs(left):
        s = set(left)
        return [[k, k + 1] for k in left if k + 1 in s]

    out = []
    for p_many, p_one, many_idx, one_idx, split in (
            (pa, pb, pairs(left_a), left_b, "b"), (pb, pa, pairs(left_b), left_a, "a")):
        if not many_idx or not one_idx:
            continue
        many_txt = [p_many.text[p_many.sents[m[0]][0]:p_many.sents[m[1]][1]] for m in many_idx]
        one_txt = [p_one.text[slice(*p_one.sents[k])] for k in one_idx]
        cos = embed.encode(many_txt) @ embed.encode(one_txt).T
        for x, y in zip(*np.nonzero(cos >= min(USE_CANDIDATE, USE_TRANSLATION))):
            m, k = many_idx[x], one_idx[y]
            a_idx, b_idx = (m, [k]) if split == "b" else ([k], m)
            trans = different_language(pa, a_idx[0], pb, b_idx[0], cross)
            f = unit_features(unit(pa, a_idx), unit(pb, b_idx), float(cos[x, y]))
            sc = paraphrase_score(f, trans)
            if sc >= PARAPHRASE and (trans or cos[x, y] >= USE_CANDIDATE):
                kind = "translation" if trans else "paraphrase"
                out.extend(Edge(i, j, kind, sc, split=split) for i in a_idx for j in b_idx)
    return out


# Whole-article paraphrase and translation (``blocks``): the thresholds of the ordered block
# alignment are ``settings.ReuseSettings.block_*`` (what each means and the data it came from).
_DEFAULT = ReuseSettings()


def _block_edges(pa: Prepared, pb: Prepared, left_a: list[int], left_b: list[int],
                 cross: bool | None, st: ReuseSettings = _DEFAULT) -> list[Edge]:
    """Edges of the ordered block alignment of the leftover sentences (``st.block_*``)."""
    from .. import embed

    trans = bool(cross or (cross is None and _script(pa.text) != _script(pb.text)))
    va = embed.encode([pa.text[slice(*pa.sents[i])] for i in left_a])
    vb = embed.encode([pb.text[slice(*pb.sents[j])] for j in left_b])
    kept = []
    for ia, jb, cos in align_blocks(va, vb, st.block_floor, st.block_member, margin=st.block_margin):
        rows, cols = [left_a[x] for x in ia], [left_b[y] for y in jb]
        if facts_meet(pa, rows, pb, cols, trans, st):
            kept.append((rows, cols, cos))
    got_a = sum(len(r) for r, _, _ in kept)
    got_b = sum(len(c) for _, c, _ in kept)
    if not kept or max(got_a / len(left_a), got_b / len(left_b)) < st.block_share:
        return []
    kind = "translation" if trans else "paraphrase"
    out = []
    for rows, cols, cos in kept:
        split = "a" if len(cols) > 1 else ("b" if len(rows) > 1 else "")
        out.extend(Edge(i, j, kind, float(cos), split=split) for i in rows for j in cols)
    return out


def _select(edges: list[Edge], pa: Prepared, pb: Prepared) -> list[Edge]:
    """Greedy one-to-one choice, best first; a sentence may take a second partner when it was
    split (or merged) and the partner sits next to its first one."""
    rank = {"verbatim": 3, "near-verbatim": 2, "paraphrase": 1, "translation": 1}
    edges = sorted(edges, key=lambda e: (rank[e.kind], e.score), reverse=True)
    used_a: dict[int, list[int]] = defaultdict(list)
    used_b: dict[int, list[int]] = defaultdict(list)
    out = []
    for e in edges:
        ok_a = not used_a[e.i] or (e.split == "a" and any(abs(j - e.j) == 1 for j in used_a[e.i])
                                   and len(used_a[e.i]) < 3)
        ok_b = not used_b[e.j] or (e.split == "b" and any(abs(i - e.i) == 1 for i in used_b[e.j])
                                   and len(used_b[e.j]) < 3)
        if ok_a and ok_b:
            used_a[e.i].append(e.j)
            used_b[e.j].append(e.i)
            out.append(e)
    return out


def _drop_lone_banal(edges: list[Edge], pa: Prepared, pb: Prepared) -> list[Edge]:
    """A banal sentence pair ("He said.") stays only beside a substantial one or inside a
    run of short ones copied in order (``rules.banal_runs``)."""
    solid = {(e.i, e.j) for e in edges if not (pa.banal[e.i] or pb.banal[e.j])}
    solid |= rules.banal_runs(pa, pb, edges)
    out = []
    for e in edges:
        if (e.i, e.j) in solid:
            out.append(e)
        elif any((e.i + di, e.j + dj) in solid for di in (-1, 1) for dj in (-1, 1)):
            out.append(e)
    return out


def align_prepared(pa: Prepared, pb: Prepared, embeddings: bool = True,
                   cross: bool | None = None, settings: ReuseSettings | None = None) -> list[Edge]:
    """The aligned sentence pairs of two prepared texts."""
    return align_many([(pa, pb, cross)], embeddings, settings)[0]


def align_many(items: list[tuple[Prepared, Prepared, bool | None]], embeddings: bool = True,
               settings: ReuseSettings | None = None) -> list[list[Edge]]:
    """``align_prepared`` of many (pa, pb, cross) at once: the gap sentences of all of them
    are encoded in one call, where a call per gap paid the encoder's fixed cost per call
    (a call of 1-4 sentences took twice the CPU per sentence of a batch of 64)."""
    st = settings or _DEFAULT
    anchored = [_anchor_edges(pa, pb, embeddings, cross, st) for pa, pb, cross in items]
    if not embeddings:
        return [_drop_lone_banal(chosen, pa, pb) for (pa, pb, _), chosen in zip(items, anchored)]
    from ..embed import encode
    plans = [gap_plan(pa, pb, chosen, cross, st) for (pa, pb, cross), chosen in zip(items, anchored)]
    moved = [moved_plan(pa, pb, chosen, st) for (pa, pb, _), chosen in zip(items, anchored)]
    texts = list(dict.fromkeys(t for (pa, pb, _), (plan, _), (rows, cols) in zip(items, plans, moved)
                               for t in gap_texts(pa, pb, plan + ([(rows, cols)] if rows else []))))
    vectors = dict(zip(texts, encode(texts))) if texts else {}

    def lookup(ts: list[str]) -> np.ndarray:
        return np.stack([vectors[t] for t in ts])

    out = []
    for (pa, pb, cross), chosen, (plan, trans), (rows, cols) in zip(items, anchored, plans, moved):
        chosen = _select(chosen + gap_edges(pa, pb, plan, trans, st, lookup), pa, pb)
        if rows:
            trans = bool(cross or (cross is None and _script(pa.text) != _script(pb.text)))
            chosen = _select(chosen + moved_edges(pa, pb, rows, cols, chosen, trans, st, lookup), pa, pb)
        out.append(_drop_lone_banal(chosen, pa, pb))
    return out


def _anchor_edges(pa: Prepared, pb: Prepared, embeddings: bool, cross: bool | None,
                  st: ReuseSettings) -> list[Edge]:
    """The aligned pairs before the gaps are filled: lexical, then (with embeddings) the
    ordered blocks, single sentences by embedding, and split or merged sentences."""
    edges = _lexical_edges(pa, pb)
    # Weak lexical matches are paraphrase candidates: embeddings confirm them when available.
    strong = [e for e in edges if e.kind != "paraphrase"]
    weak = [e for e in edges if e.kind == "paraphrase"]
    chosen = _select(strong, pa, pb)
    if embeddings:
        done_a = {e.i for e in chosen}
        done_b = {e.j for e in chosen}
        left_a = [i for i in range(len(pa.sents)) if i not in done_a and not pa.banal[i]]
        left_b = [j for j in range(len(pb.sents)) if j not in done_b and not pb.banal[j]]
        plan = (_embedding_plan(pa, pb, chosen, weak, left_a, left_b, cross)
                if left_a and left_b else None)
        if plan is None and not chosen and left_a and left_b:
            # no lexical anchor at all (a copy's leftovers stay with the plan's verdict)
            chain_ = ordered_anchors(pa.content, pb.content, left_a, left_b)
            if chain_ >= st.block_chain and chain_ >= st.block_chain_share * min(len(left_a), len(left_b)):
                plan = (left_a, left_b)  # words kept in order: a whole-article paraphrase
        if plan:
            # the texts in order first (whole-article paraphrases and translations, with
            # splits and merges), then sentence by sentence what is left (moved sentences)
            # (over every leftover sentence: the plan keeps those with a partner sharing
            # words, and a paraphrase's sentence may share none with its source)
            chosen = _select(chosen + _block_edges(pa, pb, left_a, left_b, cross, st), pa, pb)
            done_a = {e.i for e in chosen}
            done_b = {e.j for e in chosen}
            left_a = [i for i in plan[0] if i not in done_a]
            left_b = [j for j in plan[1] if j not in done_b]
            emb = _embedding_edges(pa, pb, left_a, left_b, cross) if left_a and left_b else []
            chosen = _select(chosen + emb, pa, pb)
            if emb:
                # Sentences split or merged by the rewrite or the translation.
                done_a = {e.i for e in chosen}
                done_b = {e.j for e in chosen}
                left_a = [i for i in left_a if i not in done_a]
                left_b = [j for j in left_b if j not in done_b]
                if left_a and left_b:
                    chosen = _select(chosen + _merged_edges(pa, pb, left_a, left_b, cross),
                                     pa, pb)
    else:
        # No model: a weak lexical match counts when its content words agree too.
        extra = []
        for e in weak:
            f = features(pa, e.i, pb, e.j, 0.0)
            if f["content"] >= 0.45 and f["numbers"] == 1.0 and f["names"] >= 0.5:
                extra.append(Edge(e.i, e.j, "paraphrase", e.score))
        chosen = _select(chosen + extra, pa, pb)
    return chosen
