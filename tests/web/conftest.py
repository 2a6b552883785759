"""Django for the web tests: settings from ``spiegel.web.settings`` with a throwaway data dir.

The database is SQLite unless ``DATABASE_URL`` is set; ``test_postgres.py`` runs this suite a
second time against a real PostgreSQL server it starts with pytest-postgresql.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiegel.web.settings")
os.environ.setdefault("SPIEGEL_DATA_DIR", tempfile.mkdtemp(prefix="spiegel-web-test-"))
# no test may reach a real Mastodon or Bluesky server: scheduled fetching is off unless a test
# registers a fake fetcher
os.environ["SPIEGEL_FETCH"] = "0"
os.environ.setdefault("SPIEGEL_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

import django

django.setup()

import pytest  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.utils import timezone  # noqa: E402

from spiegel.web.models import ConnectedAccount, Organisation, Person, ProfileSnapshot, Team  # noqa: E402

PASSWORD = "correct horse battery staple"


#: one real indicator of the default model per competency used in the fixtures
INDICATOR = {"luisteren": "addressed_reaction_rate", "timing": "restraint", "informeren": "plain_language"}


def make_profile(name: str, levels: dict[str, int | None] | None = None) -> dict[str, Any]:
    """A small but complete ``spiegel.report.v1`` profile with one evidence item per indicator
    (validated against the report schema in test_settings.py)."""
    levels = levels or {"luisteren": 2, "timing": 3}
    competencies = []
    for cid, level in levels.items():
        ind = INDICATOR[cid]
        reason = None if level else {"code": "no_inbound", "nl": "geen berichten", "en": "no messages"}
        competencies.append(
            {
                "id": cid,
                "name": {"nl": cid.capitalize(), "en": cid.upper()},
                "description": {"nl": f"Beschrijving {cid}", "en": f"Description {cid}"},
                "direction": {"nl": "meer luisteren", "en": "listen more"},
                "level": level,
                "status": "ok" if level else "insufficient_evidence",
                "score": float(level) if level else None,
                "weight_share": 1.0 if level else 0.0,
                "reason": reason,
                "level_descriptor": None,
                # a level 2 is made uncertain (issue #12: shown as "2, onzeker: 1–2")
                "level_distribution": (
                    {"1": 0.3 if level == 2 else 0.0, "2": 0.7 if level == 2 else 0.0, "3": 0.0, "4": 0.0}
                    | ({str(level): 1.0} if level and level != 2 else {})
                )
                if level
                else None,
                "uncertain": level == 2,
                "level_range": ([1, 2] if level == 2 else [level, level]) if level else None,
                "advice": [{"indicator": ind, "nl": f"advies {cid}", "en": f"advice {cid}"}],
                "indicators": [
                    {
                        "id": ind,
                        "version": f"{ind}.v1",
                        "value": 0.5 if level else None,
                        "norm": 1.0,
                        "unit": "share",
                        "direction": "higher",
                        "thresholds": [0.25, 0.5, 0.75],
                        "weight": 1.0,
                        "level": level,
                        "status": "ok" if level else "insufficient_evidence",
                        "reason": reason,
                        "evidence_count": 1,
                        "confidence": None,
                        "evidence": [
                            {
                                "post_id": f"post-{cid}-1",
                                "url": f"https://example.org/{cid}/1",
                                "text": f"Voorbeeldbericht over {cid} van {name}",
                                "note": "unanswered",
                            }
                        ],
                        "details": {},
                    }
                ],
            }
        )
    return {
        "schema": "spiegel.report.v1",
        "spiegel_version": "0.1.0",
        "generated_at": "2026-03-31T12:00:00+00:00",
        "model": {"id": "spiegel-default", "version": "1", "name": {"nl": "Model", "en": "Model"}},
        "person": {"name": name, "handles": [], "platforms": ["mastodon"]},
        "window": {"since": None, "until": None, "first_post": None, "last_post": None},
        "counts": {"posts": 10, "inbound": 3, "stream": None},
        "text_analysis": True,
        "text_classifiers": True,
        "competencies": competencies,
        "assessment": None,
    }


class World:
    """Organisation A with team A (manager ``mgr``) and its sub-team A1, team B (manager
    ``mgr_b``); people ``emp`` (A1), ``emp2`` (A), ``other`` (B), ``hr``, and a rater with no
    person (``rater``); a second organisation with its own HR (``hr_x``) and employee
    (``outsider``)."""

    def __init__(self) -> None:
        self.org = Organisation.objects.create(name="Gemeente Testdorp")
        self.org_x = Organisation.objects.create(name="Andere Gemeente")
        self.team_a = Team.objects.create(organisation=self.org, name="A")
        self.team_a1 = Team.objects.create(organisation=self.org, name="A1", parent=self.team_a)
        self.team_b = Team.objects.create(organisation=self.org, name="B")
        self.team_x = Team.objects.create(organisation=self.org_x, name="X")
        self.users: dict[str, User] = {}
        self.people: dict[str, Person] = {}
        self.person("mgr", self.org, None)
        self.person("mgr_b", self.org, None)
        self.person("emp", self.org, self.team_a1)
        self.person("emp2", self.org, self.team_a)
        self.person("other", self.org, self.team_b)
        self.person("hr", self.org, None, role="hr")
        self.person("hr_x", self.org_x, None, role="hr")
        self.person("outsider", self.org_x, self.team_x)
        self.users["rater"] = User.objects.create_user("rater", password=PASSWORD)
        self.team_a.manager = self.people["mgr"]
        self.team_a.save()
        self.team_b.manager = self.people["mgr_b"]
        self.team_b.save()
        for key in ("emp", "emp2", "other", "outsider"):
            self.consent(key)
            self.snapshot(key, released=True)

    def person(self, key: str, org: Organisation, team: Team | None, role: str = "employee") -> Person:
        user = User.objects.create_user(key, password=PASSWORD, email=f"{key}@example.org")
        person = Person.objects.create(
            organisation=org, user=user, team=team, name=f"Person {key}", role=role
        )
        self.users[key], self.people[key] = user, person
        return person

    def consent(self, key: str) -> ConnectedAccount:
        return ConnectedAccount.objects.create(
            person=self.people[key],
            platform="mastodon",
            handle=f"{key}@social.example",
            purpose="test",
            consent_given_at=timezone.now(),
        )

    def snapshot(
        self, key: str, released: bool = False, levels: dict[str, int | None] | None = None, age_days: int = 0
    ) -> ProfileSnapshot:
        snap = ProfileSnapshot.objects.create(
            person=self.people[key], profile=make_profile(self.people[key].name, levels)
        )
        if age_days:
            snap.created_at = timezone.now() - timedelta(days=age_days)
        if released:
            snap.released_at = timezone.now()
        snap.save()
        return snap


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def login(client: Any, world: World) -> Callable[[str], Any]:
    def _login(key: str) -> Any:
        client.logout()
        client.force_login(world.users[key])
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rendered fragments are cached by snapshot; test databases reuse ids between tests."""
    from django.core.cache import cache

    cache.clear()
