"""The indicator registry. Built-ins are listed in :data:`BUILTIN_INDICATORS` and registered
the same way a plugin registers one (:func:`register`). Registration is strict: a duplicate
name, a missing text or a class that does not follow the contract raises
:class:`~spiegel.errors.RegistryError` at once."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from spiegel.errors import RegistryError

if TYPE_CHECKING:
    from spiegel.competencies.base import Indicator

_PACKAGE = "spiegel.competencies.indicators"

#: Built-in indicators, as "module:Class"; the module name is the indicator name.
BUILTIN_INDICATORS: list[str] = [
    f"{_PACKAGE}.addressed_reaction_rate:AddressedReactionRate",
    f"{_PACKAGE}.addressed_reaction_latency:AddressedReactionLatency",
    f"{_PACKAGE}.org_stream_engagement:OrgStreamEngagement",
    f"{_PACKAGE}.stream_pickup:StreamPickup",
    f"{_PACKAGE}.questions_answered_within_day:QuestionsAnsweredWithinDay",
    f"{_PACKAGE}.complaint_follow_up:ComplaintFollowUp",
    f"{_PACKAGE}.network_composition:NetworkComposition",
    f"{_PACKAGE}.external_reciprocity:ExternalReciprocity",
    f"{_PACKAGE}.goal_alignment:GoalAlignment",
    f"{_PACKAGE}.topicality:Topicality",
    f"{_PACKAGE}.restraint:Restraint",
    f"{_PACKAGE}.not_ahead_of_organisation:NotAheadOfOrganisation",
    f"{_PACKAGE}.concise_explanations:ConciseExplanations",
    f"{_PACKAGE}.plain_language:PlainLanguage",
    f"{_PACKAGE}.dialogue:Dialogue",
    f"{_PACKAGE}.human_presence:HumanPresence",
    f"{_PACKAGE}.personal_voice:PersonalVoice",
]

_REGISTRY: dict[str, Indicator] = {}
_LOADED = False


def _check(cls: type[Indicator]) -> str:
    # Imported on use: the base module pulls in the behaviour stage (`spiegel --help` stays fast).
    from spiegel.competencies.base import DIRECTIONS, LANGS, TEXT_KEYS, UNITS, Indicator

    if not isinstance(cls, type) or not issubclass(cls, Indicator):
        raise RegistryError(f"{cls!r} is not a subclass of spiegel.competencies.Indicator")
    name = cls.name
    where = cls.__qualname__
    if not name or not name.replace("_", "").isalnum() or name != name.lower():
        raise RegistryError(f"indicator {where} needs a lower-case name, got {name!r}")
    module_tail = cls.__module__.rsplit(".", 1)[-1]
    if cls.__module__.startswith(_PACKAGE + ".") and module_tail != name:
        raise RegistryError(f"built-in indicator {name!r} must live in the module {_PACKAGE}.{name}")
    if not isinstance(cls.version, int) or cls.version < 1:
        raise RegistryError(f"indicator {name!r} needs an integer version >= 1, got {cls.version!r}")
    if not cls.help:
        raise RegistryError(f"indicator {name!r} needs a one-line help text")
    if cls.unit not in UNITS:
        raise RegistryError(f"indicator {name!r} has unit {cls.unit!r}; use one of {', '.join(UNITS)}")
    if cls.direction not in DIRECTIONS:
        raise RegistryError(f"indicator {name!r} has direction {cls.direction!r}; use higher or lower")
    for key in TEXT_KEYS:
        for lang in LANGS:
            if not cls.texts.get(key, {}).get(lang):
                raise RegistryError(f"indicator {name!r} lacks the {lang} text for {key!r}")
    if cls.measure is Indicator.measure:
        raise RegistryError(f"indicator {name!r} does not implement measure()")
    return name


def register(cls: type[Indicator]) -> type[Indicator]:
    """Register an indicator class (usable as a decorator)."""
    name = _check(cls)
    if name in _REGISTRY:
        raise RegistryError(
            f"an indicator named {name!r} is already registered "
            f"({type(_REGISTRY[name]).__module__}); choose another name"
        )
    _REGISTRY[name] = cls()
    return cls


def unregister(name: str) -> None:
    """Remove an indicator (for tests and plugins that replace one deliberately)."""
    _REGISTRY.pop(name, None)


def _load_builtins() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for spec in BUILTIN_INDICATORS:
        module_name, _, cls_name = spec.partition(":")
        register(getattr(importlib.import_module(module_name), cls_name))


def registry() -> dict[str, Indicator]:
    """All registered indicators by name."""
    _load_builtins()
    return dict(_REGISTRY)


def get_indicator(name: str) -> Indicator:
    reg = registry()
    if name not in reg:
        raise RegistryError(f"no indicator named {name!r} is registered; known: {', '.join(sorted(reg))}")
    return reg[name]
