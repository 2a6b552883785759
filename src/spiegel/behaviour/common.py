"""Helpers shared by the behaviour measures: reason codes, evidence, minimum amounts, statistics.

Reason codes (``Measure.details["reason_code"]``) let the report translate why a measure has no
value; ``Measure.reason`` carries the English text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from spiegel.evidence import Evidence, Measure
from spiegel.records import Post

T = TypeVar("T")

#: reason code -> English text shown when a measure has no value
REASONS: dict[str, str] = {
    "no_inbound": "no messages addressed to you were supplied (use --inbound)",
    "no_stream": "no organisation stream was supplied (use --stream)",
    "no_org": "no organisation config was supplied (use --org)",
    "no_org_topics": "the organisation config lists no goal or sensitive topics",
    "no_official_posts": "the organisation stream holds no posts by the official accounts",
    "too_few_posts": "too few posts in the window to measure this",
    "too_few_messages": "too few messages addressed to you in the window to measure this",
    "no_questions": "none of the messages addressed to you is a question",
    "no_complaints": "none of the messages addressed to you is a complaint",
    "no_text_signals": "the text analysis of the messages (questions, complaints) is not available",
    "no_classifiers": "the trained text models are not installed, so questions and complaints are not known",
    "no_network": "no accounts you interacted with were found",
    "no_external_conversations": "no conversations with people outside the organisation were found",
    "no_topic_posts": "none of your posts is about the organisation's topics",
    "no_stream_in_topics": "the organisation stream holds no posts on your topics",
}

#: minimum amount of evidence per measure (documented in docs/behaviour.md)
MINIMUM: dict[str, int] = {
    "addressed_reaction_rate": 3,
    "addressed_reaction_latency": 3,
    "org_stream_engagement": 5,
    "stream_pickup": 5,
    "questions_answered_within_day": 1,
    "complaint_follow_up": 1,
    "network_composition": 5,
    "external_reciprocity": 3,
    "goal_alignment": 10,
    "dialogue": 5,
    "topicality": 10,
    "not_ahead_of_organisation": 1,
    "human_presence": 10,
}

#: at most this many evidence items are attached to a measure; details["evidence_total"] has all
EVIDENCE_LIMIT = 50


def insufficient(name: str, code: str, n: int = 0, **details: Any) -> Measure:
    """A measure without a value, with its reason code and English reason."""
    text = REASONS[code]
    if code.startswith("too_few"):
        text += f" (found {n}, need at least {MINIMUM.get(name, 1)})"
    return Measure.insufficient(name, text, n=n, reason_code=code, **details)


def evidence(post: Post, note: str, **data: Any) -> Evidence:
    return Evidence(
        post_id=post.id,
        url=post.url,
        text=post.text,
        created_at=post.created_at,
        author=post.author,
        note=note,
        data=data,
    )


def capped(items: Sequence[Evidence], details: dict[str, Any]) -> list[Evidence]:
    """Keep the first :data:`EVIDENCE_LIMIT` items (callers sort the worst first)."""
    details["evidence_total"] = len(items)
    return list(items[:EVIDENCE_LIMIT])


def capped_map(items: Sequence[T], details: dict[str, Any], make: Callable[[T], Evidence]) -> list[Evidence]:
    """Evidence made by *make* for the first :data:`EVIDENCE_LIMIT` *items* only."""
    details["evidence_total"] = len(items)
    return [make(item) for item in items[:EVIDENCE_LIMIT]]


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile of a non-empty sequence."""
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def normalized_entropy(counts: Iterable[int], k: int) -> float:
    """Shannon entropy of *counts* divided by log(k): 0 = one category, 1 = all k equally."""
    cs = [c for c in counts if c > 0]
    total = sum(cs)
    if total == 0 or k <= 1:
        return 0.0
    h = -sum(c / total * math.log(c / total) for c in cs)
    return h / math.log(k)


def own_posts(posts: Iterable[Post]) -> list[Post]:
    """The person's own words: posts, replies and quotes, not boosts."""
    return [p for p in posts if p.kind != "boost"]
