"""Quote drift: re-worded quotes, between the variants of a quote in articles of one
language, oriented as the reuse relation between them says."""
from __future__ import annotations

from rapidfuzz import fuzz

from ..model import Article, Drift, Quote, Relation
from ..parallel import no_gc
from ..wording import same_wording
from .checks import compare
from .sides import phrase
from .findings import _Findings, _lang, _name, _Recent, _reuse
from .tokens import Words, diff_keys


def quote_drift(articles: list[Article], relations: list[Relation], quotes: list[Quote]
                ) -> list[Drift]:
    """Re-worded quotes: drift between the variants of a quote in articles of one language,
    oriented as the reuse relation between them says."""
    return [d for found in quote_drift_each(articles, relations, quotes) for d in found]


def quote_drift_each(articles: list[Article], relations: list[Relation], quotes: list[Quote]
                     ) -> list[list[Drift]]:
    """``quote_drift``'s findings quote by quote, in the order of ``quotes``. A quote's
    findings read only its variants' articles and the relations among them (one family):
    a caller may run families apart and put the lists back in the quotes' order (the
    store's add keeps them per family)."""
    with no_gc():  # words and memos make no reference cycles: no collection over the corpus
        return _quote_drift_all(articles, relations, quotes)


def _quote_drift_all(articles: list[Article], relations: list[Relation], quotes: list[Quote]
                     ) -> list[list[Drift]]:
    by_id = {a.id: a for a in articles}
    direction = {(r.a, r.b): d for r, d in _reuse(relations, by_id)}
    run = _Findings()
    worded: _Recent = _Recent()  # the re-worded parts of two texts
    each: list[list[Drift]] = []
    for q in quotes:
        first = len(run.out)
        if not q.changed:
            each.append([])
            continue
        arts = list(dict.fromkeys(v.article for v in q.variants))
        for i, x in enumerate(arts):
            for y in arts[i + 1:]:
                if (y, x) in direction:
                    x, y = y, x
                if x in by_id and y in by_id and _lang(by_id[x]) == _lang(by_id[y]):
                    # a translated quote is not a re-worded one
                    for f in _quote_drift(q, by_id[x], by_id[y], direction.get((x, y)),
                                          run.side, worded):
                        run.add(x, y, f)
        each.append(run.out[first:])
    return each


_QUOTE_KINDS = frozenset(("hedge", "meaning", "number", "negation", "entity"))


def _reworded(ta: str, tb: str) -> tuple[list[str], list[str]] | None:
    """The re-worded parts of two wordings of a quote (with a little context), or None
    when they differ only in marks, case, spelling and contractions."""
    if ta == tb or same_wording(ta, tb):
        return None
    wa, wb = Words(ta), Words(tb)
    parts_a, parts_b = [], []
    for op in diff_keys(wa.keys, wb.keys):
        pa = ta[wa.starts[op.a0]:wa.ends[op.a1 - 1]] if op.a1 > op.a0 else ""
        pb = tb[wb.starts[op.b0]:wb.ends[op.b1 - 1]] if op.b1 > op.b0 else ""
        if same_wording(pa, pb):
            continue  # contractions and spelling
        parts_a.append(phrase(wa, op.a0, op.a1, 1, 2) if pa else "")
        parts_b.append(phrase(wb, op.b0, op.b1, 1, 2) if pb else "")
    if not parts_a and not parts_b:
        return None
    return parts_a, parts_b


def _quote_drift(q: Quote, a: Article, b: Article, direction, side, worded):
    va = [v for v in q.variants if v.article == a.id]
    vb = [v for v in q.variants if v.article == b.id]
    ta, tb = " ".join(v.text for v in va), " ".join(v.text for v in vb)
    if ta == tb:
        return []  # the same wording (most pairs of a quote's copies)
    if (ta, tb) not in worded:  # the same two wordings recur across pairs of copies
        worded[ta, tb] = _reworded(ta, tb)
    got = worded[ta, tb]
    if got is None:
        return []
    parts_a, parts_b = got
    at = " … ".join(p for p in parts_a[:6] if p)
    bt = " … ".join(p for p in parts_b[:6] if p)
    who = f" by {q.speaker}" if q.speaker else ""
    first = next((i for i in range(len(parts_a)) if parts_a[i] and parts_b[i]), 0)
    findings = [("quote", at, bt, f"quote{who} reworded: '{parts_b[first] or '…'}' ({_name(b.id)}) -> "
                 f"'{parts_a[first] or '…'}' ({_name(a.id)})" if direction != "b-from-a" else
                 f"quote{who} reworded: '{parts_a[first] or '…'}' -> '{parts_b[first] or '…'}'")]
    # the finer checks (hedge, meaning, number…) on the best-matching variant pairs
    for v in va:
        w = max(vb, key=lambda w: fuzz.ratio(v.text, w.text))
        # these checks read only the two stretches (and the article names when the
        # direction is unknown): the same two wordings in another pair give the same findings
        xa, xb = a.text[v.span[0]:v.span[1]], b.text[w.span[0]:w.span[1]]
        if xa == xb:
            continue  # the same words: nothing to find
        key = ("compare", xa, xb, direction, _lang(a), _lang(b),
               (_name(a.id), _name(b.id)) if direction not in ("a-from-b", "b-from-a") else None)
        if key not in worded:
            worded[key] = compare(side(a, *v.span), side(b, *w.span), direction, kinds=_QUOTE_KINDS)
        findings += worded[key]
    return findings
