"""Listening and connecting: reactions to messages addressed to the person (M), their delay,
questions answered within the norm (by the person or a colleague they brought in), complaints
followed up."""

from __future__ import annotations

from statistics import median

from spiegel.behaviour.common import MINIMUM, capped, capped_map, evidence, insufficient, quantile
from spiegel.behaviour.context import PersonContext
from spiegel.evidence import Evidence, Measure
from spiegel.records import Post


def addressed_reaction_rate(ctx: PersonContext) -> Measure:
    """Share of M the person reacted to (reply, like, boost, quote). Evidence: the unanswered."""
    name = "addressed_reaction_rate"
    if ctx.inbound is None:
        return insufficient(name, "no_inbound")
    n = len(ctx.inbound)
    if n < MINIMUM[name]:
        return insufficient(name, "too_few_messages", n=n)
    kinds: dict[str, int] = {}
    missed: list[Evidence] = []
    outcomes: list[float] = []
    for message in sorted(ctx.inbound, key=lambda m: m.created_at):
        reaction = ctx.first_reaction(message)
        outcomes.append(0.0 if reaction is None else 1.0)
        if reaction is None:
            missed.append(evidence(message, "unanswered"))
        else:
            kinds[reaction.kind] = kinds.get(reaction.kind, 0) + 1
    details: dict[str, object] = {"reacted": n - len(missed), "unanswered": len(missed), "by_kind": kinds}
    ev = capped(missed, details)
    return Measure(name, (n - len(missed)) / n, n=n, evidence=ev, details=details, outcomes=outcomes)


def reaction_delays(ctx: PersonContext) -> list[tuple[Post, float]]:
    """(message, hours on the answer clock to the person's first timed reaction) for M."""
    out = []
    for message in ctx.inbound or []:
        reaction = ctx.first_reaction(message)
        if reaction is not None and reaction.at is not None:
            out.append((message, ctx.hours(message.created_at, reaction.at)))
    return out


def addressed_reaction_latency(ctx: PersonContext) -> Measure:
    """Median hours to the first reaction on M; details p90. Evidence: reactions slower than the norm."""
    name = "addressed_reaction_latency"
    if ctx.inbound is None:
        return insufficient(name, "no_inbound")
    delays = reaction_delays(ctx)
    if len(delays) < MINIMUM[name]:
        return insufficient(name, "too_few_messages", n=len(delays))
    hours = [d for _, d in delays]
    norm = ctx.answer_within_hours
    slow = sorted((d for d in delays if d[1] > norm), key=lambda d: -d[1])
    details: dict[str, object] = {
        "median_hours": median(hours),
        "p90_hours": quantile(hours, 0.9),
        "norm_hours": norm,
        "office_hours_only": bool(ctx.org and ctx.org.office_hours),
        "slow": len(slow),
    }
    ev = capped_map(slow, details, lambda d: evidence(d[0], "answered_late", delay_hours=round(d[1], 2)))
    return Measure(
        name, median(hours), n=len(hours), evidence=ev, details=details, outcomes=hours, statistic="median"
    )


def answer_of(ctx: PersonContext, message: Post) -> tuple[Post | None, str, list[str]]:
    """The answer to *message*: (answering post or None, how, colleagues brought in).

    ``how`` is ``"person"`` (the person answered without handing off), ``"handed_off"`` (a
    colleague or official account the person mentioned answered in the thread), or
    ``"unanswered"``. Replies by anyone else (a stranger, a colleague nobody brought in) do not
    count. Read from the thread's posts after *message*, in time order: the person's post that
    replies to it or addresses its author (without mentioning a colleague) is their answer; a
    post of theirs that mentions colleagues / official accounts (:func:`handoff_targets`) brings
    those in, and a later post by one of them is the hand-off's answer; whichever comes first.
    The brought-in list holds every account brought in before the answer (all of them when it
    is unanswered). Uses the conversation's :class:`~spiegel.behaviour.threads.ThreadIndex`,
    so a thread is not rescanned per message."""
    conv = ctx.conversation_of.get(message.id)
    if conv is None:
        return None, "unanswered", []
    return ctx.thread(conv).answer(message)


def _flagged(ctx: PersonContext, inbound: list[Post], flag: str) -> list[Post] | str:
    """M messages whose text signals set *flag* ("question", "complaint"), or a reason code:
    ``no_text_signals`` when no message has text signals, ``no_classifiers`` when the classifier
    did not run (every score exactly 0.0 and no flag set: a classifier's probability is never
    exactly 0; the text stage leaves the defaults when its trained models are missing)."""
    known = [m for m in inbound if m.id in ctx.text]
    if not known and inbound:
        return "no_text_signals"
    flagged = [m for m in known if getattr(ctx.text[m.id], flag)]
    if known and not flagged and all(getattr(ctx.text[m.id], flag + "_score") == 0.0 for m in known):
        return "no_classifiers"
    return flagged


def _classifier_cells(ctx: PersonContext, flag: str) -> dict[str, object]:
    """The counts the Rogan–Gladen correction of a share among *flag*-ged messages needs
    (:func:`spiegel.competencies.correction.ratio_record`): every message of M with text signals,
    flagged or not, and whether it was answered within the norm."""
    from spiegel.competencies.correction import ratio_record
    from spiegel.text.classifiers import model_lang

    norm = ctx.answer_within_hours
    items = []
    for m in ctx.inbound or []:
        sig = ctx.text.get(m.id)
        if sig is None:
            continue
        answer, _how, _ = answer_of(ctx, m)
        ok = answer is not None and ctx.hours(m.created_at, answer.created_at) <= norm
        items.append((model_lang(sig.lang), bool(getattr(sig, flag)), ok))
    return ratio_record(flag, items)


def _answered_within_day(ctx: PersonContext, name: str, messages: list[Post], label: str) -> Measure:
    """Share of *messages* answered within the norm by the person or by a colleague / official
    account they brought in (:func:`answer_of`: one reading of a hand-off for questions and
    complaints alike). Evidence: the unanswered and late ones, with the delay. Per-message
    outcomes (1 answered in time, 0 not) are kept for the level's stability (bootstrap)."""
    norm = ctx.answer_within_hours
    ok = handed = 0
    bad: list[tuple[float, Evidence]] = []
    delays: list[float] = []
    outcomes: list[float] = []
    for m in sorted(messages, key=lambda x: x.created_at):
        answer, how, brought = answer_of(ctx, m)
        if answer is None:
            note = "handed_off_unanswered" if brought else "unanswered"
            bad.append((float("inf"), evidence(m, note, brought_in=brought)))
            outcomes.append(0.0)
            continue
        delay = ctx.hours(m.created_at, answer.created_at)
        delays.append(delay)
        if delay <= norm:
            ok += 1
            handed += how == "handed_off"
            outcomes.append(1.0)
        else:
            outcomes.append(0.0)
            bad.append(
                (
                    delay,
                    evidence(
                        m,
                        "answered_late",
                        delay_hours=round(delay, 2),
                        answered_by=answer.author,
                        answer_id=answer.id,
                    ),
                )
            )
    bad.sort(key=lambda x: -x[0])
    details: dict[str, object] = {
        label: len(messages),
        "answered_in_time": ok,
        "handed_off_in_time": handed,
        "norm_hours": norm,
        "median_hours": median(delays) if delays else None,
    }
    ev = capped([e for _, e in bad], details)
    details["classifier"] = _classifier_cells(ctx, "question" if label == "questions" else "complaint")
    return Measure(name, ok / len(messages), n=len(messages), evidence=ev, details=details, outcomes=outcomes)


def questions_answered_within_day(ctx: PersonContext) -> Measure:
    """Share of questions in M answered within the norm by the person or a colleague / official
    account they brought in. Evidence: unanswered and late questions, with the delay."""
    name = "questions_answered_within_day"
    if ctx.inbound is None:
        return insufficient(name, "no_inbound")
    if len(ctx.inbound) == 0:
        return insufficient(name, "too_few_messages")
    questions = _flagged(ctx, ctx.inbound, "question")
    if isinstance(questions, str):
        return insufficient(name, questions)
    if len(questions) < MINIMUM[name]:
        return insufficient(name, "no_questions", n=0)
    return _answered_within_day(ctx, name, questions, "questions")


def complaint_follow_up(ctx: PersonContext) -> Measure:
    """Share of complaints in M answered within the norm, by the person themselves or by the
    responsible colleague / official account they brought in (the same hand-off reading as for
    questions). Evidence: those that were not."""
    name = "complaint_follow_up"
    if ctx.inbound is None:
        return insufficient(name, "no_inbound")
    if len(ctx.inbound) == 0:
        return insufficient(name, "too_few_messages")
    if ctx.org is None:
        return insufficient(name, "no_org")
    complaints = _flagged(ctx, ctx.inbound, "complaint")
    if isinstance(complaints, str):
        return insufficient(name, complaints)
    if len(complaints) < MINIMUM[name]:
        return insufficient(name, "no_complaints")
    return _answered_within_day(ctx, name, complaints, "complaints")
