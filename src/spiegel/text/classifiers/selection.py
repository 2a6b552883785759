"""Threshold selection shared by the fast classifiers (:mod:`spiegel.text.train`) and the embedding
heads (:mod:`spiegel.text.embed`): positive-class F1 and the F1-best threshold on a grid."""

from __future__ import annotations

import numpy as np


def positive_f1(y: np.ndarray, pred: np.ndarray) -> float:
    """F1 of the positive class (*y* 0/1, *pred* boolean); 0 when there is nothing to score."""
    tp = float(np.sum(pred & (y == 1)))
    denom = float(np.sum(pred) + np.sum(y == 1))
    return 2 * tp / denom if denom else 0.0


def best_threshold(y: np.ndarray, p: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) of the grid value with the best F1 for probabilities *p*; ties go to the
    threshold nearest 0.5, then to the higher one."""
    f1, _, t = max((positive_f1(y, p >= t), -abs(t - 0.5), float(t)) for t in grid)
    return t, f1
