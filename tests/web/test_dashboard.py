"""The team dashboard: levels of consenting members only, message figures computed by the
behaviour stage in a background job, charts, CSV and JSON export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

from django.urls import reverse

from spiegel.records import Post
from spiegel.web import jobs
from spiegel.web.models import ConnectedAccount, Job, Team
from spiegel.web.store import store_records

from .conftest import World

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _post(pid: str, author: str, hours: float, text: str, **kw: Any) -> Post:
    return Post(
        platform="mastodon",
        id=pid,
        author=author,
        created_at=T0 + timedelta(hours=hours),
        text=text,
        visibility="public",
        **kw,
    )


def _messages(world: World) -> None:
    """Four stream posts about the organisation; emp replies to two of them (after 2 h and 30 h)."""
    stream = [
        _post(f"s{i}", f"burger{i}@x.example", i, f"Wanneer wordt het afval opgehaald in wijk {i}?")
        for i in range(4)
    ]
    store_records(world.org, stream, direction="stream")
    emp = world.people["emp"]
    account = ConnectedAccount.objects.get(person=emp)
    own = [
        _post(
            "r0",
            "emp@social.example",
            2,
            "Dinsdag, kijk ook in de afvalapp.",
            in_reply_to_id="s0",
            in_reply_to_author="burger0@x.example",
        ),
        _post(
            "r1",
            "emp@social.example",
            31,
            "Donderdag in de ochtend.",
            in_reply_to_id="s1",
            in_reply_to_author="burger1@x.example",
        ),
    ]
    store_records(world.org, own, person=emp, account_id=account.pk)
    store_records(world.org, [stream[0], stream[1]], person=emp, direction="inbound", account_id=account.pk)


def test_team_figures_come_from_the_behaviour_stage(client: Any, world: World) -> None:
    _messages(world)
    queued = jobs.enqueue_team_refresh(world.people["emp"])
    assert [j.payload["team"] for j in queued] == [world.team_a1.pk, world.team_a.pk]
    jobs.run_pending()
    assert Job.objects.filter(kind="team", status="done").count() == 2
    team = Team.objects.get(pk=world.team_a.pk)
    assert team.figures["coverage"] == 0.5
    assert team.figures["response_times"]["n"] == 2
    labels = [label for label, _ in team.figures["response_times"]["bins"]]
    assert labels[0] == "<=1h" and labels[-1].startswith(">")  # in order, also on PostgreSQL
    client.force_login(world.users["mgr"])
    page = client.get(reverse("team", args=[team.pk])).content.decode()
    assert "<strong>50%</strong>" in page
    assert 'id="response-chart"' in page and page.count('class="bar"') >= 9
    data = client.get(reverse("team_json", args=[team.pk])).json()
    assert data["stream_coverage"] == 0.5
    assert data["response_time_hours"]["n"] == 2


def test_dashboard_levels_csv_and_json(client: Any, world: World) -> None:
    client.force_login(world.users["hr"])
    data = client.get(reverse("team_json", args=[world.team_a.pk])).json()
    names = sorted(p["name"] for p in data["people"])
    assert names == ["Person emp", "Person emp2"]  # A and its sub-team A1, not B
    assert data["people"][0]["levels"] == {"luisteren": 2, "timing": 3}
    assert data["stream_coverage"] is None  # not computed yet: no made-up figure
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("team_csv", args=[world.team_a.pk])).content.decode()))
    )
    assert rows[0][:3] == ["person", "luisteren", "timing"] and rows[0][-1] == "open_contests"
    assert sorted(r[0] for r in rows[1:]) == names


def test_unreleased_profiles_stay_out_of_the_dashboard(client: Any, world: World) -> None:
    world.org.judge_first = False  # the measured levels at once (judge-first: test_lawful.py)
    world.org.save()
    world.snapshot("emp2", released=False, levels={"luisteren": 4, "timing": 4})
    client.force_login(world.users["mgr"])
    data = client.get(reverse("team_json", args=[world.team_a.pk])).json()
    levels = {p["name"]: p["levels"] for p in data["people"]}
    assert levels["Person emp2"] == {"luisteren": 2, "timing": 3}


def test_withdrawal_queues_a_figures_refresh(client: Any, world: World) -> None:
    emp = world.people["emp"]
    client.force_login(world.users["emp"])
    client.post(reverse("withdraw", args=[emp.pk, ConnectedAccount.objects.get(person=emp).pk]))
    assert set(Job.objects.filter(kind="team").values_list("payload__team", flat=True)) == {
        world.team_a1.pk,
        world.team_a.pk,
    }
