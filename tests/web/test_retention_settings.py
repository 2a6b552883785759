"""Retention terms in the app: the organisation's administrator views and changes them within
bounds, confirms a shorter term, every change is audited, and the retention run applies the
organisation's own terms to its data only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from spiegel.web import jobs, retention
from spiegel.web.models import AuditLog, ProfileSnapshot, RetentionPolicy, StoredRecord
from spiegel.web.store import store_records

from .conftest import World
from .test_store import sample_posts


def _page(client: Any) -> Any:
    return client.get(reverse("org_retention"))


def _post(client: Any, **terms: Any) -> Any:
    data = {dt: "" for dt in retention.DATA_TYPES}
    data.update({k: str(v) for k, v in terms.items()})
    return client.post(reverse("org_retention"), data)


def _own(world: World) -> dict[str, int]:
    return dict(RetentionPolicy.objects.filter(organisation=world.org).values_list("data_type", "days"))


@pytest.fixture
def hr(client: Any, world: World) -> Any:
    RetentionPolicy.objects.create(data_type="snapshots", days=730)
    RetentionPolicy.objects.create(data_type="audit", days=1825)
    client.force_login(world.users["hr"])
    return client


def test_the_page_shows_the_terms_that_apply(hr: Any, world: World) -> None:
    RetentionPolicy.objects.create(organisation=world.org, data_type="records", days=400)
    page = _page(hr)
    assert page.status_code == 200
    terms = {t.data_type: t for t in page.context["terms"]}
    assert (terms["records"].days, terms["records"].own) == (400, True)
    assert (terms["snapshots"].days, terms["snapshots"].own) == (730, False)
    assert (terms["uploads"].days, terms["uploads"].own) == (30, False)  # the shipped term
    html = page.content.decode()
    assert "400 dagen" in html and "30 dagen" in html


def test_a_longer_term_is_saved_at_once_and_audited(hr: Any, world: World) -> None:
    response = _post(hr, snapshots=1000, audit=2000)
    assert response.status_code == 302
    assert _own(world) == {"snapshots": 1000, "audit": 2000}
    details = sorted(AuditLog.objects.filter(action="retention_changed").values_list("detail", flat=True))
    assert details == [
        f"organisation {world.org.pk}: audit: default -> 2000 d",
        f"organisation {world.org.pk}: snapshots: default -> 1000 d",
    ]
    assert AuditLog.objects.filter(action="retention_changed", actor=world.users["hr"]).count() == 2
    assert "audit: default -&gt; 2000 d" in _page(hr).content.decode()  # the history on the page


def test_a_shorter_term_needs_a_confirmation(hr: Any, world: World) -> None:
    response = _post(hr, snapshots=100)
    assert response.status_code == 200
    assert response.context["confirm"] == [{"label": "profielen", "old": 730, "new": 100}]
    assert 'id="confirm-shorter"' in response.content.decode()
    assert _own(world) == {} and not AuditLog.objects.filter(action="retention_changed").exists()
    key = response.context["confirm_key"]
    # confirming other values than those shown does not count
    wrong = _post(hr, snapshots=95, confirm=key, confirmed="yes")
    assert wrong.status_code == 200 and _own(world) == {}
    done = _post(hr, snapshots=100, confirm=key, confirmed="yes")
    assert done.status_code == 302 and _own(world) == {"snapshots": 100}
    assert AuditLog.objects.filter(action="retention_changed", detail__contains="default -> 100 d").exists()


def test_a_term_shorter_than_the_shipped_one_needs_a_confirmation(hr: Any, world: World) -> None:
    response = _post(hr, uploads=10)
    assert response.status_code == 200 and response.context["confirm"][0]["old"] == 30
    assert _own(world) == {}


@pytest.mark.parametrize(
    ("data_type", "days"), [("audit", 30), ("records", 10), ("uploads", 400), ("snapshots", 0)]
)
def test_terms_outside_the_bounds_are_refused(hr: Any, world: World, data_type: str, days: int) -> None:
    response = _post(hr, **{data_type: days})
    assert response.status_code == 200 and response.context["form"].errors[data_type]
    assert _own(world) == {}


def test_emptying_a_field_returns_to_the_installations_term(hr: Any, world: World) -> None:
    RetentionPolicy.objects.create(organisation=world.org, data_type="snapshots", days=3000)
    response = _post(hr)  # snapshots empty: back to 730, which is shorter
    assert response.status_code == 200 and response.context["confirm"][0]["new"] == 730
    _post(hr, confirm=response.context["confirm_key"], confirmed="yes")
    assert _own(world) == {}
    term = retention.terms(world.org)["snapshots"]
    assert (term.days, term.own) == (730, False)


@pytest.mark.parametrize("key", ["emp", "mgr", "rater"])
def test_only_hr_administrators_change_retention(client: Any, world: World, key: str) -> None:
    client.force_login(world.users[key])
    assert _page(client).status_code == 403
    assert _post(client, snapshots=1000).status_code == 403
    assert RetentionPolicy.objects.count() == 0


def test_terms_of_one_organisation_do_not_touch_another(client: Any, world: World) -> None:
    RetentionPolicy.objects.create(data_type="snapshots", days=730)
    client.force_login(world.users["hr_x"])
    response = _post(client, snapshots=100)
    _post(client, snapshots=100, confirm=response.context["confirm_key"], confirmed="yes")
    assert dict(
        RetentionPolicy.objects.filter(organisation=world.org_x).values_list("data_type", "days")
    ) == {"snapshots": 100}
    assert _own(world) == {}
    # the run: org_x keeps 100 days, everyone else the default 730
    old_x = world.snapshot("outsider", age_days=200)
    old_a = world.snapshot("emp", age_days=200)
    ancient_a = world.snapshot("emp", age_days=800)
    deleted = jobs.apply_retention()
    assert deleted["snapshots"] == 2
    assert not ProfileSnapshot.objects.filter(pk__in=[old_x.pk, ancient_a.pk]).exists()
    assert ProfileSnapshot.objects.filter(pk=old_a.pk).exists()


def test_a_saved_change_takes_effect_at_the_next_run(hr: Any, world: World) -> None:
    store_records(world.org, sample_posts(3), person=world.people["emp"])
    StoredRecord.objects.update(stored_at=timezone.now() - timedelta(days=200))
    assert jobs.apply_retention().get("records") == 0  # the shipped term (730 days): kept
    response = _post(hr, records=180)
    _post(hr, records=180, confirm=response.context["confirm_key"], confirmed="yes")
    assert StoredRecord.objects.count() == 3  # nothing deleted by saving
    jobs.schedule_periodic()
    jobs.run_pending()
    assert StoredRecord.objects.count() == 0


def test_audit_entries_follow_the_term_of_the_subjects_organisation(world: World) -> None:
    RetentionPolicy.objects.create(data_type="audit", days=3650)
    RetentionPolicy.objects.create(organisation=world.org_x, data_type="audit", days=365)
    old = timezone.now() - timedelta(days=500)
    for key in ("emp", "outsider"):
        AuditLog.objects.create(
            actor_label="x", action="view_profile", subject_person_id=world.people[key].pk, at=old
        )
    AuditLog.objects.create(actor_label="x", action="view_team", at=old)  # about nobody: the default
    assert jobs.apply_retention()["audit"] == 1
    left = set(AuditLog.objects.values_list("subject_person_id", flat=True))
    assert left == {world.people["emp"].pk, None}


def test_next_run_is_a_day_after_the_last(world: World) -> None:
    now = timezone.now()
    assert retention.next_run(now) == now
    job = jobs.enqueue("retention")
    assert retention.next_run(now) == now  # queued: runs within minutes
    job.status = "done"
    job.save()
    assert retention.next_run(now) == job.created_at + timedelta(days=1)
