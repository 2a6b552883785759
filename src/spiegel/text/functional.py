"""Functional test suites of the text signals (the CheckList method, Ribeiro et al. 2020).

The cases live in ``training/functional/cases.jsonl`` (written by
``training/functional/build.py`` from the team's own templates): each names a signal, a
*functionality* ("negated insult", "complaint phrased as a request" …), the expected yes/no and a
Dutch text. :func:`run_suites` scores a model per functionality (the share of cases it gets
right); ``spiegel evaluate`` writes the table into the model card, and
``tests/text/test_functional.py`` keeps floors below the measured values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from spiegel.errors import InputError, MalformedFileError
from spiegel.text.classifiers import datasets as ds

CASES_FILE = "functional/cases.jsonl"


class Predictor(Protocol):
    def predict(self, texts: list[str], langs: list[str]) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class FunctionalResult:
    signal: str
    functionality: str
    expected: int
    n: int
    correct: int
    failures: tuple[str, ...]

    @property
    def pass_rate(self) -> float:
        return self.correct / self.n if self.n else 0.0


def read_cases(training_dir: Path | None = None) -> list[dict[str, Any]]:
    """The functional cases; a clear error when the file is missing or malformed."""
    path = (training_dir or ds.TRAINING_DIR) / CASES_FILE
    if not path.exists():
        raise InputError(
            "the functional test cases are missing", path=path, fix="run python training/functional/build.py"
        )
    cases = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                case["signal"], case["functionality"], case["text"]
                case["expected"] = int(case["expected"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise MalformedFileError(
                    f"not a functional case ({exc})",
                    path=path,
                    line=i,
                    fix="each line needs signal, functionality, expected (0/1), text",
                ) from exc
            case.setdefault("lang", "nl")
            cases.append(case)
    return cases


def score(clf: Predictor, cases: list[dict[str, Any]]) -> list[FunctionalResult]:
    """Pass rate per (signal, functionality), in the order the cases name them."""
    if not cases:
        return []
    out = clf.predict([c["text"] for c in cases], [c["lang"] for c in cases])
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["signal"], c["functionality"]), []).append(i)
    results = []
    for (signal, functionality), idx in groups.items():
        flags = np.asarray(out[f"{signal}_flag"], dtype=bool)[idx]
        expected = np.array([cases[i]["expected"] for i in idx], dtype=bool)
        right = flags == expected
        failures = tuple(cases[i]["text"] for i, ok in zip(idx, right, strict=True) if not ok)
        results.append(
            FunctionalResult(signal, functionality, int(expected[0]), len(idx), int(right.sum()), failures)
        )
    return results


def run_suites(models: Path | None = None, training_dir: Path | None = None) -> list[FunctionalResult]:
    """Score the shipped (or *models*) classifiers on every functional case."""
    from spiegel.text.classifiers import load

    return score(load(models), read_cases(training_dir))


def summary(results: list[FunctionalResult], signal: str) -> dict[str, float]:
    """Accuracy over every case of *signal* and the share of its negative cases flagged."""
    rows = [r for r in results if r.signal == signal]
    n = sum(r.n for r in rows)
    neg = [r for r in rows if r.expected == 0]
    n_neg = sum(r.n for r in neg)
    return {
        "accuracy": sum(r.correct for r in rows) / n if n else 0.0,
        "false_flags": sum(r.n - r.correct for r in neg) / n_neg if n_neg else 0.0,
        "n": float(n),
    }


def render_text(results: list[FunctionalResult]) -> str:
    lines = [f"{'signal':12} {'expected':8} {'pass':>6} {'n':>4}  functionality"]
    for r in results:
        lines.append(f"{r.signal:12} {r.expected:8d} {r.pass_rate:6.2f} {r.n:4d}  {r.functionality}")
    return "\n".join(lines)


def render_markdown(results: list[FunctionalResult]) -> str:
    """The model card's section: pass rate per functionality, a summary per signal, and one
    failing case per functionality."""
    if not results:
        return ""
    head = [
        "## Functional tests (CheckList)\n",
        "Cases written by the team from its own templates (`training/functional/build.py`, made-up "
        "names; no case or template from Multilingual HateCheck or any other suite), one small behaviour "
        "each, Dutch, fast path. Pass = the yes/no field agrees with the expected label. Not trained or "
        "tuned on; `tests/text/test_functional.py` holds floors below these values.\n",
    ]
    summaries = []
    for signal in dict.fromkeys(r.signal for r in results):
        s = summary(results, signal)
        summaries.append(
            f"- `{signal}`: {s['accuracy']:.1%} of {int(s['n'])} cases right; "
            f"{s['false_flags']:.1%} of the cases that should not be flagged were flagged."
        )
    rows = [
        "| signal | functionality | expected | cases | pass rate | a failing case |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        example = r.failures[0].replace("|", "\\|") if r.failures else "–"
        rows.append(
            f"| {r.signal} | {r.functionality} | {'yes' if r.expected else 'no'} | {r.n} | "
            f"{r.pass_rate:.2f} | {example} |"
        )
    return "\n".join(head) + "\n".join(summaries) + "\n\n" + "\n".join(rows) + "\n"
