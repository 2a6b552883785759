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
    ctx = PersonContext.build(inputs, text, stream=stream)
    return {name: fn(ctx) for name, fn in MEASURES.items()}


__all__ = [
    "MEASURES",
    "Conversation",
    "PersonContext",
    "PersonInputs",
    "StreamIndex",
    "account_automation_score",
    "build_conversations",
    "measure_person",
    "response_time_distribution",
    "team_answered_within_day",
    "team_stream_coverage",
    "topic_bursts",
    *MEASURES,
]
