"""Accuracy figures shown in the report's method section: which text signal an indicator rests
on and how well that signal did on held-out data. Read from ``accuracy.json`` (shipped with the
report) and, where present, from the metrics the classifier training wrote beside the model
files (``spiegel/text/models/classifiers.json``, key ``metrics``). Only measured numbers are
shown; an unknown figure is shown as "not yet measured"."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _trained_metrics() -> dict[str, Any]:
    try:
        text = resources.files("spiegel.text").joinpath("models/classifiers.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return {}
    try:
        metrics = json.loads(text).get("metrics", {})
    except (json.JSONDecodeError, AttributeError):
        return {}
    return metrics if isinstance(metrics, dict) else {}


@cache
def accuracy_table() -> dict[str, dict[str, Any]]:
    """indicator id -> {"signal": name or None, "metrics": {...} or None}."""
    shipped = json.loads(resources.files("spiegel.report").joinpath("accuracy.json").read_text("utf-8"))
    table: dict[str, dict[str, Any]] = {k: dict(v) for k, v in shipped["indicators"].items()}
    trained = _trained_metrics()
    for row in table.values():
        signal = row.get("signal")
        found = trained.get(signal) if signal else None
        if isinstance(found, dict) and found:
            row["metrics"] = found
    return table


def describe(indicator: str) -> str | None:
    """A short text such as ``hostile: F1 0.81, precision 0.84, recall 0.78`` or None."""
    row = accuracy_table().get(indicator)
    if not row or not row.get("metrics"):
        return None
    metrics = row["metrics"]
    if "nl" in metrics or "en" in metrics:  # per language
        parts = [
            f"{lang}: {_fmt(metrics[lang])}" for lang in ("nl", "en") if isinstance(metrics.get(lang), dict)
        ]
        return f"{row['signal']} — " + "; ".join(parts)
    return f"{row['signal']} — {_fmt(metrics)}"


def _fmt(metrics: dict[str, Any]) -> str:
    names = [
        ("f1", "F1"),
        ("precision", "precision"),
        ("recall", "recall"),
        ("accuracy", "accuracy"),
        ("auc", "AUC"),
        ("pairwise_accuracy", "pairwise accuracy"),
    ]
    out = [f"{label} {metrics[key]:.2f}" for key, label in names if isinstance(metrics.get(key), int | float)]
    if isinstance(metrics.get("n"), int):
        out.append(f"n={metrics['n']}")
    return ", ".join(out) or "—"
