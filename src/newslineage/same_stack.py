"""A stack of learner families for the same-content decision (``same``).

The boosted trees over the named features miss what the raw sentence vectors still hold: an
RBF support-vector machine over |u - v| and u * v of the two texts' sentence vectors (USE, and
e5) is weak alone but wrong on other pairs. The stack combines, by a logistic regression over
their outputs,

- LightGBM over ``same.FEATURES`` (its logit),
- a logistic regression over the standardised features,
- one RBF SVM per kind of sentence vector over the standardised pair columns,

the combiner fitted on the base learners' out-of-fold outputs (grouped inner folds, so a
sentence never sits on both sides of one), the base learners then refitted on all the
training pairs. Every input is symmetric in the two texts, so the decision is too.

The SVM keeps its support vectors as float32 and computes its RBF kernel with one matrix
product (``RbfSvm``): libsvm's kernel loop is ~10x slower, and float64 vectors double the
model file.
"""
from __future__ import annotations

import numpy as np

# sentence-vector kinds the stack can read: name -> width of one text's vector
VECTOR_KINDS = {"use": 512, "e5": 384}


def pair_columns(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    """|u - v| and u * v of each pair's two vectors (rows): symmetric in the two texts."""
    return np.hstack([np.abs(va - vb), va * vb]).astype(np.float32)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


class RbfSvm:
    """An RBF SVM (C, gamma "scale": 1 / columns once standardised) over standardised
    columns, fitted by libsvm on a precomputed kernel."""

    def __init__(self, C: float = 1.0):
        self.C = C

    def _kernel(self, A: np.ndarray, B: np.ndarray) -> np.ndarray:
        sa = np.einsum("ij,ij->i", A, A)
        sb = np.einsum("ij,ij->i", B, B)
        D = sa[:, None] + sb[None, :] - 2.0 * (A @ B.T)
        return np.exp(-np.maximum(D, 0.0) * self.gamma)

    def _scaled(self, Z: np.ndarray) -> np.ndarray:
        return ((Z - self.mean) / self.scale).astype(np.float32)

    def fit(self, Z: np.ndarray, y: np.ndarray, sample_weight=None) -> "RbfSvm":
        from sklearn.svm import SVC
        self.mean = Z.mean(0).astype(np.float32)
        self.scale = (Z.std(0) + 1e-6).astype(np.float32)
        self.gamma = 1.0 / Z.shape[1]
        S = self._scaled(Z)
        m = SVC(C=self.C, kernel="precomputed").fit(self._kernel(S, S).astype(np.float64), y,
                                                   sample_weight=sample_weight)
        self.sv = S[m.support_]
        self.dual = m.dual_coef_[0].astype(np.float64)
        self.intercept = float(m.intercept_[0])
        return self

    def decision_function(self, Z: np.ndarray) -> np.ndarray:
        out = np.empty(len(Z))
        S = self._scaled(Z)
        for i in range(0, len(S), 1024):  # bounded memory for a large batch
            out[i:i + 1024] = self._kernel(S[i:i + 1024], self.sv) @ self.dual + self.intercept
        return out


class Stack:
    """LightGBM + logistic over the features + an RBF SVM per vector kind, combined by a
    logistic regression fitted on inner out-of-fold outputs. ``fit`` and ``predict_proba``
    take the feature matrix and a dict of pair columns per vector kind (``pair_columns``)."""

    def __init__(self, lgb_params: dict, kinds=("use",), inner_k: int = 4, seed: int = 100):
        self.lgb_params, self.kinds, self.inner_k, self.seed = lgb_params, tuple(kinds), inner_k, seed

    def _bases(self):
        from lightgbm import LGBMClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        lgb = LGBMClassifier(subsample_freq=1, n_jobs=1, verbose=-1, random_state=0,
                             **self.lgb_params)
        lr = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
        return [lgb, lr] + [RbfSvm() for _ in self.kinds]

    @staticmethod
    def _fit_one(k: int, m, X, V, kinds, y, w):
        if k == 0:
            return m.fit(X, y, sample_weight=w)
        if k == 1:
            return m.fit(X, y, logisticregression__sample_weight=w)
        return m.fit(V[kinds[k - 2]], y, sample_weight=w)

    def _outputs(self, bases, X, V) -> np.ndarray:
        cols = [_logit(bases[0].predict_proba(X)[:, 1]), bases[1].decision_function(X)]
        cols += [b.decision_function(V[k]) for b, k in zip(bases[2:], self.kinds)]
        return np.column_stack(cols)

    def fit(self, X, V: dict, y, sample_weight=None, groups=None) -> "Stack":
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedGroupKFold
        y = np.asarray(y)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        g = np.arange(len(y)) if groups is None else np.asarray(groups)
        Zin = np.zeros((len(y), 2 + len(self.kinds)))
        for tr, te in StratifiedGroupKFold(self.inner_k, shuffle=True, random_state=self.seed
                                           ).split(X, y, g):
            Vtr = {k: V[k][tr] for k in self.kinds}
            bases = [self._fit_one(i, m, X[tr], Vtr, self.kinds, y[tr], w[tr])
                     for i, m in enumerate(self._bases())]
            Zin[te] = self._outputs(bases, X[te], {k: V[k][te] for k in self.kinds})
        self.stacker = LogisticRegression(C=1.0).fit(Zin, y, sample_weight=w)
        self.inner_p = self.stacker.predict_proba(Zin)[:, 1]  # for the threshold's choice
        self.bases = [self._fit_one(i, m, X, V, self.kinds, y, w)
                      for i, m in enumerate(self._bases())]
        return self

    def predict_proba(self, X, V: dict | None = None) -> np.ndarray:
        p = self.stacker.predict_proba(self._outputs(self.bases, X, V or {}))[:, 1]
        return np.column_stack([1 - p, p])
