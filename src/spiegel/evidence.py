"""Evidence and measurements: the shapes that carry results from the analysis stages
(``text/``, ``behaviour/``) to the competency indicators and reports.

A :class:`Measure` is one number about a person (a share, a median delay, a count) together
with the posts that drove it. When its input is missing or too thin, ``value`` is ``None``,
``status`` is ``"insufficient_evidence"`` and ``reason`` says why in words a user understands
("no messages addressed to you were supplied: use --inbound"). A measure never invents a
value for missing data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Status = Literal["ok", "insufficient_evidence"]


@dataclass(slots=True)
class Evidence:
    """One post (or message) that a measure rests on, with why it is cited."""

    post_id: str
    url: str | None = None
    text: str | None = None
    created_at: datetime | None = None
    author: str | None = None
    #: short machine tag of why this post is evidence: "unanswered", "hostile", "scheduled_app",
    #: "answered_late", "handed_off", "ahead_of_org", "long_explanation", ...
    note: str | None = None
    #: optional extra numbers (e.g. {"delay_hours": 25.3})
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Measure:
    """One measured quantity about a person in a window."""

    name: str
    value: float | None
    status: Status = "ok"
    reason: str | None = None
    #: amount of evidence the value rests on (number of messages, posts, conversations …)
    n: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    #: further numbers worth showing (e.g. {"share_280_chars": 0.9, "median_hours": 3.1})
    details: dict[str, Any] = field(default_factory=dict)
    #: the per-item outcomes the value is computed from (1/0 per message or post for a share,
    #: hours per reaction for a median, 1/0 per post for a count), computed once and resampled
    #: for the level's stability (:mod:`spiegel.competencies.stability`); None when the value
    #: is not a plain statistic of independent items
    outcomes: list[float] | None = None
    #: how ``value`` follows from ``outcomes``: "mean", "median" or "sum"
    statistic: str = "mean"

    @classmethod
    def insufficient(cls, name: str, reason: str, n: int = 0, **details: Any) -> Measure:
        return cls(name=name, value=None, status="insufficient_evidence", reason=reason, n=n, details=details)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[\w.]+(?:@[\w.-]+)?")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_NOT_WORD = re.compile(r"[\W_]+")


def near_duplicate_key(text: str | None) -> str | None:
    """The text with links, @mentions and numbers taken out, lower case, punctuation and
    spacing folded: two posts with the same key say the same thing ("Bedankt @jan, zie
    https://x.nl/1" and "bedankt @piet! zie https://x.nl/2"). ``None`` for a post without
    text, which is never collapsed."""
    if not text or not text.strip():
        return None
    folded = _NUMBER.sub(" 0 ", _MENTION.sub(" ", _LINK.sub(" ", text.casefold())))
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def collapse_near_duplicates(items: Sequence[Evidence]) -> list[tuple[Evidence, list[Evidence]]]:
    """Group near-duplicate evidence: posts cited for the same reason (``note``) whose texts
    have the same :func:`near_duplicate_key`. Each group is its first post (in the order of
    *items*, which callers sort worst first) with the others; the groups keep that order."""
    groups: list[tuple[Evidence, list[Evidence]]] = []
    first: dict[tuple[str | None, str], int] = {}
    for item in items:
        key = near_duplicate_key(item.text)
        if key is None:
            groups.append((item, []))
            continue
        index = first.setdefault((item.note, key), len(groups))
        if index == len(groups):
            groups.append((item, []))
        else:
            groups[index][1].append(item)
    return groups
