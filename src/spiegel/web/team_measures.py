"""Team message figures computed with the behaviour stage over stored records."""

from __future__ import annotations

from typing import Any

from spiegel.web.models import Person

#: bins (upper bounds in hours) of the response-time distribution chart
BINS = (1, 4, 8, 24, 72)


def histogram(hours: list[float]) -> list[dict[str, Any]]:
    bins: list[dict[str, Any]] = []
    lower = 0.0
    for upper in (*BINS, None):
        count = sum(1 for h in hours if h >= lower and (upper is None or h < upper))
        bins.append({"from": lower, "to": upper, "count": count})
        lower = float(upper) if upper is not None else lower
    return bins


def team_message_figures(members: list[Person]) -> dict[str, Any]:
    return {"coverage": None, "answered_within_day": None, "response_times": histogram([]), "response_n": 0}
