"""A logistic regression over standardised features, as the clean stage ships its fitted
models (the line model of ``learned.py``, the block model of ``segments.py``): the weights in
JSON, the probability of furniture, and the features that pushed a row most toward it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    FEATURES: ClassVar[tuple[str, ...]] = ()
    READABLE: ClassVar[dict[str, str]] = {}
    WHY: ClassVar[int] = 3  # features named in a reason

    def proba(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def why(self, row: np.ndarray, k: int | None = None) -> list[str]:
        """The features that pushed this row most towards furniture, in words."""
        contrib = ((row - self.mean) / self.scale) * self.coef
        order = np.argsort(-contrib)[:k or self.WHY]
        return [self.READABLE[self.FEATURES[j]] for j in order if contrib[j] > 0]

    def weights_json(self) -> dict:
        return {"features": list(self.FEATURES), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def weights_from_json(cls, d: dict, what: str) -> tuple:
        """(mean, scale, coef, intercept, threshold) of a JSON model fitted on this class's
        features; a model fitted on others is an error naming ``what``."""
        if list(d["features"]) != list(cls.FEATURES):
            raise ValueError(f"{what}: the model was fitted on other features; "
                             "refit it with tools/train_furniture.py")
        return (np.asarray(d["mean"]), np.asarray(d["scale"]), np.asarray(d["coef"]),
                float(d["intercept"]), float(d["threshold"]))
