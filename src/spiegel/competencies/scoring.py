"""From measures to levels.

* An indicator's level comes from its value and the model's three thresholds (levels 2, 3, 4),
  read in the indicator's direction (higher-is-better or lower-is-better).
* An indicator without enough evidence has no level: status ``insufficient_evidence`` and a reason.
* A competency's level is the weighted mean of the levels of its indicators **with status ok**,
  rounded half up. When those indicators carry less than the model's ``min_weight_share`` of the
  competency's weight, the competency gets no level (status ``insufficient_evidence``).
  Missing data therefore never lowers a level: it can only take the level away.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from spiegel.competencies.base import Indicator, IndicatorContext
from spiegel.competencies.confidence import wilson
from spiegel.competencies.correction import DETAIL, METHOD, RECORD, correct
from spiegel.competencies.model import CompetencySpec, IndicatorSpec, Model
from spiegel.competencies.registry import registry
from spiegel.competencies.results import CompetencyResult, Confidence, EvidenceItem, IndicatorResult, Reason
from spiegel.competencies.stability import person_seed, stability
from spiegel.evidence import Evidence, Measure, collapse_near_duplicates
from spiegel.i18n import REASONS, t

#: most evidence items kept per indicator in a profile
MAX_EVIDENCE = 10
#: advice items per competency, taken from its weakest indicators
MAX_ADVICE = 2


def level_for(value: float, thresholds: Sequence[float], direction: str) -> int:
    """Level 1–4 of *value* under thresholds for levels 2, 3 and 4."""
    if direction == "lower":
        return 1 + sum(value <= th for th in thresholds)
    return 1 + sum(value >= th for th in thresholds)


def reason_of(code: str, english: str | None = None, **values: object) -> Reason:
    """A :class:`Reason` with the Dutch and English text of *code* (the measure's own English
    text is used where spiegel has no translation of the code)."""
    message = REASONS.get(code)
    if message is None:
        return Reason(code, english or code, english or code)
    return Reason(code, t(message, "nl", **values), t(message, "en", **values))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _evidence(items: Sequence[Evidence]) -> list[EvidenceItem]:
    """The first :data:`MAX_EVIDENCE` items, near-duplicates collapsed into the item they repeat
    (their post ids kept in ``similar``)."""
    return [
        EvidenceItem(
            post_id=e.post_id,
            url=e.url,
            text=e.text,
            created_at=_iso(e.created_at),
            author=e.author,
            note=e.note,
            data=dict(e.data),
            similar=[other.post_id for other in others],
        )
        for e, others in collapse_near_duplicates(items)[:MAX_EVIDENCE]
    ]


def _clean(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), 4)


def result_from_measure(spec: IndicatorSpec, indicator: Indicator, measure: Measure) -> IndicatorResult:
    """Turn a :class:`Measure` into an :class:`IndicatorResult` under the model's spec."""
    min_evidence = spec.min_evidence or indicator.min_evidence
    value = _clean(measure.value)
    result = IndicatorResult(
        id=spec.id,
        version=indicator.key(),
        value=value,
        norm=spec.norm,
        unit=indicator.unit,
        direction=spec.direction,
        thresholds=list(spec.thresholds),
        weight=spec.weight,
        level=None,
        status="insufficient_evidence",
        evidence_count=measure.n,
        evidence=_evidence(measure.evidence),
        details={k: v for k, v in measure.details.items() if k not in ("reason_code", RECORD)},
    )
    if not measure.ok or value is None:
        result.value = None
        result.reason = reason_of(str(measure.details.get("reason_code") or "not_available"), measure.reason)
    elif measure.n < min_evidence:
        result.reason = reason_of("too_little_evidence", n=measure.n, min=min_evidence)
    else:
        result.status = "ok"
        result.confidence = wilson(value, measure.n) if indicator.unit == "share" else None
        result.outcomes, result.statistic = measure.outcomes, measure.statistic
        record = measure.details.get(RECORD)
        if isinstance(record, dict):
            _apply_correction(result, record)
        result.level = level_for(result.value or 0.0, spec.thresholds, spec.direction)
    return result


def _apply_correction(result: IndicatorResult, record: dict[str, Any]) -> None:
    """Correct a share built on a text classifier for the classifier's measured error
    (:mod:`spiegel.competencies.correction`): the value becomes the corrected share, its
    confidence the corrected interval, and the detail says how (or why it was not corrected)."""
    from spiegel.text.error_rates import load_error_rates

    corr = correct(record, load_error_rates())
    if corr is None:
        return
    if not corr.corrected_any:
        result.details[DETAIL] = {
            "method": None,
            "signal": corr.signal,
            "observed": round(corr.observed, 4),
            "uncorrected_languages": sorted(corr.rates),
            "note": "no error rates for this signal in classifiers.json: not corrected",
        }
        return
    result.value = round(corr.corrected, 4)
    result.confidence = Confidence(METHOD, round(corr.low, 4), round(corr.high, 4))
    result.details[DETAIL] = corr.to_details()
    result.correction = corr


def evaluate_indicator(spec: IndicatorSpec, ctx: IndicatorContext) -> IndicatorResult:
    indicator = registry()[spec.id]
    return result_from_measure(spec, indicator, indicator.measure(ctx))


def _advice(results: Sequence[IndicatorResult]) -> list[dict[str, str]]:
    """Advice of the weakest measured indicators below level 4 (lowest level, then heaviest)."""
    weak = sorted(
        (r for r in results if r.ok and r.level is not None and r.level < 4),
        key=lambda r: (r.level, -r.weight),
    )
    reg = registry()
    out = []
    for r in weak[:MAX_ADVICE]:
        texts = reg[r.id].texts["advice"]
        out.append({"indicator": r.id, "nl": texts["nl"], "en": texts["en"]})
    return out


def score_competency(
    comp: CompetencySpec, results: Sequence[IndicatorResult], min_weight_share: float, seed: int = 0
) -> CompetencyResult:
    """The competency's level from its indicator results, with its stability over a seeded
    bootstrap of the per-item outcomes (*seed*: see :func:`stability.person_seed`)."""
    total = sum(r.weight for r in results) or 1.0
    levels = [(r.level, r.weight) for r in results if r.ok and r.level is not None]
    ok_weight = sum(w for _, w in levels)
    share = round(ok_weight / total, 4)
    result = CompetencyResult(
        id=comp.id,
        level=None,
        status="insufficient_evidence",
        score=None,
        weight_share=share,
        indicators=list(results),
        name=dict(comp.name),
        description=dict(comp.description),
        direction=dict(comp.direction),
        advice=_advice(results),
    )
    if not levels or share < min_weight_share:
        result.reason = reason_of(
            "too_few_indicators", share=round(share * 100), min=round(min_weight_share * 100)
        )
        return result
    score = sum(level * w for level, w in levels) / ok_weight
    level = min(4, max(1, math.floor(score + 0.5)))
    result.level, result.status, result.score = level, "ok", round(score, 3)
    result.level_descriptor = dict(comp.levels[level - 1])
    found = stability(results, level, seed)
    if found is not None:
        result.level_distribution, result.uncertain, result.level_range = found
    return result


def score_person(model: Model, ctx: IndicatorContext) -> list[CompetencyResult]:
    """Measure every indicator of *model* for one person and score each competency."""
    out = []
    for comp in model.competencies:
        results = [evaluate_indicator(spec, ctx) for spec in comp.indicators]
        seed = person_seed(ctx.inputs.handles, comp.id)
        out.append(score_competency(comp, results, model.min_weight_share, seed))
    return out
