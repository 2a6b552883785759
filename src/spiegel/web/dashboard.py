# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The team dashboard's figures: levels per consenting member and competency (from the newest
profile the manager may see: the agreed level, i.e. the manager's judgement where there is one,
else the measured level, with the judgement, the measured level and the open contests beside it;
under judge-first a manager sees no measured level they have not judged yet), listening
coverage of the organisation stream against the 80% norm,
share of questions answered within a day, the response-time distribution and trends.

The figures about messages come from the behaviour stage's team functions
(``spiegel.behaviour.team_*``) run over the stored records of consenting members only.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from django.db.models import Prefetch

from spiegel.web.models import Person, ProfileSnapshot, Team
from spiegel.web.profiles import text_in

COVERAGE_NORM = 0.8


def team_members(team: Team) -> list[Person]:
    """Members of *team* and of the teams below it (reporting lines) who gave consent."""
    ids = {team.pk}
    frontier = {team.pk}
    while frontier:
        frontier = set(Team.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    consenting = Person.objects.filter(
        accounts__consent_given_at__isnull=False, accounts__consent_withdrawn_at__isnull=True
    )
    return list(
        Person.objects.filter(team_id__in=ids, pk__in=consenting.values("pk"))
        .select_related("team")
        .prefetch_related(Prefetch("snapshots", queryset=ProfileSnapshot.objects.defer("profile")))
        .order_by("name")
    )


def latest_visible(person: Person) -> ProfileSnapshot | None:
    return next((s for s in person.snapshots.all() if s.visible_to_manager()), None)


def level_matrix(members: list[Person], language: str, viewer: Any = None) -> dict[str, Any]:
    """Per member the newest visible snapshot's levels: ``levels`` the agreed level per
    competency (the newest judgement, else the measured level), ``measured``, ``judgements`` and
    ``open_contests`` (contests whose review is open). With *viewer* a manager under judge-first
    (:func:`spiegel.web.permissions.judge_first_pending`), measured levels they have not judged
    are left out (None)."""
    from spiegel.web import permissions

    competencies: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for person in members:
        snap = latest_visible(person)
        measured: dict[str, Any] = {}
        judgements: dict[str, int] = {}
        open_contests = 0
        if snap is not None:
            names = snap.summary_names()
            hide = viewer is not None and permissions.judge_first_pending(viewer, person, snap)
            for judgement in snap.judgements.order_by("at", "id"):
                judgements[judgement.competency_id] = judgement.level
            for cid, level in snap.summary_levels().items():
                competencies.setdefault(cid, text_in(names.get(cid), language) or cid)
                measured[cid] = None if hide and cid not in judgements else level
            open_contests = snap.annotations.filter(kind="contest", review_status="open").count()
        levels = {cid: judgements.get(cid, level) for cid, level in measured.items()}
        rows.append(
            {
                "person": person,
                "snapshot": snap,
                "levels": levels,
                "measured": measured,
                "judgements": judgements,
                "open_contests": open_contests,
            }
        )
    for row in rows:
        row["cells"] = [
            {
                "agreed": row["levels"].get(cid),
                "judged": cid in row["judgements"],
                "measured": row["measured"].get(cid),
            }
            for cid in competencies
        ]
    return {"competencies": competencies, "rows": rows}


def level_trends(members: list[Person], viewer: Any = None) -> list[dict[str, Any]]:
    """Mean measured level per competency per month over the members' visible snapshots (under
    judge-first, for a manager *viewer*, only the snapshots they have judged)."""
    from spiegel.web import permissions

    by_month: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for person in members:
        for snap in person.snapshots.all():
            if not snap.visible_to_manager():
                continue
            if viewer is not None and permissions.judge_first_pending(viewer, person, snap):
                continue
            month = (snap.window_end or snap.created_at).strftime("%Y-%m")
            for cid, level in snap.summary_levels().items():
                if level:
                    by_month[month][cid].append(int(level))
    return [
        {"month": month, "means": {cid: round(mean(v), 2) for cid, v in sorted(comps.items())}}
        for month, comps in sorted(by_month.items())
    ]


def team_figures(team: Team, language: str, viewer: Any = None) -> dict[str, Any]:
    members = team_members(team)
    figures: dict[str, Any] = {
        "team": team,
        "members": members,
        "matrix": level_matrix(members, language, viewer),
        "trends": level_trends(members, viewer),
        "coverage_norm": COVERAGE_NORM,
    }
    stored = team.figures or {}
    figures.update(
        coverage=stored.get("coverage"),
        answered_within_day=stored.get("answered_within_day"),
        response_times=stored.get("response_times") or {"n": 0, "bins": []},
        figures_at=team.figures_at,
    )
    return figures


def figures_json(figures: dict[str, Any]) -> dict[str, Any]:
    matrix = figures["matrix"]
    return {
        "schema": "spiegel.team-dashboard.v1",
        "team": {"id": figures["team"].pk, "name": figures["team"].name},
        "competencies": [{"id": cid, "name": name} for cid, name in matrix["competencies"].items()],
        "people": [
            {
                "id": row["person"].pk,
                "name": row["person"].name,
                "levels": row["levels"],
                "measured": row["measured"],
                "judgements": row["judgements"],
                "open_contests": row["open_contests"],
            }
            for row in matrix["rows"]
        ],
        "stream_coverage": figures.get("coverage"),
        "coverage_norm": figures["coverage_norm"],
        "answered_within_day": figures.get("answered_within_day"),
        "response_time_hours": figures.get("response_times"),
        "trends": figures["trends"],
    }
