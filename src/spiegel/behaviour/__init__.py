"""Behaviour analytics: per-person signals over time from the person's posts (P), the messages
addressed to them (M), the organisation stream (O) and the organisation config.

Each measure is one function returning a :class:`~spiegel.evidence.Measure` named like the
DESIGN §2 indicator it feeds. :func:`measure_person` runs them all. For a team, build one
:class:`StreamIndex` over the stream and pass it to every call, so the stream is indexed once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from spiegel.behaviour.automation import account_automation_score, human_presence
from spiegel.behaviour.context import PersonContext, StreamIndex
from spiegel.behaviour.conversations import Conversation, build_conversations
from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.network import dialogue, external_reciprocity, network_composition
from spiegel.behaviour.reactions import (
    addressed_reaction_latency,
    addressed_reaction_rate,
    complaint_follow_up,
    questions_answered_within_day,
)
from spiegel.behaviour.team import response_time_distribution, team_answered_within_day, team_stream_coverage
from spiegel.behaviour.topics import (
    goal_alignment,
    not_ahead_of_organisation,
    org_stream_engagement,
    stream_pickup,
    topic_bursts,
    topicality,
)
from spiegel.evidence import Measure
from spiegel.text.signals import TextSignals

#: measure name -> function of a PersonContext; the names are the DESIGN §2 indicator ids
MEASURES: dict[str, Callable[[PersonContext], Measure]] = {
    "addressed_reaction_rate": addressed_reaction_rate,
    "addressed_reaction_latency": addressed_reaction_latency,
    "org_stream_engagement": org_stream_engagement,
    "stream_pickup": stream_pickup,
    "questions_answered_within_day": questions_answered_within_day,
    "complaint_follow_up": complaint_follow_up,
    "network_composition": network_composition,
    "external_reciprocity": external_reciprocity,
    "goal_alignment": goal_alignment,
    "dialogue": dialogue,
    "topicality": topicality,
    "not_ahead_of_organisation": not_ahead_of_organisation,
    "human_presence": human_presence,
}


def measure_person(
    inputs: PersonInputs, text: Mapping[str, TextSignals] | None = None, stream: StreamIndex | None = None
) -> dict[str, Measure]:
    """All behaviour measures for one person. *text* maps post id to its text signals (for M
    and P); *stream* is a prebuilt index of ``inputs.stream`` (built here when omitted)."""
    ctx = person_context(inputs, text, stream)
    return {name: fn(ctx) for name, fn in MEASURES.items()}


#: the context :func:`person_context` built last: (inputs, text, stream, sizes, context)
_LAST_CONTEXT: list[
    tuple[PersonInputs, Mapping[str, TextSignals] | None, StreamIndex | None, tuple[int, ...], PersonContext]
] = []


def _sizes(inputs: PersonInputs, text: Mapping[str, TextSignals] | None) -> tuple[int, ...]:
    return (
        len(inputs.posts),
        len(inputs.interactions),
        len(inputs.accounts),
        len(inputs.inbound) if inputs.inbound is not None else -1,
        len(inputs.stream) if inputs.stream is not None else -1,
        len(text or {}),
    )


def person_context(
    inputs: PersonInputs, text: Mapping[str, TextSignals] | None = None, stream: StreamIndex | None = None
) -> PersonContext:
    """:meth:`PersonContext.build`, reusing the context built last when the same objects come
    back (the same *inputs* and *text* objects, with as many posts, messages and signals as
    then, and the same *stream* index or none): a team run measures a person and then computes
    their part of the team measures from the same inputs, and need not build it twice."""
    sizes = _sizes(inputs, text)
    if _LAST_CONTEXT:
        seen_inputs, seen_text, seen_stream, seen_sizes, ctx = _LAST_CONTEXT[0]
        same_text = seen_text is text or (not seen_text and not text)
        same_stream = stream is None or stream is seen_stream or stream is ctx.stream
        if seen_inputs is inputs and same_text and same_stream and seen_sizes == sizes:
            return ctx
    ctx = PersonContext.build(inputs, text, stream=stream)
    _LAST_CONTEXT[:] = [(inputs, text, stream, sizes, ctx)]
    return ctx


__all__ = [
    "MEASURES",
    "Conversation",
    "PersonContext",
    "PersonInputs",
    "StreamIndex",
    "account_automation_score",
    "build_conversations",
    "measure_person",
    "person_context",
    "response_time_distribution",
    "team_answered_within_day",
    "team_stream_coverage",
    "topic_bursts",
    *MEASURES,
]
