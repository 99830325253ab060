"""Evaluative labels the hand lexicon lacks: an adjective that a sentiment lexicon rates as
judging ("hapless", "struggling", "troubled") put on a noun or a name on one side of an edit
and not the other ("Britain's financial watchdog" -> "Britain's hapless financial watchdog")."""
from __future__ import annotations

from . import valence
from .modality import modifies_noun
from .sides import Side, arrow, change_note, phrase
from .tokens import Op

SMALL = 6  # words: as the other word-level checks, a larger edit is a rewrite


def evaluative_labels(a: Side, b: Side, ops: list[Op], direction) -> list[tuple[str, str, str, str]]:
    out = []
    for op in ops:
        if op.a1 - op.a0 > SMALL or op.b1 - op.b0 > SMALL:
            continue
        for side, other, lo, hi, is_a in ((a, b, op.a0, op.a1, True), (b, a, op.b0, op.b1, False)):
            olo, ohi = (op.b0, op.b1) if is_a else (op.a0, op.a1)
            if any(valence.valence(w, other.lang) is not None for w in other.low[olo:ohi]):
                continue  # one rated word for another ("good" -> "decent"): a stance check's
            for i in range(lo, hi):
                w = side.low[i]
                if (not side.words[i][:1].islower() or w in other.low
                        or not valence.evaluative(w, side.lang)):
                    continue
                # on a thing both sides speak of: the label is the change, not the subject
                noun = modifies_noun(side.text, side.starts[i], side.ends[i], side.lang)
                if noun is None or noun not in other.low:
                    continue
                at = phrase(a, op.a0, op.a1, 1, 2)
                bt = phrase(b, op.b0, op.b1, 1, 2)
                who = change_note(a, b, direction, is_a, "dropped", "added", f"label '{side.words[i]}'")
                out.append(("label", at, bt, f"{who}: {arrow(a, b, at, bt, direction)}"))
                break
    return out
