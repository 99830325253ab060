"""Story labels: the names most members share, as written ("Marit Okstad"), or a title."""
from __future__ import annotations

import math
import re
from collections import Counter

from ..memo import Memo
from .features import _KEYS_MAX, _NOT_NAMES, _POSSESSIVE, _SENT_END, _fold


def _text(index, aid: str) -> str:
    a = index.articles.get(aid)
    return "" if a is None else f"{a.title or ''}. {(a.text or '')[:2000]}"


def label(index, members: list[str]) -> str:
    """The names most members share, most specific first, as written ("Marit Okstad");
    a lone article (or a story without shared names) is labelled by its title."""
    if len(members) > 1:
        count: Counter = Counter()
        for aid in members:
            count.update(index.profiles[aid].names.tolist())
        logn, names = math.log(index._n1()), index._name_list
        shared = [i for i, c in count.items() if c >= 2]
        weight = {i: -count[i] * (logn - math.log(df + 1.0))
                  for i, df in zip(shared, index._ndf.a[shared].tolist())}
        ranked = sorted(shared, key=lambda i: (weight[i], names[i]))
    if len(members) == 1 or not ranked:
        title = next((index.profiles[a].title for a in members if index.profiles[a].title), None)
        if not title:  # no headline: the first sentence
            title = _SENT_END.split(_text(index, members[0]).lstrip(". ").strip(), 1)[0]
        if title:
            return title if len(title) <= 80 else title[:77].rsplit(" ", 1)[0] + "..."
        if len(members) == 1:
            return members[0]
    # The names as written come from the first three members' texts, scanned (the cost of a
    # label); the weights move with every article indexed, but a story's label is kept while
    # its first three members and the part of its ranking it read are as they were.
    first3 = tuple(index.profiles[a] for a in members[:3])
    key = tuple(members[:3])
    kept = index._labels.get(key)
    if kept is not None and all(x is y for x, y in zip(kept[0], first3)):
        read, whole, out = kept[1:]
        if (tuple(names[i] for i in ranked[:len(read)]) == read
                and (not whole or len(ranked) == len(read))):
            return out
    text = " ".join(_text(index, a) for a in members[:3])
    shown: list[str] = []
    runs = _NameRuns(text)
    read = 0
    for i in ranked:
        read += 1
        run = runs.get(index._name_list[i])
        if any(_fold(run) in _fold(x) or _fold(x) in _fold(run) for x in shown):
            continue
        shown.append(run)
        if len(shown) == 3:
            break
    out = ", ".join(shown) or members[0]
    index._labels[key] = (first3, tuple(names[i] for i in ranked[:read]), len(shown) < 3, out)
    return out


_CAP = r"[^\W\d_a-z][\w'’-]*"
# runs of up to five capitalised words (a name with the words around it); starting with the word
# itself lets the scan skip ahead to capitals
_CAP_RUN = re.compile(rf"{_CAP}(?:\s+{_CAP}){{0,4}}")
_RUN_KEYS = Memo(_KEYS_MAX)  # word -> (its name key, a name word), folded once


def _run_key(w: str) -> tuple[str, bool]:
    k = _RUN_KEYS.get(w)
    if k is None:
        k = _RUN_KEYS.put(w, (_fold(_POSSESSIVE.sub("", w)).strip("'-"), _fold(w) not in _NOT_NAMES))
    return k


class _NameRuns:
    """Names as written in a text with the capitalised words around them ('Marit Okstad'),
    read from the start as far as the names asked for need."""

    def __init__(self, text: str):
        self.runs = _CAP_RUN.finditer(text)
        self.first: dict[str, str] = {}

    def get(self, folded: str) -> str:
        first = self.first
        while folded not in first:
            m = next(self.runs, None)
            if m is None:
                return folded[:1].upper() + folded[1:]
            words = m.group(0).split()
            keys = [_run_key(w) for w in words]
            for i, (key, _) in enumerate(keys):
                if key in first:
                    continue
                lo, hi = i, i + 1
                while lo > 0 and keys[lo - 1][1]:
                    lo -= 1
                while hi < len(words) and keys[hi][1]:
                    hi += 1
                first[key] = _POSSESSIVE.sub("", " ".join(words[lo:hi]))
        return first[folded]


def _name_run(folded: str, text: str) -> str:
    """The name as written in the text with the capitalised words around it ('Marit Okstad')."""
    return _NameRuns(text).get(folded)
