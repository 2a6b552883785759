from __future__ import annotations

import random

import pytest

from behaviour.scenarios_behaviour import ME, context, post, signals
from spiegel.behaviour.automation import (
    account_automation_score,
    human_presence,
    is_automation_app,
    is_link_only,
)


def test_daily_0900_from_scheduler_vs_irregular_human() -> None:
    bot = [
        post(
            f"b{d}",
            ME,
            d * 24 - 1,
            f"Goedemorgen! Tip {d}: lees onze nieuwsbrief over dag {d} en meer",
            source_app="Buffer",
        )
        for d in range(20)
    ]  # 08:00 UTC = 09:00:00 local every day
    m = human_presence(context(bot))
    assert m.value == 0.0 and m.n == 20
    assert {"automation_app", "regular_time", "regular_interval", "template"} <= set(m.details["by_sign"])
    assert m.evidence[0].data["signs"][0] == "automation_app"

    rng = random.Random(7)
    hours, human = 0.0, []
    for i in range(20):
        hours += rng.uniform(2, 40)
        human.append(
            post(
                f"h{i}",
                ME,
                hours,
                f"Vandaag iets anders meegemaakt, nummer {i} van {rng.random():.3f}"
                f" {['fiets', 'trein', 'koffie', 'vergadering', 'buurt'][i % 5]} {'x' * i}",
                source_app="Mastodon for iOS",
            )
        )
    m2 = human_presence(context(human))
    assert m2.value == 1.0 and m2.evidence == []
    assert m2.details["account_score"] < m.details["account_score"]


def test_template_signal_and_link_only_are_per_post_evidence() -> None:
    posts = [
        post(f"p{i}", ME, i * 7.3 + (i % 3) * 1.7, f"Eigen woorden over onderwerp {chr(97 + i)} {'y' * i}")
        for i in range(10)
    ]
    posts.append(post("link", ME, 80.1, "https://example.org/a", urls=["https://example.org/a"]))
    m = human_presence(context(posts, text=signals("p3", template=True)))
    flagged = {e.post_id: e.note for e in m.evidence}
    assert flagged == {"p3": "template", "link": "link_only"}
    assert m.value == pytest.approx(1 - 2 / 11)


def test_too_few_posts_is_insufficient() -> None:
    m = human_presence(context([post("p", ME, 0)]))
    assert m.value is None and m.details["reason_code"] == "too_few_posts"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Buffer", True),
        ("Hootsuite Inc.", True),
        ("IFTTT", True),
        ("dlvr.it", True),
        ("Twitter for iPhone", False),
        ("Tweetbot for iΟS", False),
        ("Mastodon for Android", False),
        ("My RSS bot", True),
        (None, False),
    ],
)
def test_automation_apps(source: str | None, expected: bool) -> None:
    assert is_automation_app(source) is expected


def test_link_only_needs_a_link() -> None:
    assert is_link_only(post("a", ME, 0, "Lees dit https://x.nl/1"))
    assert not is_link_only(post("b", ME, 0, "ok"))
    assert not is_link_only(post("c", ME, 0, "Mooi stuk over fietsen in de stad https://x.nl/1"))


def test_account_score_orders_bot_like_rates_above_human_like() -> None:
    bot = account_automation_score(app_share=1.0, posts_per_day=50, url_share=0.9, reply_share=0.0)
    person = account_automation_score(app_share=0.0, posts_per_day=2, url_share=0.1, reply_share=0.5)
    assert 0 <= person < bot <= 1
    assert account_automation_score() == 0.0


def test_fixed_minute_slots_with_varying_seconds_are_flagged() -> None:
    rng = random.Random(3)
    hours = [
        d * 24 + rng.choice([0, 3, 7]) + rng.choice([0, 0.5]) + rng.uniform(0, 50) / 3600 for d in range(30)
    ]
    scheduled = [post(f"s{i}", ME, h, f"Bericht {i} {'w' * i} over iets eigens") for i, h in enumerate(hours)]
    m = human_presence(context(scheduled))
    assert m.details["minute_entropy"] < 0.4
    assert m.details["by_sign"]["regular_minute"] == 30 and m.value == 0.0

    irregular = [
        post(f"h{i}", ME, d * 24 + rng.uniform(0, 12), f"Bericht {i} {'w' * i} over iets eigens")
        for i, d in enumerate(range(30))
    ]
    h = human_presence(context(irregular))
    assert h.details["minute_entropy"] > 0.4 and "regular_minute" not in h.details["by_sign"]
