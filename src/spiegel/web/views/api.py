# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The JSON API: profiles, team figures, audit and exports. Token auth (``POST /api/token/``
with username and password gives a token; send ``Authorization: Token …``) or the session.
Every endpoint asks :mod:`spiegel.web.permissions`, the same module the pages use."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from spiegel.web import audit, deployer, lockout, permissions
from spiegel.web.dashboard import figures_json, team_figures
from spiegel.web.models import Person, Team
from spiegel.web.permissions import require
from spiegel.web.profiles import lang
from spiegel.web.views.consent import person_export


class TokenView(ObtainAuthToken):
    """``POST /api/token/``: DRF's token login, answering a locked-out login (django-axes, see
    :mod:`spiegel.web.lockout`) with HTTP 429 and the wait instead of "unable to log in"."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # axes marks the request it was given: here DRF's request, not Django's
            if getattr(request, "axes_locked_out", False):
                return lockout.lockout_response(request._request, None, request.data)
            raise


def _snapshot_json(snapshot: Any, masked: bool = False) -> dict[str, Any]:
    """*masked*: third parties in the evidence pseudonymised (for managers and HR)."""
    from spiegel.web.third_parties import mask_profile

    return {
        "id": snapshot.pk,
        "created_at": snapshot.created_at,
        "released_at": snapshot.released_at,
        "model_version": snapshot.model_version,
        "classifier_version": snapshot.classifier_version,
        "profile": mask_profile(snapshot.profile) if masked else snapshot.profile,
        "annotations": [
            {
                "competency": n.competency_id,
                "indicator": n.indicator_id,
                "post_id": n.post_id,
                "kind": n.kind,
                "text": n.text,
                "at": n.created_at,
            }
            for n in snapshot.annotations.order_by("created_at")
        ],
        "judgements": [
            {
                "competency": j.competency_id,
                "level": j.level,
                "measured_level": j.measured_level,
                "reason": j.reason,
                "at": j.at,
            }
            for j in snapshot.judgements.order_by("at")
        ],
    }


class MeView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Who am I, and what may I open")
    def get(self, request: Request) -> Response:
        person = permissions.person_of(request.user)
        return Response(
            {
                "username": request.user.get_username(),
                "person": {"id": person.pk, "name": person.name, "role": person.role} if person else None,
                "teams": [{"id": t.pk, "name": t.name} for t in permissions.visible_teams(request.user)],
            }
        )


class ProfileView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        summary="A person's newest profile the caller may see (all of them, newest first, with ?history=1)",
        parameters=[OpenApiParameter("history", bool, description="all profiles instead of the newest")],
    )
    def get(self, request: Request, person_id: int) -> Response:
        subject = get_object_or_404(Person, pk=person_id)
        require(permissions.can_view_person(request.user, subject))
        snapshots = [
            s
            for s in permissions.visible_snapshots(request.user, subject)
            # judge-first: a manager's own judgement comes before the measured levels
            if not permissions.judge_first_pending(request.user, subject, s)
        ]
        if request.query_params.get("history") not in ("1", "true"):
            snapshots = snapshots[:1]
        audit.log(request.user, audit.VIEW_PROFILE, subject, "api")
        return Response(
            {
                "person": {"id": subject.pk, "name": subject.name},
                "snapshots": [
                    _snapshot_json(s, masked=not permissions.is_self(request.user, subject))
                    for s in snapshots
                ],
            }
        )


class PersonExportView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Everything spiegel holds about a person")
    def get(self, request: Request, person_id: int) -> Response:
        subject = get_object_or_404(Person, pk=person_id)
        require(permissions.can_export(request.user, subject))
        audit.log(request.user, audit.EXPORT, subject, "api")
        return Response(person_export(subject))


class AuditView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Who viewed a person's data")
    def get(self, request: Request, person_id: int) -> Response:
        subject = get_object_or_404(Person, pk=person_id)
        require(permissions.can_view_audit(request.user, subject))
        entries = audit.views_of(subject)[:1000]
        audit.log(request.user, audit.VIEW_AUDIT, subject, "api")
        return Response(
            [{"at": e.at, "by": e.actor_label, "action": e.action, "detail": e.detail} for e in entries]
        )


class TeamView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="A team's dashboard figures")
    def get(self, request: Request, team_id: int) -> Response:
        team = get_object_or_404(Team, pk=team_id)
        require(permissions.can_view_team(request.user, team))
        from spiegel.web.views.team import log_team_view

        figures = team_figures(team, lang(), request.user)
        log_team_view(request.user, team, figures["members"], f"team {team.pk} api")
        data = figures_json(figures)
        return Response({**data, "configuration": deployer.state_json(team.organisation)})
