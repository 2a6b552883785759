# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""``spiegel serve --demo``: the demo organisation (``spiegel.demo``) loaded into the server,
with demo users whose password only exists in demo mode (see docs/server.md):

- ``medewerker`` — Fleur Bakker, an employee (her profile is not yet released to her manager);
- ``leidinggevende`` — Karin Smit, manager of the team;
- ``hr`` — Dewi Hoekstra, HR administrator, who recorded the DPIA, the works council's consent
  and the approved configuration (Organisation → Deployer set-up);
- every other demo employee logs in with their first name in lower case (e.g. ``bram``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from spiegel.web.jobs import build_snapshot
from spiegel.web.models import (
    AssessmentInvitation,
    AssessmentResponse,
    ConnectedAccount,
    Organisation,
    Person,
    RetentionPolicy,
    Source,
    Team,
)
from spiegel.web.store import import_source
from spiegel.web.team_measures import refresh_figures
from spiegel.web.terms import DEMO_TERMS

DEMO_PASSWORD = "spiegel-demo"
EMPLOYEE, MANAGER, HR = "medewerker", "leidinggevende", "hr"
_PLATFORM = {"x": "x", "mastodon": "mastodon", "bluesky": "bluesky"}


def _user(username: str, person: Person | None = None) -> object:
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def load_demo(seed: int = 7, progress: Callable[[str], object] | None = None) -> str:
    """Generate the demo organisation's files and load them; does nothing if already loaded."""
    from spiegel.demo.build import org_config, write_demo

    say = progress or (lambda _msg: None)
    if Person.objects.filter(user__username=EMPLOYEE).exists():
        return "The demo organisation is already loaded."
    folder = Path(settings.DATA_DIR) / "demo"
    say(f"Generating the demo organisation in {folder} …")
    files = write_demo(folder, seed=seed)
    with transaction.atomic():
        org = Organisation.objects.create(
            name=str(org_config()["name"]), config=org_config(), window_days=_demo_window_days()
        )
        team = Team.objects.create(organisation=org, name="Communicatie en dienstverlening")
        manager = Person.objects.create(organisation=org, name="Karin Smit", team=None)
        team.manager = manager
        team.save()
        _user(MANAGER, manager)
        hr = Person.objects.create(organisation=org, name="Dewi Hoekstra", role="hr")
        hr_user = _user(HR, hr)
        _demo_deployer_setup(org, hr_user)
        stream = Source.objects.create(
            organisation=org,
            direction="stream",
            path=str(files.stream),
            original_name=files.stream.name,
            format="generic",
        )
    import_source(stream)
    people: list[Person] = []
    for pf in files.people:
        persona = pf.persona
        with transaction.atomic():
            person = Person.objects.create(organisation=org, name=persona.name, team=team)
            _user(EMPLOYEE if persona.key == "fleur" else persona.key, person)
            account = ConnectedAccount.objects.create(
                person=person,
                platform=_PLATFORM.get(persona.platform, persona.platform),
                handle=persona.handle,
                purpose="demo",
                consent_given_at=timezone.now(),
            )
        for path in pf.sources:
            import_source(
                Source.objects.create(
                    organisation=org, person=person, account=account, path=str(path), original_name=path.name
                )
            )
        if pf.inbound is not None:
            import_source(
                Source.objects.create(
                    organisation=org,
                    person=person,
                    account=account,
                    direction="inbound",
                    path=str(pf.inbound),
                    original_name=pf.inbound.name,
                    format="generic",
                )
            )
        people.append(person)
    say(f"Building profiles for {len(people)} people …")
    for person in people:
        dates = sorted(
            person.records.filter(direction="own")
            .exclude(created_at=None)
            .values_list("created_at", flat=True)
        )
        if dates:
            middle = dates[len(dates) // 2]
            earlier = build_snapshot(person, since=dates[0], until=middle)
            earlier.created_at = timezone.now() - timedelta(days=90)
            earlier.released_at = earlier.created_at
            earlier.save()
        latest = build_snapshot(person)
        if person.user is not None and person.user.get_username() != EMPLOYEE:
            latest.released_at = timezone.now()
            latest.save(update_fields=["released_at"])
    _demo_360(people)
    say("Computing the team figures …")
    refresh_figures(team)
    for data_type, days in DEMO_TERMS.items():
        RetentionPolicy.objects.get_or_create(data_type=data_type, defaults={"days": days})
    return (
        f"Loaded {org.name}: {len(people)} employees, a manager and an HR administrator. "
        f"Log in as '{EMPLOYEE}', '{MANAGER}' or '{HR}' with password '{DEMO_PASSWORD}'."
    )


def _demo_window_days() -> int:
    """The demo's assessment window: a year, or longer when the demo's generated weeks began
    more than a year ago (they have fixed dates), so the demo still shows them."""
    from spiegel.demo.world import START

    return max(365, (timezone.now() - START).days + 7)


def _demo_deployer_setup(org: Organisation, hr_user: object) -> None:
    """HR's set-up of the demo: a DPIA, the works council's consent and the configuration it
    approved (the one in force), so the demo starts without the "not approved" warning."""
    from spiegel.web import deployer

    today = timezone.localdate()
    deployer.record(
        org,
        hr_user,
        dpia_date=today - timedelta(days=60),
        dpia_reference="DPIA-2026-014",
        works_council_date=today - timedelta(days=30),
        works_council_reference="OR-instemming 2026/07",
        approve=True,
    )


def _demo_360(people: list[Person]) -> None:
    """Answered 360 questionnaires for every demo employee (a self-assessment and four
    colleagues each), so that the 360 page shows the comparison and HR's reliability page
    (Cronbach's α per competency) has enough answers; the demo employee also has one colleague
    who has not answered yet (response rate, reminders).

    Answers are drawn around a level per person and competency (the measured one, else 3) with
    a mild bias per rater and noise per statement, as real raters answer: consistent within a
    competency, not identical."""
    from spiegel.web.views.assess import statements

    rng = random.Random(7)
    items = statements()
    employees = [p for p in people if p.user is not None]
    for n, subject in enumerate(employees):
        snap = subject.snapshots.defer("profile").first()
        levels = snap.summary_levels() if snap else {}
        others = [p for p in employees if p is not subject]
        raters = [others[(n + k) % len(others)].user for k in range(min(5, len(others)))]
        is_demo_employee = subject.user.get_username() == EMPLOYEE
        answered = raters[:4]
        for kind, user in [("self", subject.user), *(("other", u) for u in answered)]:
            inv = AssessmentInvitation.objects.create(
                subject=subject, rater=user, kind=kind, answered_at=timezone.now()
            )
            bias = rng.gauss(0.4 if kind == "self" else 0.0, 0.35)
            AssessmentResponse.objects.bulk_create(
                AssessmentResponse(
                    invitation=inv,
                    competency_id=s["competency"],
                    item_id=s["id"],
                    score=_answer(
                        rng,
                        (levels.get(s["competency"]) or 3)
                        + bias
                        + BLIND_SPOTS.get((kind, s["competency"]), 0.0) * is_demo_employee,
                    ),
                )
                for s in items
            )
        if is_demo_employee and len(raters) > 4:
            AssessmentInvitation.objects.create(subject=subject, rater=raters[4], kind="other")


#: the demo employee sees herself as more personal and human online than her colleagues do,
#: and rates her networking lower than they do: a blind spot and a hidden strength to show
BLIND_SPOTS = {("self", "rolvast"): 1.5, ("other", "rolvast"): -0.7, ("self", "netwerken"): -2.0}


def _answer(rng: random.Random, centre: float) -> int:
    """One answer on the 1–4 scale around *centre*."""
    return min(4, max(1, round(centre + rng.gauss(0, 0.55))))
