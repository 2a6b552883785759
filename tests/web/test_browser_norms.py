"""Issue #14, item 6 in the browser: HR sets a norm in the norms form (one field per norm, no
YAML); the team dashboard then says the configuration differs from the approved one, and the
audit log has the change. Screenshots at 390 and 1280 px go to test-artifacts/web/norms/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser_support import ARTIFACTS, BROWSER_MARKS, chromium, login

pytestmark = BROWSER_MARKS

SHOTS = ARTIFACTS / "web" / "norms"


def test_hr_changes_a_norm_and_the_team_dashboard_shows_the_flag(
    live_server: Any, settings: Any, tmp_path: Path
) -> None:
    from spiegel.web import deployer
    from spiegel.web.demo import load_demo
    from spiegel.web.models import AuditLog, Organisation, Team

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    org = Organisation.objects.get()
    team = Team.objects.get(manager__user__username="leidinggevende")
    assert deployer.status(org).state == "approved"  # the demo starts approved
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    with chromium() as browser:
        manager = browser.new_context(viewport={"width": 390, "height": 900}, locale="nl-NL").new_page()
        login(manager, base, "leidinggevende")
        manager.goto(f"{base}/teams/{team.pk}/")
        assert manager.locator("#config-flag").count() == 0

        hr = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL").new_page()
        login(hr, base, "hr")
        hr.goto(f"{base}/organisation/config/")
        hr.locator("#norms-link").click()
        hr.wait_for_load_state()
        assert hr.url.endswith("/organisation/norms/")
        hr.screenshot(path=str(SHOTS / "norms-1280.png"), full_page=True)
        field = hr.get_by_label("Reactie op berichten aan jou (%)")
        assert field.input_value() == "100"
        field.fill("90")
        hr.get_by_role("button", name="Normen controleren en opslaan").click()
        hr.wait_for_load_state()
        notice = " ".join(hr.locator(".utrecht-alert").all_inner_texts())
        assert "De normen zijn opgeslagen." in notice and "ondernemingsraad" in notice, notice
        assert hr.get_by_label("Reactie op berichten aan jou (%)").input_value() == "90"

        org.refresh_from_db()
        assert org.norms == {"luisteren": {"addressed_reaction_rate": 0.9}}
        entry = AuditLog.objects.get(action="org_settings", detail__contains="norms changed")
        assert entry.detail.endswith("norms changed: luisteren.addressed_reaction_rate")
        assert entry.actor_label  # who did it

        manager.goto(f"{base}/teams/{team.pk}/")
        flag = manager.locator("#config-flag")
        assert flag.count() == 1 and flag.get_attribute("data-state") == "changed"
        assert "Configuratie gewijzigd sinds goedkeuring" in flag.inner_text()
        manager.screenshot(path=str(SHOTS / "team-flag-390.png"), full_page=True)

        # a refused value: explained at the field, nothing stored
        hr.get_by_label("Reactie op berichten aan jou (%)").fill("150")
        hr.get_by_role("button", name="Normen controleren en opslaan").click()
        hr.wait_for_load_state()
        assert hr.get_by_text("Geef een percentage van 0 tot 100.").is_visible()
        org.refresh_from_db()
        assert org.norms == {"luisteren": {"addressed_reaction_rate": 0.9}}
