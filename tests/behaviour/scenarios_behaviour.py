"""Small builders for hand-made behaviour scenarios."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spiegel.behaviour.context import PersonContext
from spiegel.behaviour.inputs import PersonInputs
from spiegel.org import OrgConfig, parse_org
from spiegel.records import Post
from spiegel.text.signals import TextSignals

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
ME = "anne@social.overheid.nl"


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def post(pid: str, author: str, hours: float, text: str = "", **kw: object) -> Post:
    return Post(
        platform="mastodon",
        id=pid,
        author=author,
        created_at=at(hours),
        text=text or f"post {pid}",
        url=f"https://example.org/{pid}",
        **kw,
    )  # type: ignore[arg-type]


def org(**extra: object) -> OrgConfig:
    data: dict[str, object] = {
        "name": "Gemeente Proefstad",
        "official_accounts": ["proefstad@social.overheid.nl"],
        "colleagues": [{"handle": "bert@social.overheid.nl", "name": "Bert", "department": "Wegen"}],
        "goal_topics": [{"name": "fietsbeleid", "keywords": ["fietspad", "fiets"]}],
        "sensitive_topics": [{"name": "reorganisatie", "keywords": ["reorganisatie"]}],
    }
    data.update(extra)
    return parse_org(data)


def signals(
    *ids: str, question: bool = False, complaint: bool = False, template: bool = False
) -> dict[str, TextSignals]:
    """Hand-made text signals; scores as a classifier would give them (never exactly 0)."""
    return {
        i: TextSignals(
            id=i,
            lang="nl",
            question=question,
            question_score=0.9 if question else 0.1,
            complaint=complaint,
            complaint_score=0.9 if complaint else 0.1,
            template=template,
        )
        for i in ids
    }


def context(
    posts: list[Post],
    inbound: list[Post] | None = None,
    stream: list[Post] | None = None,
    text: dict[str, TextSignals] | None = None,
    config: OrgConfig | None = None,
    **kw: object,
) -> PersonContext:
    inputs = PersonInputs(handles={ME}, posts=posts, inbound=inbound, stream=stream, org=config, **kw)  # type: ignore[arg-type]
    return PersonContext.build(inputs, text)
