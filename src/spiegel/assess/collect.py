"""Read filled questionnaires (CSV from the template or the HTML form, or the form's JSON) and
merge them into one ``spiegel.assessment.v1`` document."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spiegel.csvsafe import restore_cell
from spiegel.errors import ConfigError, MalformedFileError

if TYPE_CHECKING:
    from spiegel.competencies.model import Model  # the model loader pulls in numpy

ASSESSMENT_SCHEMA = "spiegel.assessment.v1"
RESPONSE_SCHEMA = "spiegel.assessment.response.v1"
CSV_COLUMNS = ("person", "variant", "rater", "competency", "statement_id", "statement", "answer")
SCALE = range(0, 5)  # 0 = don't know, 1..4
VARIANTS = ("self", "other")


def _answer(value: Any, path: Path, line: int | None, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number not in SCALE:
        raise ConfigError(
            f"answer {value!r} is not on the scale",
            path=path,
            line=line,
            field=field,
            fix="Answer 1 (never), 2 (sometimes), 3 (mostly), 4 (always), or 0/empty for don't know.",
        )
    return number or None


def _check_variant(variant: Any, path: Path, line: int | None) -> str:
    if variant not in VARIANTS:
        raise ConfigError(
            f"unknown variant {variant!r}",
            path=path,
            line=line,
            field="variant",
            fix="Use 'self' or 'other'.",
        )
    return str(variant)


def _read_csv(path: Path, text: str, known: set[str]) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("variant", "statement_id", "answer") if c not in (reader.fieldnames or [])]
    if missing:
        raise MalformedFileError(
            f"missing column(s) {', '.join(missing)}",
            path=path,
            line=1,
            fix=f"Use the template of `spiegel assess form --format csv` ({', '.join(CSV_COLUMNS)}).",
        )
    responses: dict[tuple[str, str], dict[str, Any]] = {}
    for row in reader:
        line = reader.line_num
        sid = (row.get("statement_id") or "").strip()
        if sid not in known:
            raise ConfigError(
                f"unknown statement {sid!r}",
                path=path,
                line=line,
                field="statement_id",
                fix="Keep the statement ids of the questionnaire; do not edit that column.",
            )
        variant = _check_variant((row.get("variant") or "").strip(), path, line)
        rater = restore_cell((row.get("rater") or "").strip()) or path.stem
        resp = responses.setdefault(
            (variant, rater),
            {
                "person": restore_cell((row.get("person") or "").strip()) or None,
                "variant": variant,
                "rater": rater,
                "answers": {},
            },
        )
        if sid in resp["answers"]:
            raise ConfigError(
                f"statement {sid!r} is answered twice by rater {rater!r}",
                path=path,
                line=line,
                field="statement_id",
                fix="Keep one answer per statement and rater.",
            )
        resp["answers"][sid] = _answer(row.get("answer"), path, line, "answer")
    return list(responses.values())


def _read_json(path: Path, text: str, known: set[str]) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedFileError(
            f"not valid JSON: {exc.msg}",
            path=path,
            line=exc.lineno,
            fix="Pass the JSON file the questionnaire downloaded, unchanged.",
        ) from exc
    if not isinstance(data, dict) or data.get("schema") != RESPONSE_SCHEMA:
        raise MalformedFileError(
            f"not a {RESPONSE_SCHEMA} document",
            path=path,
            field="schema",
            fix="Pass the JSON file the questionnaire downloaded, unchanged.",
        )
    variant = _check_variant(data.get("variant"), path, None)
    answers: dict[str, int | None] = {}
    for sid, value in (data.get("answers") or {}).items():
        if sid not in known:
            raise ConfigError(
                f"unknown statement {sid!r}",
                path=path,
                field=f"answers.{sid}",
                fix="Use the questionnaire of the same model version.",
            )
        answers[sid] = _answer(value, path, None, f"answers.{sid}")
    return [
        {
            "person": data.get("person"),
            "variant": variant,
            "rater": data.get("rater") or path.stem,
            "answers": answers,
        }
    ]


def collect(paths: list[Path], model: Model, person: str | None = None) -> dict[str, Any]:
    """Merge filled questionnaires into a ``spiegel.assessment.v1`` document."""
    known = set(model.statements())
    responses: list[dict[str, Any]] = []
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MalformedFileError(
                f"cannot read the answers: {exc}",
                path=path,
                fix="Pass the CSV or JSON the questionnaire produced (UTF-8).",
            ) from exc
        reader = _read_json if text.lstrip().startswith("{") else _read_csv
        responses += reader(Path(path), text, known)
    persons = {r["person"] for r in responses if r["person"]}
    if person is None and len(persons) > 1:
        raise ConfigError(
            f"the answers are about several persons: {', '.join(sorted(persons))}",
            fix="Collect each person's answers separately, or pass --person.",
        )
    name = person or (persons.pop() if persons else None)
    seen: set[tuple[str, str]] = set()
    out = []
    for r in responses:
        if person is not None and r["person"] not in (None, person):
            continue
        key = (r["variant"], r["rater"])
        if key in seen:
            raise ConfigError(
                f"rater {r['rater']!r} ({r['variant']}) appears in more than one file",
                fix="Give every rater one file, or a distinct rater code.",
            )
        seen.add(key)
        out.append(
            {
                "variant": r["variant"],
                "rater": r["rater"],
                "answers": {k: v for k, v in r["answers"].items() if v is not None},
            }
        )
    return {
        "schema": ASSESSMENT_SCHEMA,
        "person": name,
        "model": {"id": model.id, "version": model.version},
        "responses": out,
    }
