"""Candidate pairs: which articles are worth aligning, in time about linear in their number.

Three signals, cheapest first (a cascade), merged and capped per article so the align stage
stays linear:

- lexical (``minhash``): passage-level MinHash LSH over word shingles. Finds duplicates,
  light edits, excerpts, shuffled and merged copies. Passages repeated across many articles
  (menus, cookie notices, paywall lines) are dropped before indexing (a document-frequency cut).
- names (``names``): an inverted index over the rare names and figures an article keeps,
  which survive rewriting and translation.
- embedding (``ann``): lead vectors in a faiss index, for paraphrase and translation. Costly,
  so only articles the cheap signals leave without a lexical candidate (and the ones that
  share names with them) are encoded, within a budget.

    pairs = candidate_pairs(articles)                 # [(i, j), ...], i < j
    found = find(articles)                            # the same with signal, score, timings
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..settings import CandidateSettings as Settings  # its knobs live with the others
from . import minhash, names

SIGNALS = ("lexical", "names", "embedding")


@dataclass
class Candidates:
    """Candidate pairs with the signal that found each and its score (signal-specific:
    shared shingles, summed idf, cosine)."""
    pairs: np.ndarray                       # (m, 2) int64, i < j, sorted
    signal: np.ndarray                      # (m,) index into SIGNALS of the strongest signal
    score: np.ndarray                       # (m,) float
    n_articles: int = 0
    timings: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def as_list(self) -> list[tuple[int, int]]:
        return [(int(a), int(b)) for a, b in self.pairs]

    def per_article(self) -> float:
        return 2 * len(self.pairs) / self.n_articles if self.n_articles else 0.0


def candidate_pairs(articles: Sequence, embeddings: bool = True, workers: int | None = None,
                    settings: Settings | None = None, signatures: list | None = None,
                    vectors: dict | None = None) -> list[tuple[int, int]]:
    """Index pairs (i < j) of ``articles`` worth aligning (see the module docstring).
    ``signatures`` and ``vectors``: what an earlier run kept (see ``find``)."""
    st = dataclasses.replace(settings or Settings(), workers=workers)
    return find(articles, embeddings=embeddings, settings=st, signatures=signatures,
                vectors=vectors).as_list()


# -- the per-article work, run in batches (in a process pool for large corpora) -------------

def _prepare(items: list[tuple[str, list | None]]) -> list[tuple]:
    # (no collector pause here: find, a pool worker or a Dask task has paused it)
    signed = minhash.sign_batch(items)
    sig = np.concatenate([s.sig for s in signed])
    keys = minhash.band_keys(sig, minhash.BANDS)
    # 32-bit keys halve the memory; a spurious collision costs one band, not a pair.
    keys32 = (keys ^ (keys >> np.uint64(32))).astype(np.uint32)
    out, pos = [], 0
    for (text, _), s in zip(items, signed):
        m = len(s.spans)
        out.append((s.spans, s.size, s.line, keys32[pos:pos + m].copy(), names.features(text)))
        pos += m
    return out


def _signals_of(articles: Sequence, settings: Settings, progress, known: list | None = None
                ) -> tuple[list[tuple], object]:
    """The signatures of ``articles`` and, on a cluster, the ``band_join`` of their keys
    (the keys stay on the workers there; None: the keys are in the signatures). ``known``:
    signatures already made, None where not; the missing ones are made and filled in."""
    from .. import parallel

    apart = getattr(parallel.engine(), "sign_apart", None)
    if apart is not None or known is None:
        items = [(a.text or "", list(getattr(a, "_paragraphs", None) or []) or None) for a in articles]
        if apart is not None:
            return apart(_prepare, items, settings.batch_size, progress)
        return parallel.map_batches(_prepare, items, workers=settings.workers,
                                    batch_size=settings.batch_size, progress=progress), None
    todo = [i for i, s in enumerate(known) if s is None]
    items = [(articles[i].text or "", list(getattr(articles[i], "_paragraphs", None) or []) or None)
             for i in todo]
    made = parallel.map_batches(_prepare, items, workers=settings.workers,
                                batch_size=settings.batch_size, progress=progress)
    for i, s in zip(todo, made):
        known[i] = s
    return list(known), None


def without_keys(sig_batch: list[tuple]) -> list[tuple]:
    """A batch's signatures without their band keys (what a cluster sends back)."""
    return [(spans, size, line, None, feats) for spans, size, line, _, feats in sig_batch]


# -- combining -------------------------------------------------------------------------------

def _top_k(pairs: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask of the pairs that are among the ``k`` best of at least one of their articles."""
    m = len(pairs)
    if m == 0:
        return np.zeros(0, bool)
    node = np.concatenate([pairs[:, 0], pairs[:, 1]])
    sc = np.concatenate([score, score])
    idx = np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((-sc, node))
    node, idx = node[order], idx[order]
    rank = np.arange(2 * m) - np.searchsorted(node, node, side="left")
    keep = np.zeros(m, bool)
    keep[idx[rank < k]] = True
    return keep


def _top_k_stable(pairs: np.ndarray, score: np.ndarray, k: int, earlier: bool) -> np.ndarray:
    """``_top_k`` whose answer a later article cannot move by a tie: scores equal to 1e-6
    (sums of the same idfs in another order) rank the earlier partner first. With
    ``earlier`` each article ranks only the articles before it (pairs are (i < j): j ranks
    i), so what an article keeps is decided when it arrives."""
    m = len(pairs)
    if m == 0:
        return np.zeros(0, bool)
    sc = np.round(score, 6)
    if earlier:
        node, other, idx = pairs[:, 1], pairs[:, 0], np.arange(m)
    else:
        node = np.concatenate([pairs[:, 0], pairs[:, 1]])
        other = np.concatenate([pairs[:, 1], pairs[:, 0]])
        sc, idx = np.concatenate([sc, sc]), np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((other, -sc, node))
    node, idx = node[order], idx[order]
    rank = np.arange(len(node)) - np.searchsorted(node, node, side="left")
    keep = np.zeros(m, bool)
    keep[idx[rank < k]] = True
    return keep


def _runs(codes: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts."""
    return np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])


def _add_counts(acc_codes: np.ndarray, acc_counts: np.ndarray, pending: list[np.ndarray]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pair codes with their counts (sorted), the codes of ``pending`` (one count
    each) added. The new codes take a plain sort (values only); then the two sorted runs
    merge in one pass of a stable sort (timsort), not a full argsort of both."""
    new = np.sort(np.concatenate(pending))
    first = _runs(new)
    codes = np.concatenate([acc_codes, new[first]])
    cnts = np.concatenate([acc_counts, np.diff(np.r_[first, len(new)])])
    order = np.argsort(codes, kind="stable")
    codes, cnts = codes[order], cnts[order]
    first = _runs(codes)
    return codes[first], np.add.reduceat(cnts, first)


def _band_counts(bands, P: int, cap: int, st: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Band collisions -> distinct (passage, passage) codes (``min * P + max``) with the
    number of bands they share. ``bands`` yields, per band, the keys, owners and passage
    indexes of the passages, in passage order."""
    acc_codes = np.zeros(0, np.int64)
    acc_counts = np.zeros(0, np.int64)
    pending = []
    for b, (keys, owner, pidx) in enumerate(bands):
        rows = minhash.bucket_pairs(keys, owner, max_bucket=cap, max_distance=st.bucket_distance)
        if len(rows):
            pa, pb = pidx[rows[:, 0]], pidx[rows[:, 1]]
            pending.append(np.minimum(pa, pb) * P + np.maximum(pa, pb))
        if len(pending) == 16:
            acc_codes, acc_counts = _add_counts(acc_codes, acc_counts, pending)
            pending = []
    if pending:
        acc_codes, acc_counts = _add_counts(acc_codes, acc_counts, pending)
    return acc_codes, acc_counts


# -- the band join on a cluster: the keys never leave the workers that signed them -----------

def band_rows(sig_batch: list[tuple], p0: int, owner0: int, live: np.ndarray, parts: int
              ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """The shuffle's map side: (band, key, passage, owner) rows of the live passages of one
    signing batch (its first passage is ``p0``, its first article ``owner0``), cut into
    ``parts`` by key, so that every bucket of every band lands whole in one part."""
    counts = np.fromiter((len(s[1]) for s in sig_batch), np.int64, len(sig_batch))
    if counts.sum() == 0 or not live.any():
        empty = (np.zeros(0, np.uint8), np.zeros(0, np.uint32), np.zeros(0, np.int64),
                 np.zeros(0, np.int64))
        return [empty] * parts
    keys = np.concatenate([s[3] for s in sig_batch])[live]
    owner = np.repeat(np.arange(owner0, owner0 + len(sig_batch), dtype=np.int64), counts)[live]
    pidx = p0 + np.flatnonzero(live)
    nb = keys.shape[1]
    band = np.tile(np.arange(nb, dtype=np.uint8), len(keys))
    key = keys.ravel()
    passage, own = np.repeat(pidx, nb), np.repeat(owner, nb)
    part = key % np.uint32(parts)
    return [(band[m], key[m], passage[m], own[m]) for m in (part == r for r in range(parts))]


def band_collisions(pieces: list[tuple], bands: int, P: int, cap: int, st: Settings
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The shuffle's reduce side: the pair codes and band counts of one part's buckets
    (``_band_counts`` over the rows of every batch that fell in this part)."""
    band, key, passage, owner = (np.concatenate(c) for c in zip(*pieces))
    order = np.lexsort((passage, band))
    band, key, passage, owner = band[order], key[order], passage[order], owner[order]
    cut = np.searchsorted(band, np.arange(bands + 1))
    per_band = ((key[lo:hi], owner[lo:hi], passage[lo:hi]) for lo, hi in zip(cut[:-1], cut[1:]))
    return _band_counts(per_band, P, cap, st)


def merge_counts(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Sum the band counts of the parts (a passage pair's bands fall in several parts)."""
    codes = np.concatenate([c for c, _ in parts]) if parts else np.zeros(0, np.int64)
    counts = np.concatenate([k for _, k in parts]) if parts else np.zeros(0, np.int64)
    ucodes, inv = np.unique(codes, return_inverse=True)
    return ucodes, np.bincount(inv, weights=counts, minlength=len(ucodes)).astype(np.int64)


def _lexical(sigs: list[tuple], n: int, st: Settings, band_join=None
             ) -> tuple[np.ndarray, np.ndarray, dict]:
    """Lexical pairs from the passage signatures. ``band_join(live, cap)``, when given,
    computes the band collisions elsewhere (on a cluster, where the keys stayed)."""
    counts = np.fromiter((len(s[1]) for s in sigs), dtype=np.int64, count=n)
    info = {"passages": int(counts.sum())}
    if counts.sum() == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0), info
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    size = np.concatenate([s[1] for s in sigs]).astype(np.float64)
    line = np.concatenate([s[2] for s in sigs]).astype(np.uint64)
    cap = max(st.min_df_cap, int(st.max_df_share * n))

    # Document frequency of each exact passage (distinct articles carrying it).
    lo = np.unique((line << np.uint64(32)) | owner.astype(np.uint64))
    uline, ldf = np.unique(lo >> np.uint64(32), return_counts=True)
    df = ldf[np.searchsorted(uline, line)]
    live = np.flatnonzero(df <= cap)
    info["passages_dropped_df"] = int(len(line) - len(live))
    P = len(line)
    if band_join is not None:
        acc_codes, acc_counts = band_join(df <= cap, cap, st)
    else:
        keys_l, owner_l = np.concatenate([s[3] for s in sigs])[live], owner[live]
        acc_codes, acc_counts = _band_counts(
            ((keys_l[:, b], owner_l, live) for b in range(keys_l.shape[1])), P, cap, st)
    info["passage_pairs"] = int(len(acc_codes))
    if len(acc_codes) == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0), info
    pa, pb = acc_codes // P, acc_codes % P
    rows = minhash.NUM_PERM // st.bands
    jac = (acc_counts / st.bands) ** (1.0 / rows)          # Jaccard from the share of bands
    shared = jac / (1.0 + jac) * (size[pa] + size[pb])    # shingles in common (estimate)
    shared *= np.sqrt(np.minimum(1.0, st.df_soft / np.maximum(df[pa], df[pb])))
    oa, ob = owner[pa], owner[pb]
    acode = np.minimum(oa, ob) * n + np.maximum(oa, ob)
    ucode, inv = np.unique(acode, return_inverse=True)
    strength = np.bincount(inv, weights=shared)
    total = np.bincount(owner, weights=size, minlength=n)   # shingles per article
    ua, ub = ucode // n, ucode % n
    need = np.clip(st.min_share_of_smaller * np.minimum(total[ua], total[ub]),
                   st.min_shared, st.min_shared_long)
    ok = strength >= need
    return np.stack([ua[ok], ub[ok]], axis=1), strength[ok], info


def _embedding(articles: Sequence, sigs: list[tuple], found: np.ndarray, name_pairs: np.ndarray,
               name_score: np.ndarray, st: Settings, vectors: dict | None = None
               ) -> tuple[np.ndarray, np.ndarray, dict]:
    from . import ann

    n = len(articles)
    has = np.zeros(n, bool)
    has[found.ravel()] = True
    if len(found):
        # Two articles that only have each other (a translation and its reprint) are as
        # alone as one: no lexical signal links their retelling to its source's copies.
        uniq = np.unique(found[:, 0] * n + found[:, 1])
        pair = np.stack([uniq // n, uniq % n], axis=1)
        deg = np.bincount(pair.ravel(), minlength=n)
        lone = pair[(deg[pair[:, 0]] == 1) & (deg[pair[:, 1]] == 1)]
        has[lone.ravel()] = False
    orphans = np.flatnonzero(~has & np.fromiter((len(s[1]) > 0 for s in sigs), bool, n))
    if n <= st.embed_all_below:
        chosen, queries = np.arange(n), orphans
    else:
        budget = max(st.embed_all_below, int(st.embed_share * n) + st.embed_min)
        isq = np.zeros(n, bool)
        isq[orphans] = True
        best = np.zeros(n)
        both, sc = np.zeros((0, 2), np.int64), np.zeros(0)
        if len(name_pairs):
            both = np.concatenate([name_pairs, name_pairs[:, ::-1]])
            sc = np.concatenate([name_score, name_score])
            sel = isq[both[:, 0]]
            both, sc = both[sel], sc[sel]
            np.maximum.at(best, both[:, 0], sc)
        # Orphans with a loose name partner are the likeliest rewrites or translations of an
        # article in the corpus: they and their partners take the budget first.
        ranked = orphans[np.lexsort((orphans, -best[orphans]))]
        hinted = ranked[best[ranked] > 0][: budget // 2]
        part = np.zeros(0, np.int64)
        if len(hinted):
            ish = np.zeros(n, bool)
            ish[hinted] = True
            sel = ish[both[:, 0]]
            keep = _top_k(both[sel], sc[sel], st.embed_partners)
            part = np.setdiff1d(np.unique(both[sel][keep, 1]), hinted)[: budget - len(hinted)]
        rest = ranked[best[ranked] == 0][: max(0, budget - len(hinted) - len(part))]
        queries = np.unique(np.concatenate([hinted, rest]))
        chosen = np.unique(np.concatenate([queries, part]))
    info = {"orphans": int(len(orphans)), "embedded": int(len(chosen))}
    if len(chosen) < 2 or len(queries) == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0), info
    texts = []
    for i in chosen:
        a = articles[i]
        spans = [tuple(x) for x in sigs[i][0].tolist()]
        lead = ann.lead(a.text, spans, list(getattr(a, "_sentences", None) or []) or None, n=1)
        texts.append(ann.summary(getattr(a, "title", None), lead))
    if vectors is None:
        vecs = ann.summary_vectors(texts)
    else:  # a summary's vector depends on its text alone: those encoded before are kept
        todo = list(dict.fromkeys(t for t in texts if t not in vectors))
        if todo:
            vectors.update(zip(todo, ann.summary_vectors(todo)))
        vecs = np.stack([vectors[t] for t in texts])
    pos = np.searchsorted(chosen, queries)
    got, cos = ann.neighbours(vecs, pos, k=st.k_embedding, min_cos=st.embed_min_cos)
    if len(got) == 0:
        return np.zeros((0, 2), np.int64), np.zeros(0), info
    a, b = chosen[got[:, 0]], chosen[got[:, 1]]
    pairs = np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)
    code = pairs[:, 0] * n + pairs[:, 1]
    code, first = np.unique(code, return_index=True)
    return pairs[first], cos[first].astype(np.float64), info


def find(articles: Sequence, embeddings: bool = True, settings: Settings | None = None,
         progress: Callable[[int, int], None] | None = None, signatures: list | None = None,
         vectors: dict | None = None) -> Candidates:
    """Candidate pairs of ``articles`` with the signal and score of each, and stage timings.

    A caller that grows a corpus (the store) keeps the per-article work between runs:
    ``signatures``, one per article (None where not made yet: made and filled in), and
    ``vectors``, summary text -> lead vector (filled in). The answer is the same."""
    from ..parallel import no_gc

    # Arrays and tuples, no reference cycles: a collection would only walk the corpus.
    with no_gc():
        return _find(articles, embeddings, settings or Settings(), progress, signatures, vectors)


def _find(articles: Sequence, embeddings: bool, st: Settings,
          progress: Callable[[int, int], None] | None, known: list | None = None,
          vectors: dict | None = None) -> Candidates:
    n = len(articles)
    t = {}
    empty = Candidates(np.zeros((0, 2), np.int64), np.zeros(0, np.int8), np.zeros(0), n)
    if n < 2:
        return empty
    t0 = time.perf_counter()
    sigs, band_join = _signals_of(articles, st, progress, known)
    t["sign"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    lex, lex_score, info = _lexical(sigs, n, st, band_join)
    t["lexical"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # Loose pairs (two rare features in common) point the embedding signal at likely
    # sources; the strict ones are candidates by themselves.
    loose, loose_score, shared, overlap = names.pairs(
        [s[4] for s in sigs], max_df=st.names_max_df, min_shared=2, details=True)
    strict = ((shared >= st.names_min_shared) & (loose_score >= st.names_min_score)
              & (overlap >= st.names_min_overlap))
    nam, nam_score = loose[strict], loose_score[strict]
    t["names"] = time.perf_counter() - t0

    emb, emb_score = np.zeros((0, 2), np.int64), np.zeros(0)
    if embeddings:
        t0 = time.perf_counter()
        emb, emb_score, einfo = _embedding(articles, sigs, np.concatenate([lex, nam]),
                                           loose, loose_score, st, vectors)
        info.update(einfo)
        t["embedding"] = time.perf_counter() - t0

    parts = []
    for sig_id, (p, s, k) in enumerate([(lex, lex_score, st.k_lexical),
                                        (nam, nam_score, st.k_names),
                                        (emb, emb_score, st.k_embedding)]):
        if sig_id == 1:  # see Settings.names_cap
            keep = _top_k_stable(p, s, k, st.names_cap == "earlier")
        else:
            keep = _top_k(p, s, k)
        info[f"{SIGNALS[sig_id]}_pairs"] = int(keep.sum())
        parts.append((p[keep], np.full(int(keep.sum()), sig_id, np.int8), s[keep]))
    pairs = np.concatenate([p for p, _, _ in parts])
    if len(pairs) == 0:
        return Candidates(empty.pairs, empty.signal, empty.score, n, t, info)
    sig = np.concatenate([g for _, g, _ in parts])
    score = np.concatenate([s for _, _, s in parts])
    code = pairs[:, 0] * n + pairs[:, 1]
    # One row per pair, the first (cheapest, most exact) signal that found it.
    order = np.lexsort((sig, code))
    code, sig, score = code[order], sig[order], score[order]
    first = np.r_[True, code[1:] != code[:-1]]
    code, sig, score = code[first], sig[first], score[first]
    return Candidates(np.stack([code // n, code % n], axis=1), sig, score, n, t, info)


# -- second round: siblings of a re-worded copy ------------------------------------------------

# Relation kinds whose text is re-worded: their copies share meaning, not words, with the
# other copies of the same source, so no lexical signal pairs them.
REWORDED = ("rewrite", "translation")


def sibling_pairs(relations: Sequence, index: dict[str, int], seen: set[tuple[int, int]],
                  max_partners: int = 8) -> list[tuple[int, int]]:
    """Pairs (i < j) of articles that each share text with one article, where at least one
    of the two is a re-wording of it (a rewrite or translation of a wire and the wire's
    reprint share the wire's content). Only pairs not in ``seen``; at most ``max_partners``
    partners of an article are considered, strongest first, so the count stays linear."""
    partners: dict[int, list[tuple[float, int, bool]]] = {}
    for r in relations:
        if r.kind == "same-story":
            continue
        a, b = index[r.a], index[r.b]
        reworded = r.kind in REWORDED
        partners.setdefault(a, []).append((r.score, b, reworded))
        partners.setdefault(b, []).append((r.score, a, reworded))
    out = set()
    for plist in partners.values():
        plist = sorted(plist, reverse=True)[:max_partners]
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                if not (plist[x][2] or plist[y][2]):
                    continue
                pair = (min(plist[x][1], plist[y][1]), max(plist[x][1], plist[y][1]))
                if pair not in seen:
                    out.add(pair)
    return sorted(out)
