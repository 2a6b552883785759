"""The competency stage: the model (``model.py``, ``default_model.yaml``), the indicator
registry (``registry.py``, one module per indicator in ``indicators/``) and scoring
(``scoring.py``)."""

from __future__ import annotations

from spiegel.competencies.base import BehaviourIndicator, Indicator, IndicatorContext
from spiegel.competencies.model import CompetencySpec, IndicatorSpec, Model, default_model, load_model
from spiegel.competencies.registry import get_indicator, register, registry
from spiegel.competencies.results import CompetencyResult, IndicatorResult, Reason
from spiegel.competencies.scoring import level_for, score_competency, score_person

__all__ = [
    "BehaviourIndicator",
    "CompetencyResult",
    "CompetencySpec",
    "Indicator",
    "IndicatorContext",
    "IndicatorResult",
    "IndicatorSpec",
    "Model",
    "Reason",
    "default_model",
    "get_indicator",
    "level_for",
    "load_model",
    "register",
    "registry",
    "score_competency",
    "score_person",
]
