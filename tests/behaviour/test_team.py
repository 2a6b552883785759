from __future__ import annotations

import pytest

from behaviour.scenarios_behaviour import ME, org, post, signals
from spiegel.behaviour import (
    StreamIndex,
    response_time_distribution,
    team_answered_within_day,
    team_stream_coverage,
)
from spiegel.behaviour.inputs import PersonInputs
from spiegel.records import Interaction

OTHER = "bert@social.overheid.nl"
CITIZEN = "kees@mastodon.nl"


def _team() -> tuple[list[PersonInputs], list]:  # type: ignore[type-arg]
    stream = [post(f"o{i}", CITIZEN, i, f"Bericht {i} over de gemeente") for i in range(10)]
    stream.append(post("own", "proefstad@social.overheid.nl", 3, "Officieel bericht"))
    anne = PersonInputs(
        handles={ME},
        posts=[
            post("a1", ME, 1, in_reply_to_id="o0", in_reply_to_author=CITIZEN),
            post("a2", ME, 2, kind="boost", boost_of_id="o1"),
        ],
        inbound=[post("q1", CITIZEN, 0, "Vraag?"), post("q2", CITIZEN, 0, "Nog een?")],
    )
    anne.posts += [
        post("aq1", ME, 2, "Antwoord", in_reply_to_id="q1", in_reply_to_author=CITIZEN),
        post("aq2", ME, 30, "Laat", in_reply_to_id="q2", in_reply_to_author=CITIZEN),
    ]
    bert = PersonInputs(
        handles={OTHER},
        posts=[post("b1", OTHER, 1, in_reply_to_id="o0", in_reply_to_author=CITIZEN)],
        interactions=[Interaction(platform="mastodon", kind="like", actor=OTHER, target_id="o7")],
        inbound=[post("q3", CITIZEN, 0, "Vraag aan Bert?")],
    )
    bert.posts.append(post("bq3", OTHER, 5, "Antwoord", in_reply_to_id="q3", in_reply_to_author=CITIZEN))
    return [anne, bert], stream


def test_team_stream_coverage_counts_anyone_and_skips_official_posts() -> None:
    team, stream = _team()
    m = team_stream_coverage(team, stream, org())
    assert m.n == 10 and m.value == pytest.approx(0.3)
    assert len(m.evidence) == 7 and m.evidence[0].post_id == "o9"
    assert team_stream_coverage(team, StreamIndex.build(stream, org()), org()).value == pytest.approx(0.3)
    assert team_stream_coverage(team, None).details["reason_code"] == "no_stream"


def test_team_answered_within_day_and_distribution() -> None:
    team, _ = _team()
    text = signals("q1", "q2", "q3", question=True)
    m = team_answered_within_day(team, text)
    assert m.value == pytest.approx(2 / 3) and m.n == 3
    dist = response_time_distribution(team, text)
    assert (
        dist["n"] == 3
        and dist["bins"]["<=4h"] == 1
        and dist["bins"]["<=8h"] == 1
        and dist["bins"]["<=48h"] == 1
    )
    assert dist["median_hours"] == pytest.approx(5.0)
    assert team_answered_within_day(team, {}).details["reason_code"] == "no_questions"


def test_members_sharing_one_stream_share_one_index() -> None:
    from spiegel.behaviour.context import PersonContext

    team, stream = _team()
    for person in team:
        person.stream = stream
        person.org = org()
    first = PersonContext.build(team[0]).stream
    assert first is not None and PersonContext.build(team[1]).stream is first
    stream.append(post("new", CITIZEN, 50, "Nog een bericht"))  # the list changed: index again
    again = PersonContext.build(team[0]).stream
    assert again is not first and again is not None and "new" in again.by_id


def test_team_stream_coverage_evidence_is_the_newest_missed() -> None:
    """The overview keeps the newest missed posts without sorting the whole stream
    (``heapq.nlargest``): the same times in the same order, and the same total, as sorting all."""
    from spiegel.behaviour.common import EVIDENCE_LIMIT
    from spiegel.behaviour.context import StreamIndex
    from spiegel.behaviour.team import stream_coverage

    stream = [post(f"s{i}", f"burger{i % 7}@mastodon.nl", (i * 37 % 200) / 4) for i in range(400)]
    index = StreamIndex.build(stream, org())
    engaged = {f"s{i}" for i in range(0, 400, 3)}
    m = stream_coverage({ME}, engaged, index, org())
    missed = [p for p in stream if p.id not in engaged]
    expected = sorted(missed, key=lambda p: p.created_at, reverse=True)[:EVIDENCE_LIMIT]
    # (among equal times the order is the set's, as before: nlargest keeps it like sorted does)
    assert [e.created_at for e in m.evidence] == [p.created_at for p in expected]
    assert {e.post_id for e in m.evidence} <= {p.id for p in missed}
    assert len({e.post_id for e in m.evidence}) == EVIDENCE_LIMIT
    assert m.details["evidence_total"] == len(missed) and m.n == 400
