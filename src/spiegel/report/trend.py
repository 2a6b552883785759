"""Trends: the same person's profiles over two or more windows (appraisal periods), oldest
first, with the change per competency level and per indicator value since the period before.

The CLI builds it from earlier JSON reports (``spiegel report … --compare-with previous.json``)
or from several ``--window`` options; the web app from the stored snapshots of earlier periods
(posts outside the current window are not kept, so an earlier period can only come from its
snapshot). The result is the optional ``trend`` section of ``spiegel.report.v1``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from spiegel.errors import ConfigError


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def period_of(profile: Mapping[str, Any]) -> dict[str, str | None]:
    """The period a profile covers: its window, else the span of its posts, else the day it was
    made (ISO dates, ``None`` where unknown)."""
    window = profile.get("window") or {}
    since = _day(window.get("since")) or _day(window.get("first_post"))
    until = _day(window.get("until")) or _day(window.get("last_post")) or _day(profile.get("generated_at"))
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def _sort_key(profile: Mapping[str, Any]) -> str:
    period = period_of(profile)
    return f"{period['until'] or ''}|{profile.get('generated_at') or ''}"


def _delta(values: Sequence[float | int | None]) -> float | None:
    """The change from the period before the last to the last (None when either is missing)."""
    if len(values) < 2 or values[-1] is None or values[-2] is None:
        return None
    return round(float(values[-1]) - float(values[-2]), 4)


def build_trend(profiles: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``trend`` section for *profiles* (``spiegel.report.v1`` dicts of one person, any
    order; sorted by period here, the last one is the current period). Competencies and
    indicators follow the current profile's model order; one missing in an earlier period
    has ``None`` there."""
    if len(profiles) < 2:
        raise ConfigError(
            "a trend needs at least two periods",
            field="--compare-with",
            fix="Pass an earlier JSON report with --compare-with, or give --window twice.",
        )
    ordered = sorted(profiles, key=_sort_key)
    current = ordered[-1]
    levels: list[dict[str, Any]] = []
    values: list[dict[tuple[str, str], Any]] = []
    for prof in ordered:
        comps = {str(c.get("id")): c for c in prof.get("competencies") or []}
        levels.append({cid: c.get("level") for cid, c in comps.items()})
        values.append(
            {
                (cid, str(i.get("id"))): i.get("value")
                for cid, c in comps.items()
                for i in c.get("indicators") or []
            }
        )
    competencies = []
    indicators = []
    for comp in current.get("competencies") or []:
        cid = str(comp.get("id"))
        series = [lv.get(cid) for lv in levels]
        competencies.append({"id": cid, "name": comp.get("name"), "levels": series, "delta": _delta(series)})
        for ind in comp.get("indicators") or []:
            iid = str(ind.get("id"))
            numbers = [v.get((cid, iid)) for v in values]
            indicators.append(
                {
                    "id": iid,
                    "competency": cid,
                    "unit": ind.get("unit"),
                    "direction": ind.get("direction"),
                    "values": numbers,
                    "delta": _delta(numbers),
                }
            )
    return {
        "periods": [period_of(p) for p in ordered],
        "competencies": competencies,
        "indicators": indicators,
    }


def check_same_person(current: Mapping[str, Any], previous: Mapping[str, Any], where: str) -> None:
    """Refuse an earlier report of someone else (by handle) or of another competency model."""
    mine = set((current.get("person") or {}).get("handles") or [])
    theirs = set((previous.get("person") or {}).get("handles") or [])
    if mine and theirs and not mine & theirs:
        raise ConfigError(
            "the earlier report is about someone else (no handle in common: "
            f"{', '.join(sorted(theirs))} against {', '.join(sorted(mine))})",
            path=where,
            fix="Pass an earlier JSON report of the same person.",
        )
    model_now = (current.get("model") or {}).get("id")
    model_then = (previous.get("model") or {}).get("id")
    if model_now and model_then and model_now != model_then:
        raise ConfigError(
            f"the earlier report used another competency model ({model_then}, now {model_now})",
            path=where,
            fix="Compare reports made with the same model, or make the earlier one again with --model.",
        )


def format_day(value: str | None, lang: str) -> str:
    """An ISO date written for *lang* with Babel (``7 sep. 2026`` / ``7 Sep 2026``)."""
    from babel.dates import format_date

    day = _day(value)
    return format_date(day, format="d MMM y", locale=lang) if day else "…"


def period_label(period: Mapping[str, Any], lang: str) -> str:
    """``7 sep. 2026 – 2 nov. 2026``: a period as a reader sees it."""
    return f"{format_day(period.get('since'), lang)} – {format_day(period.get('until'), lang)}"
