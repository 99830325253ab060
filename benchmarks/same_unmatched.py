"""What each side of a sentence pair says that the other does not, weighted by how rare it is
(MRPC round 7, tried beside the 111 features; not in the package).

A content word (spaCy's parse, ``same_align.tokens``) is matched when the other side has a word
of the same form or lemma, a word rapidfuzz finds alike (ratio >= 85, both >= 4 letters: a
spelling or inflection the lemmatiser missed) or one sharing its first 5 letters
("acquisition" / "acquired"); numbers match only the same number. The rest is unmatched, and
weighed by its idf (document frequency over a corpus of sentences: BBC news-base paragraphs,
or MRPC train's training part inside each fold):

- the idf share and idf mass of each side's content words left unmatched (min, max of the two
  sides), the rarest unmatched word;
- the unmatched idf mass by part of speech (verb, noun, name, number, adjective/adverb; the
  larger side): a dropped number, name, verb;
- the longest run of words without a matched content word that holds a verb (its content
  words; min, max): a clause one side adds.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

FEATURES = ("um_share_min", "um_share_max", "um_mass_min", "um_mass_max", "um_rarest",
            "um_verb", "um_noun", "um_propn", "um_num", "um_adj", "um_clause_min",
            "um_clause_max")
POS = (("verb", ("VERB",)), ("noun", ("NOUN",)), ("propn", ("PROPN",)), ("num", ("NUM",)),
       ("adj", ("ADJ", "ADV")))
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")


class Idf:
    def __init__(self, df: Counter, n: int):
        self.n, self.df = n, df
        self.top = math.log((n + 1) / 1)

    def __call__(self, w: str) -> float:
        return math.log((self.n + 1) / (self.df.get(w, 0) + 1))

    @classmethod
    def of(cls, texts) -> "Idf":
        df: Counter = Counter()
        n = 0
        for t in texts:
            df.update(set(_WORD.findall(t.lower())))
            n += 1
        return cls(df, n)


def bbc_idf(path: Path) -> Idf:
    """Paragraphs of BBC news-base as documents."""
    paras = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            paras += [p for p in json.loads(line)["text"].split("\n") if p.strip()]
    return Idf.of(paras)


def _matched(t, other) -> bool:
    if t.pos == "NUM":
        return any(u.low == t.low for u in other)
    for u in other:
        if u.punct:
            continue
        if u.low == t.low or u.lemma == t.lemma:
            return True
        if len(t.low) >= 4 and len(u.low) >= 4 and u.pos != "NUM":
            if t.low[:5] == u.low[:5] and len(t.low) >= 5 and len(u.low) >= 5:
                return True
            if fuzz.ratio(t.low, u.low) >= 85:
                return True
    return False


def _side(ts, other, idf: Idf) -> dict:
    content = [(k, t) for k, t in enumerate(ts) if t.content and not t.punct]
    un = {k for k, t in content if not _matched(t, other)}
    mass = sum(idf(t.low) for k, t in content if k in un)
    total = sum(idf(t.low) for _, t in content)
    out = {"share": mass / total if total else 0.0, "mass": mass,
           "rarest": max((idf(t.low) for k, t in content if k in un), default=0.0)}
    for name, tags in POS:
        out[name] = sum(idf(t.low) for k, t in content if k in un and t.pos in tags)
    # runs of words without a matched content word; the longest holding a verb
    best, run, verb = 0, 0, False
    for k, t in enumerate(ts):
        if t.punct:
            continue
        if t.content and k not in un:
            best = max(best, run if verb else 0)
            run, verb = 0, False
            continue
        if t.content:
            run += 1
        verb = verb or (t.pos in ("VERB", "AUX") and k in un) or (t.pos == "VERB" and t.content)
    out["clause"] = max(best, run if verb else 0)
    return out


def features(ta, tb, idf: Idf) -> list[float]:
    a, b = _side(ta, tb, idf), _side(tb, ta, idf)
    row = [*sorted((a["share"], b["share"])), *sorted((a["mass"], b["mass"])),
           max(a["rarest"], b["rarest"])]
    row += [max(a[n], b[n]) for n, _ in POS]
    row += sorted((a["clause"], b["clause"]))
    return row


def matrix(pairs, toks: dict, idf: Idf) -> np.ndarray:
    return np.array([features(toks[a], toks[b], idf) for a, b in pairs], dtype=np.float64)


def do_sets(d, names: list[str]) -> dict:
    """LightGBM over the 111 features + each set, fold by fold against the 111 alone
    (``same_round6.plain_run``: threshold 0.5 and the other nine folds' best)."""
    import time

    from fit_same import DATA, best_threshold, folds, metrics
    from same_round6 import lgb_fit_predict, plain_base, summary, SEEDS

    from newslineage import same
    same.parse(d.texts)
    toks = {t: same._syntax(t)["toks"] for t in d.texts}
    base = plain_base(d)
    figures = {"base": summary("shipped features (111)", base)}
    for name in names:
        t0 = time.process_time()
        if name == "unmatched":  # idf from BBC paragraphs
            U = matrix(d.pairs, toks, bbc_idf(DATA / "news-base" / "articles.jsonl"))
            X = np.hstack([d.X, U])
            print(f"  unmatched features: {1000 * (time.process_time() - t0) / len(d.pairs):.2f}"
                  " ms CPU a pair", flush=True)
            figures[name] = summary(f"+ {name} ({X.shape[1]})",
                                    __import__("same_round6").plain_run(X, d.y, d.g), base)
        elif name == "unmatched_fold":  # idf from the training part's sentences, per fold
            out = {k: [] for k in ("acc05", "f105", "accN", "f1N", "tN", "P")}
            for s in SEEDS:
                splits = folds(d.y, d.g, seed=s)
                P = np.zeros(len(d.y))
                for tr, te in splits:
                    idf = Idf.of(t for i in tr for t in d.pairs[i])
                    X = np.hstack([d.X, matrix(d.pairs, toks, idf)])
                    P[te] = lgb_fit_predict(X[tr], d.y[tr], X[te])
                for tr, te in splits:
                    t = best_threshold(P[tr], d.y[tr])
                    for nm, thr in (("05", 0.5), ("N", t)):
                        a, f = metrics(d.y[te], P[te] >= thr)
                        out["acc" + nm].append(a)
                        out["f1" + nm].append(f)
                    out["tN"].append(t)
                out["P"].append(P)
            figures[name] = summary(f"+ {name} (123)", out, base)
    return figures
