"""The roster of a team run: who is in it and where their exports are (docs/team-report.md).

Three forms are read:

* **YAML**::

      stream: [stream.jsonl]            # optional, the organisation stream O (files or folders)
      people:
        - id: jdevries                  # optional (default: the first handle); used for file names
          name: Jan de Vries
          team: Verkeer                 # optional
          role: Woordvoerder            # optional
          exports: [jan/x-archive.zip, jan/linkedin.zip]
          inbound: [jan/mentions.jsonl] # optional: messages addressed to the person (M)
          handles: [jdevries]           # optional: when the exports do not name the owner

* **CSV** with a header line: ``id,name,team,role,exports,inbound,handles`` (several paths or
  handles in one cell separated by ``;``). The org config's roster CSV (``handle,name,department``)
  works as it is once it has an ``exports`` column: ``handle`` stands in for ``id``/``handles`` and
  ``department`` for ``team``.
* **org.yaml** whose ``roster:`` names such a CSV: the roster is that CSV and the org config is
  the file itself.

Paths are relative to the roster file. A missing export is not a roster error: that one person
fails with a clear message and the others are still reported.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from spiegel.errors import ConfigError

#: person ids become file names: letters, digits, dot, dash, underscore; not starting with a dot
ID_PATTERN = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,99}$")
#: separator of several values in one CSV cell
CELL_SEP = ";"
#: the CSV columns (aliases: handle → id and handles, department → team)
COLUMNS = ("id", "name", "team", "role", "exports", "inbound", "handles")


@dataclass(slots=True)
class RosterPerson:
    """One person of the roster."""

    id: str
    name: str | None
    team: str | None
    role: str | None
    exports: list[Path]
    inbound: list[Path] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Roster:
    path: Path
    people: list[RosterPerson]
    #: the organisation stream files named in the roster (YAML form only)
    stream: list[Path] = field(default_factory=list)
    #: the org config when the roster was given as an org.yaml
    org: Path | None = None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(CELL_SEP) if v.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip().lstrip("@")).strip("-.").lower()


def _person(
    row: dict[str, Any], base: Path, path: Path, line: int | None, seen: dict[str, int | None]
) -> RosterPerson:
    handles = _split(row.get("handles")) or _split(row.get("handle"))
    name = str(row.get("name") or "").strip() or None
    pid = str(row.get("id") or row.get("handle") or "").strip().lstrip("@")
    if not pid:
        pid = _slug(handles[0] if handles else name or "")
    if not pid:
        raise ConfigError(
            "a roster entry has no id, handle or name",
            path=path,
            line=line,
            field="id",
            fix="give every person an id (letters, digits, '.', '-', '_'), a handle or a name",
        )
    if not ID_PATTERN.match(pid):
        raise ConfigError(
            f"the person id {pid!r} cannot be used as a file name",
            path=path,
            line=line,
            field="id",
            fix="use only letters, digits, '.', '-', '_' and '@' (not starting with a dot), at most 100",
        )
    if pid in seen:
        raise ConfigError(
            f"the person id {pid!r} occurs twice (first on line {seen[pid]})",
            path=path,
            line=line,
            field="id",
            fix="give every person their own id",
        )
    seen[pid] = line
    exports = [base / p for p in _split(row.get("exports"))]
    if not exports:
        raise ConfigError(
            f"person {pid!r} has no exports",
            path=path,
            line=line,
            field="exports",
            fix=f"name the person's export files or folders, several separated by '{CELL_SEP}'",
        )
    team = str(row.get("team") or row.get("department") or "").strip() or None
    role = str(row.get("role") or "").strip() or None
    inbound = [base / p for p in _split(row.get("inbound"))]
    return RosterPerson(pid, name, team, role, exports, inbound, handles)


def _read_csv(path: Path) -> list[RosterPerson]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
            if "exports" not in columns:
                raise ConfigError(
                    f"the roster has no 'exports' column (columns found: {', '.join(columns) or 'none'})",
                    path=path,
                    line=1,
                    fix="add a header line such as: id,name,team,exports,inbound",
                )
            seen: dict[str, int | None] = {}
            people = []
            for lineno, raw in enumerate(reader, start=2):
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
                if not any(row.values()):
                    continue
                people.append(_person(row, path.parent, path, lineno, seen))
            return people
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "the roster is not UTF-8 text", path=path, fix="save the roster as UTF-8 CSV"
        ) from exc


def _read_yaml(path: Path) -> Roster:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"the roster is not valid YAML: {getattr(exc, 'problem', None) or exc}",
            path=path,
            line=mark.line + 1 if mark is not None else None,
            fix="check the indentation and quoting around this line",
        ) from exc
    if isinstance(data, dict) and "people" not in data and "roster" in data and "name" in data:
        # an org.yaml whose roster: names a CSV with an exports column
        from spiegel.org import load_org

        load_org(path)  # validates the org config itself, with its own clear messages
        csv_path = path.parent / str(data["roster"])
        if not csv_path.is_file():
            raise ConfigError(
                f"the roster file {str(csv_path)!r} does not exist",
                path=path,
                field="roster",
                fix="give a path to a CSV file, relative to org.yaml",
            )
        return Roster(csv_path, _read_csv(csv_path), org=path)
    if not isinstance(data, dict) or not isinstance(data.get("people"), list):
        raise ConfigError(
            "the roster must be a mapping with a list 'people'",
            path=path,
            line=1,
            field="people",
            fix="start with 'people:' and one '- id: … exports: [...]' entry per person",
        )
    seen: dict[str, int | None] = {}
    people = []
    for i, row in enumerate(data["people"]):
        if not isinstance(row, dict):
            raise ConfigError(
                f"people[{i}] is not a mapping",
                path=path,
                field=f"people[{i}]",
                fix="write each person as '- id: …' with keys name, team, exports, inbound, handles",
            )
        people.append(_person(row, path.parent, path, None, seen))
    stream = [path.parent / p for p in _split(data.get("stream"))]
    return Roster(path, people, stream=stream)


def load_roster(path: Path) -> Roster:
    """Read a roster (CSV, YAML or an org.yaml with a roster CSV); see the module docstring."""
    if not path.is_file():
        raise ConfigError(
            f"the roster {str(path)!r} does not exist", path=path, fix="give the path to a CSV or YAML roster"
        )
    roster = _read_yaml(path) if path.suffix.lower() in (".yaml", ".yml") else Roster(path, _read_csv(path))
    if not roster.people:
        raise ConfigError("the roster names nobody", path=path, fix="add one line or entry per person")
    return roster
