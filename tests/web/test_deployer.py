"""HR's deployer set-up (issue 16, item 1): HR records the DPIA date, the works council's consent
and the approved configuration; a change to the model's norms or the organisation config is
flagged to HR and on the team dashboards until HR approves again; other roles cannot change it;
the demo starts with the set-up filled in."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from spiegel.competencies.model import Model, default_model
from spiegel.deployer import facts
from spiegel.web import deployer
from spiegel.web.models import AuditLog, DeployerSetup

from .conftest import World

#: logins and logouts are audited too (issue 16); these tests look at what else was logged
LOGINS = ("login", "logout")

FLAG_NL = "Configuratie gewijzigd sinds goedkeuring"
UNAPPROVED_NL = "Configuratie nog niet goedgekeurd"


def _setup_data(**overrides: Any) -> dict[str, str]:
    data = {
        "dpia_date": "2026-10-01",
        "dpia_reference": "DPIA-7",
        "works_council_date": "2026-11-02",
        "works_council_reference": "OR 2026/11",
        "approve": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _page(client: Any) -> str:
    response = client.get(reverse("org_deployer"))
    assert response.status_code == 200
    return response.content.decode()


def _team_page(client: Any, world: World) -> str:
    response = client.get(reverse("team", args=[world.team_a.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hr(client: Any, world: World) -> Any:
    client.force_login(world.users["hr"])
    return client


@pytest.fixture
def approved(hr: Any, world: World) -> DeployerSetup:
    assert hr.post(reverse("org_deployer"), _setup_data()).status_code == 302
    return DeployerSetup.objects.get(organisation=world.org)


def _with_norm(model: Model, competency: str, indicator: str, norm: float) -> Model:
    comps = []
    for comp in model.competencies:
        if comp.id == competency:
            specs = tuple(
                dataclasses.replace(s, norm=norm) if s.id == indicator else s for s in comp.indicators
            )
            comp = dataclasses.replace(comp, indicators=specs)
        comps.append(comp)
    return dataclasses.replace(model, competencies=tuple(comps))


def test_hr_records_the_dpia_the_consent_and_the_approved_configuration(hr: Any, world: World) -> None:
    before = _page(hr)
    assert UNAPPROVED_NL in before and 'data-state="unapproved"' in before
    response = hr.post(reverse("org_deployer"), _setup_data())
    assert response.status_code == 302
    setup = DeployerSetup.objects.get(organisation=world.org)
    assert (setup.dpia_date, setup.dpia_reference) == (date(2026, 10, 1), "DPIA-7")
    assert (setup.works_council_date, setup.works_council_reference) == (date(2026, 11, 2), "OR 2026/11")
    current = deployer.current_configuration(world.org)
    assert setup.approved_fingerprint == facts.fingerprint(current)
    assert setup.approved_configuration == current
    assert setup.approved_by == "Person hr (hr)" and setup.approved_at is not None
    actions = list(
        AuditLog.objects.exclude(action__in=LOGINS).order_by("at").values_list("action", "actor_label")
    )
    assert actions == [("deployer_setup", "Person hr (hr)"), ("config_approved", "Person hr (hr)")]
    page = _page(hr)
    assert 'data-state="approved"' in page and "De geldende configuratie is de goedgekeurde." in page
    assert "DPIA-7" in page and "OR 2026/11" in page and setup.approved_fingerprint[:16] in page
    # date inputs carry ISO dates whatever the page's language (else the browser shows none)
    assert 'type="date" name="dpia_date" value="2026-10-01"' in page
    assert 'id="config-flag"' not in page


def test_approval_needs_both_dates_and_no_future_date(hr: Any, world: World) -> None:
    response = hr.post(reverse("org_deployer"), _setup_data(works_council_date=""))
    assert response.status_code == 200
    assert (
        "Vul de datum van de DPIA en van de instemming van de ondernemingsraad in"
        in response.content.decode()
    )
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = hr.post(reverse("org_deployer"), _setup_data(dpia_date=tomorrow))
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not DeployerSetup.objects.exists() and not AuditLog.objects.exclude(action__in=LOGINS).exists()
    # the dates alone may be recorded before the council has approved anything
    assert (
        hr.post(reverse("org_deployer"), _setup_data(approve=None, works_council_date="")).status_code == 302
    )
    setup = DeployerSetup.objects.get(organisation=world.org)
    assert setup.dpia_date == date(2026, 10, 1) and setup.approved_fingerprint == ""
    assert deployer.status(world.org).state == "unapproved"


def test_a_changed_org_norm_is_flagged_until_hr_approves_again(
    approved: DeployerSetup, hr: Any, client: Any, world: World
) -> None:
    assert deployer.status(world.org).state == "approved"
    world.org.config = {"name": world.org.name, "answer_within_hours": 8}
    world.org.save()
    status = deployer.status(world.org)
    assert status.state == "changed" and status.changes == ["org.answer_within_hours", "org.name"]
    page = _page(hr)
    assert (
        FLAG_NL in page and 'data-state="changed"' in page and "<code>org.answer_within_hours</code>" in page
    )
    # HR sees it on the other pages too, with a link to the set-up
    org_page = hr.get(reverse("organisation")).content.decode()
    assert FLAG_NL in org_page and f'href="{reverse("org_deployer")}"' in org_page
    # the manager's team dashboard shows the flag too; an employee's pages do not
    client.force_login(world.users["mgr"])
    assert FLAG_NL in _team_page(client, world)
    client.force_login(world.users["emp"])
    employee_page = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert FLAG_NL not in employee_page
    # the change was written to the audit log once, however often it was seen
    changed = AuditLog.objects.filter(action="config_changed")
    assert changed.count() == 1 and "org.answer_within_hours" in changed.get().detail
    # HR approves again: the flag is gone everywhere
    client.force_login(world.users["hr"])
    assert client.post(reverse("org_deployer"), _setup_data()).status_code == 302
    assert deployer.status(world.org).state == "approved"
    client.force_login(world.users["mgr"])
    assert FLAG_NL not in _team_page(client, world)
    assert AuditLog.objects.filter(action="config_approved").count() == 2


def test_a_changed_model_norm_is_flagged(
    approved: DeployerSetup, hr: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = _with_norm(default_model(), "luisteren", "addressed_reaction_rate", 0.9)
    monkeypatch.setattr(deployer, "active_model", lambda org=None: changed)
    status = deployer.status(world.org)
    assert status.state == "changed"
    assert status.changes == ["model.competencies.luisteren.addressed_reaction_rate.norm"]
    page = _page(hr)
    assert FLAG_NL in page and 'data-state="changed"' in page
    assert 'id="config-flag"' not in page  # the state section says it; no banner on top of it
    # approving the changed model clears the flag; going back to the old one flags it again
    assert hr.post(reverse("org_deployer"), _setup_data()).status_code == 302
    assert deployer.status(world.org).state == "approved"
    monkeypatch.setattr(deployer, "active_model", lambda org=None: default_model())
    assert deployer.status(world.org).state == "changed"


def test_the_team_export_and_api_carry_the_configuration_state(
    approved: DeployerSetup, client: Any, world: World
) -> None:
    client.force_login(world.users["mgr"])
    data = client.get(reverse("team_json", args=[world.team_a.pk])).json()
    assert data["configuration"]["state"] == "approved"
    assert data["configuration"]["approved_fingerprint"] == approved.approved_fingerprint
    world.org.config = {"name": world.org.name, "answer_within_hours": 8}
    world.org.save()
    data = client.get(reverse("team_json", args=[world.team_a.pk])).json()
    assert data["configuration"]["state"] == "changed"
    assert "org.answer_within_hours" in data["configuration"]["changes"]
    api = client.get(reverse("api_team", args=[world.team_a.pk])).json()
    assert api["configuration"] == data["configuration"]


def test_managers_see_that_nothing_is_approved_yet(client: Any, world: World) -> None:
    client.force_login(world.users["mgr"])
    page = _team_page(client, world)
    assert UNAPPROVED_NL in page
    # only HR gets the link to the set-up
    assert reverse("org_deployer") not in page


@pytest.mark.parametrize("key", ["emp", "mgr", "rater"])
def test_other_roles_cannot_see_or_change_the_setup(
    approved: DeployerSetup, client: Any, world: World, key: str
) -> None:
    client.force_login(world.users[key])
    assert client.get(reverse("org_deployer")).status_code == 403
    response = client.post(reverse("org_deployer"), _setup_data(dpia_reference="forged", approve=None))
    assert response.status_code == 403
    assert DeployerSetup.objects.get(pk=approved.pk).dpia_reference == "DPIA-7"
    assert not AuditLog.objects.filter(actor=world.users[key]).exclude(action__in=LOGINS).exists()


def test_hr_of_another_organisation_only_reaches_their_own(
    approved: DeployerSetup, client: Any, world: World
) -> None:
    client.force_login(world.users["hr_x"])
    assert "Andere Gemeente" in _page(client)
    assert client.post(reverse("org_deployer"), _setup_data(dpia_reference="X-1")).status_code == 302
    assert DeployerSetup.objects.get(organisation=world.org_x).dpia_reference == "X-1"
    assert DeployerSetup.objects.get(pk=approved.pk).dpia_reference == "DPIA-7"


def test_the_setup_page_is_complete_in_english(approved: DeployerSetup, hr: Any, world: World) -> None:
    world.org.config = {"name": world.org.name, "answer_within_hours": 8}
    world.org.save()
    hr.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _page(hr)
    assert "Configuration changed since approval" in page and "Deployer set-up of Gemeente Testdorp" in page
    assert FLAG_NL not in page and "Datum van de DPIA" not in page


def test_the_documented_defaults_match_the_server_settings(settings: Any) -> None:
    from spiegel.web.models import Organisation

    assert Organisation._meta.get_field("auto_release_days").get_default() == facts.AUTO_RELEASE_DAYS
    assert settings.SPIEGEL_MIN_OTHER_RATERS == facts.MIN_OTHER_RATERS


@pytest.mark.slow
def test_the_demo_has_the_setup_filled_in(db: None, client: Any, settings: Any, tmp_path: Path) -> None:
    from spiegel.web.demo import HR, MANAGER, load_demo
    from spiegel.web.models import Person, Team

    settings.DATA_DIR = tmp_path
    load_demo()
    hr = Person.objects.get(user__username=HR)
    setup = DeployerSetup.objects.get(organisation=hr.organisation)
    assert setup.dpia_date and setup.works_council_date and setup.works_council_reference
    assert deployer.status(hr.organisation).state == "approved"
    client.force_login(hr.user)
    page = client.get(reverse("org_deployer")).content.decode()
    assert 'data-state="approved"' in page and setup.works_council_reference in page
    client.force_login(Person.objects.get(user__username=MANAGER).user)
    team = Team.objects.get(organisation=hr.organisation)
    dashboard = client.get(reverse("team", args=[team.pk])).content.decode()
    assert 'id="config-flag"' not in dashboard


def test_every_field_of_the_setup_form_has_a_label(hr: Any) -> None:
    page = _page(hr)
    ids = re.findall(r'<input[^>]*\bid="([^"]+)"', page)
    assert {"id_dpia_date", "id_works_council_date", "id_approve"} <= set(ids)
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id
    assert page.count("<h1") == 1
