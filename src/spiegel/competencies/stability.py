"""How stable a competency's level is: a seeded bootstrap over the per-item outcomes.

The measures compute their per-item outcomes once (1/0 per message answered in time, hours per
reaction, 1/0 per post flagged …; :attr:`spiegel.evidence.Measure.outcomes`). Here those outcomes
are resampled with replacement, :data:`DRAWS` times, every indicator's value and level are
recomputed from the draw with the same thresholds, and the competency level with the same
weighted rule as :func:`spiegel.competencies.scoring.score_competency`. The behaviour and text
stages are not run again, so the cost is a small share of a report.

The one rule for *uncertain* (DESIGN §2, docs/model.md): a competency level is **uncertain** when
more than :data:`UNCERTAIN_SHARE` of the draws give another level; its ``level_range`` then spans
the levels that at least :data:`RANGE_SHARE` of the draws give (and the reported level). An
indicator without per-item outcomes (a diversity index) keeps its level in every draw.
*Insufficient evidence* stays the rule of :mod:`spiegel.competencies.scoring`: an indicator with
fewer items than its minimum has no level, a competency whose measured indicators carry less than
the model's ``min_weight_share`` has none.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Sequence

import numpy as np

from spiegel.competencies.results import IndicatorResult

#: bootstrap draws per competency
DRAWS = 200
#: a level is uncertain when more than this share of the draws gives another level
UNCERTAIN_SHARE = 0.10
#: levels shown in the range: those that at least this share of the draws gives
RANGE_SHARE = 0.05


def person_seed(handles: Iterable[str], competency: str) -> int:
    """A seed per person and competency, so reruns on the same data give the same distribution."""
    key = "|".join(sorted(handles)) + "#" + competency
    return zlib.crc32(key.encode("utf-8"))


def _levels(values: np.ndarray, thresholds: Sequence[float], direction: str) -> np.ndarray:
    th = np.asarray(thresholds, dtype=float)
    passed = values[:, None] <= th[None, :] if direction == "lower" else values[:, None] >= th[None, :]
    return np.asarray(1 + passed.sum(axis=1))


def _draw_values(outcomes: Sequence[float], statistic: str, rng: np.random.Generator) -> np.ndarray:
    data = np.asarray(outcomes, dtype=float)
    if statistic in ("mean", "sum") and np.all((data == 0.0) | (data == 1.0)):
        # resampling n yes/no outcomes with replacement: the number of yeses is Binomial(n, k/n),
        # the same distribution as drawing the n items one by one, in O(draws) instead of O(n·draws)
        hits = rng.binomial(data.size, float(data.mean()), size=DRAWS).astype(float)
        return hits / data.size if statistic == "mean" else hits
    idx = rng.integers(0, data.size, size=(DRAWS, data.size))
    sample = data[idx]
    if statistic == "median":
        return np.asarray(np.median(sample, axis=1))
    if statistic == "sum":
        return np.asarray(sample.sum(axis=1))
    return np.asarray(sample.mean(axis=1))


def level_draws(results: Sequence[IndicatorResult], seed: int) -> np.ndarray | None:
    """Competency levels of :data:`DRAWS` resamples of the measured indicators (None when no
    indicator has a level)."""
    measured = [r for r in results if r.ok and r.level is not None]
    if not measured:
        return None
    rng = np.random.default_rng(seed)
    total = np.zeros(DRAWS)
    weight = 0.0
    for r in measured:
        if r.correction is not None:  # sampling and classifier error together
            levels = _levels(r.correction.draws(rng, DRAWS), r.thresholds, r.direction)
        elif r.outcomes:
            levels = _levels(_draw_values(r.outcomes, r.statistic, rng), r.thresholds, r.direction)
        else:
            levels = np.full(DRAWS, float(r.level or 0))
        total += levels * r.weight
        weight += r.weight
    score = total / weight
    return np.clip(np.floor(score + 0.5), 1, 4).astype(int)


def _competency_level(levels: Sequence[tuple[float, float]]) -> int:
    weight = sum(w for _, w in levels)
    return min(4, max(1, math.floor(sum(lv * w for lv, w in levels) / weight + 0.5)))


def interval_levels(results: Sequence[IndicatorResult], level: int) -> list[int]:
    """Competency levels other than *level* that an indicator's classifier-corrected interval
    allows: each corrected indicator is set to either end of its 95% interval (the others kept at
    their levels). A level whose interval crosses a threshold is so never shown as firm."""
    measured = [r for r in results if r.ok and r.level is not None]
    out: set[int] = set()
    for r in measured:
        if r.correction is None:
            continue
        for end in (r.correction.low, r.correction.high):
            at_end = int(_levels(np.asarray([end]), r.thresholds, r.direction)[0])
            levels = [(float(at_end if o is r else o.level or 0), o.weight) for o in measured]
            found = _competency_level(levels)
            if found != level:
                out.add(found)
    return sorted(out)


def distribution(draws: np.ndarray) -> dict[str, float]:
    """Share of the draws per level, keys "1" … "4"."""
    return {str(level): round(float(np.mean(draws == level)), 4) for level in range(1, 5)}


def stability(
    results: Sequence[IndicatorResult], level: int, seed: int
) -> tuple[dict[str, float], bool, list[int]] | None:
    """``(level_distribution, uncertain, level_range)`` of a competency whose reported level is
    *level*; None when nothing can be resampled."""
    draws = level_draws(results, seed)
    if draws is None:
        return None
    dist = distribution(draws)
    other = 1.0 - dist[str(level)]
    crossing = interval_levels(results, level)
    uncertain = other > UNCERTAIN_SHARE + 1e-9 or bool(crossing)
    seen = [int(k) for k, share in dist.items() if share >= RANGE_SHARE] + [level, *crossing]
    span = [min(seen), max(seen)] if uncertain else [level, level]
    if not math.isfinite(other):  # pragma: no cover - defensive
        return None
    return dist, uncertain, span
