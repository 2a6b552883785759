# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Turning a stored ``spiegel.report.v1`` profile into what the pages and the API show: the
competencies in the reader's language, evidence with its annotations, trends over windows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import get_language

from spiegel.web.models import ProfileSnapshot

LEVELS = (1, 2, 3, 4)


def lang() -> str:
    code = (get_language() or "nl")[:2]
    return code if code in ("nl", "en") else "nl"


def text_in(value: Any, language: str) -> str:
    """Pick the reader's language from a {"nl": ..., "en": ...} value (or pass text through)."""
    if isinstance(value, dict):
        return str(value.get(language) or value.get("nl") or value.get("en") or "")
    return "" if value is None else str(value)


def indicator_title(indicator_id: str, language: str) -> str:
    """The indicator's title in words ("Reageren op berichten aan jou"), from the registry; the
    id with spaces for an indicator this installation does not know."""
    from spiegel.competencies.registry import registry

    known = registry().get(indicator_id)
    if known is None:
        return indicator_id.replace("_", " ")
    return text_in(known.texts.get("title"), language) or indicator_id.replace("_", " ")


def competency_rows(snapshot: ProfileSnapshot, language: str, masked: bool = False) -> list[dict[str, Any]]:
    """The snapshot's competencies with texts in *language* and annotations attached to their
    evidence items; *masked*: third parties in the evidence pseudonymised
    (:func:`spiegel.web.third_parties.mask_profile`, for managers and HR)."""
    from spiegel.i18n import format_datetime, note_text
    from spiegel.report.accuracy import describe
    from spiegel.report.html import not_shown
    from spiegel.web.third_parties import mask_profile

    notes: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for note in snapshot.annotations.order_by("created_at"):
        notes[(note.competency_id, note.indicator_id, note.post_id)].append(note)
    judgements: dict[str, Any] = {}
    for judgement in snapshot.judgements.order_by("at"):
        judgements[judgement.competency_id] = judgement
    rows = []
    competencies = (
        mask_profile(snapshot.profile).get("competencies") or [] if masked else snapshot.competencies()
    )
    for comp in competencies:
        cid = str(comp.get("id"))
        indicators = []
        for ind in comp.get("indicators") or []:
            iid = str(ind.get("id"))
            evidence = [
                {
                    **ev,
                    "annotations": notes.get((cid, iid, str(ev.get("post_id"))), []),
                    # the evidence's reason and date in words, never the code or ISO text
                    "note_text": note_text(ev.get("note"), language),
                    "when": format_datetime(ev.get("created_at"), language),
                    "similar_count": len(ev.get("similar") or []),
                }
                for ev in ind.get("evidence") or []
            ]
            indicators.append(
                {
                    **ind,
                    "title": indicator_title(iid, language),
                    "accuracy": describe(iid),
                    "reason_text": text_in((ind.get("reason") or {}), language) if ind.get("reason") else "",
                    "evidence": evidence,
                    "not_shown": not_shown(ind),
                }
            )
        rows.append(
            {
                "id": cid,
                "name": text_in(comp.get("name"), language) or cid,
                "description": text_in(comp.get("description"), language),
                "direction": text_in(comp.get("direction"), language),
                "level": comp.get("level"),
                "uncertain": bool(comp.get("uncertain")),
                "level_range": comp.get("level_range"),
                "status": comp.get("status"),
                "reason_text": text_in(comp.get("reason"), language) if comp.get("reason") else "",
                "advice": [text_in(a, language) for a in comp.get("advice") or []],
                "indicators": indicators,
                "judgement": judgements.get(cid),
            }
        )
    return rows


#: an earlier snapshot counts as an earlier appraisal period when its window ends at least this
#: many days before the next later period's (profiles recomputed in the same period are not
#: periods of their own)
PERIOD_GAP_DAYS = 30
#: periods shown in a trend, at most (the current one included)
MAX_PERIODS = 6


def earlier_periods(snapshot: ProfileSnapshot, snapshots: list[ProfileSnapshot]) -> list[ProfileSnapshot]:
    """The snapshots of the appraisal periods before *snapshot* among *snapshots* (those the
    reader may see), oldest first: walking back from *snapshot*, the newest snapshot whose
    window ends at least :data:`PERIOD_GAP_DAYS` before the period after it."""
    from datetime import timedelta

    def end(s: ProfileSnapshot) -> Any:
        return s.window_end or s.created_at

    picked: list[ProfileSnapshot] = []
    limit = end(snapshot) - timedelta(days=PERIOD_GAP_DAYS)
    for snap in sorted(snapshots, key=lambda s: (end(s), s.created_at), reverse=True):
        if snap.pk == snapshot.pk or end(snap) > limit:
            continue
        picked.append(snap)
        limit = end(snap) - timedelta(days=PERIOD_GAP_DAYS)
        if len(picked) == MAX_PERIODS - 1:
            break
    return list(reversed(picked))


def trend_of(snapshot: ProfileSnapshot, snapshots: list[ProfileSnapshot]) -> dict[str, Any] | None:
    """The ``trend`` section (:func:`spiegel.report.trend.build_trend`) of *snapshot* over the
    stored snapshots of earlier periods, or None when there is no earlier period. Built from the
    snapshots alone: the posts of earlier periods are not kept."""
    from spiegel.report.trend import build_trend

    earlier = earlier_periods(snapshot, snapshots)
    if not earlier:
        return None
    profiles = {
        s.pk: s.profile
        for s in ProfileSnapshot.objects.filter(pk__in=[e.pk for e in earlier]).only("profile")
    }
    return build_trend([*(profiles[e.pk] for e in earlier), snapshot.profile])


def trend_view(trend: dict[str, Any], language: str) -> dict[str, Any]:
    """What the profile page's trend section shows: the chart (a data URI), the level per
    period and its change, and the indicators that changed, in *language*."""
    from spiegel.competencies.registry import registry
    from spiegel.report.html import fmt_value, level_change, trend_context, value_change
    from spiegel.report.trend import period_label

    reg = registry()

    def title(ind_id: str) -> str:
        ind = reg.get(ind_id)
        return str(ind.texts["title"][language]) if ind else ind_id

    chart = trend_context({"trend": trend}, language)
    return {
        "chart_uri": chart["trend_chart_uri"],
        "periods": [period_label(p, language) for p in trend["periods"]],
        "competencies": [
            {
                "name": text_in(c.get("name"), language) or c["id"],
                "levels": c["levels"],
                "change": level_change(c["delta"], language),
            }
            for c in trend["competencies"]
        ],
        "indicators": [
            {
                "title": title(i["id"]),
                "before": fmt_value(i["values"][-2], i.get("unit") or "index", language),
                "now": fmt_value(i["values"][-1], i.get("unit") or "index", language),
                "change": value_change(i, language),
            }
            for i in trend["indicators"]
            if i.get("delta")
        ],
    }


def evidence_post_ids(snapshot: ProfileSnapshot) -> set[tuple[str, str, str]]:
    """(competency, indicator, post id) of every evidence item, to validate annotations."""
    return {
        (str(c.get("id")), str(i.get("id")), str(e.get("post_id")))
        for c in snapshot.competencies()
        for i in c.get("indicators") or []
        for e in i.get("evidence") or []
    }
