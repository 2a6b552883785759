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


def trends(snapshots: list[ProfileSnapshot], language: str) -> list[dict[str, Any]]:
    """Per competency, its level in each snapshot, oldest first (None = no level)."""
    ordered = sorted(snapshots, key=lambda s: s.created_at)
    names: dict[str, str] = {}
    for snap in ordered:
        for cid, name in snap.summary_names().items():
            names.setdefault(cid, text_in(name, language) or cid)
    from spiegel.i18n import format_date

    labels = [format_date(s.window_end or s.created_at, language) for s in ordered]
    out = []
    step = 200 / max(1, len(ordered) - 1)
    for cid, name in names.items():
        values = [s.summary_levels().get(cid) for s in ordered]
        points = [(20 + i * step, 70 - v * 15) for i, v in enumerate(values) if v]
        out.append(
            {
                "id": cid,
                "name": name,
                "values": list(zip(labels, values, strict=True)),
                "points": " ".join(f"{x:.0f},{y:.0f}" for x, y in points),
            }
        )
    return out


def evidence_post_ids(snapshot: ProfileSnapshot) -> set[tuple[str, str, str]]:
    """(competency, indicator, post id) of every evidence item, to validate annotations."""
    return {
        (str(c.get("id")), str(i.get("id")), str(e.get("post_id")))
        for c in snapshot.competencies()
        for i in c.get("indicators") or []
        for e in i.get("evidence") or []
    }
