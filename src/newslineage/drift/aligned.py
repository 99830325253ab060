"""Passage drift: meaning-bearing edits between the aligned passages of reuse relations, and
loaded labels attached to a name in one article of a pair only."""
from __future__ import annotations

from os.path import commonprefix

from ..model import Article, Drift, Relation
from ..parallel import no_gc
from .checks import compare
from .sides import Side
from .triggers import may_drift
from .dates import published_date
from .findings import WHOLE_MAX, _Findings, _lang, _name, _published, _Recent, _reuse
from .loaded_labels import _article_labels, _Labelled
from .modality import batched


def passage_drift(articles: list[Article], relations: list[Relation]) -> list[Drift]:
    """Drift between the aligned passages of reuse relations (and loaded labels attached to
    a name in one article of a pair only)."""
    with no_gc():  # words and memos make no reference cycles: no collection over the corpus
        return _passage_drift(articles, relations)


def _passage_drift(articles: list[Article], relations: list[Relation]) -> list[Drift]:
    by_id = {a.id: a for a in articles}
    run = _Findings()
    out, add, side = run.out, run.add, run.side
    whole: _Recent = _Recent(WHOLE_MAX)

    def labelled(art: Article) -> _Labelled:
        if art.id not in whole:
            whole[art.id] = _Labelled(art)
        return whole[art.id]

    # Identical copies of one article make the same pair of passage texts recur across
    # relations: the pre-check reads only the texts, the checks only the stretches, their
    # publication dates, languages and (when the direction is unknown) article names.
    # Relations go in chunks: the checks of a chunk run together so that the sentences they
    # parse are parsed in batches (``modality.batched``); the findings keep relation order.
    movable: _Recent = _Recent()
    found: _Recent = _Recent()
    reuse = list(_reuse(relations, by_id))
    for lo in range(0, len(reuse), _CHUNK):
        chunk = reuse[lo:lo + _CHUNK]
        keyed = [_passage_keys(r, d, by_id, movable) for r, d in chunk]
        ready, todo = {}, {}
        for jobs in keyed:
            for key, job in jobs:
                if key in ready or key in todo:
                    continue
                if key in found:
                    ready[key] = found[key]
                else:
                    todo[key] = job
        calls = [lambda job=job: compare(side(*job[0]), side(*job[1]), job[2], translated=job[3])
                 for job in todo.values()]
        for key, value in zip(todo, batched(calls)):
            ready[key] = found[key] = value
        for (r, d), jobs in zip(chunk, keyed):
            a, b = by_id[r.a], by_id[r.b]
            first = len(out)  # this relation's findings start here
            for key, _ in jobs:
                for f in ready[key]:
                    add(r.a, r.b, f)
            for f in _article_labels(labelled(a), labelled(b), d):
                tag = f[3].split("'")[1]  # the label word
                if not any(x.type == "label" and f"'{tag}'" in x.note for x in out[first:]):
                    add(r.a, r.b, f)
    return out


_CHUNK = 256  # relations whose checks run together (their parses batched)


def _passage_keys(r: Relation, d, by_id: dict, movable: _Recent) -> list:
    """The passages of a relation that a check may find drift in: (key, job) each, the key
    naming everything the checks read, the job the arguments of its two sides."""
    a, b = by_id[r.a], by_id[r.b]
    jobs = []
    for p in r.passages:
        if p._moved:
            continue  # a moved pair: nothing around it says the two state one thing
        ta, tb = a.text[p.a[0]:p.a[1]], b.text[p.b[0]:p.b[1]]
        if ta == tb:
            continue  # a verbatim copy: nothing changed (the bulk of passages)
        (a0, a1), (b0, b1) = p.a, p.b
        translated = p.kind == "translation"
        if not translated:
            if (ta, tb) not in movable:
                movable[ta, tb] = may_drift(ta, tb)
            if not movable[ta, tb]:
                continue  # only plain words changed: no check would fire
            cut_lo, cut_hi = _unchanged_ends(ta, tb)
            a0, a1, b0, b1 = a0 + cut_lo, a1 - cut_hi, b0 + cut_lo, b1 - cut_hi
        key = (a.text[a0:a1], b.text[b0:b1], d, translated, _published(a.published),
               _published(b.published), _lang(a), _lang(b),
               None if d else (_name(a.id), _name(b.id)))
        jobs.append((key, ((a, a0, a1), (b, b0, b1), d, translated)))
    return jobs


_CONTEXT_SENTENCES = 2


def _unchanged_ends(ta: str, tb: str) -> tuple[int, int]:
    """Characters to cut from the start and the end of both sides of a passage: the same
    text there, less a couple of sentences kept around the edits for context (the checks
    read neighbouring words: a number's unit, a hedge said elsewhere in the sentence)."""
    head = len(commonprefix([ta, tb]))
    n = min(len(ta), len(tb)) - head
    tail = 0
    while tail < n and ta[-1 - tail] == tb[-1 - tail]:
        tail += 1
    lo = head
    for _ in range(_CONTEXT_SENTENCES):
        lo = max(ta.rfind(". ", 0, lo), ta.rfind("\n", 0, lo))
        if lo < 0:
            lo = 0
            break
    lo = lo + 1 if lo > 0 else 0
    hi = len(ta) - tail  # first unchanged character at the end, in ta
    for _ in range(_CONTEXT_SENTENCES):
        nxt = [x for x in (ta.find(". ", hi + 1), ta.find("\n", hi + 1)) if x >= 0]
        if not nxt:
            hi = len(ta)
            break
        hi = min(nxt)
    hi = min(len(ta), hi + 1)
    cut_hi = len(ta) - hi
    return lo, max(0, min(cut_hi, tail))


def compare_texts(a: str, b: str, published_a: str | None = None, published_b: str | None = None):
    """Drift findings between two texts taken as one aligned passage (a convenience for
    tests, notebooks and the CLI)."""
    sa = Side("a", a, 0, len(a), published_date(published_a), "a")
    sb = Side("b", b, 0, len(b), published_date(published_b), "b")
    return [Drift("a", "b", *f) for f in compare(sa, sb)]
