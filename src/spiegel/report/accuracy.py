"""Accuracy figures for the report's method section: which text signal an indicator rests on and
how well that signal did on held-out data, from ``accuracy.json`` (shipped with the report).

Only measured numbers are shown; a signal without figures is shown as "not yet measured".
Refresh the file after retraining with ``python -m spiegel.report.accuracy``: it runs
``spiegel.text.evaluate.evaluate()`` (the held-out sets behind docs/model-card.md) and writes the
precision/recall/F1 (or pairwise accuracy) per signal, language and data set."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_FILE = "accuracy.json"
_METRICS = (
    ("f1", "F1"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("accuracy", "accuracy"),
    ("macro_f1", "macro-F1"),
    ("pairwise_accuracy", "pairwise accuracy"),
    ("auc", "AUC"),
)


def _behaviour_file(name: str) -> dict[str, Any]:
    """A JSON file the behaviour stage ships beside its models (empty when absent or unreadable)."""
    try:
        data = json.loads(resources.files("spiegel.behaviour").joinpath(f"models/{name}").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _behaviour_signals() -> dict[str, list[dict[str, Any]]]:
    """Held-out figures the behaviour stage measured for its own models: the bio classifier behind
    ``network_composition`` and the account automation score behind ``human_presence``."""
    out: dict[str, list[dict[str, Any]]] = {"bio_type": [], "automation": []}
    scores = _behaviour_file("bios.json").get("scores") or {}
    if _num(scores.get("humanizr_heldout_accuracy")) is not None:
        out["bio_type"].append(
            {
                "lang": "en",
                "dataset": "humanizr person vs organisation (held-out)",
                "n": scores.get("humanizr_heldout_n"),
                "accuracy": _num(scores["humanizr_heldout_accuracy"]),
                "f1": _num(scores.get("humanizr_heldout_f1_organisation")),
            }
        )
    if _num(scores.get("dutch_heldout_accuracy_5_types")) is not None:
        out["bio_type"].append(
            {
                "lang": "nl",
                "dataset": "spiegel Dutch bios, five types (held-out)",
                "n": scores.get("dutch_heldout_n"),
                "accuracy": _num(scores["dutch_heldout_accuracy_5_types"]),
            }
        )
    evaluation = _behaviour_file("automation_eval.json")
    for key, label in (
        ("gilani2017", "Gilani et al. 2017 accounts"),
        ("kaggle_bot_nonbot", "Kaggle bot/non-bot"),
    ):
        row = evaluation.get(key) or {}
        if _num(row.get("auc_hand_set_score")) is not None:
            out["automation"].append(
                {
                    "lang": "en",
                    "dataset": label,
                    "n": row.get("accounts"),
                    "auc": _num(row["auc_hand_set_score"]),
                }
            )
    return out


@cache
def accuracy_table() -> dict[str, Any]:
    """indicators -> signal name, and signals -> measured rows (the shipped text-signal figures
    plus the behaviour stage's own model evaluations)."""
    table: dict[str, Any] = json.loads(resources.files("spiegel.report").joinpath(_FILE).read_text("utf-8"))
    table["signals"].update(_behaviour_signals())
    return table


def describe(indicator: str) -> str | None:
    """A short text of the held-out figures behind *indicator*, or None when none are measured."""
    table = accuracy_table()
    signal = table["indicators"].get(indicator)
    rows = table["signals"].get(signal, []) if signal else []
    if not rows:
        return None
    parts = []
    for row in rows:
        figures = ", ".join(
            f"{label} {row[key]:.2f}" for key, label in _METRICS if _num(row.get(key)) is not None
        )
        size = f" (n={row['n']})" if row.get("n") else ""
        parts.append(f"{row['lang']}, {row['dataset']}{size}: {figures}")
    return f"{signal} — " + "; ".join(parts)


def refresh(path: Path | None = None) -> dict[str, Any]:  # pragma: no cover - needs the trained models
    """Re-measure the signals with ``spiegel.text.evaluate`` and rewrite ``accuracy.json``."""
    from spiegel.text.evaluate import FAST, evaluate

    path = path or Path(str(resources.files("spiegel.report").joinpath(_FILE)))
    table: dict[str, Any] = json.loads(path.read_text("utf-8"))
    signals: dict[str, list[dict[str, Any]]] = {name: [] for name in table["signals"]}
    for result in evaluate(embeddings=False, cv=False):
        # the report states how the default (fast) path does on held-out data: no development
        # rows, and no rows of the optional embedding path
        if result.signal in signals and result.path == FAST and "development" not in result.dataset:
            row = {"lang": result.lang, "dataset": result.dataset, "n": result.n}
            row.update({k: round(float(v), 4) for k, v in result.metrics.items() if k in dict(_METRICS)})
            signals[result.signal].append(row)
    table["signals"] = {k: v for k, v in signals.items() if k not in ("bio_type", "automation")}
    table["generated"] = datetime.now(UTC).strftime("%Y-%m-%d")
    path.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    accuracy_table.cache_clear()
    return table


if __name__ == "__main__":  # pragma: no cover
    refresh()
    print(f"Wrote {resources.files('spiegel.report').joinpath(_FILE)}")
