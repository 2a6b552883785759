# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The team dashboard and its CSV/JSON exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from spiegel import csvsafe
from spiegel.web import audit, deployer, permissions
from spiegel.web.dashboard import figures_json, team_figures
from spiegel.web.models import Team
from spiegel.web.permissions import require
from spiegel.web.profiles import lang


def _figures(request: HttpRequest, team_id: int) -> dict[str, object]:
    team = get_object_or_404(Team, pk=team_id)
    require(permissions.can_view_team(request.user, team))
    figures = team_figures(team, lang(), request.user)
    log_team_view(request.user, team, figures["members"], f"team {team.pk} {team.name}")
    return figures


def log_team_view(user: Any, team: Team, members: list[Any], detail: str) -> None:
    """One audit entry per member whose levels the view shows (so that each finds it under "who
    viewed my data"), or one about nobody when the team has no consenting members."""
    entries = [(audit.TEAM_VIEW, member, detail) for member in members]
    audit.log_many(user, entries or [(audit.TEAM_VIEW, None, detail)])


def bar_chart(bins: list[list[Any]]) -> list[dict[str, object]]:
    """Bars of the response-time histogram ([label, count] pairs in order), scaled to a
    120-pixel high inline SVG."""
    top = max([*(int(count) for _, count in bins), 1])
    bars = []
    for i, (label, count) in enumerate(bins):
        height = round(120 * count / top)
        bars.append(
            {
                "label": label.replace("<=", "≤ ").replace("h", " h"),
                "count": count,
                "height": height,
                "y": 140 - height,
                "label_y": 135 - height,
                "x": 10 + i * 60,
            }
        )
    return bars


@login_required
def dashboard(request: HttpRequest, team_id: int) -> HttpResponse:
    figures = _figures(request, team_id)
    times: dict[str, Any] = figures["response_times"]  # type: ignore[assignment]
    chart = bar_chart(times.get("bins") or [])
    return render(request, "spiegel_web/team.html", {**figures, "chart": chart, "levels": (1, 2, 3, 4)})


@login_required
def export_json(request: HttpRequest, team_id: int) -> JsonResponse:
    figures = _figures(request, team_id)
    team: Team = figures["team"]  # type: ignore[assignment]
    data = {**figures_json(figures), "configuration": deployer.state_json(team.organisation)}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@login_required
def export_csv(request: HttpRequest, team_id: int) -> HttpResponse:
    data = figures_json(_figures(request, team_id))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spiegel-team-{data["team"]["id"]}.csv"'
    writer = csvsafe.writer(response)
    ids = [c["id"] for c in data["competencies"]]
    # per competency the agreed level, then the judgement and the measured level it rests on
    writer.writerow(
        ["person", *ids, *(f"{c}_judgement" for c in ids), *(f"{c}_measured" for c in ids), "open_contests"]
    )

    def cell(values: dict[str, Any], cid: str) -> Any:
        return "" if values.get(cid) is None else values[cid]

    for person in data["people"]:
        writer.writerow(
            [
                person["name"],
                *(cell(person["levels"], c) for c in ids),
                *(cell(person["judgements"], c) for c in ids),
                *(cell(person["measured"], c) for c in ids),
                person["open_contests"],
            ]
        )
    return response
