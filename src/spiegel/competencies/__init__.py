"""The competency stage: the model (``model.py``, ``default_model.yaml``), the indicator
registry (``registry.py``, one module per indicator in ``indicators/``) and scoring
(``scoring.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spiegel.competencies.model import CompetencySpec, IndicatorSpec, Model, default_model, load_model
from spiegel.competencies.registry import get_indicator, register, registry
from spiegel.competencies.results import CompetencyResult, IndicatorResult, Reason

if TYPE_CHECKING:
    from spiegel.competencies.base import BehaviourIndicator, Indicator, IndicatorContext
    from spiegel.competencies.scoring import level_for, score_competency, score_person

#: Imported on first use (PEP 562): these pull in the behaviour stage and numpy, which
#: `spiegel --help` must not pay for. (The light submodules above stay eager: ``registry`` is
#: both a submodule and a function, and only an eager import keeps the function.)
_LAZY: dict[str, str] = {
    "BehaviourIndicator": "spiegel.competencies.base",
    "Indicator": "spiegel.competencies.base",
    "IndicatorContext": "spiegel.competencies.base",
    "level_for": "spiegel.competencies.scoring",
    "score_competency": "spiegel.competencies.scoring",
    "score_person": "spiegel.competencies.scoring",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
