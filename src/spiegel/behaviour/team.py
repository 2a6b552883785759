"""Team views for dashboards: stream coverage by anyone in the team ("are 80% of the messages
about us seen"), questions answered within the norm, and the distribution of response times."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spiegel.behaviour.common import capped_map, evidence, insufficient, quantile
from spiegel.behaviour.context import PersonContext, StreamIndex
from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.reactions import questions_answered_within_day, reaction_delays
from spiegel.evidence import Measure
from spiegel.org import OrgConfig
from spiegel.records import Post
from spiegel.text.signals import TextSignals

#: upper bounds (hours) of the response-time histogram bins; the last bin is open
HOUR_BINS = (1.0, 4.0, 8.0, 24.0, 48.0, 72.0, 168.0)


def team_stream_coverage(
    persons: Iterable[PersonInputs], stream: Sequence[Post] | StreamIndex | None, org: OrgConfig | None = None
) -> Measure:
    """Share of the stream O that anyone in the team replied to, quoted, boosted or liked
    (norm 80%). Evidence: stream posts nobody engaged with (newest first)."""
    name = "org_stream_engagement"
    if stream is None:
        return insufficient(name, "no_stream")
    ids = {p.id for p in (stream.posts if isinstance(stream, StreamIndex) else stream)}
    posts = stream.by_id if isinstance(stream, StreamIndex) else {p.id: p for p in stream}
    if not ids:
        return insufficient(name, "too_few_messages")
    team_handles: set[str] = set()
    engaged: set[str] = set()
    for person in persons:
        team_handles |= person.handles
        for post in person.posts:
            engaged.update(i for i in (post.in_reply_to_id, post.quote_of_id, post.boost_of_id) if i)
        engaged.update(
            a.target_id for a in person.interactions if a.target_id and a.kind in ("like", "boost")
        )
    own = {i for i in ids if posts[i].author in team_handles}
    if org is not None:
        own |= {i for i in ids if posts[i].author in org.official_accounts}
    targets = ids - own
    if not targets:
        return insufficient(name, "too_few_messages")
    hit = targets & engaged
    missed = sorted((posts[i] for i in targets - hit), key=lambda p: p.created_at, reverse=True)
    details: dict[str, Any] = {"stream_posts": len(targets), "engaged": len(hit), "scope": "team"}
    ev = capped_map(missed, details, lambda p: evidence(p, "not_engaged"))
    return Measure(name, len(hit) / len(targets), n=len(targets), evidence=ev, details=details)


def _contexts(
    persons: Iterable[PersonInputs], text: Mapping[str, TextSignals] | None, stream: StreamIndex | None
) -> Iterable[PersonContext]:
    for person in persons:
        yield PersonContext.build(person, text, stream=stream)


def team_answered_within_day(
    persons: Iterable[PersonInputs],
    text: Mapping[str, TextSignals] | None = None,
    stream: StreamIndex | None = None,
) -> Measure:
    """Share of all questions addressed to team members answered within the norm."""
    name = "questions_answered_within_day"
    total = ok = 0
    per_person: dict[str, float | None] = {}
    for ctx in _contexts(persons, text, stream):
        m = questions_answered_within_day(ctx)
        label = ctx.inputs.display_name or ",".join(sorted(ctx.handles))
        per_person[label] = m.value
        if m.ok:
            total += m.n
            ok += int(m.details["answered_in_time"])
    if total == 0:
        return insufficient(name, "no_questions", per_person=per_person, scope="team")
    return Measure(
        name, ok / total, n=total, details={"answered_in_time": ok, "per_person": per_person, "scope": "team"}
    )


def response_time_distribution(
    persons: Iterable[PersonInputs],
    text: Mapping[str, TextSignals] | None = None,
    stream: StreamIndex | None = None,
) -> dict[str, Any]:
    """Histogram and quantiles of the team's first-reaction delays (hours on the answer clock)."""
    hours: list[float] = []
    for ctx in _contexts(persons, text, stream):
        hours += [h for _, h in reaction_delays(ctx)]
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
