"""Result shapes of the competency stage: one :class:`IndicatorResult` per indicator and one
:class:`CompetencyResult` per competency. They are plain dataclasses; ``to_dict()`` gives the
JSON form used in the ``spiegel.report.v1`` document (see docs/report-schema.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spiegel.competencies.correction import Correction

Status = Literal["ok", "insufficient_evidence"]


@dataclass(slots=True)
class Reason:
    """Why a result has no level: a stable code plus the same message in Dutch and English."""

    code: str
    nl: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "nl": self.nl, "en": self.en}


@dataclass(slots=True)
class Confidence:
    """An interval around a value (``method``: ``wilson`` or ``bootstrap``), at ``level`` (0.95)."""

    method: str
    low: float
    high: float
    level: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "low": self.low, "high": self.high, "level": self.level}


@dataclass(slots=True)
class EvidenceItem:
    """A post quoted as evidence in a report."""

    post_id: str
    url: str | None = None
    text: str | None = None
    created_at: str | None = None
    author: str | None = None
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    #: post ids of the near-duplicates this item stands for (same reason, same text apart from
    #: links, mentions, numbers and case; :func:`spiegel.evidence.collapse_near_duplicates`),
    #: shown as "and 9 similar posts"
    similar: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "post_id": self.post_id,
            "url": self.url,
            "text": self.text,
            "created_at": self.created_at,
            "author": self.author,
            "note": self.note,
            "data": self.data,
        }
        if self.similar:
            out["similar"] = list(self.similar)
        return out


@dataclass(slots=True)
class IndicatorResult:
    """One indicator measured for one person, with its level under the model's thresholds."""

    id: str
    version: str
    value: float | None
    norm: float | None
    unit: str
    direction: str
    thresholds: list[float]
    weight: float
    level: int | None
    status: Status
    reason: Reason | None = None
    evidence_count: int = 0
    evidence: list[EvidenceItem] = field(default_factory=list)
    confidence: Confidence | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: per-item outcomes and how the value follows from them (for the level's stability; not
    #: written to the report)
    outcomes: list[float] | None = None
    statistic: str = "mean"
    #: the classifier-error correction of the value (its draws feed the stability bootstrap; its
    #: numbers are in ``details["classifier_correction"]``); not serialised
    correction: Correction | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "value": self.value,
            "norm": self.norm,
            "unit": self.unit,
            "direction": self.direction,
            "thresholds": list(self.thresholds),
            "weight": self.weight,
            "level": self.level,
            "status": self.status,
            "reason": self.reason.to_dict() if self.reason else None,
            "evidence_count": self.evidence_count,
            "confidence": self.confidence.to_dict() if self.confidence else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "details": self.details,
        }


@dataclass(slots=True)
class CompetencyResult:
    """A competency's level (or none) computed from its indicator results."""

    id: str
    level: int | None
    status: Status
    score: float | None
    weight_share: float
    indicators: list[IndicatorResult]
    reason: Reason | None = None
    name: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    direction: dict[str, str] = field(default_factory=dict)
    level_descriptor: dict[str, str] | None = None
    advice: list[dict[str, str]] = field(default_factory=list)
    #: share of the bootstrap draws per level ("1" … "4"), None without a level
    level_distribution: dict[str, float] | None = None
    #: True when more than 10% of the draws give another level (see competencies/stability.py)
    uncertain: bool = False
    #: [lowest, highest] level of the draws (the level twice when certain), None without a level
    level_range: list[int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "direction": self.direction,
            "level": self.level,
            "status": self.status,
            "score": self.score,
            "weight_share": self.weight_share,
            "reason": self.reason.to_dict() if self.reason else None,
            "level_descriptor": self.level_descriptor,
            "level_distribution": self.level_distribution,
            "uncertain": self.uncertain,
            "level_range": self.level_range,
            "advice": self.advice,
            "indicators": [i.to_dict() for i in self.indicators],
        }
