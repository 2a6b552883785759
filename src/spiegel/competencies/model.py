"""The competency model as data: load a model YAML, validate it against the JSON schema
(``model.schema.json``) and the indicator registry, and give typed access to it.

Every error is a :class:`~spiegel.errors.ConfigError` naming the file, the line and the key
path (``competencies[2].indicators[0].thresholds``) and saying how to fix it. A norm must fit its
indicator's unit: a share from 0 to 1, hours and counts zero or more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from spiegel.competencies.registry import registry
from spiegel.errors import ConfigError
from spiegel.i18n import L_

MAX_COMPETENCIES = 8
DEFAULT_MIN_WEIGHT_SHARE = 0.5
DEFAULT_MODEL = "default_model.yaml"
Text = dict[str, str]


@dataclass(slots=True, frozen=True)
class IndicatorSpec:
    """An indicator as the model uses it: weight, direction, norm and level thresholds."""

    id: str
    weight: float
    direction: str
    norm: float | None
    thresholds: tuple[float, float, float]
    min_evidence: int | None = None


@dataclass(slots=True, frozen=True)
class Statement:
    """One self/360 questionnaire statement, in a self and an "other" wording."""

    id: str
    self_text: Text
    other_text: Text


@dataclass(slots=True, frozen=True)
class CompetencySpec:
    id: str
    name: Text
    description: Text
    direction: Text
    #: descriptors of levels 1..4 (index 0 is level 1)
    levels: tuple[Text, ...]
    indicators: tuple[IndicatorSpec, ...]
    statements: tuple[Statement, ...]

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.indicators)


@dataclass(slots=True, frozen=True)
class Model:
    id: str
    version: str
    name: Text
    competencies: tuple[CompetencySpec, ...]
    min_weight_share: float = DEFAULT_MIN_WEIGHT_SHARE
    source: str = field(default="", compare=False)

    def competency(self, competency_id: str) -> CompetencySpec:
        for comp in self.competencies:
            if comp.id == competency_id:
                return comp
        raise KeyError(competency_id)

    def statements(self) -> dict[str, tuple[CompetencySpec, Statement]]:
        """All questionnaire statements by id, with their competency."""
        return {s.id: (c, s) for c in self.competencies for s in c.statements}


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # imported on use: `spiegel --help` stays fast

    schema = json.loads(resources.files("spiegel.competencies").joinpath("model.schema.json").read_text())
    return Draft202012Validator(schema)


def _path_str(parts: list[Any] | tuple[Any, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


#: the YAML text of a model (composed into nodes only when an error needs a line number)
Source: TypeAlias = yaml.Node | str | None
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line_of(root: Source, parts: list[Any] | tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at *parts* (or of its closest existing parent)."""
    node = yaml.compose(root, Loader=yaml.SafeLoader) if isinstance(root, str) else root
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node.start_mark.line + 1 if node is not None else None


def _schema_message(error: ValidationError) -> tuple[str, str]:
    """(what, fix) for a JSON-schema error, in words a model author understands."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = next((k for k in schema.get("required", []) if k not in error.instance), "?")
        if set(schema.get("required", [])) == {"nl", "en"}:
            return f"missing translation {missing!r}", f"Add the {missing!r} text next to the other language."
        return f"missing key {missing!r}", f"Add {missing!r}; see docs/model.md for the keys."
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return error.message, f"Remove or rename the key; valid keys here: {allowed}."
    if error.validator == "minLength" and schema.get("minLength") == 1:
        return "empty text", "Write the text in this language."
    if error.validator in {"minItems", "maxItems"}:
        return error.message, "Give the number of items docs/model.md asks for."
    if error.validator == "pattern":
        return error.message, "Use lower-case letters, digits, '_' or '-', starting with a letter."
    return error.message, "See docs/model.md for the expected form."


def _raise(what: str, fix: str, source: str, root: Source, parts: list[Any]) -> None:
    raise ConfigError(what, path=source, line=_line_of(root, parts), field=_path_str(parts), fix=fix)


def parse_model(data: Any, source: str = "<model>", root: Source = None) -> Model:
    """Validate already-parsed model data and build a :class:`Model`. *root* (the YAML text or
    its node tree) lets errors name the line."""
    if not isinstance(data, dict):
        raise ConfigError(
            "a model must be a YAML mapping", path=source, fix="Start from spiegel's default model."
        )
    comps = data.get("competencies")
    if isinstance(comps, list) and len(comps) > MAX_COMPETENCIES:
        _raise(
            f"the model has {len(comps)} competencies; at most {MAX_COMPETENCIES} are allowed "
            "(the model's author caps it at eight)",
            "Merge or drop competencies until there are eight or fewer.",
            source,
            root,
            ["competencies", MAX_COMPETENCIES],
        )
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(e.absolute_path), e.validator))
    if errors:
        err = errors[0]
        what, fix = _schema_message(err)
        _raise(what, fix, source, root, list(err.absolute_path))

    known = registry()
    seen_comp: set[str] = set()
    seen_ind: dict[str, str] = {}
    seen_stmt: set[str] = set()
    competencies: list[CompetencySpec] = []
    for ci, comp in enumerate(data["competencies"]):
        if comp["id"] in seen_comp:
            _raise(
                f"duplicate competency id {comp['id']!r}",
                "Give every competency its own id.",
                source,
                root,
                ["competencies", ci, "id"],
            )
        seen_comp.add(comp["id"])
        indicators: list[IndicatorSpec] = []
        for ii, ind in enumerate(comp["indicators"]):
            where = ["competencies", ci, "indicators", ii]
            if ind["id"] not in known:
                _raise(
                    f"unknown indicator {ind['id']!r}",
                    f"Use one of: {', '.join(sorted(known))} (or register a plugin indicator).",
                    source,
                    root,
                    [*where, "id"],
                )
            if ind["id"] in seen_ind:
                _raise(
                    f"duplicate indicator id {ind['id']!r} (already used in {seen_ind[ind['id']]!r})",
                    "Use each indicator in one competency only.",
                    source,
                    root,
                    [*where, "id"],
                )
            seen_ind[ind["id"]] = comp["id"]
            natural = known[ind["id"]].direction
            direction = ind.get("direction", natural)
            if direction != natural:
                _raise(
                    f"indicator {ind['id']!r} is {natural}-is-better, the model says {direction!r}",
                    f"Write direction: {natural} (or leave it out).",
                    source,
                    root,
                    [*where, "direction"],
                )
            th = [float(x) for x in ind["thresholds"]]
            ok = th[0] < th[1] < th[2] if direction == "higher" else th[0] > th[1] > th[2]
            if not ok:
                order = "increase" if direction == "higher" else "decrease"
                _raise(
                    f"thresholds {ind['thresholds']} are not monotonic",
                    f"For a {direction}-is-better indicator the thresholds for levels 2, 3, 4 must "
                    f"strictly {order}.",
                    source,
                    root,
                    [*where, "thresholds"],
                )
            norm = ind.get("norm")
            unit = known[ind["id"]].unit
            if norm is not None and unit == "share" and not 0 <= norm <= 1:
                _raise(
                    L_(
                        "the norm %(norm)s of %(indicator)s is not a share from 0 to 1",
                        norm=norm,
                        indicator=ind["id"],
                    ),
                    L_("Give the norm as a share, e.g. 0.8 for 80%%."),
                    source,
                    root,
                    [*where, "norm"],
                )
            if norm is not None and unit in ("hours", "count") and norm < 0:
                _raise(
                    L_("the norm %(norm)s of %(indicator)s is below zero", norm=norm, indicator=ind["id"]),
                    L_("Give a norm of zero or more."),
                    source,
                    root,
                    [*where, "norm"],
                )
            indicators.append(
                IndicatorSpec(
                    id=ind["id"],
                    weight=float(ind["weight"]),
                    direction=direction,
                    norm=float(ind["norm"]) if ind.get("norm") is not None else None,
                    thresholds=(th[0], th[1], th[2]),
                    min_evidence=ind.get("min_evidence"),
                )
            )
        statements: list[Statement] = []
        for si, st in enumerate(comp["statements"]):
            if st["id"] in seen_stmt:
                _raise(
                    f"duplicate statement id {st['id']!r}",
                    "Give every statement its own id.",
                    source,
                    root,
                    ["competencies", ci, "statements", si, "id"],
                )
            seen_stmt.add(st["id"])
            statements.append(Statement(st["id"], dict(st["self"]), dict(st["other"])))
        competencies.append(
            CompetencySpec(
                id=comp["id"],
                name=dict(comp["name"]),
                description=dict(comp["description"]),
                direction=dict(comp["direction"]),
                levels=tuple(dict(x) for x in comp["levels"]),
                indicators=tuple(indicators),
                statements=tuple(statements),
            )
        )
    return Model(
        id=data["id"],
        version=str(data["version"]),
        name=dict(data["name"]),
        competencies=tuple(competencies),
        min_weight_share=float(data.get("min_weight_share", DEFAULT_MIN_WEIGHT_SHARE)),
        source=source,
    )


def load_model(path: str | Path | None = None) -> Model:
    """Load and validate a model YAML; without *path*, spiegel's default model."""
    if path is None:
        return default_model()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the model file: {exc}", path=path, fix="Pass a readable UTF-8 YAML file."
        ) from exc
    return _parse_text(text, str(path))


def _parse_text(text: str, source: str) -> Model:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            path=source,
            line=mark.line + 1 if mark else None,
            fix="Check indentation and quote texts that contain ': ' or start with a symbol.",
        ) from exc
    return parse_model(data, source, text)


@cache
def default_model() -> Model:
    """spiegel's default six-competency model (validated once, then cached)."""
    text = resources.files("spiegel.competencies").joinpath(DEFAULT_MODEL).read_text(encoding="utf-8")
    return _parse_text(text, f"spiegel/competencies/{DEFAULT_MODEL}")
