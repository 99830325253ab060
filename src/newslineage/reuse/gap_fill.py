"""Gap fill: the sentences left between two aligned places of a relation that keeps the order
of both texts are aligned in order among themselves, at a lower cosine floor (``align``'s
last step; the vectors of many relations' gaps are encoded in one call by ``align_many``);
then the sentences a rewrite moved out of that order, by mutual best cosine."""
from __future__ import annotations

from ..settings import ReuseSettings
from . import rules
from .blocks import SHAPES, align_blocks, gaps, monotone_chain
from .facts import facts_meet
from .prepare import Prepared
from .sentence_pairs import Edge, _script


def gap_plan(pa: Prepared, pb: Prepared, chosen: list[Edge], cross: bool | None,
              st: ReuseSettings) -> tuple[list[tuple[list[int], list[int]]], bool]:
    """The gaps ``gap_edges`` aligns (leftover rows and columns between anchors in order, and
    around one off the order) and whether the relation crosses languages; none where the
    rule does not apply."""
    if st.gap_floor >= 1 or not chosen or not rules.substantial(pa, pb, chosen):
        return [], False
    chain_ = monotone_chain([(e.i, e.j) for e in chosen])
    if len(chain_) < st.gap_chain:
        return [], False
    done_a, done_b = {e.i for e in chosen}, {e.j for e in chosen}
    left_a = [i for i in range(len(pa.sents)) if i not in done_a and not pa.banal[i]]
    left_b = [j for j in range(len(pb.sents)) if j not in done_b and not pb.banal[j]]
    # the anchors in order must hold gap_share of a side's sentences: a rendering in order,
    # not two texts that share a few sentences
    n_a, n_b = sum(not b for b in pa.banal), sum(not b for b in pb.banal)
    if len(chain_) < st.gap_share * min(n_a, n_b):
        return [], False
    trans = bool(cross or (cross is None and _script(pa.text) != _script(pb.text)))
    # a copy (every anchor a verbatim or near-verbatim sentence) renders at most a new lead
    # or ending beyond its outer anchors; a paraphrase or translation may miss a few more
    copy = all(e.kind in ("verbatim", "near-verbatim") for e in chosen)
    plan = gaps(chain_, left_a, left_b, st.gap_copy_tail if copy else st.gap_tail,
                sorted({(e.i, e.j) for e in chosen} - set(chain_)))
    return [g for g in plan if _facts_can_meet(pa, pb, g, trans, st)], trans


def moved_plan(pa: Prepared, pb: Prepared, chosen: list[Edge], st: ReuseSettings
               ) -> tuple[list[int], list[int]]:
    """The leftover sentences ``moved_edges`` may pair: those of a relation the gap fill
    applies to (the same gates as ``gap_plan``) that is not a copy (a copy's moved paragraphs
    are copied words, which the lexical step pairs wherever they are); none when
    ``st.moved_floor`` >= 1."""
    if st.moved_floor >= 1 or st.gap_floor >= 1 or not chosen:
        return [], []
    if all(e.kind in ("verbatim", "near-verbatim") for e in chosen):
        return [], []
    if not rules.substantial(pa, pb, chosen):
        return [], []
    chain_ = monotone_chain([(e.i, e.j) for e in chosen])
    n_a, n_b = sum(not b for b in pa.banal), sum(not b for b in pb.banal)
    if len(chain_) < st.gap_chain or len(chain_) < st.gap_share * min(n_a, n_b):
        return [], []
    done_a, done_b = {e.i for e in chosen}, {e.j for e in chosen}
    left_a = [i for i in range(len(pa.sents)) if i not in done_a and not pa.banal[i]]
    left_b = [j for j in range(len(pb.sents)) if j not in done_b and not pb.banal[j]]
    return (left_a, left_b) if left_a and left_b else ([], [])


def moved_edges(pa: Prepared, pb: Prepared, rows: list[int], cols: list[int],
                chosen: list[Edge], trans: bool, st: ReuseSettings, encode) -> list[Edge]:
    """Sentences of ``rows`` and ``cols`` (``moved_plan``) still unpaired after the gap fill,
    paired one to one when each is the other's closest (cosine >= ``st.moved_floor``) and
    their facts meet (or the cosine is ``st.moved_sure`` or more): in a rewrite that renders
    the rest of the text, a sentence moved to another paragraph is still its source's
    closest sentence, though the words differ too much for the paraphrase score. Unlike a
    gap's block, no aligned sentence around the pair backs it, so the cosine alone does not
    stand for its facts by default (two reports' leads on one event are often each other's
    closest sentences and state different things)."""
    done_a, done_b = {e.i for e in chosen}, {e.j for e in chosen}
    rows = [i for i in rows if i not in done_a]
    cols = [j for j in cols if j not in done_b]
    if not rows or not cols:
        return []
    cos = encode([pa.text[slice(*pa.sents[i])] for i in rows]) @ \
        encode([pb.text[slice(*pb.sents[j])] for j in cols]).T
    best_b, best_a = cos.argmax(axis=1), cos.argmax(axis=0)
    kind = "translation" if trans else "paraphrase"
    out = []
    for x, y in enumerate(best_b.tolist()):
        c = float(cos[x, y])
        if best_a[y] != x or c < st.moved_floor:
            continue
        i, j = rows[x], cols[y]
        if c >= st.moved_sure or facts_meet(pa, [i], pb, [j], trans, st):
            out.append(Edge(i, j, kind, c, moved=True))
    return out


def _facts_can_meet(pa: Prepared, pb: Prepared, gap: tuple[list[int], list[int]], trans: bool,
                    st: ReuseSettings) -> bool:
    """Does any block ``align_blocks`` may form in this gap pass ``facts_meet``? A gap where
    none does gives no edge whatever its vectors: its sentences need no encoding (at 10k
    synthetic articles 39% of the gap sentences, and no edge lost)."""
    if st.gap_sure < 1:
        return True  # a block may stand on its cosine alone: every gap is encoded
    rows, cols = gap
    for p, q in SHAPES:
        for x in range(p, len(rows) + 1):
            for y in range(q, len(cols) + 1):
                if facts_meet(pa, rows[x - p:x], pb, cols[y - q:y], trans, st):
                    return True
    return False


def gap_texts(pa: Prepared, pb: Prepared, plan: list[tuple[list[int], list[int]]]) -> list[str]:
    """The sentences ``gap_edges`` encodes for this plan (to encode many pairs' at once)."""
    return [p.text[slice(*p.sents[k])] for rows, cols in plan for p, ks in ((pa, rows), (pb, cols))
            for k in ks]


def gap_edges(pa: Prepared, pb: Prepared, plan: list[tuple[list[int], list[int]]],
               trans: bool, st: ReuseSettings, encode) -> list[Edge]:
    """Sentences left between two aligned places of a relation that keeps the order of both
    texts (``blocks.gaps``) are aligned in order among themselves, at the lower cosine floor
    ``st.gap_floor``: a paraphrase's or a translation's sentence the encoder scores low
    against its source still sits where the source's sentence sat. Only for a relation the
    aligned sentences make already (no relation is made here) whose anchors in order are
    ``st.gap_chain`` or more (``gap_plan``). A block's facts must meet (``facts_meet``)
    unless its cosine is ``st.gap_sure`` or more: in its place between aligned sentences, a
    sentence the encoder reads as the same statement renders it even with a figure changed
    (drift to report, not another sentence) or a name written another way ("the UK" / "het
    Verenigd Koninkrijk"). ``encode``: the sentences' vectors."""
    kind = "translation" if trans else "paraphrase"
    out = []
    for rows_, cols_ in plan:
        va = encode([pa.text[slice(*pa.sents[i])] for i in rows_])
        vb = encode([pb.text[slice(*pb.sents[j])] for j in cols_])
        for ia, jb, cos in align_blocks(va, vb, st.gap_floor, st.block_member):
            rows, cols = [rows_[x] for x in ia], [cols_[y] for y in jb]
            if cos >= st.gap_sure or facts_meet(pa, rows, pb, cols, trans, st):
                split = "a" if len(cols) > 1 else ("b" if len(rows) > 1 else "")
                out.extend(Edge(i, j, kind, float(cos), split=split) for i in rows for j in cols)
    return out
