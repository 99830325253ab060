"""The drift checks over one pair of aligned stretches of text (a passage's two sides or
two variants of a quote). Each check returns findings (type, a_text, b_text, note)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from rapidfuzz import fuzz

from . import lexicon, valence
from .dates import same_day, show
from .evaluative import evaluative_labels
from .modality import approximator, is_modal, modal_of, verb_form
from .attribution import attributions
from .certainty import both_graded, strength
from .epithets import attached, new_epithets
from .named_dates import every_name, named_dates
from .sides import Side, arrow, change_note, has_phrase, phrase
from .tokens import Op, diff_keys
from .numbers import _SCALES, _UNITS_WORDS, compound_rank, every_number_word
from .triggers import DATE_WORDS, IMPLICIT_NEGATIVES, NEGATIONS, NOT_NAMES, NUMBER_WORDS

Finding = tuple[str, str, str, str]


SMALL = 6  # words: an edit larger than this is a rewrite or an omission, not a word swap


def small(op: Op) -> bool:
    return op.a1 - op.a0 <= SMALL and op.b1 - op.b0 <= SMALL


def hedges(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    table = lexicon.hedges()
    out = []
    spans = []  # the words each finding covers on a and on b, to merge neighbours
    for op in ops:
        if not small(op):
            continue
        pair = both_graded(a, b, op)
        if pair is not None:  # a modal or hedge for another: how much surer, or no change
            (a0, a1, _), (b0, b1, _) = pair
            found = strength(a, b, pair, direction, (_shown(a, a0, a1), _shown(b, b0, b1)))
            if found:
                out.append(found)
                spans.append((op.a0, op.a1, op.b0, op.b1))
            continue
        ha = [h for h in lexicon.find_phrases(a.low[op.a0:op.a1], table, a.lang) if not _in_date(a, op.a0 + h[0])]
        hb = [h for h in lexicon.find_phrases(b.low[op.b0:op.b1], table, b.lang) if not _in_date(b, op.b0 + h[0])]
        for side_has, other, found, base, lo_other in ((a, b, ha, op.a0, hb), (b, a, hb, op.b0, ha)):
            if not found or lo_other:
                continue
            s, e = found[0]
            ph = tuple(side_has.low[base + s:base + e])
            if has_phrase(other.low, ph):
                continue
            # the hedge with a word either side, and its counterpart at the same place from
            # the end of the other side's edit (not the whole edit: "7.40am, about" is no hedge)
            o0, o1 = (op.b0, op.b1) if side_has is a else (op.a0, op.a1)
            h0, h1 = base + s, base + e
            if o1 > o0:
                tail = (op.a1 if side_has is a else op.b1) - h1
                c1 = max(o0 + 1, o1 - tail)
                c0 = max(o0, c1 - (h1 - h0))
                other_text = phrase(other, c0, c1, 0, _verb_group(other, c1))
            else:
                other_text = phrase(other, o0, o1, 1, _verb_group(other, o1))
            if (o1 > o0 and _number_at(side_has, h1)
                    and approximator(other.text, other.starts[o0], other.ends[o1 - 1], other.lang)):
                continue  # one qualifier of a figure for another: "about 20" -> "roughly 20"
            has_text = phrase(side_has, h0, h1, 1, _verb_group(side_has, h1))
            at, bt = (has_text, other_text) if side_has is a else (other_text, has_text)
            word = " ".join(ph)
            who = change_note(a, b, direction, side_has is a, "dropped", "added", f"hedge '{word}'")
            out.append(("hedge", at, bt, f"{who}: {arrow(a, b, at, bt, direction)}"))
            spans.append((op.a0, op.a1, op.b0, op.b1))
            break
    return _merge_near(a, b, out, spans, direction)


_AUXILIARIES = frozenset("be been being have has had to".split())


def _shown(s: Side, lo: int, hi: int, most: int = 4) -> str:
    """A graded form at words [lo, hi) with the word before it and its clause after it, up to
    ``most`` words or through its figure ("will now make rival bids", "expected to sell
    around five million")."""
    n = 0
    while n < most and hi + n < len(s.low) and not any(c in _STOPS for c in s.text[s.ends[hi + n - 1]:s.starts[hi + n]]):
        n += 1
    return phrase(s, lo, hi, 1, max(n, _verb_group(s, hi)))


def _verb_group(s: Side, i: int, most: int = 3) -> int:
    """Words to show after a hedge or modal ending at word i: its verb group up to the main
    verb ("might have to restate", "will be held") and the word after it in the clause."""
    n = 0
    while n < most and i + n < len(s.low) and s.low[i + n] in _AUXILIARIES:
        n += 1
    # and the word the verb takes, in its clause ("could take place", "might take action")
    j = i + n + 1
    if j < len(s.low) and not any(c in _STOPS for c in s.text[s.ends[j - 1]:s.starts[j]]):
        n += 1
    return _figure_end(s, i, i + n + 1) - i


_STOPS = ",.;:!?\"“”"
# words that start a figure: a count above one or a scale ("on one" is no figure)
_COUNTS = frozenset(w for w, v in _UNITS_WORDS.items() if v and v > 1) | frozenset(_SCALES) | every_number_word()


def _figure_end(s: Side, i: int, k: int, reach: int = 2) -> int:
    """Where the words shown from i to k end: at k, or past a figure that words [k - 1,
    k + reach) start in the same clause ("could cut up to 2,850", "could sell around five
    million"): the claim a hedge qualifies is its figure."""
    def figure(f: int) -> bool:
        return s.words[f][:1].isdigit() or s.low[f] in _COUNTS

    def joined(f: int) -> bool:  # "2,850" is two words; "five million" a figure in two
        gap = s.text[s.ends[f - 1]:s.starts[f]]
        return (gap in (",", ".") and s.words[f][:1].isdigit() and s.words[f - 1][:1].isdigit()) or (
            not gap.strip() and s.low[f] in NUMBER_WORDS)
    for f in range(max(i, k - 1), min(len(s.low), k + reach)):
        if f > k - 1 and any(c in _STOPS for c in s.text[s.ends[f - 1]:s.starts[f]]) and not joined(f):
            return k
        if figure(f):
            e = f + 1
            while e < len(s.low) and joined(e):
                e += 1
            return max(k, e)
    return k


def _number_at(s: Side, i: int) -> bool:
    return i < len(s.words) and s.words[i][:1].isdigit()


def _merge_near(a: Side, b: Side, found: list[Finding], spans: list[tuple], direction,
                gap: int = 3) -> list[Finding]:
    """Hedge findings a few words apart on both sides are one change of one claim ("could
    cut up to 45,000" -> "will cut 45,000"): one finding over both, up to the figure after."""
    if len(found) < 2:
        return found
    out, cur, span = [], found[0], spans[0]
    for f, sp in zip(found[1:], spans[1:]):
        if sp[0] - span[1] <= gap and sp[2] - span[3] <= gap:
            span = (span[0], max(span[1], sp[1]), span[2], max(span[3], sp[3]))
            at = _claim(a, span[0], span[1])
            bt = _claim(b, span[2], span[3])
            words = " and ".join(x[3].split(":")[0] for x in (cur, f))
            cur = ("hedge", at, bt, f"{words}: {arrow(a, b, at, bt, direction)}")
        else:
            out.append(cur)
            cur, span = f, sp
    out.append(cur)
    return out


def _claim(s: Side, lo: int, hi: int) -> str:
    """Words [lo, hi) with the word before and after, and a figure that follows in full."""
    hi2 = min(len(s.words), hi + 1)
    while hi2 < len(s.words) and s.words[hi2 - 1][:1].isdigit() and s.text[s.ends[hi2 - 1]:s.starts[hi2]] in (",", "."):
        hi2 += 1  # "45,000" is two words
    lo2 = max(0, lo - 1)
    return s.text[s.starts[lo2]:s.ends[hi2 - 1]] if hi2 > lo2 else ""


def modality(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    """A modal verb added to or dropped from a statement told as a fact on the other side
    ("the repairs cost 4 million" -> "the repairs will cost 4 million"): a fact becomes a
    forecast, or the reverse. (Modals of possibility, "may", "could", are hedges of the
    lexicon, flagged by ``hedges``; one modal for another of its kind is no change.)"""
    out = []
    hedge_table = lexicon.hedges()
    for op in ops:
        if not small(op):
            continue
        in_a = any(is_modal(w, a.lang) for w in a.low[op.a0:op.a1])
        in_b = any(is_modal(w, b.lang) for w in b.low[op.b0:op.b1])
        if in_a == in_b or both_graded(a, b, op) is not None:
            continue  # a modal on both sides, or a graded form for another (``hedges``)
        side, other, s0, s1, o0, o1 = ((a, b, op.a0, op.a1, op.b0, op.b1) if in_a
                                       else (b, a, op.b0, op.b1, op.a0, op.a1))
        m = modal_of(side.text, side.starts[s0], side.ends[s1 - 1], side.lang)
        if m is None or (m,) in hedge_table:
            continue
        if max(s1 - s0, o1 - o0) > 3 and other.keylist[o0:o1][:1] != side.keylist[s1:s1 + 1]:
            continue  # a clause re-written around the modal, not the same verb re-told
        # the other side's words in place, with the verb after an inserted modal
        c1 = min(len(other.words), o1 + 1)
        if c1 <= o0 or verb_form(other.text, other.starts[o0], other.ends[c1 - 1], other.lang) != "fact":
            continue
        has_text = phrase(side, s0, s1, 1, _verb_group(side, s1))
        other_text = phrase(other, o0, o1, 1, _verb_group(other, o1))
        at, bt = (has_text, other_text) if in_a else (other_text, has_text)
        who = change_note(a, b, direction, in_a, "dropped", "added", f"modal '{m}'")
        out.append(("hedge", at, bt, f"{who} (a fact told as a forecast, or the reverse): "
                                     f"{arrow(a, b, at, bt, direction)}"))
    return out


def _in_date(s: Side, i: int) -> bool:
    """Token i is part of a date ("May 16"), not the hedge "may"."""
    start = s.starts[i]
    return any(d0 <= start < d1 for d0, d1 in s.date_spans())


def numbers(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    if not any(op.tag == "replace" for op in ops):
        return []
    na, nb = a.numbers(), b.numbers()
    if not na or not nb:
        return []  # an edit needs a number on both sides
    # numbers come in text order without overlaps: their starts and ends both ascend,
    # so the numbers touching a character range are one slice, found by bisection
    sa, ea = [n[0] for n in na], [n[1] for n in na]
    sb, eb = [n[0] for n in nb], [n[1] for n in nb]
    out = []
    for op in ops:
        if op.tag != "replace":
            continue
        ra = _char_range(a, op.a0, op.a1)
        xa = na[bisect_right(ea, ra[0]):bisect_left(sa, ra[1])]
        if not xa:
            continue
        rb = _char_range(b, op.b0, op.b1)
        xb = nb[bisect_right(eb, rb[0]):bisect_left(sb, rb[1])]
        if not xb:
            continue
        # values nearby on the other side (a passage may hold several sentences: "20
        # minutes" two sentences on does not excuse "twelve" -> "20 people")
        wa = _char_range(a, max(0, op.a0 - 12), min(len(a.starts), op.a1 + 12))
        wb = _char_range(b, max(0, op.b0 - 12), min(len(b.starts), op.b1 + 12))
        va = {n[3] for n in na[bisect_left(sa, wa[0]):bisect_left(sa, wa[1])]}
        vb = {n[3] for n in nb[bisect_left(sb, wb[0]):bisect_left(sb, wb[1])]}
        only_a = [n for n in xa if n[3] not in vb]
        only_b = [n for n in xb if n[3] not in va]
        # a rank for a rank, a count for a count: "the first minute" is no figure of "$443m"
        only_a = [n for n in only_a if any((n[4] == "th") == (y[4] == "th") for y in only_b)]
        only_b = [n for n in only_b if any((n[4] == "th") == (x[4] == "th") for x in only_a)]
        if only_a and only_b:
            at, bt = _around(a, *ra, words=1), _around(b, *rb, words=1)
            out.append(("number", at, bt, f"number changed: {arrow(a, b, only_a[0][2], only_b[0][2], direction)}"))
            continue
        for x in xa:
            for y in xb:
                if x[3] == y[3] and x[4] and y[4] and x[4] != y[4]:
                    out.append(("number", x[2], y[2], f"unit changed: {arrow(a, b, x[2], y[2], direction)}"))
    return out or _moved_rank(a, b, ops, na, nb, direction)


def _moved_rank(a: Side, b: Side, ops: list[Op], na: list, nb: list, direction) -> list[Finding]:
    """A rank taken out of one edit and another put in a neighbouring one ("Mr Brown's ninth"
    -> "the eighth Mr Brown has delivered"): the sentence re-ordered around a changed rank.
    Only a rank the other side holds nowhere, for one it holds nowhere either."""
    def ranks(s: Side, nums: list, spans: list[tuple[int, int, int]]) -> list[tuple]:
        return [(n, pos) for n in nums if n[4] == "th"
                for lo, hi, pos in spans if lo <= n[0] and n[1] <= hi]
    ra = ranks(a, na, [(*_char_range(a, op.a0, op.a1), op.a0) for op in ops if op.a1 > op.a0])
    rb = ranks(b, nb, [(*_char_range(b, op.b0, op.b1), op.a0) for op in ops if op.b1 > op.b0])
    held_a = {n[3] for n in na if n[4] == "th"}
    held_b = {n[3] for n in nb if n[4] == "th"}
    for x, pa in ra:
        for y, pb in rb:
            if x[3] not in held_b and y[3] not in held_a and abs(pa - pb) <= _RANK_GAP:
                at, bt = _around(a, x[0], x[1], words=2), _around(b, y[0], y[1], words=2)
                return [("number", at, bt, f"number changed: {arrow(a, b, x[2], y[2], direction)}")]
    return []


_RANK_GAP = 6  # words apart (on the first side) for two edits to re-tell one rank


def dates(a: Side, b: Side, direction) -> list[Finding]:
    pa = a.published or b.published  # no date of its own: borrow the other side's
    pb = b.published or a.published
    xa, xb = a.dates(pa), b.dates(pb)
    if not xa or not xb:
        return []
    if any(x[3] is None for x in xa + xb):
        return []  # unresolved relative dates: cannot tell, do not flag
    # the same words on both sides are not an edit, even when the publication dates make
    # them different days ("today" copied by a reprint of the next day)
    words_a = {x[2].casefold() for x in xa}
    words_b = {y[2].casefold() for y in xb}
    only_a = [x for x in xa if x[2].casefold() not in words_b and not any(same_day(x[3], y[3]) for y in xb)]
    only_b = [y for y in xb if y[2].casefold() not in words_a and not any(same_day(x[3], y[3]) for x in xa)]
    if not only_a or not only_b:
        return []
    x, y = only_a[0], only_b[0]
    at, bt = _around(a, x[0], x[1]), _around(b, y[0], y[1])
    return [("date", at, bt, f"date changed: {arrow(a, b, f'{x[2]} = {show(x[3])}', f'{y[2]} = {show(y[3])}', direction)}")]


def _around(s: Side, start: int, end: int, words: int = 2) -> str:
    idx = [i for i, (t0, t1) in enumerate(zip(s.starts, s.ends)) if t0 < end and start < t1]
    if not idx:
        return s.text[start:end]
    return phrase(s, idx[0], idx[-1] + 1, words, 1)


def _char_range(s: Side, i0: int, i1: int) -> tuple[int, int]:
    if i0 >= i1:
        p = s.starts[i0] if i0 < len(s.starts) else (s.ends[-1] if s.ends else 0)
        return p, p
    return s.starts[i0], s.ends[i1 - 1]


def _names(s: Side, i0: int, i1: int) -> list[int]:
    """Indices of the words in [i0, i1) that read as names."""
    out = []
    words, low = s.words, s.low
    for i in range(i0, i1):
        w = words[i]
        if not w[:1].isupper() or low[i] in NOT_NAMES or len(w) < 2:
            continue
        if i == 0 or s.text[s.ends[i - 1]:s.starts[i]].strip() in (".", "!", "?", "\"", "“", "-", "–"):
            continue  # sentence-initial capital
        if low[i].endswith(("ish", "ian", "ese", "ean", "ic", "i")) and not w.isupper():
            continue  # demonyms and adjectives ("British", "Ukrainian")
        out.append(i)
    return out


def entities(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    out = []
    caps_a = caps_b = None  # the capitalised words' keys, read only when an edit holds a name
    for op in ops:
        if op.tag != "replace" or op.a1 - op.a0 > 4 or op.b1 - op.b0 > 4:
            continue
        ia, ib = _names(a, op.a0, op.a1), _names(b, op.b0, op.b1)
        if not ia or not ib:
            continue
        if caps_a is None:
            caps_a = [k for w, k in zip(a.words, a.keylist) if w[:1].isupper()]
            caps_b = [k for w, k in zip(b.words, b.keylist) if w[:1].isupper()]
        na = [a.words[i] for i in ia if not _near(a.keylist[i], caps_b)]
        nb = [b.words[i] for i in ib if not _near(b.keylist[i], caps_a)]
        if na and nb:
            at = phrase(a, op.a0, op.a1, 1, 1)
            bt = phrase(b, op.b0, op.b1, 1, 1)
            out.append(("entity", at, bt, f"name changed: {arrow(a, b, na[0], nb[0], direction)}"))
    return out


def _near(key: str, others: list[str]) -> bool:
    return any(key == o or fuzz.ratio(key, o) >= 80 for o in others)


def _neg_count(low: list[str]) -> int:
    return sum(1 for w in low if w in NEGATIONS or w.endswith("n't") or w in IMPLICIT_NEGATIVES)


_NEG = NEGATIONS | IMPLICIT_NEGATIVES  # of these only "n't" itself ends in "n't"


def _neg_count_all(low: list[str]) -> int:
    """``_neg_count`` of a whole side, counted in C: the listed words, plus the words
    ending in "n't" ("don't") other than "n't" itself."""
    n = sum(map(_NEG.__contains__, low))
    joined = "\0".join(low) + "\0"
    if "n't\0" in joined:
        n += joined.count("n't\0") - low.count("n't")
    return n


def _clause_words(s: Side, i: int, most: int = 8) -> int:
    """Words from i to the end of the clause (a comma, a stop), at least 2, at most ``most``."""
    n = 0
    while i + n < len(s.words) and n < most:
        n += 1
        if i + n < len(s.starts) and any(c in ",.;:!?" for c in s.text[s.ends[i + n - 1]:s.starts[i + n]]):
            break
    return max(2, n)


def negation(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    if _neg_count_all(a.low) % 2 == _neg_count_all(b.low) % 2:
        return []
    for op in ops:
        if not small(op):
            continue
        ca, cb = _neg_count(a.low[op.a0:op.a1]), _neg_count(b.low[op.b0:op.b1])
        if ca != cb:
            # the clause the negation turns, to its end (a few words): "no decisions on job
            # cuts have been made" -> "decisions on job cuts would be made shortly"
            at = phrase(a, op.a0, op.a1, 2, _clause_words(a, op.a1))
            bt = phrase(b, op.b0, op.b1, 2, _clause_words(b, op.b1))
            who = change_note(a, b, direction, ca > cb, "dropped", "added", "negation")
            return [("negation", at, bt, f"{who}: {arrow(a, b, at, bt, direction)}")]
    return []


def meaning(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    classes, opposed = lexicon.stance()
    ants = lexicon.antonyms()
    out = []
    for op in ops:
        if op.tag != "replace" or op.a1 - op.a0 > 2 or op.b1 - op.b0 > 2:
            continue
        for i in range(op.a0, op.a1):
            for j in range(op.b0, op.b1):
                wa, wb = a.low[i], b.low[j]
                if wa == wb:
                    continue
                why = None
                if frozenset((wa, wb)) in ants:
                    why = "opposite words"
                elif wa in classes and wb in classes and classes[wa] != classes[wb]:
                    ca, cb = classes[wa], classes[wb]
                    why = (f"{ca} vs {cb}" + (" (opposed)" if frozenset((ca, cb)) in opposed else ""))
                elif op.a1 - op.a0 == op.b1 - op.b0 and wa not in b.low and wb not in a.low:
                    # word for word (not a word moved): a stance turned or toned
                    why = valence.stance_change(wa, wb, a.lang, b.lang)
                if why:
                    at = phrase(a, i, i + 1, 1, 3)
                    bt = phrase(b, j, j + 1, 1, 3)
                    out.append(("meaning", at, bt,
                                f"meaning changed ({why}): {arrow(a, b, a.words[i], b.words[j], direction)}"))
    return out


def labels_in_ops(a: Side, b: Side, ops: list[Op], direction) -> list[Finding]:
    table = lexicon.labels()
    out = []
    for op in ops:
        if not small(op):
            continue
        for side, other, lo, hi, is_a in ((a, b, op.a0, op.a1, True), (b, a, op.b0, op.b1, False)):
            olo, ohi = (op.b0, op.b1) if is_a else (op.a0, op.a1)
            for s, e in lexicon.find_phrases(side.low[lo:hi], table, side.lang):
                ph = tuple(side.low[lo + s:lo + e])
                # on a name, or put in place of another word ("the left-wing president" ->
                # "the authoritarian president": one label for another)
                same_next = (op.tag == "replace" and hi < len(side.keylist) and ohi < len(other.keylist)
                             and side.keylist[hi] == other.keylist[ohi])
                swapped = same_next and max(hi - lo, ohi - olo) <= 2
                # or a labelled description in place of the name the other side gives
                # ("Mr Raynsford also plans" -> "The embattled minister also plans")
                renamed = (same_next and ohi - olo <= 3 and hi - lo <= 4
                           and all(w[:1].isupper() for w in other.words[olo:ohi]))
                if has_phrase(other.low, ph) or not (swapped or renamed or attached(side, lo + s, lo + e)):
                    continue
                at = phrase(a, op.a0, op.a1, 1, 2)
                bt = phrase(b, op.b0, op.b1, 1, 2)
                who = change_note(a, b, direction, is_a, "dropped", "added", f"label '{' '.join(ph)}'")
                out.append(("label", at, bt, f"{who}: {arrow(a, b, at, bt, direction)}"))
    return out or new_epithets(a, b, ops, direction) or evaluative_labels(a, b, ops, direction)


_EVERY = frozenset(("date", "hedge", "number", "entity", "negation", "meaning", "label"))


def compare(a: Side, b: Side, direction: str | None = None, translated: bool = False,
            kinds: frozenset = _EVERY) -> list[Finding]:
    """Every drift finding between two aligned stretches (of ``kinds`` only: a check whose
    findings would be thrown away is not run)."""
    if a.keylist == b.keylist:
        return []  # the same words (case and spelling aside): nothing moved, not even a date
    with_dates = "date" in kinds
    if translated:
        return dates(a, b, direction) if with_dates else []  # word-level checks need one language
    ops = diff_keys(a.keylist, b.keylist)
    if not ops:
        return dates(a, b, direction) if with_dates else []
    changed = {w for op in ops for w in a.low[op.a0:op.a1]} | {w for op in ops for w in b.low[op.b0:op.b1]}
    # dates and numbers are read only when an edit touches a date or number word: date
    # expressions in unchanged text are the same on both sides
    out = (dates(a, b, direction) if with_dates and (not changed.isdisjoint(DATE_WORDS) or _has_digit(changed))
           else [])
    if with_dates and not changed.isdisjoint(every_name()):
        said = " ".join(f[1] + " " + f[2] for f in out).casefold()
        out += [f for f in named_dates(a, b, ops, direction)
                if not (f[1].casefold() in said or f[2].casefold() in said)]
    numeric = (not changed.isdisjoint(NUMBER_WORDS) or _has_digit(changed)
               or any(not NUMBER_WORDS.isdisjoint(w.split("-")) for w in changed if "-" in w)  # "second-largest"
               or any(len(w) > 8 and compound_rank(w) for w in changed))  # "zweitgrößte"
    for check, kind in _CHECKS:
        if kind not in kinds or (check is numbers and not numeric):
            continue
        out += check(a, b, ops, direction)
    return out


_CHECKS = ((hedges, "hedge"), (modality, "hedge"), (attributions, "hedge"), (numbers, "number"), (entities, "entity"), (negation, "negation"),
           (meaning, "meaning"), (labels_in_ops, "label"))


def _has_digit(words) -> bool:
    return any(c.isdigit() for w in words for c in w)
