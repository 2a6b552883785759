"""The organisation configuration (``org.yaml``): who speaks for the organisation, who the
colleagues are, which topics matter, and how fast questions must be answered.

Example::

    name: Gemeente Voorbeeld
    official_accounts: [gemeentevoorbeeld, gemeente@social.overheid.nl]
    colleagues:                       # or: roster: team.csv  (columns handle,name,department)
      - {handle: jdevries, name: Jan de Vries, department: Verkeer}
    goal_topics:
      - {name: fietsbeleid, keywords: [fiets, fietspad, "#fietsstad"]}
    sensitive_topics:
      - {name: reorganisatie, keywords: [reorganisatie, bezuiniging]}
    answer_within_hours: 24           # default 24
    office_hours: {days: [mon, tue, wed, thu, fri], start: "08:30", end: "17:00"}  # default: none
    timezone: Europe/Amsterdam        # default

:func:`load_org` validates the file with a JSON schema and raises :class:`ConfigError` naming
the key path and the line; its messages are translatable (:func:`spiegel.i18n.L_`), so the CLI
and the web app show them in the reader's language. :meth:`OrgConfig.elapsed_hours` is the
answer clock: with office hours it only counts office time, without them it runs round the clock.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema
import yaml

from spiegel.errors import ConfigError
from spiegel.i18n import L_, Message
from spiegel.records import normalize_handle

Role = Literal["person", "colleague", "official", "external"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOP_KEYS = (
    "name",
    "official_accounts",
    "colleagues",
    "roster",
    "goal_topics",
    "sensitive_topics",
    "answer_within_hours",
    "office_hours",
    "timezone",
)
ROSTER_COLUMNS = ("handle", "name", "department")

_TOPIC = {
    "type": "object",
    "required": ["name", "keywords"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "keywords": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    },
}
_HHMM = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "official_accounts": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "colleagues": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["handle"],
                "additionalProperties": False,
                "properties": {
                    "handle": {"type": "string", "minLength": 1},
                    "name": {"type": "string"},
                    "department": {"type": "string"},
                },
            },
        },
        "roster": {"type": "string", "minLength": 1},
        "goal_topics": {"type": "array", "items": _TOPIC},
        "sensitive_topics": {"type": "array", "items": _TOPIC},
        "answer_within_hours": {"type": "number", "exclusiveMinimum": 0},
        "office_hours": {
            "type": "object",
            "required": ["start", "end"],
            "additionalProperties": False,
            "properties": {
                "days": {"type": "array", "minItems": 1, "items": {"enum": list(DAYS)}},
                "start": _HHMM,
                "end": _HHMM,
            },
        },
        "timezone": {"type": "string", "minLength": 1},
    },
}


@dataclass(slots=True, frozen=True)
class Colleague:
    handle: str
    name: str | None = None
    department: str | None = None


@dataclass(slots=True)
class Topic:
    """A named topic recognised by keywords (words, phrases or ``#hashtags``, case-insensitive)."""

    name: str
    keywords: list[str]
    sensitive: bool = False
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            words = sorted({k.lower().lstrip("#") for k in self.keywords}, key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)#?(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
        return self._pattern

    def matches(self, text: str, hashtags: Iterable[str] = ()) -> bool:
        if self.pattern.search(text.lower()):
            return True
        return any(self.pattern.fullmatch(h.lower().lstrip("#")) for h in hashtags)


@dataclass(slots=True)
class OfficeHours:
    days: frozenset[int]  # 0 = Monday
    start: dtime
    end: dtime


@dataclass(slots=True)
class OrgConfig:
    name: str
    official_accounts: set[str] = field(default_factory=set)
    colleagues: dict[str, Colleague] = field(default_factory=dict)
    goal_topics: list[Topic] = field(default_factory=list)
    sensitive_topics: list[Topic] = field(default_factory=list)
    answer_within_hours: float = 24.0
    office_hours: OfficeHours | None = None
    timezone: str = "Europe/Amsterdam"
    path: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def topics(self) -> list[Topic]:
        """Goal topics, then sensitive topics."""
        return [*self.goal_topics, *self.sensitive_topics]

    def is_official(self, handle: str | None) -> bool:
        return normalize_handle(handle) in self.official_accounts

    def colleague(self, handle: str | None) -> Colleague | None:
        key = normalize_handle(handle)
        return self.colleagues.get(key) if key else None

    def role_of(self, handle: str | None, person: Iterable[str] = ()) -> Role:
        """``person`` when *handle* is one of *person*'s handles, then official, colleague, external."""
        key = normalize_handle(handle)
        if key is not None and key in set(person):
            return "person"
        if key in self.official_accounts:
            return "official"
        if key is not None and key in self.colleagues:
            return "colleague"
        return "external"

    def is_insider(self, handle: str | None) -> bool:
        """True for colleagues and official accounts: the people a question can be handed to."""
        key = normalize_handle(handle)
        return key is not None and (key in self.official_accounts or key in self.colleagues)

    def elapsed_hours(self, start: datetime, end: datetime) -> float:
        """Hours on the answer clock between *start* and *end* (office time only if configured)."""
        if end <= start:
            return 0.0
        if self.office_hours is None:
            return (end - start).total_seconds() / 3600
        return office_hours_between(start, end, self.office_hours, self.tz)


def office_hours_between(start: datetime, end: datetime, hours: OfficeHours, tz: ZoneInfo) -> float:
    """Hours of office time between two aware datetimes, in the office's local time zone."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    total = 0.0
    day = local_start.date()
    while day <= local_end.date():
        if day.weekday() in hours.days:
            open_ = datetime.combine(day, hours.start, tz)
            close = datetime.combine(day, hours.end, tz)
            lo, hi = max(open_, local_start), min(close, local_end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total / 3600


# -- loading ---------------------------------------------------------------------------------


def _line_map(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            out[(*path, name)] = key.start_mark.line + 1
            _line_map(value, (*path, name), out)
            out[(*path, name)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out)


def _key_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


#: the JSON types of the schema in words
_TYPES: dict[str, Message] = {
    "string": L_("a text"),
    "number": L_("a number"),
    "integer": L_("a whole number"),
    "array": L_("a list"),
    "object": L_("a mapping of keys to values"),
}


def _schema_error(
    err: jsonschema.ValidationError, where: Path | None, lines: dict[tuple[Any, ...], int]
) -> ConfigError:
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        unknown = [k for k in err.instance if k not in allowed]
        key = unknown[0] if unknown else "?"
        full = (*path, key)
        return ConfigError(
            L_("unknown key %(key)s; valid keys here are: %(keys)s", key=repr(key), keys=", ".join(allowed)),
            path=where,
            line=lines.get(full, lines.get(path)),
            field=_key_path(full),
            fix=L_("remove the key or correct its spelling"),
        )
    if err.validator == "required":
        missing = next((k for k in err.validator_value if k not in err.instance), "?")
        return ConfigError(
            L_("%(key)s is required but missing", key=repr(missing)),
            path=where,
            line=lines.get(path),
            field=_key_path(path),
            fix=L_("add the missing key (see docs/org-config.md)"),
        )
    value = repr(err.instance)
    what: Message
    fix: Message
    if err.validator == "pattern":
        what = L_("%(value)s is not a time of day as HH:MM", value=value)
        fix = L_('write the time with quotes and two digits each, e.g. "08:30"')
    elif err.validator == "enum":
        what = L_(
            "%(value)s is not one of %(allowed)s",
            value=value,
            allowed=", ".join(map(str, err.validator_value)),
        )
        fix = L_("use one of the listed values")
    elif err.validator == "type" and isinstance(err.validator_value, str) and err.validator_value in _TYPES:
        expected = _TYPES[err.validator_value]
        what = L_("wrong value %(value)s: it must be %(type)s", value=value, type=expected)
        fix = L_("give a value of the type %(type)s", type=expected)
    elif err.validator == "minLength":
        what = L_("the text is empty")
        fix = L_("fill in a text or remove the key")
    elif err.validator == "minItems":
        what = L_("the list is empty")
        fix = L_("give at least one item or remove the key")
    elif err.validator == "exclusiveMinimum":
        what = L_(
            "%(value)s is too small: it must be more than %(min)s", value=value, min=err.validator_value
        )
        fix = L_("give a number greater than %(min)s", min=err.validator_value)
    else:
        what = L_("wrong value %(value)s: %(problem)s", value=value, problem=err.message)
        fix = L_("see docs/org-config.md")
    return ConfigError(what, path=where, line=lines.get(path), field=_key_path(path), fix=fix)


def _read_roster(path: Path, yaml_path: Path | None, line: int | None) -> list[dict[str, str]]:
    if not path.is_file():
        raise ConfigError(
            L_("the roster file %(path)s does not exist", path=repr(str(path))),
            path=yaml_path,
            line=line,
            field="roster",
            fix=L_("give a path to a CSV file with the columns handle,name,department, relative to org.yaml"),
        )
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        if "handle" not in columns:
            raise ConfigError(
                L_(
                    "the roster has no 'handle' column (columns found: %(columns)s)",
                    columns=", ".join(columns) or L_("none"),
                ),
                path=path,
                line=1,
                fix=L_("add a header line: handle,name,department"),
            )
        rows = []
        for lineno, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if not clean.get("handle"):
                raise ConfigError(
                    L_("a roster row has an empty handle"),
                    path=path,
                    line=lineno,
                    field="handle",
                    fix=L_("fill in the handle or remove the row"),
                )
            rows.append({k: clean.get(k, "") for k in ROSTER_COLUMNS})
        return rows


def parse_org(
    data: Any,
    *,
    path: Path | None = None,
    lines: dict[tuple[Any, ...], int] | None = None,
    read_roster: bool = True,
) -> OrgConfig:
    """Validate a parsed org config (a dict) and build an :class:`OrgConfig`. Without
    *read_roster* a ``roster`` key is refused instead of read (a config typed into the web app
    must not make the server read a file of its choosing)."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise ConfigError(
            L_("the organisation config must be a mapping of keys to values"),
            path=path,
            line=1,
            fix=L_("start the file with 'name: <your organisation>'"),
        )
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if errors:
        raise _schema_error(errors[0], path, lines)
    if "colleagues" in data and "roster" in data:
        raise ConfigError(
            L_("give either 'colleagues' or 'roster', not both"),
            path=path,
            line=lines.get(("roster",)),
            field="roster",
            fix=L_("move the colleagues into the roster CSV, or drop 'roster'"),
        )
    try:
        ZoneInfo(data.get("timezone", "Europe/Amsterdam"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            L_("unknown time zone %(zone)s", zone=repr(data["timezone"])),
            path=path,
            line=lines.get(("timezone",)),
            field="timezone",
            fix=L_("use an IANA name such as Europe/Amsterdam"),
        ) from exc
    rows: list[dict[str, str]] = list(data.get("colleagues", []))
    if "roster" in data and not read_roster:
        raise ConfigError(
            L_("the key 'roster' names a file on the server and cannot be used here"),
            path=path,
            line=lines.get(("roster",)),
            field="roster",
            fix=L_("list the colleagues under 'colleagues' instead"),
        )
    if "roster" in data:
        base = path.parent if path is not None else Path.cwd()
        rows = _read_roster(base / data["roster"], path, lines.get(("roster",)))
    colleagues: dict[str, Colleague] = {}
    for row in rows:
        handle = normalize_handle(row["handle"])
        if handle:
            colleagues[handle] = Colleague(handle, row.get("name") or None, row.get("department") or None)
    office = None
    if "office_hours" in data:
        oh = data["office_hours"]
        start, end = (dtime.fromisoformat(oh[k]) for k in ("start", "end"))
        if end <= start:
            raise ConfigError(
                L_(
                    "office hours end (%(end)s) is not after their start (%(start)s)",
                    end=oh["end"],
                    start=oh["start"],
                ),
                path=path,
                line=lines.get(("office_hours", "end")),
                field="office_hours.end",
                fix=L_("give an end time later on the same day"),
            )
        days = frozenset(DAYS.index(d) for d in oh.get("days", DAYS[:5]))
        office = OfficeHours(days, start, end)
    officials = {h for h in (normalize_handle(a) for a in data.get("official_accounts", [])) if h}
    return OrgConfig(
        name=data["name"],
        official_accounts=officials,
        colleagues=colleagues,
        goal_topics=[Topic(tp["name"], list(tp["keywords"])) for tp in data.get("goal_topics", [])],
        sensitive_topics=[
            Topic(tp["name"], list(tp["keywords"]), sensitive=True) for tp in data.get("sensitive_topics", [])
        ],
        answer_within_hours=float(data.get("answer_within_hours", 24)),
        office_hours=office,
        timezone=data.get("timezone", "Europe/Amsterdam"),
        path=str(path) if path is not None else None,
    )


def load_org(path: str | Path) -> OrgConfig:
    """Read and validate ``org.yaml``; raise :class:`ConfigError` naming the key and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            L_("the organisation config does not exist"), path=path, fix=L_("check the path given to --org")
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            L_("cannot read the organisation config: %(problem)s", problem=str(exc)),
            path=path,
            fix=L_("save the file as UTF-8 text"),
        ) from exc
    return parse_org_text(text, path=path)[0]


def parse_org_text(
    text: str, *, path: Path | None = None, read_roster: bool = True
) -> tuple[OrgConfig, dict[str, Any]]:
    """Validate the YAML text of an org config (a file's, or one edited in the web app) and
    return the :class:`OrgConfig` with the parsed mapping; a :class:`ConfigError` names the key
    and the line. The one validator of ``spiegel org validate`` and the web app (which passes
    ``read_roster=False``: see :func:`parse_org`)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            L_("not valid YAML: %(problem)s", problem=str(getattr(exc, "problem", None) or exc)),
            path=path,
            line=mark.line + 1 if mark else None,
            fix=L_("check indentation and quoting around that line"),
        ) from exc
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _line_map(node, (), lines)
    return parse_org(data, path=path, lines=lines, read_roster=read_roster), data
