"""Confidence intervals for indicator values: Wilson for shares (closed form, cheap) and a
seeded percentile bootstrap for other statistics."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from spiegel.competencies.results import Confidence

Z95 = 1.959963984540054


def wilson(share: float, n: int, z: float = Z95) -> Confidence | None:
    """Wilson score interval of a share measured on *n* items (None when n is 0)."""
    if n <= 0:
        return None
    p = min(max(share, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Confidence("wilson", round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def bootstrap(
    values: Sequence[float],
    statistic: Callable[[np.ndarray], float] = np.median,
    *,
    resamples: int = 500,
    seed: int = 0,
) -> Confidence | None:
    """Percentile bootstrap interval of *statistic* over *values* (seeded, so reports repeat)."""
    data = np.asarray(values, dtype=float)
    if data.size < 2:
        return None
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, data.size, size=(resamples, data.size))
    stats = np.apply_along_axis(statistic, 1, data[idx])
    low, high = np.percentile(stats, [2.5, 97.5])
    return Confidence("bootstrap", round(float(low), 4), round(float(high), 4))
