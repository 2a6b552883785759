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
)


@cache
def accuracy_table() -> dict[str, Any]:
    return dict(json.loads(resources.files("spiegel.report").joinpath(_FILE).read_text("utf-8")))


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
            f"{label} {row[key]:.2f}" for key, label in _METRICS if isinstance(row.get(key), int | float)
        )
        parts.append(f"{row['lang']}, {row['dataset']} (n={row['n']}): {figures}")
    return f"{signal} — " + "; ".join(parts)


def refresh(path: Path | None = None) -> dict[str, Any]:  # pragma: no cover - needs the trained models
    """Re-measure the signals with ``spiegel.text.evaluate`` and rewrite ``accuracy.json``."""
    from spiegel.text.evaluate import evaluate

    path = path or Path(str(resources.files("spiegel.report").joinpath(_FILE)))
    table = json.loads(path.read_text("utf-8"))
    signals: dict[str, list[dict[str, Any]]] = {name: [] for name in table["signals"]}
    for result in evaluate():
        if result.signal in signals:
            row = {"lang": result.lang, "dataset": result.dataset, "n": result.n}
            row.update({k: round(float(v), 4) for k, v in result.metrics.items() if k in dict(_METRICS)})
            signals[result.signal].append(row)
    table["signals"] = signals
    table["generated"] = datetime.now(UTC).strftime("%Y-%m-%d")
    path.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    accuracy_table.cache_clear()
    return table


if __name__ == "__main__":  # pragma: no cover
    refresh()
    print(f"Wrote {resources.files('spiegel.report').joinpath(_FILE)}")
