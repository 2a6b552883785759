# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The deployer's set-up of an organisation: HR records the DPIA, the works council's consent and
the configuration the council approved; the configuration in force (the competency model the
server scores with, its norms and thresholds, the indicator and classifier versions and the
organisation config) is compared with it by fingerprint (:mod:`spiegel.deployer.facts`).

Until HR approves, and again after any change, :func:`status` reports a flag that HR's pages and
the team dashboards show ("configuratie gewijzigd sinds goedkeuring"). Recording, approving and
the first sight of a change are written to the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from spiegel.competencies.model import Model, default_model
from spiegel.deployer.facts import changes, configuration, fingerprint
from spiegel.web import audit
from spiegel.web.models import DeployerSetup, Organisation

SETUP_RECORDED = audit.DEPLOYER_SETUP
CONFIG_APPROVED = audit.CONFIG_APPROVED
CONFIG_CHANGED = audit.CONFIG_CHANGED
ACTIONS = (SETUP_RECORDED, CONFIG_APPROVED, CONFIG_CHANGED)


def active_model(org: Organisation | None = None) -> Model:
    """The competency model the server scores *org*'s people with (jobs.build_snapshot): the
    default model with the organisation's own norms (``Organisation.norms``)."""
    norms = (org.norms if org is not None else None) or {}
    return model_with_norms(norms) if norms else default_model()


def model_with_norms(norms: dict[str, Any]) -> Model:
    """The default model with *norms* ({competency: {indicator: norm}}) in place of its own,
    checked by the model's validator (the one of ``spiegel model validate``); a
    :class:`~spiegel.errors.ConfigError` names the competency and indicator."""
    return _model_with_norms(json.dumps(norms, sort_keys=True))


@lru_cache(maxsize=32)
def _model_with_norms(key: str) -> Model:
    from importlib import resources

    import yaml

    from spiegel.competencies.model import DEFAULT_MODEL, parse_model
    from spiegel.errors import ConfigError

    norms = json.loads(key)
    text = resources.files("spiegel.competencies").joinpath(DEFAULT_MODEL).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    comps = {c["id"]: {i["id"]: i for i in c["indicators"]} for c in data["competencies"]}
    if not isinstance(norms, dict):
        raise ConfigError("the norms must be a mapping of competencies", field="norms", fix=_NORMS_FIX)
    for comp, indicators in norms.items():
        if comp not in comps:
            raise ConfigError(
                f"unknown competency {comp!r}; the model has: {', '.join(comps)}", field=comp, fix=_NORMS_FIX
            )
        if not isinstance(indicators, dict):
            raise ConfigError(
                f"the norms of {comp!r} must be a mapping of indicators to numbers",
                field=comp,
                fix=_NORMS_FIX,
            )
        for indicator, norm in indicators.items():
            if indicator not in comps[comp]:
                raise ConfigError(
                    f"unknown indicator {indicator!r} of {comp!r}; it has: {', '.join(comps[comp])}",
                    field=f"{comp}.{indicator}",
                    fix=_NORMS_FIX,
                )
            comps[comp][indicator]["norm"] = norm
    return parse_model(data, "norms of the organisation")


_NORMS_FIX = "write the norms as competency: {indicator: number}, with the ids of `spiegel model show`"


def current_configuration(org: Organisation) -> dict[str, Any]:
    return configuration(active_model(org), org.config or {})


def tag(org: Organisation) -> str:
    """How the audit entries about *org*'s set-up start (so they can be found again)."""
    return f"organisation {org.pk}:"


@dataclass(frozen=True)
class Status:
    setup: DeployerSetup | None
    fingerprint: str
    #: "approved", "unapproved" (nothing approved yet) or "changed" (differs from the approval)
    state: str
    #: dotted paths where the configuration in force differs from the approved one
    changes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.state != "approved"


def status(org: Organisation, log_change: bool = True) -> Status:
    """Where *org*'s set-up stands. The first time a change is seen it is written to the audit
    log (once per changed configuration)."""
    setup = DeployerSetup.objects.filter(organisation=org).first()
    current = current_configuration(org)
    now = fingerprint(current)
    if setup is None or not setup.approved_fingerprint:
        return Status(setup, now, "unapproved")
    if setup.approved_fingerprint == now:
        return Status(setup, now, "approved")
    where = changes(setup.approved_configuration, current)
    if log_change and setup.flagged_fingerprint != now:
        with transaction.atomic():
            updated = (
                DeployerSetup.objects.filter(pk=setup.pk)
                .exclude(flagged_fingerprint=now)
                .update(flagged_fingerprint=now)
            )
            if updated:
                audit.log(
                    None,
                    CONFIG_CHANGED,
                    None,
                    f"{tag(org)} configuration {now[:16]} differs from the approved "
                    f"{setup.approved_fingerprint[:16]} in: {', '.join(where) or '(order only)'}",
                )
    return Status(setup, now, "changed", where)


def state_json(org: Organisation) -> dict[str, Any]:
    """The set-up's state as the team exports and the API give it: a reader of the figures sees
    whether they were made with the configuration the works council approved."""
    current = status(org)
    setup = current.setup
    return {
        "state": current.state,
        "fingerprint": current.fingerprint,
        "approved_fingerprint": (setup.approved_fingerprint or None) if setup else None,
        "approved_at": setup.approved_at.isoformat() if setup and setup.approved_at else None,
        "changes": current.changes,
    }


def record(
    org: Organisation,
    user: Any,
    *,
    dpia_date: date | None,
    dpia_reference: str,
    works_council_date: date | None,
    works_council_reference: str,
    approve: bool,
) -> DeployerSetup:
    """Store the set-up HR entered and, with *approve*, approve the configuration in force."""
    with transaction.atomic():
        setup, _ = DeployerSetup.objects.select_for_update().get_or_create(organisation=org)
        entered = {
            "dpia_date": dpia_date,
            "dpia_reference": dpia_reference,
            "works_council_date": works_council_date,
            "works_council_reference": works_council_reference,
        }
        changed = [name for name, value in entered.items() if getattr(setup, name) != value]
        for name in changed:
            setattr(setup, name, entered[name])
        if changed:
            audit.log(
                user,
                SETUP_RECORDED,
                None,
                f"{tag(org)} DPIA {dpia_date or '-'} ({dpia_reference or '-'}); works council consent "
                f"{works_council_date or '-'} ({works_council_reference or '-'})",
            )
        if approve:
            current = current_configuration(org)
            setup.approved_configuration = current
            setup.approved_fingerprint = fingerprint(current)
            setup.flagged_fingerprint = ""
            setup.approved_at = timezone.now()
            setup.approved_by = audit._label(user)
            audit.log(
                user,
                CONFIG_APPROVED,
                None,
                f"{tag(org)} configuration {setup.approved_fingerprint[:16]} approved "
                f"(model {current['model']['id']} v{current['model']['version']}, "
                f"{current['classifiers']}); works council consent {setup.works_council_date} "
                f"({setup.works_council_reference or '-'})",
            )
        setup.save()
    return setup


def history(org: Organisation, limit: int = 20) -> list[Any]:
    from spiegel.web.models import AuditLog

    return list(AuditLog.objects.filter(action__in=ACTIONS, detail__startswith=tag(org))[:limit])
