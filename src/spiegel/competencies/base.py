"""The indicator contract: one module per indicator under ``competencies/indicators/``, one
class per module, registered by name (see :mod:`spiegel.competencies.registry`).

An indicator is a subclass of :class:`Indicator` with

``name``
    the registry key, the module name and the id used in the model YAML (one string);
``version``
    bumped whenever a change can change results; stored beside every score as ``name.vN``;
``help``
    one line (English) for ``spiegel model show`` and the docs;
``unit`` / ``direction``
    ``share``/``hours``/``count``/``index``, and whether ``higher`` or ``lower`` values are better;
``texts``
    ``title``, ``method``, ``limits`` and ``advice``, each in Dutch and English (report texts);
``measure(ctx) -> Measure``
    the one required method.

Indicators that rest on the behaviour stage subclass :class:`BehaviourIndicator` and need no
code: they pick the :class:`~spiegel.evidence.Measure` of the same name from
``spiegel.behaviour.measure_person``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from spiegel.behaviour.inputs import PersonInputs
from spiegel.evidence import Measure
from spiegel.records import Post
from spiegel.text.signals import TextSignals

UNITS = ("share", "hours", "count", "index")
DIRECTIONS = ("higher", "lower")
TEXT_KEYS = ("title", "method", "limits", "advice")
LANGS = ("nl", "en")


@dataclass(slots=True)
class IndicatorContext:
    """What every indicator gets: the person's inputs and the per-post text signals. The
    behaviour measures are computed once, on first use, and shared by all indicators."""

    inputs: PersonInputs
    signals: Mapping[str, TextSignals] = field(default_factory=dict)
    #: True when text analysis ran (False: ``spiegel.text.analyze`` is not available)
    text_available: bool = True
    #: False when the trained text classifiers (hostile, question, explanation …) are missing
    classifiers_available: bool = True
    _measures: dict[str, Measure] | None = None
    _behaviour_error: str | None = None

    def own_posts(self) -> list[Post]:
        """The person's own written posts (boosts excluded, empty texts excluded)."""
        return [p for p in self.inputs.posts if not p.is_boost and p.text.strip()]

    def behaviour(self) -> dict[str, Measure]:
        """All behaviour measures of the person (``spiegel.behaviour.measure_person``)."""
        if self._measures is None:
            module = importlib.import_module("spiegel.behaviour")
            measure_person = getattr(module, "measure_person", None)
            if measure_person is None:
                self._measures = {}
                self._behaviour_error = "spiegel.behaviour.measure_person is not available"
            else:
                self._measures = dict(measure_person(self.inputs, self.signals))
        return self._measures


class Indicator:
    """Base class of all indicators; see the module docstring."""

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    help: ClassVar[str] = ""
    unit: ClassVar[str] = "share"
    direction: ClassVar[str] = "higher"
    #: minimum amount of evidence (posts, messages …) before a value is trusted
    min_evidence: ClassVar[int] = 5
    texts: ClassVar[dict[str, dict[str, str]]] = {}

    @classmethod
    def key(cls) -> str:
        """The versioned name stored beside every score, e.g. ``restraint.v1``."""
        return f"{cls.name}.v{cls.version}"

    def measure(self, ctx: IndicatorContext) -> Measure:
        raise NotImplementedError


class BehaviourIndicator(Indicator):
    """An indicator whose value is the behaviour stage's measure of the same name. The behaviour
    stage applies its own minimum amounts of evidence (docs/behaviour.md), so none is added here;
    a model may still set ``min_evidence`` per indicator."""

    min_evidence = 1

    def measure(self, ctx: IndicatorContext) -> Measure:
        measures = ctx.behaviour()
        found = measures.get(self.name)
        if found is None:
            return Measure.insufficient(
                self.name,
                ctx._behaviour_error or f"the behaviour stage did not compute {self.name}",
                reason_code="not_available",
            )
        return found
