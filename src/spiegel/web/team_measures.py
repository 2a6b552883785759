# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The dashboard's message figures, computed with the behaviour stage's team functions
(``spiegel.behaviour.team``) over the stored records of the consenting members, and kept on the
team (``Team.figures``) by a background job so that showing a dashboard never runs the analysis."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from spiegel.web.models import Person, Team
from spiegel.web.store import person_inputs, stream_records


def compute_figures(team: Team) -> dict[str, Any]:
    """Run the team measures for *team* (its consenting members, sub-teams included)."""
    from spiegel.behaviour.team import (
        response_time_distribution,
        team_answered_within_day,
        team_stream_coverage,
    )
    from spiegel.pipeline import analyze_text
    from spiegel.web.dashboard import team_members

    members: list[Person] = team_members(team)
    org = None
    if team.organisation.config:
        from spiegel.org import parse_org

        org = parse_org(team.organisation.config)
    stream = stream_records(team.organisation) or None
    persons = []
    signals: dict[str, Any] = {}
    for person in members:
        inputs = person_inputs(person, stream=stream)
        inputs.org = org
        persons.append(inputs)
        signals.update(analyze_text(inputs)[0])
    coverage = team_stream_coverage(persons, stream, org)
    answered = team_answered_within_day(persons, signals)
    times = response_time_distribution(persons, signals)
    # as [label, count] pairs: PostgreSQL's jsonb would not keep the bins' order in an object
    times["bins"] = [[label, count] for label, count in times.get("bins", {}).items()]
    return {
        "members": len(members),
        "coverage": coverage.value,
        "coverage_n": coverage.n,
        "coverage_reason": coverage.reason,
        "answered_within_day": answered.value,
        "answered_n": answered.n,
        "answered_reason": answered.reason,
        "response_times": times,
    }


def refresh_figures(team: Team) -> dict[str, Any]:
    figures = compute_figures(team)
    Team.objects.filter(pk=team.pk).update(figures=figures, figures_at=timezone.now())
    return figures


def teams_above(team_id: int | None) -> list[int]:
    """*team_id* and the teams above it (their dashboards include it through reporting lines)."""
    found: list[int] = []
    while team_id is not None and team_id not in found:
        found.append(team_id)
        team_id = Team.objects.filter(pk=team_id).values_list("parent_id", flat=True).first()
    return found
