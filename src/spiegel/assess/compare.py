"""Measured, self and others side by side, with blind spots and hidden strengths."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from statistics import fmean
from typing import TYPE_CHECKING, Any

from spiegel.errors import ConfigError

if TYPE_CHECKING:
    from spiegel.competencies.model import Model  # the model loader pulls in numpy

#: others' answers are shown only when at least this many other raters answered
MIN_OTHERS = 3
#: a gap of at least this many scale steps between self and measured/others is flagged
FLAG_GAP = 1.0


def _load(assessment: Any) -> dict[str, Any]:
    if isinstance(assessment, str | Path):
        path = Path(assessment)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(
                f"cannot read the assessment: {exc}",
                path=path,
                fix="Pass the JSON file written by `spiegel assess collect`.",
            ) from exc
        if not isinstance(data, dict) or data.get("schema") != "spiegel.assessment.v1":
            raise ConfigError(
                "not a spiegel.assessment.v1 document",
                path=path,
                field="schema",
                fix="Create it with `spiegel assess collect FILES -o assessment.json`.",
            )
        return data
    return dict(assessment)


def compare(profile: Any, assessment: Any, model: Model) -> dict[str, Any]:
    """The ``assessment`` section of a profile: per competency the measured level, the mean self
    rating, the mean of others (only with ``MIN_OTHERS`` or more raters) and flags."""
    data = _load(assessment)
    statements = model.statements()
    self_scores: dict[str, list[float]] = defaultdict(list)
    other_scores: dict[str, list[float]] = defaultdict(list)
    other_raters: dict[str, set[str]] = defaultdict(set)
    self_n = 0
    others: set[str] = set()
    for i, response in enumerate(data.get("responses", [])):
        variant = response.get("variant")
        rater = str(response.get("rater") or f"#{i}")
        if variant == "self":
            self_n += 1
        else:
            others.add(rater)
        for sid, answer in response.get("answers", {}).items():
            if sid not in statements or not answer:
                continue
            comp_id = statements[sid][0].id
            if variant == "self":
                self_scores[comp_id].append(float(answer))
            else:
                other_scores[comp_id].append(float(answer))
                other_raters[comp_id].add(rater)
    rows: dict[str, Any] = {}
    for comp in profile.competencies:
        self_mean = round(fmean(self_scores[comp.id]), 2) if self_scores[comp.id] else None
        n_others = len(other_raters[comp.id])
        others_mean = round(fmean(other_scores[comp.id]), 2) if n_others >= MIN_OTHERS else None
        refs = [x for x in (comp.level, others_mean) if x is not None]
        flags = []
        if self_mean is not None and refs:
            if self_mean - min(refs) >= FLAG_GAP:
                flags.append("blind_spot")
            if max(refs) - self_mean >= FLAG_GAP:
                flags.append("hidden_strength")
        rows[comp.id] = {
            "measured": comp.level,
            "self": self_mean,
            "others": others_mean,
            "others_n": n_others,
            "flags": flags,
        }
    return {"min_others": MIN_OTHERS, "self_n": self_n, "others_n": len(others), "competencies": rows}
