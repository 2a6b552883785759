# mypy: disable-error-code="misc,no-any-return"
# (Django ships no type information here: its classes are Any)
"""People and their accounts added by HR (issue #14, item 6): one person through the form of
the teams-and-people page, or many from a roster CSV. Both go through :func:`check_row`, so a
person entered by hand and one from a file are held to the same rules.

The roster's columns (header line, any order, case-insensitive)::

    name,username,email,team,role,mastodon,bluesky,x,linkedin,facebook,instagram,threads

``name`` is required; ``username`` makes a login (single sign-on or a password set by the
system administrator; none is set here); ``team`` names an existing team; ``role`` is
``employee`` (default) or ``hr``; a platform column holds the person's handle there. An
account added this way is *noted*, not collected: nothing is fetched or imported until the
employee gives consent on their accounts page.

:func:`parse_roster` checks every row and raises one :class:`RosterError` listing every problem
with its line and field; :func:`import_rows` writes all people in one transaction (all or
nothing) and audits each.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from spiegel.errors import InputError
from spiegel.web import audit
from spiegel.web.models import PLATFORMS, ROLE_EMPLOYEE, ROLES, ConnectedAccount, Organisation, Person, Team

PLATFORM_IDS = tuple(p for p, _label in PLATFORMS)
COLUMNS = ("name", "username", "email", "team", "role", *PLATFORM_IDS)
#: the largest roster accepted (rows), against an upload that would hold the server up
MAX_ROWS = 5000
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HANDLE = re.compile(r"^[\w.@:+-]{1,200}$")


class RosterError(InputError):
    """A roster (or the new-person form) has problems: :attr:`problems` lists each one."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(p.render() for p in problems[:5]),
            fix=_("Correct the rows named and upload the file again; nothing was saved."),
        )


@dataclass
class Row:
    """One checked person: what :func:`import_rows` writes."""

    line: int | None
    name: str
    username: str = ""
    email: str = ""
    team: Team | None = None
    role: str = ROLE_EMPLOYEE
    #: (platform, handle, instance)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _handle(platform: str, value: str) -> tuple[str, str]:
    """The handle as stored (no leading @, lower case) and, for Mastodon, its server."""
    handle = value.strip().lstrip("@").lower()
    if not _HANDLE.match(handle):
        raise ValueError(
            _("%(value)r is not a handle (letters, digits and . _ - @ only).") % {"value": value}
        )
    instance = ""
    if platform == "mastodon":
        user, _sep, server = handle.partition("@")
        if not user or not server or "." not in server:
            raise ValueError(_("A Mastodon handle has the form name@server, e.g. jan@social.overheid.nl."))
        instance = f"https://{server}"
    return handle, instance


def check_row(
    values: dict[str, str],
    org: Organisation,
    line: int | None,
    *,
    seen_usernames: set[str] | None = None,
) -> tuple[Row | None, list[InputError]]:
    """Check one person's values; returns the row or the problems (each naming line and field)."""
    problems: list[InputError] = []

    def problem(name: str, what: str, fix: str) -> None:
        problems.append(InputError(what, line=line, field=name, fix=fix))

    name = values.get("name", "").strip()
    if not name:
        problem("name", _("The name is empty."), _("Fill in the person's name."))
    elif len(name) > 200:
        problem("name", _("The name is longer than 200 characters."), _("Shorten the name."))
    username = values.get("username", "").strip()
    if username:
        if not _USERNAME.match(username):
            problem(
                "username",
                _("%(value)r is not a valid login name.") % {"value": username},
                _("Use letters, digits and . @ + - _ only, at most 150 characters."),
            )
        elif get_user_model().objects.filter(username__iexact=username).exists() or (
            seen_usernames is not None and username.lower() in seen_usernames
        ):
            problem(
                "username",
                _("The login name %(value)r is already taken.") % {"value": username},
                _("Choose another login name."),
            )
        if seen_usernames is not None:
            seen_usernames.add(username.lower())
    email = values.get("email", "").strip()
    if email and not _EMAIL.match(email):
        problem(
            "email", _("%(value)r is not an e-mail address.") % {"value": email}, _("Correct the address.")
        )
    team = None
    team_name = values.get("team", "").strip()
    if team_name:
        team = Team.objects.filter(organisation=org, name__iexact=team_name).first()
        if team is None:
            problem(
                "team",
                _("The organisation has no team %(value)r.") % {"value": team_name},
                _("Add the team first, or correct its name."),
            )
    role = values.get("role", "").strip().lower() or ROLE_EMPLOYEE
    if role not in dict(ROLES):
        problem(
            "role",
            _("%(value)r is not a role.") % {"value": role},
            _("Use one of: %(roles)s.") % {"roles": ", ".join(dict(ROLES))},
        )
    accounts = []
    for platform in PLATFORM_IDS:
        value = values.get(platform, "").strip()
        if not value:
            continue
        try:
            handle, instance = _handle(platform, value)
        except ValueError as exc:
            problem(platform, str(exc), _("Correct the handle or leave the field empty."))
            continue
        accounts.append((platform, handle, instance))
    if problems:
        return None, problems
    return Row(line, name, username, email, team, role, accounts), []


def parse_roster(data: bytes, org: Organisation) -> list[Row]:
    """Check a roster CSV; raise :class:`RosterError` with every problem, or return its rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(
            [InputError(_("The file is not UTF-8 text."), fix=_("Save the roster as CSV in UTF-8."))]
        ) from exc
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [c.strip().lower() for c in next(reader, [])]
    if "name" not in header:
        raise RosterError(
            [
                InputError(
                    _("The first line has no column 'name' (found: %(found)s).")
                    % {"found": ", ".join(header) or "–"},
                    line=1,
                    fix=_("Start the file with a header line such as: %(columns)s")
                    % {"columns": ",".join(COLUMNS)},
                )
            ]
        )
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        raise RosterError(
            [
                InputError(
                    _("Unknown column %(column)r.") % {"column": unknown[0]},
                    line=1,
                    field=unknown[0],
                    fix=_("Use only these columns: %(columns)s") % {"columns": ",".join(COLUMNS)},
                )
            ]
        )
    rows: list[Row] = []
    problems: list[InputError] = []
    seen: set[str] = set()
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            problems.append(
                InputError(
                    _("The line has %(n)d fields, the header %(m)d.") % {"n": len(values), "m": len(header)},
                    line=line,
                    fix=_("Remove the extra separators, or put quotes around a value with a comma."),
                )
            )
            continue
        row, found = check_row(dict(zip(header, values, strict=False)), org, line, seen_usernames=seen)
        problems += found
        if row is not None:
            rows.append(row)
        if len(rows) + len(problems) > MAX_ROWS:
            problems.append(
                InputError(_("The roster has more than %(n)d rows.") % {"n": MAX_ROWS}, line=line)
            )
            break
    if problems:
        raise RosterError(problems)
    if not rows:
        raise RosterError(
            [InputError(_("The roster holds no people."), line=2, fix=_("Add a line per person."))]
        )
    return rows


def import_rows(rows: list[Row], org: Organisation, by: Any, how: str) -> list[Person]:
    """Write the checked *rows* in one transaction (all or nothing) and audit each person."""
    made = []
    with transaction.atomic():
        for row in rows:
            user = None
            if row.username:
                user = get_user_model().objects.create(username=row.username, email=row.email)
                user.set_unusable_password()
                user.save(update_fields=["password"])
            person = Person.objects.create(
                organisation=org, user=user, team=row.team, name=row.name, role=row.role
            )
            for platform, handle, instance in row.accounts:
                ConnectedAccount.objects.create(
                    person=person, platform=platform, handle=handle, instance=instance, purpose=""
                )
            platforms = ",".join(p for p, _h, _i in row.accounts)
            audit.log(
                by,
                audit.ORG_SETTINGS,
                person,
                f"person {person.pk} added ({how}): team={person.team_id} role={person.role} "
                f"login={'yes' if user else 'no'} accounts={platforms or '-'}",
            )
            made.append(person)
    return made
