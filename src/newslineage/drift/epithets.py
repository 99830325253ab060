"""Epithets: a word put before a name that the other side names without it ("the much-
criticised Wolong Nature Reserve", "Troubled ABN Amro"), and the name a label is attached to."""
from __future__ import annotations

from ..words import stop_words
from .judging import judges
from .modality import describes
from .sides import Side, arrow, change_note, phrase
from .tokens import Op
from .triggers import NOT_NAMES

Finding = tuple[str, str, str, str]


_ARTICLES = stop_words("articles", ("en",))


def new_epithets(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    """An adjective put before a name that the other side names without it ("the much-
    criticised Wolong Nature Reserve"): a label of the writer's, lexicon or not, when the
    word judges (``judging.judges``: rated by the sentiment lexicon or rare in real news)."""
    out = []
    for op in ops:
        if op.tag == "replace" or max(op.a1 - op.a0, op.b1 - op.b0) > 3:
            continue
        side, other, lo, hi, is_a = ((a, b, op.a0, op.a1, True) if op.a1 > op.a0
                                     else (b, a, op.b0, op.b1, False))
        while lo < hi - 1 and side.low[lo] in _ARTICLES:
            lo += 1  # "the temperamental Rusedski": the label is what follows the article
        if hi >= len(side.words) or not all(w[:1].islower() or (i == lo and _opens_sentence(side, i))
                                            for i, w in enumerate(side.words[lo:hi], lo)):
            continue  # lower case, but for the first word of a sentence ("Troubled ABN Amro")
        if any(w in other.low or w in _FUNCTION for w in side.low[lo:hi]):
            continue  # moved (it stands elsewhere on the other side), or a function word ("other")
        name = attached(side, lo, hi) if side.words[hi][:1].isupper() else None
        if not name or name.split()[-1].casefold() not in other.low:
            continue
        label = side.text[side.starts[lo]:side.ends[hi - 1]]
        if not any(judges(w, side.lang) for w in label.casefold().split()):
            continue  # a house word ("former", "new", "south"), not a judgement
        if not describes(side.text, side.starts[lo], side.ends[hi - 1], side.lang):
            continue
        at = phrase(a, op.a0, op.a1, 1, len(name.split()))
        bt = phrase(b, op.b0, op.b1, 1, len(name.split()))
        who = change_note(a, b, direction, is_a, "dropped", "added", f"label '{label}'")
        out.append(("label", at, bt, f"{who} before {name}: {arrow(a, b, at, bt, direction)}"))
    return out


_FUNCTION = stop_words("no_content", ("en",))


def _opens_sentence(s: Side, i: int) -> bool:
    """Word i starts a sentence, written with a capital only for that ("Veteran", not "NATO")."""
    w = s.words[i]
    return (w[1:].islower() and (i == 0 or any(c in ".!?\n" for c in s.text[s.ends[i - 1]:s.starts[i]])))


def attached(s: Side, i0: int, i1: int) -> str | None:
    """The name a label at tokens [i0, i1) is attached to: a capitalised run right after it
    ("dictator Vladimir Putin") or right before it ("the Kyiv regime")."""
    toks = s.toks
    j = i1
    # a role noun or two may stand between the label and the name ("controversial
    # billionaire Lakshmi Mittal", "the embattled transport minister Ingrid Vaaland")
    while (j < min(len(toks), i1 + 2) and toks[j].text[:1].islower() and toks[j].text.isalpha()
           and toks[j].low not in NOT_NAMES and j + 1 < len(toks)
           and s.text[toks[j - 1].end:toks[j].start].isspace()):
        j += 1
    if j > i1 and not (toks[j].text[:1].isupper() and toks[j].low not in NOT_NAMES):
        j = i1  # no name after the nouns: the label is on them
    run = []
    while j < len(toks) and toks[j].text[:1].isupper() and toks[j].low not in NOT_NAMES:
        run.append(toks[j].text)
        j += 1
    if run:
        return " ".join(run)
    k = i0 - 1
    run = []
    if k >= 0 and toks[k].low.endswith("'s"):
        return None  # "Putin's hardline position": the label is on the position
    while k >= 0 and toks[k].text[:1].isupper() and toks[k].low not in NOT_NAMES:
        if k == 0 or s.text[toks[k - 1].end:toks[k].start].strip() in (".", "!", "?"):
            break
        run.insert(0, toks[k].text)
        k -= 1
    return " ".join(run) or None
