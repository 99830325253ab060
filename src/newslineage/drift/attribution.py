"""An attribution dropped or added ("Reports say that BT has lost 10%" -> "BT has lost 10%",
"..., the Treasury has announced" cut, "According to Reuters, 35 ..." -> "In all, 35 ..."): a
claim told as a source's becomes the writer's own, or the reverse. A kind of hedge: the
words that say who says so are the qualification."""
from __future__ import annotations

from functools import lru_cache

from ..quotes.verbs import _NOUN_LIKE, CUE_FORMS_EN, FORM_LEMMA, LEMMAS
from .lexicon import _load
from .sides import Side, arrow, change_note, edited_share, has_phrase, phrase
from .tokens import Op

SMALL = 6  # words on a side: as the other word-level checks, a larger edit re-tells the sentence
# the most of a stretch's words inside edits for this check to read it: a re-wording drops and
# adds clauses of saying that change no claim ("he argued", "the agency said"). Chosen on the
# 32 tune families (benchmarks/drift_attribution_cv.py): with no gate 8 true, 102 false; at 0.05
# 2 true, 0 false; out of fold 2 true, 3 false (a fold that took 0.15)
EDITED_MAX = 0.05


@lru_cache(maxsize=None)
def _citing(lang: str) -> tuple[tuple[str, ...], ...]:
    """The words that open a citation of a source in ``lang`` ("according to", "citing"),
    from the 'cites' phrases of resources/attribution.json that name the source after them."""
    data = _load("attribution.json")
    out = set()
    for code, table in data.items():
        if code.startswith("_") or (lang and code != lang):
            continue
        for p in table.get("cites", []):
            head = p.split("{source}")[0].split()
            # "according to", "citing": not a lone short word ("with", "via": too common)
            if head and not p.startswith("{source}") and (len(head) > 1 or len(head[0]) >= 5):
                out.add(tuple(w.casefold() for w in head))
    return tuple(sorted(out))


_CLOSING = frozenset('"”’»')


@lru_cache(maxsize=None)
def _retelling(lang: str) -> tuple[tuple[str, ...], ...]:
    """The phrases by which a copy retells its source ("the publication writes")."""
    data = _load("attribution.json")
    return tuple(tuple(p.casefold().split()) for code, table in data.items()
                 if not code.startswith("_") and (not lang or code == lang)
                 for p in table.get("retelling", []))


# the forms of the verbs of saying that tell who says so: the past and -s forms a quote's cue
# takes, and the base form ("reports say", "they say"); not "-ing" ("his thinking") nor the
# -s form of a verb that is mostly a noun there ("the claims")
SAYING = CUE_FORMS_EN | (LEMMAS - _NOUN_LIKE)


def _says(s: Side, lo: int, hi: int) -> bool:
    """The words [lo, hi) hold a verb of saying or reporting, or open a citation."""
    low = s.low[lo:hi]
    if any(w in SAYING for w in low):
        return True
    return any(has_phrase(low, ph) for ph in _citing(s.lang or "en"))


def attributions(a: Side, b: Side, ops: list[Op], direction) -> list[tuple[str, str, str, str]]:
    """A clause that says who says so (a source and a verb of saying, or "according to ...")
    on one side of a small edit, and nothing of the kind in its place on the other side."""
    if edited_share(a, b, ops) > EDITED_MAX:
        return []
    out = []
    for op in ops:
        if max(op.a1 - op.a0, op.b1 - op.b0) > SMALL:
            continue
        for side, other, lo, hi, olo, ohi, is_a in ((a, b, op.a0, op.a1, op.b0, op.b1, True),
                                                     (b, a, op.b0, op.b1, op.a0, op.a1, False)):
            if hi - lo < 2 or ohi - olo > 2 or not _says(side, lo, hi) or _says(other, olo, ohi):
                continue  # a source beside its verb, dropped (not re-worded); no verb for a verb
            if any(w in FORM_LEMMA for w in other.low[olo:ohi]):
                continue  # the same verb in another form ("has claimed" -> "claims")
            if any(has_phrase(side.low[max(0, lo - 1):hi], ph) for ph in _retelling(side.lang or "en")):
                continue  # "the publication writes": a copy naming its source, not a claim's
            if side.text[max(0, side.starts[lo] - 3):side.starts[lo]].strip()[-1:] in _CLOSING:
                continue  # the speaker of a quote ("...," said Mr Kofman): the quote's own tag
            words = set(side.low[lo:hi])
            elsewhere = {w for o in ops if o is not op
                         for w in (other.low[o.b0:o.b1] if is_a else other.low[o.a0:o.a1])}
            if words <= elsewhere:
                continue  # the attribution moved within the sentence, not dropped
            has = side.text[side.starts[lo]:side.ends[hi - 1]]
            at = phrase(a, op.a0, op.a1, 1, 2)
            bt = phrase(b, op.b0, op.b1, 1, 2)
            who = change_note(a, b, direction, is_a, "dropped", "added", f"attribution '{has}'")
            out.append(("hedge", at, bt, f"{who} (a claim told as a source's, or as the writer's own): "
                                         f"{arrow(a, b, at, bt, direction)}"))
            break
    return out
