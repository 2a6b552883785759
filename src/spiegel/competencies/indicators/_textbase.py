"""Shared helpers of the indicators computed from per-post text signals (``spiegel.text``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from spiegel.behaviour.automation import is_automation_app
from spiegel.competencies.base import Indicator, IndicatorContext
from spiegel.evidence import Evidence, Measure
from spiegel.records import Post
from spiegel.text.signals import TextSignals

#: most evidence items kept per indicator (the count of all of them is kept too)
MAX_EVIDENCE = 20


def evidence_of(post: Post, note: str, **data: Any) -> Evidence:
    return Evidence(
        post_id=post.id,
        url=post.url,
        text=post.text,
        created_at=post.created_at,
        author=post.author,
        note=note,
        data=data,
    )


def attach_cues(measure: Measure, ctx: IndicatorContext, signal: str) -> Measure:
    """Add to each evidence post of *measure* the words that drove its *signal* flag
    (``data["cues"]``, shown in the report as "woorden die meewogen: …"); only the few cited posts
    are explained, so the cost stays small. Unchanged when no classifiers ship."""
    if not measure.evidence or not ctx.classifiers_available:
        return measure
    from spiegel.text.classifiers import cues, load

    clf = load()
    flagged = []
    for ev in measure.evidence:
        sig = ctx.signals.get(ev.post_id)
        if sig is not None and ev.text and getattr(sig, signal, False):
            flagged.append((ev, sig.lang))
    if not flagged:
        return measure
    dense = cues.dense_rows([ev.text or "" for ev, _ in flagged], [lang for _, lang in flagged])
    for (ev, lang), row in zip(flagged, dense, strict=True):
        found = cues.top_cues(clf, ev.text or "", lang, signal, dense=row)
        if found:
            ev.data["cues"] = found
    return measure


_LINK = re.compile(r"https?://\S+")

#: explanations shorter than this many words say little about readability and are skipped
MIN_WORDS = 5


def _link_broadcast(post: Post) -> bool:
    """A post that carries a link and answers no one: a link broadcast, not an explanation."""
    return (bool(post.urls) or _LINK.search(post.text) is not None) and not post.is_reply


def explanation_candidates(ctx: IndicatorContext) -> list[tuple[Post, TextSignals, bool]]:
    """The person's own human-written posts that could be explanations, with whether each
    answers a question addressed to them. Left out: templates, link broadcasts, posts from
    scheduling or automation apps, posts in another language than Dutch or English, and posts of
    fewer than :data:`MIN_WORDS` words."""
    asked: set[str] = set()
    for message in ctx.inputs.inbound or []:
        sig = ctx.signals.get(message.id)
        if sig is not None and sig.question:
            asked.add(message.id)
    out: list[tuple[Post, TextSignals, bool]] = []
    for post in ctx.own_posts():
        sig = ctx.signals.get(post.id)
        if sig is None or sig.template or _link_broadcast(post) or is_automation_app(post.source_app):
            continue
        if sig.lang not in ("nl", "en"):
            continue
        if (sig.readability.words or len(post.text.split())) < MIN_WORDS:
            continue
        out.append((post, sig, post.in_reply_to_id is not None and post.in_reply_to_id in asked))
    return out


def explanations(ctx: IndicatorContext) -> list[tuple[Post, TextSignals]]:
    """The person's own human-written explanations (DESIGN §2, informeren): posts the text model
    marks as explanatory, and replies to a question addressed to them (an answer explains; a
    reply to a complaint counts when the model marks it explanatory); see
    :func:`explanation_candidates` for what is left out."""
    return [(p, s) for p, s, answer in explanation_candidates(ctx) if s.explanation or answer]


def explanation_record(ctx: IndicatorContext, good: Callable[[Post, TextSignals], bool]) -> dict[str, Any]:
    """The counts for the Rogan–Gladen correction of a share among the explanations
    (:mod:`spiegel.competencies.correction`, ratio form): the answers to questions are
    explanations whatever the explanation classifier says (``fixed``); among the other
    candidates the classifier decides, so they are counted flagged or not, passing *good* or not."""
    from spiegel.competencies.correction import ratio_record
    from spiegel.text.classifiers import model_lang

    candidates = explanation_candidates(ctx)
    record = ratio_record(
        "explanation",
        ((model_lang(s.lang), bool(s.explanation), good(p, s)) for p, s, answer in candidates if not answer),
    )
    answers = [good(p, s) for p, s, answer in candidates if answer]
    record["fixed"] = [sum(answers), len(answers)]
    return record


class TextIndicator(Indicator):
    """An indicator over the person's own posts and their :class:`TextSignals`."""

    #: True when the indicator needs the trained classifiers, not only readability/voice
    needs_classifiers: ClassVar[bool] = False

    def no_text(self, ctx: IndicatorContext) -> Measure | None:
        """The insufficient-evidence measure when text analysis did not run, else None."""
        if not ctx.text_available:
            return Measure.insufficient(
                self.name, "text analysis is not available", reason_code="no_text_signals"
            )
        if self.needs_classifiers and not ctx.classifiers_available:
            return Measure.insufficient(
                self.name, "the trained text classifiers are not installed", reason_code="no_classifiers"
            )
        return None

    def posts_with_signals(
        self, ctx: IndicatorContext, keep: Callable[[Post, TextSignals], bool] | None = None
    ) -> list[tuple[Post, TextSignals]]:
        out: list[tuple[Post, TextSignals]] = []
        for post in ctx.own_posts():
            sig = ctx.signals.get(post.id)
            if sig is not None and (keep is None or keep(post, sig)):
                out.append((post, sig))
        return out

    def share_measure(
        self,
        items: Iterable[tuple[Post, TextSignals]],
        good: Callable[[Post, TextSignals], bool],
        note: str,
        *,
        empty_code: str = "too_few_posts",
        empty_reason: str = "there are no own posts in the window",
        order: Callable[[tuple[Post, TextSignals]], float] | None = None,
        flag: str | None = None,
        classifier_record: dict[str, Any] | None = None,
        **details: Any,
    ) -> Measure:
        """A share of *items* passing *good*; the failing ones become evidence. *flag*: the
        binary text signal whose absence is *good* (the share is then corrected for that
        classifier's error, :mod:`spiegel.competencies.correction`); *classifier_record*: the
        counts of that correction when the classifier selects the items instead."""
        items = list(items)
        if not items:
            return Measure.insufficient(self.name, empty_reason, reason_code=empty_code, **details)
        bad = [(p, s) for p, s in items if not good(p, s)]
        if order is not None:
            bad.sort(key=order)
        value = 1 - len(bad) / len(items)
        evidence = [evidence_of(p, note) for p, _ in bad[:MAX_EVIDENCE]]
        details = {**details, "failing": len(bad), "evidence_total": len(bad)}
        if flag is not None:
            from spiegel.competencies.correction import prevalence_record
            from spiegel.text.classifiers import model_lang

            details["classifier"] = prevalence_record(
                flag, ((model_lang(s.lang), bool(getattr(s, flag))) for _, s in items)
            )
        elif classifier_record is not None:
            details["classifier"] = classifier_record
        failing = {id(p) for p, _ in bad}
        outcomes = [0.0 if id(p) in failing else 1.0 for p, _ in items]
        return Measure(
            self.name, round(value, 4), n=len(items), evidence=evidence, details=details, outcomes=outcomes
        )
