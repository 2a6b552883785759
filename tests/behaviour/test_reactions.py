from __future__ import annotations

import pytest

from behaviour.scenarios_behaviour import ME, context, org, post, signals
from spiegel.behaviour.reactions import (
    addressed_reaction_latency,
    addressed_reaction_rate,
    complaint_follow_up,
    questions_answered_within_day,
)
from spiegel.records import Interaction
from spiegel.text.signals import TextSignals

CITIZEN = "kees@mastodon.nl"
BERT = "bert@social.overheid.nl"
STRANGER = "random@mastodon.social"


@pytest.mark.parametrize(("delay", "expected"), [(23.0, 1.0), (25.0, 0.0)])
def test_question_answered_after_23h_counts_25h_does_not(delay: float, expected: float) -> None:
    q = post("q1", CITIZEN, 0, "Wanneer komt het fietspad?", mentions=[ME])
    a = post("a1", ME, delay, "Volgende maand.", in_reply_to_id="q1", in_reply_to_author=CITIZEN)
    m = questions_answered_within_day(context([a], [q], text=signals("q1", question=True), config=org()))
    assert m.ok and m.value == expected and m.n == 1
    if expected == 0.0:
        assert m.evidence[0].post_id == "q1" and m.evidence[0].note == "answered_late"
        assert m.evidence[0].data["delay_hours"] == pytest.approx(25.0)
    else:
        assert m.evidence == []


def test_hand_off_to_colleague_counts_reply_by_stranger_does_not() -> None:
    config = org()
    q = post("q1", CITIZEN, 0, "Wie gaat over de gaten in de weg?", mentions=[ME])
    handoff = post(
        "h1",
        ME,
        1,
        f"@{BERT} kun jij dit oppakken?",
        in_reply_to_id="q1",
        in_reply_to_author=CITIZEN,
        mentions=[BERT, CITIZEN],
    )
    answer = post("b1", BERT, 5, "Wij repareren het donderdag.", in_reply_to_id="h1", in_reply_to_author=ME)
    m = questions_answered_within_day(
        context([handoff], [q], stream=[answer], text=signals("q1", question=True), config=config)
    )
    assert m.value == 1.0 and m.details["handed_off_in_time"] == 1

    stranger = post(
        "s1", STRANGER, 2, "Geen idee, bel de gemeente.", in_reply_to_id="q1", in_reply_to_author=CITIZEN
    )
    m2 = questions_answered_within_day(
        context([], [q], stream=[stranger], text=signals("q1", question=True), config=config)
    )
    assert m2.value == 0.0 and m2.evidence[0].note == "unanswered"


def test_hand_off_without_colleague_answer_is_evidence() -> None:
    q = post("q1", CITIZEN, 0, "Vraag?", mentions=[ME])
    handoff = post(
        "h1", ME, 1, f"@{BERT} jij?", in_reply_to_id="q1", in_reply_to_author=CITIZEN, mentions=[BERT]
    )
    m = questions_answered_within_day(
        context([handoff], [q], text=signals("q1", question=True), config=org())
    )
    assert m.value == 0.0
    assert m.evidence[0].note == "handed_off_unanswered" and m.evidence[0].data["brought_in"] == [BERT]


def test_office_hours_stop_the_clock_over_the_weekend() -> None:
    config = org(office_hours={"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"})
    # Friday 15:00 local (14:00 UTC) -> Monday 10:00 local: 2 + 1 = 3 office hours, 67 clock hours.
    q = post("q1", CITIZEN, 4 * 24 + 5, "Vraag?", mentions=[ME])
    a = post("a1", ME, 7 * 24 + 0, "Antwoord.", in_reply_to_id="q1", in_reply_to_author=CITIZEN)
    ctx = context([a], [q], text=signals("q1", question=True), config=config)
    assert ctx.hours(q.created_at, a.created_at) == pytest.approx(3.0)
    assert questions_answered_within_day(ctx).value == 1.0


def test_reaction_rate_counts_reply_like_and_boost_and_lists_unanswered() -> None:
    inbound = [post(f"m{i}", CITIZEN, i, mentions=[ME]) for i in range(4)]
    reply = post("r0", ME, 0.5, in_reply_to_id="m0", in_reply_to_author=CITIZEN)
    boost = post("b1", ME, 2, kind="boost", boost_of_id="m1")
    like = Interaction(platform="mastodon", kind="like", actor=ME, target_id="m2", created_at=None)
    ctx = context([reply, boost], inbound, interactions=[like])
    m = addressed_reaction_rate(ctx)
    assert m.value == pytest.approx(0.75) and m.n == 4
    assert [e.post_id for e in m.evidence] == ["m3"] and m.evidence[0].note == "unanswered"
    assert m.details["by_kind"] == {"reply": 1, "boost": 1, "like": 1}


def test_latency_median_and_slow_evidence() -> None:
    inbound = [post(f"m{i}", CITIZEN, 0, mentions=[ME]) for i in range(3)]
    replies = [
        post(f"r{i}", ME, h, in_reply_to_id=f"m{i}", in_reply_to_author=CITIZEN)
        for i, h in enumerate([1.0, 3.0, 30.0])
    ]
    m = addressed_reaction_latency(context(replies, inbound, config=org()))
    assert m.value == pytest.approx(3.0)
    assert m.details["p90_hours"] == pytest.approx(24.6)
    assert [e.post_id for e in m.evidence] == ["m2"] and m.evidence[0].data["delay_hours"] == 30.0


def test_insufficient_evidence_paths() -> None:
    no_inbound = context([post("p", ME, 0)], None, config=org())
    for fn in (
        addressed_reaction_rate,
        addressed_reaction_latency,
        questions_answered_within_day,
        complaint_follow_up,
    ):
        m = fn(no_inbound)
        assert not m.ok and m.value is None and m.details["reason_code"] == "no_inbound"
        assert "--inbound" in (m.reason or "")
    few = context([], [post("m0", CITIZEN, 0)], config=org())
    m = addressed_reaction_rate(few)
    assert (
        m.details["reason_code"] == "too_few_messages" and m.n == 1 and "need at least 3" in (m.reason or "")
    )
    assert questions_answered_within_day(few).details["reason_code"] == "no_text_signals"
    no_q = context([], [post("m0", CITIZEN, 0)], text=signals("m0"), config=org())
    assert questions_answered_within_day(no_q).details["reason_code"] == "no_questions"
    assert complaint_follow_up(no_q).details["reason_code"] == "no_complaints"
    # signals without classifier output (all scores exactly 0): the classifier did not run
    bare = {"m0": TextSignals(id="m0", lang="nl")}
    no_model = context([], [post("m0", CITIZEN, 0)], text=bare, config=org())
    assert questions_answered_within_day(no_model).details["reason_code"] == "no_classifiers"
    assert complaint_follow_up(no_model).details["reason_code"] == "no_classifiers"


def test_complaint_handed_off_and_answered_by_colleague_vs_only_acknowledged() -> None:
    """Issue #12, item 2: one reading of a hand-off for questions and complaints. The hand-off
    counts once the colleague answers in the thread within the day; an acknowledgement alone
    is not an answer."""
    c1 = post("c1", CITIZEN, 0, "Al weken ligt hier afval!", mentions=[ME])
    c2 = post("c2", CITIZEN, 0, "Slechte service!", mentions=[ME])
    handoff = post(
        "h1",
        ME,
        1,
        f"Sorry! @{BERT} pak jij dit op?",
        in_reply_to_id="c1",
        in_reply_to_author=CITIZEN,
        mentions=[BERT],
    )
    answer = post(
        "b1", BERT, 6, "Opgelost, de container is geleegd.", in_reply_to_id="h1", in_reply_to_author=ME
    )
    ack = post(
        "h2",
        ME,
        2,
        f"@{BERT} Vervelend, sorry.",
        in_reply_to_id="c2",
        in_reply_to_author=CITIZEN,
        mentions=[BERT],
    )
    m = complaint_follow_up(
        context([handoff, ack], [c1, c2, answer], text=signals("c1", "c2", complaint=True), config=org())
    )
    assert m.value == 0.5
    assert m.details["handed_off_in_time"] == 1
    assert [(e.post_id, e.note) for e in m.evidence] == [("c2", "handed_off_unanswered")]


def test_complaint_answered_by_the_person_within_a_day_counts() -> None:
    """Issue #12, item 2: a complaint answered fully by the person themselves counts too."""
    c1 = post("c1", CITIZEN, 0, "Al weken ligt hier afval!", mentions=[ME])
    own = post(
        "a1",
        ME,
        3,
        "Sorry! Ik heb het geregeld, morgen wordt het opgehaald.",
        in_reply_to_id="c1",
        in_reply_to_author=CITIZEN,
    )
    m = complaint_follow_up(context([own], [c1], text=signals("c1", complaint=True), config=org()))
    assert m.value == 1.0 and m.outcomes == [1.0]


def test_answered_shares_record_the_counts_for_the_classifier_correction() -> None:
    """Issue #12 (classifier-error intervals): the share of questions answered is corrected for
    the question classifier's error, which needs every message of M, flagged or not, and whether
    it was answered in time (cells a, b, c, d per language)."""
    q1 = post("q1", CITIZEN, 0, "Wanneer komt het fietspad?", mentions=[ME])
    q2 = post("q2", CITIZEN, 1, "En de stoep?", mentions=[ME])
    r1 = post("r1", CITIZEN, 2, "Mooi werk!", mentions=[ME])
    r2 = post("r2", CITIZEN, 3, "Goed bezig.", mentions=[ME])
    answers = [
        post("a1", ME, 2, "Volgende maand.", in_reply_to_id="q1", in_reply_to_author=CITIZEN),
        post("a3", ME, 4, "Dank je!", in_reply_to_id="r1", in_reply_to_author=CITIZEN),
    ]
    text = {**signals("q1", "q2", question=True), **signals("r1", "r2")}
    m = questions_answered_within_day(context(answers, [q1, q2, r1, r2], text=text, config=org()))
    assert m.value == 0.5
    assert m.details["classifier"] == {"signal": "question", "form": "ratio", "cells": {"nl": [1, 1, 1, 1]}}
