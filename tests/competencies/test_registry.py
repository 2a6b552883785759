from __future__ import annotations

from importlib import import_module
from typing import ClassVar

import pytest

from spiegel.competencies import Indicator, IndicatorContext, default_model, register, registry
from spiegel.competencies.registry import BUILTIN_INDICATORS, unregister
from spiegel.errors import RegistryError
from spiegel.evidence import Measure

TEXTS = {k: {"nl": "x", "en": "y"} for k in ("title", "method", "limits", "advice")}
DESIGN_SET = {
    "addressed_reaction_rate",
    "addressed_reaction_latency",
    "org_stream_engagement",
    "questions_answered_within_day",
    "complaint_follow_up",
    "network_composition",
    "external_reciprocity",
    "goal_alignment",
    "topicality",
    "restraint",
    "not_ahead_of_organisation",
    "concise_explanations",
    "plain_language",
    "dialogue",
    "human_presence",
    "personal_voice",
}


def test_registry_holds_the_design_set_and_the_model_uses_it_all() -> None:
    assert set(registry()) == DESIGN_SET
    used = {i.id for c in default_model().competencies for i in c.indicators}
    assert used == DESIGN_SET


@pytest.mark.parametrize("spec", BUILTIN_INDICATORS)
def test_every_indicator_follows_one_name_per_thing(spec: str) -> None:
    module_name, _, cls_name = spec.partition(":")
    cls = getattr(import_module(module_name), cls_name)
    assert module_name.rsplit(".", 1)[1] == cls.name
    assert cls.key() == f"{cls.name}.v{cls.version}"
    assert cls.help
    assert import_module(module_name).__doc__, "each indicator module documents itself"
    for key in ("title", "method", "limits", "advice"):
        assert cls.texts[key]["nl"] != cls.texts[key]["en"]


class _Good(Indicator):
    name = "test_good_indicator"
    help = "A test indicator."
    texts: ClassVar[dict[str, dict[str, str]]] = TEXTS

    def measure(self, ctx: IndicatorContext) -> Measure:
        return Measure(self.name, 1.0, n=1)


def test_register_and_duplicate() -> None:
    try:
        register(_Good)
        assert "test_good_indicator" in registry()
        with pytest.raises(RegistryError, match="already registered"):
            register(_Good)
    finally:
        unregister("test_good_indicator")


def test_register_refuses_bad_shapes() -> None:
    class NoMeasure(Indicator):
        name = "no_measure"
        help = "x"
        texts: ClassVar[dict[str, dict[str, str]]] = TEXTS

    class NoTexts(_Good):
        name = "no_texts"
        texts: ClassVar[dict[str, dict[str, str]]] = {"title": {"nl": "a", "en": "b"}}

    class BadName(_Good):
        name = "Bad-Name"

    class BadUnit(_Good):
        name = "bad_unit"
        unit = "percent"

    with pytest.raises(RegistryError, match="does not implement measure"):
        register(NoMeasure)
    with pytest.raises(RegistryError, match="lacks the nl text for 'method'"):
        register(NoTexts)
    with pytest.raises(RegistryError, match="lower-case name"):
        register(BadName)
    with pytest.raises(RegistryError, match="unit 'percent'"):
        register(BadUnit)
    with pytest.raises(RegistryError, match="not a subclass"):
        register(object)  # type: ignore[arg-type]
