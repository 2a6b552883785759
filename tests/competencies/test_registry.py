from __future__ import annotations

from importlib import import_module
from typing import ClassVar

import pytest

from spiegel.competencies import Indicator, IndicatorContext, default_model, register, registry
from spiegel.competencies.model import IndicatorSpec
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
    "stream_pickup",
}


#: registered but not in the default model (issue #12: an indicator that does not separate people
#: planted high and low measures the norm, not the person; docs/validity.md)
NOT_IN_DEFAULT = {
    "org_stream_engagement",
    "network_composition",
    "dialogue",
    "topicality",
    "personal_voice",
    "external_reciprocity",
}


def test_registry_holds_the_design_set_and_the_model_uses_the_separating_ones() -> None:
    assert set(registry()) == DESIGN_SET
    used = {i.id for c in default_model().competencies for i in c.indicators}
    assert used == DESIGN_SET - NOT_IN_DEFAULT


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


def _rich_context() -> IndicatorContext:
    """One hand-made person with own posts, inbound questions, a stream and an org config."""
    from datetime import UTC, datetime, timedelta

    from spiegel.behaviour.inputs import PersonInputs
    from spiegel.org import parse_org
    from spiegel.records import Post
    from spiegel.text.signals import Readability, TextSignals

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    me = "anna@social.example"
    org = parse_org(
        {
            "name": "Gemeente Voorbeeld",
            "official_accounts": ["gemeente@social.example"],
            "colleagues": [{"handle": "kees@social.example", "name": "Kees"}],
            "goal_topics": [{"name": "fietsen", "keywords": ["fietspad"]}],
        }
    )
    own = [
        Post(
            "mastodon",
            f"p{i}",
            me,
            t0 + timedelta(hours=5 * i + i % 4),
            f"Ik fiets over het fietspad, dag {i}.",
            url=f"https://s/p{i}",
            in_reply_to_id=f"m{i}" if i < 6 else None,
            in_reply_to_author="bert@social.example" if i < 6 else None,
        )
        for i in range(30)
    ]
    inbound = [
        Post(
            "mastodon",
            f"m{i}",
            "bert@social.example",
            t0 + timedelta(hours=5 * i - 1),
            f"@anna wanneer is het fietspad klaar? {i}",
            mentions=[me],
            in_reply_to_author=me,
        )
        for i in range(8)
    ]
    stream = [
        Post(
            "mastodon",
            f"s{i}",
            "gemeente@social.example",
            t0 + timedelta(hours=5 * i - 2),
            f"Nieuws over het fietspad {i}",
        )
        for i in range(10)
    ]
    signals = {
        p.id: TextSignals(
            id=p.id,
            lang="nl",
            question=p.id.startswith("m"),
            explanation=p.is_reply,
            personal=True,
            readability=Readability(words=8),
        )
        for p in own + inbound
    }
    inputs = PersonInputs(handles={me}, posts=own, inbound=inbound, stream=stream, org=org)
    return IndicatorContext(inputs=inputs, signals=signals)


@pytest.mark.parametrize("name", sorted(DESIGN_SET))
def test_every_indicator_runs_and_every_reason_is_translated(name: str) -> None:
    from spiegel.competencies.scoring import result_from_measure
    from spiegel.i18n import REASONS

    ctx = _rich_context()
    empty = IndicatorContext(inputs=type(ctx.inputs)(handles={"x"}, posts=[]), signals={})
    spec = next(
        (i for c in default_model().competencies for i in c.indicators if i.id == name),
        IndicatorSpec(
            id=name, weight=1, direction=registry()[name].direction, norm=None, thresholds=(0.3, 0.6, 0.8)
        ),
    )
    for context in (ctx, empty):
        measure = registry()[name].measure(context)
        assert measure.name == name
        result = result_from_measure(spec, registry()[name], measure)
        if result.status == "insufficient_evidence":
            assert result.level is None and result.reason is not None
            assert result.reason.code in REASONS, f"no Dutch text for {result.reason.code}"
        else:
            assert result.level in (1, 2, 3, 4) and result.value is not None
    assert registry()[name].measure(empty).status == "insufficient_evidence"
