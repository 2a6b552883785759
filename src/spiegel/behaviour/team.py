"""Team views for dashboards: stream coverage by anyone in the team ("are 80% of the messages
about us seen"), questions answered within the norm, and the distribution of response times."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spiegel.behaviour.common import EVIDENCE_LIMIT, capped_map, evidence, insufficient, quantile
from spiegel.behaviour.context import PersonContext, StreamIndex
from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.reactions import questions_answered_within_day, reaction_delays
from spiegel.evidence import Measure
from spiegel.org import OrgConfig
from spiegel.records import Post
from spiegel.text.signals import TextSignals

#: upper bounds (hours) of the response-time histogram bins; the last bin is open
HOUR_BINS = (1.0, 4.0, 8.0, 24.0, 48.0, 72.0, 168.0)


def engaged_ids(person: PersonInputs) -> set[str]:
    """Ids of the posts *person* replied to, quoted, boosted or liked."""
    engaged: set[str] = set()
    for post in person.posts:
        engaged.update(i for i in (post.in_reply_to_id, post.quote_of_id, post.boost_of_id) if i)
    engaged.update(a.target_id for a in person.interactions if a.target_id and a.kind in ("like", "boost"))
    return engaged


def team_stream_coverage(
    persons: Iterable[PersonInputs], stream: Sequence[Post] | StreamIndex | None, org: OrgConfig | None = None
) -> Measure:
    """Share of the stream O that anyone in the team replied to, quoted, boosted or liked
    (norm 80%). Evidence: stream posts nobody engaged with (newest first)."""
    team_handles: set[str] = set()
    engaged: set[str] = set()
    for person in persons:
        team_handles |= person.handles
        engaged |= engaged_ids(person)
    return stream_coverage(team_handles, engaged, stream, org)


def stream_coverage(
    team_handles: set[str],
    engaged: set[str],
    stream: Sequence[Post] | StreamIndex | None,
    org: OrgConfig | None = None,
) -> Measure:
    """:func:`team_stream_coverage` from the team's handles and the ids its members engaged
    with (:func:`engaged_ids`), for callers that measured the people in other processes."""
    name = "org_stream_engagement"
    if stream is None:
        return insufficient(name, "no_stream")
    ids = {p.id for p in (stream.posts if isinstance(stream, StreamIndex) else stream)}
    posts = stream.by_id if isinstance(stream, StreamIndex) else {p.id: p for p in stream}
    if not ids:
        return insufficient(name, "too_few_messages")
    own = {i for i in ids if posts[i].author in team_handles}
    if org is not None:
        own |= {i for i in ids if posts[i].author in org.official_accounts}
    targets = ids - own
    if not targets:
        return insufficient(name, "too_few_messages")
    hit = targets & engaged
    # the newest EVIDENCE_LIMIT missed posts: nlargest is sorted(..., reverse=True)[:n] (ties in
    # the same order) without sorting the whole stream
    missed = heapq.nlargest(EVIDENCE_LIMIT, (posts[i] for i in targets - hit), key=lambda p: p.created_at)
    details: dict[str, Any] = {"stream_posts": len(targets), "engaged": len(hit), "scope": "team"}
    ev = capped_map(missed, details, lambda p: evidence(p, "not_engaged"))
    details["evidence_total"] = len(targets) - len(hit)
    return Measure(name, len(hit) / len(targets), n=len(targets), evidence=ev, details=details)


def _contexts(
    persons: Iterable[PersonInputs], text: Mapping[str, TextSignals] | None, stream: StreamIndex | None
) -> Iterable[PersonContext]:
    for person in persons:
        yield PersonContext.build(person, text, stream=stream)


def person_answered(ctx: PersonContext) -> tuple[str, float | None, int, int]:
    """One person's part of :func:`team_answered_within_day`: (label, value, questions counted,
    answered in time); the counts are 0 when the person's measure had too little evidence."""
    m = questions_answered_within_day(ctx)
    label = ctx.inputs.display_name or ",".join(sorted(ctx.handles))
    if not m.ok:
        return label, m.value, 0, 0
    return label, m.value, m.n, int(m.details["answered_in_time"])


def combine_answered(rows: Iterable[tuple[str, float | None, int, int]]) -> Measure:
    """The team measure from every person's :func:`person_answered`."""
    name = "questions_answered_within_day"
    total = ok = 0
    per_person: dict[str, float | None] = {}
    for label, value, n, in_time in rows:
        per_person[label] = value
        total += n
        ok += in_time
    if total == 0:
        return insufficient(name, "no_questions", per_person=per_person, scope="team")
    return Measure(
        name, ok / total, n=total, details={"answered_in_time": ok, "per_person": per_person, "scope": "team"}
    )


def team_answered_within_day(
    persons: Iterable[PersonInputs],
    text: Mapping[str, TextSignals] | None = None,
    stream: StreamIndex | None = None,
) -> Measure:
    """Share of all questions addressed to team members answered within the norm."""
    return combine_answered(person_answered(ctx) for ctx in _contexts(persons, text, stream))


def person_reaction_hours(ctx: PersonContext) -> list[float]:
    """One person's first-reaction delays (hours on the answer clock)."""
    return [h for _, h in reaction_delays(ctx)]


def response_time_bins(hours: Sequence[float]) -> dict[str, Any]:
    """Histogram and quantiles of first-reaction delays (hours)."""
    labels = [f"<={b:g}h" for b in HOUR_BINS] + [f">{HOUR_BINS[-1]:g}h"]
    counts = dict.fromkeys(labels, 0)
    for h in hours:
        idx = next((i for i, b in enumerate(HOUR_BINS) if h <= b), len(HOUR_BINS))
        counts[labels[idx]] += 1
    return {
        "n": len(hours),
        "bins": counts,
        "median_hours": quantile(hours, 0.5) if hours else None,
        "p90_hours": quantile(hours, 0.9) if hours else None,
    }


def response_time_distribution(
    persons: Iterable[PersonInputs],
    text: Mapping[str, TextSignals] | None = None,
    stream: StreamIndex | None = None,
) -> dict[str, Any]:
    """Histogram and quantiles of the team's first-reaction delays (hours on the answer clock)."""
    hours: list[float] = []
    for ctx in _contexts(persons, text, stream):
        hours += person_reaction_hours(ctx)
    return response_time_bins(hours)
