"""LinkedIn data export ("Get a copy of your data"), as zip, folder or single CSV files.

Reads ``Shares.csv`` (posts), ``Comments.csv`` (comments on other posts: replies),
``Connections.csv`` (connections: a follow each way, plus an account with the connection's
position as bio), ``Profile.csv`` (the owner, if present) and ``Invitations.csv`` (only for the
owner's profile URL). LinkedIn's oddities are handled:

* column names follow the account's language: :data:`COLUMNS` maps the English, Dutch, German,
  French and Spanish names (matching ignores case, spaces and punctuation);
* ``Connections.csv`` starts with a "Notes:" preamble before its header row;
* multi-line texts are written with every line wrapped in its own doubled quotes
  (``line one""\\n""line two``); the quotes are removed again;
* ``Comments.csv`` escapes quotes with a backslash (``\\"``) instead of doubling them.

The export has no field "handle", so the owner's handle is worked out, in this order, from
(1) a public-profile URL in ``Profile.csv`` (a ``Public Profile Url`` column, or a
``linkedin.com/in/…`` address among its ``Websites``), (2) ``Invitations.csv``, whose
``inviterProfileUrl`` of an outgoing invitation (``inviteeProfileUrl`` of an incoming one) is
the owner's profile, and, as a last resort, (3) the first and last name in ``Profile.csv`` as a
slug (``Jan de Vries`` → ``jan-de-vries``). That derived slug is not the real LinkedIn slug
(which often ends in a number), so others' mentions of the owner do not match it; it only ties
the owner's posts to the owner. Posts and comments get that handle as author and an
:class:`~spiegel.records.Account` with ``is_self=True`` names it. Without ``Profile.csv`` and
``Invitations.csv`` (e.g. a lone ``Shares.csv``) the author stays ``""``, no owner account is
written, and ``spiegel inspect`` warns that the owner is unknown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._csv import iter_rows
from spiegel.sources._dates import in_range, parse_any
from spiegel.sources._notices import notice
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import Container

#: canonical column → the names LinkedIn uses in each export language
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "Datum", "Fecha", "Data"),
    "share_link": (
        "ShareLink",
        "Share Link",
        "Link delen",
        "Deellink",
        "Freigabelink",
        "Lien de partage",
        "Enlace de la publicación",
    ),
    "commentary": (
        "ShareCommentary",
        "Share Commentary",
        "Commentaar bij delen",
        "Tekst",
        "Beitragstext",
        "Kommentar zum Beitrag",
        "Commentaire de partage",
        "Texte",
        "Comentario",
    ),
    "shared_url": (
        "SharedUrl",
        "Shared URL",
        "Gedeelde URL",
        "Geteilte URL",
        "URL partagée",
        "URL compartida",
    ),
    "media_url": ("MediaUrl", "Media URL", "Media-URL", "URL du média", "URL del contenido multimedia"),
    "visibility": ("Visibility", "Zichtbaarheid", "Sichtbarkeit", "Visibilité", "Visibilidad"),
    "link": ("Link", "Koppeling", "Lien", "Enlace"),
    "message": ("Message", "Bericht", "Nachricht", "Reactie", "Commentaire", "Mensaje"),
    "first_name": ("First Name", "Voornaam", "Vorname", "Prénom", "Nombre"),
    "last_name": ("Last Name", "Achternaam", "Nachname", "Nom", "Apellidos"),
    "url": ("URL", "Profiel-URL", "Profil-URL", "URL du profil", "URL del perfil"),
    "email": (
        "Email Address",
        "E-mailadres",
        "E-Mail-Adresse",
        "Adresse e-mail",
        "Dirección de correo electrónico",
    ),
    "company": ("Company", "Bedrijf", "Unternehmen", "Entreprise", "Empresa"),
    "position": ("Position", "Functie", "Positie", "Poste", "Cargo"),
    "connected_on": (
        "Connected On",
        "Verbonden op",
        "Verbunden am",
        "Connecté le",
        "Date de connexion",
        "Fecha de conexión",
    ),
    "headline": ("Headline", "Kopregel", "Slogan", "Titre", "Titular"),
    "summary": ("Summary", "Samenvatting", "Zusammenfassung", "Résumé", "Extracto"),
    "profile_url": (
        "Public Profile Url",
        "Public Profile URL",
        "Openbare profiel-URL",
        "Öffentliche Profil-URL",
    ),
    "websites": ("Websites",),
    "direction": ("Direction",),
    "sent_at": ("Sent At",),
    "from": ("From",),
    "to": ("To",),
    "inviter_url": ("inviterProfileUrl",),
    "invitee_url": ("inviteeProfileUrl",),
}
#: which canonical columns identify each file (also used to recognise renamed files)
FILES: dict[str, tuple[str, ...]] = {
    "shares": ("date", "share_link", "commentary"),
    "comments": ("date", "link", "message"),
    "connections": ("first_name", "last_name", "connected_on"),
    "profile": ("first_name", "last_name", "headline"),
    "invitations": ("direction",),
}
_FILE_NAMES = {
    "shares.csv": "shares",
    "comments.csv": "comments",
    "connections.csv": "connections",
    "profile.csv": "profile",
    "invitations.csv": "invitations",
}
_KEY = re.compile(r"[^0-9a-zà-ÿ]+")
_PROFILE_IN_TEXT = re.compile(r"linkedin\.com/in/[^\s,;\]\[\"'<>]+", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^\w-]+")
#: files an export may lack or hold in a shape we cannot read: a problem there is a notice, not
#: an error (the posts are in Shares.csv and Comments.csv)
OPTIONAL = ("connections", "profile", "invitations")
#: LinkedIn's date formats besides ISO 8601, oldest first: ``1/8/18, 6:14 PM`` (Connections,
#: 2018), ``2017/06/08 08:15:44 UTC`` (Shares, 2018), ``16 Jun 2021`` (Connections, 2021+)
DATE_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%Y/%m/%d %H:%M:%S", "%d %b %Y", "%d-%b-%y")


def _norm(name: str) -> str:
    return _KEY.sub("", name.lower())


_LOOKUP = {_norm(alias): canon for canon, aliases in COLUMNS.items() for alias in aliases}


def canonical(row: Mapping[str | None, Any] | Mapping[str, Any]) -> dict[str, Any]:
    """Rename a row's columns to the canonical names of :data:`COLUMNS` (unknown ones kept)."""
    return {_LOOKUP.get(_norm(k), k): v for k, v in row.items() if k is not None}


def _header_kind(cells: list[str]) -> str | None:
    names = {_LOOKUP.get(_norm(c)) for c in cells}
    for kind, needed in FILES.items():
        if all(n in names for n in needed):
            return kind
    return None


def unwrap_lines(text: str) -> str:
    """Undo LinkedIn's per-line quoting: ``a"\\n""\\n"b`` → ``a\\n\\nb``."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    ok = (
        lines[0].endswith('"')
        and lines[last].startswith('"')
        and all(len(line) >= 2 and line.startswith('"') and line.endswith('"') for line in lines[1:last])
    )
    if not ok:
        return text
    out = []
    for i, line in enumerate(lines):
        if i > 0:
            line = line[1:]
        if i < last:
            line = line[:-1]
        out.append(line)
    return "\n".join(out)


def _slug(url: str | None) -> str | None:
    """``https://www.linkedin.com/in/jan-jansen-123/`` → ``jan-jansen-123``."""
    if not url:
        return None
    try:
        path = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:  # "Invalid IPv6 URL" and the like: not a profile address
        return None
    if len(path) >= 2 and path[0] == "in":
        return normalize_handle(unquote(path[1]))
    return None


def name_slug(name: str) -> str | None:
    """A handle made from a person's name: ``Jan de Vries`` → ``jan-de-vries``."""
    return normalize_handle("-".join(_NOT_SLUG.sub("", part) for part in name.split()).strip("-"))


def _profile_url_in(text: str | None) -> str | None:
    """The first ``linkedin.com/in/…`` address in *text* (e.g. Profile.csv's ``Websites``)."""
    match = _PROFILE_IN_TEXT.search(text or "")
    return "https://www." + match.group(0) if match else None


def _full_name(row: dict[str, Any]) -> str:
    return " ".join(
        p for p in ((row.get("first_name") or "").strip(), (row.get("last_name") or "").strip()) if p
    )


def parse_date(value: str) -> datetime:
    """A LinkedIn date in any of the formats LinkedIn has used (:data:`DATE_FORMATS`, then
    ISO 8601 and the spreadsheet formats of :func:`~spiegel.sources._dates.parse_any`).
    Raises ``ValueError``."""
    text = value.strip()
    if text.endswith(" UTC"):
        text = text[:-4].rstrip()
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return in_range(parsed)
    return in_range(parse_any(text))


def _when(value: Any) -> datetime | None:
    if not value or not str(value).strip():
        return None
    try:
        return parse_date(str(value))
    except ValueError:
        return None


def _line_text(row: dict[str | None, Any]) -> str:
    """A row as the line it was read from (cells joined with commas), for a continuation line."""
    cells = [str(v) for k, v in row.items() if k is not None]
    return ",".join(cells + [str(c) for c in row.get(None) or ()]).rstrip(",")


class LinkedInImporter(Importer):
    """LinkedIn data export (zip, folder, or Shares.csv / Comments.csv / Connections.csv).

    Shares become posts (id = the share's URL), comments become replies to the post they were
    written under (``in_reply_to_id`` = that post's URL), connections become follows and network
    accounts. Column names in English, Dutch, German, French and Spanish are recognised.
    """

    name: ClassVar[str] = "linkedin"
    help: ClassVar[str] = (
        "LinkedIn data export (zip or folder, or Shares.csv, Comments.csv, Connections.csv)."
    )

    def _files(self, container: Container) -> list[tuple[str, str]]:
        found = []
        names = container.names()
        for name in names:
            kind = _FILE_NAMES.get(name.rsplit("/", 1)[-1].lower())
            if kind:
                found.append((kind, name))
        if not found and len(names) == 1 and names[0].lower().endswith(".csv"):
            kind = self._sniff(container, names[0])
            if kind:
                found.append((kind, names[0]))
        order = list(FILES)
        return sorted(found, key=lambda kind_name: (order.index(kind_name[0]), kind_name[1]))

    def _sniff(self, container: Container, name: str) -> str | None:
        """A CSV under another name is LinkedIn's only if every column is a LinkedIn column."""
        with container.open(name) as f:
            head = f.read(8192)
        for line in head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:8]:
            cells = [c.strip().strip('"') for c in line.split(",")]
            kind = _header_kind(cells)
            if kind and all(_norm(c) in _LOOKUP for c in cells if c):
                return kind
        return None

    def detect(self, container: Container) -> bool:
        return bool(self._files(container))

    def _rows(self, container: Container, name: str) -> Iterator[tuple[int, dict[str | None, Any]]]:
        with container.open(name) as f:
            yield from iter_rows(
                f,
                container.display(name),
                is_header=lambda cells: _header_kind(cells) is not None,
                escapechar="\\",
            )

    def _optional_rows(self, container: Container, name: str) -> Iterator[tuple[int, dict[str | None, Any]]]:
        """The rows of an optional file; a file that cannot be read is a notice, not an error."""
        try:
            yield from self._rows(container, name)
        except MalformedFileError as exc:
            notice(container.display(name), "optional_unreadable", why=exc.what)

    def owner(self, container: Container) -> tuple[str | None, str | None]:
        """(handle, profile URL) of the export's owner, ``None`` where the files do not say;
        see the module docstring for where they come from."""
        return self._owner(container, self._files(container))

    def _owner(self, container: Container, files: list[tuple[str, str]]) -> tuple[str | None, str | None]:
        profiles = [
            canonical(row)
            for kind, name in files
            if kind == "profile"
            for _, row in self._optional_rows(container, name)
        ]
        for row in profiles:
            url = (row.get("profile_url") or "").strip() or _profile_url_in(row.get("websites"))
            if _slug(url):
                return _slug(url), url
        for kind, name in files:
            if kind != "invitations":
                continue
            for _, raw in self._optional_rows(container, name):
                row = canonical(raw)
                direction = (row.get("direction") or "").strip().upper()
                column = {"OUTGOING": "inviter_url", "INCOMING": "invitee_url"}.get(direction)
                url = (row.get(column) or "").strip() if column else ""
                if _slug(url):
                    return _slug(url), url
        for row in profiles:
            handle = name_slug(_full_name(row))
            if handle:
                return handle, None
        return None, None

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        files = self._files(container)
        handle, url = self._owner(container, files)
        if handle and not any(kind == "profile" for kind, _ in files):
            yield RawItem(container.display(), "owner", {"row": {}, "owner": handle, "owner_url": url})
        for kind, name in files:
            if kind == "invitations":  # read only for the owner's profile URL
                continue
            where = container.display(name)
            rows = self._optional_rows(container, name) if kind in OPTIONAL else self._rows(container, name)
            if kind == "comments":
                rows = _join_continuations(rows, where)
            for line, row in rows:
                if kind == "connections" and not _full_name(canonical(row)) and not canonical(row).get("url"):
                    notice(where, "no_name")
                    continue
                yield RawItem(where, kind, {"row": row, "owner": handle, "owner_url": url}, line)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        """*item.data* is ``{"row": the CSV row, "owner": handle or None, "owner_url": …}``."""
        row = canonical(item.data["row"])
        if item.kind == "shares":
            return self._share(row, item)
        if item.kind == "comments":
            return self._comment(row, item)
        if item.kind == "connections":
            return self._connection(row, item)
        if item.kind in ("profile", "owner"):
            return self._profile(row, item)
        return ()

    def _date(self, row: dict[str, Any], item: RawItem) -> datetime:
        when = _when(row.get("date"))
        if when is None:
            raise MalformedFileError(
                f"cannot read the date {row.get('date')!r}",
                path=item.file,
                line=item.line,
                field="Date",
                fix="Pass the CSV as LinkedIn exported it; spiegel reads LinkedIn's date formats "
                "2024-05-01 14:30:00, 2017/06/08 08:15:44 UTC, 1/8/18, 6:14 PM and 16 Jun 2021.",
            )
        return when

    def _share(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        created = self._date(row, item)
        link = (row.get("share_link") or "").strip()
        text = unwrap_lines(row.get("commentary") or "")
        vis = (row.get("visibility") or "").strip().upper()
        urls = [u for u in ((row.get("shared_url") or "").strip(),) if u]
        post_id = (
            link
            or "linkedin:share:" + hashlib.sha1(f"{created.isoformat()}\n{text}".encode()).hexdigest()[:20]
        )
        return [
            Post(
                platform="linkedin",
                id=post_id,
                author=item.data["owner"] or "",
                created_at=created,
                text=text,
                url=link or None,
                urls=urls,
                visibility="private" if vis.startswith("CONNECTIONS") else ("public" if vis else None),
                raw=item.data["row"],
            )
        ]

    def _comment(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        created = self._date(row, item)
        link = (row.get("link") or "").strip() or None
        text = unwrap_lines(row.get("message") or "")
        digest = hashlib.sha1(f"{link}\n{created.isoformat()}\n{text}".encode()).hexdigest()[:20]
        return [
            Post(
                platform="linkedin",
                id=f"linkedin:comment:{digest}",
                author=item.data["owner"] or "",
                created_at=created,
                text=text,
                url=link,
                in_reply_to_id=link,
                visibility="public",
                raw=item.data["row"],
            )
        ]

    def _connection(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        url = (row.get("url") or "").strip() or None
        name = _full_name(row)
        handle = _slug(url) or name_slug(name)
        if not handle:
            return []
        position, company = (row.get("position") or "").strip(), (row.get("company") or "").strip()
        bio = ", ".join(p for p in (position, company) if p) or None
        when = _when(row.get("connected_on"))
        return [
            Account(
                platform="linkedin",
                handle=handle,
                display_name=name or None,
                bio=bio,
                url=url,
                raw=item.data["row"],
            ),
            Interaction(
                platform="linkedin",
                kind="follow",
                actor=None,
                target_author=handle,
                target_url=url,
                created_at=when,
                raw=item.data["row"],
            ),
        ]

    def _profile(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        name = _full_name(row)
        bio = "\n\n".join(
            p for p in ((row.get("headline") or "").strip(), (row.get("summary") or "").strip()) if p
        )
        return [
            Account(
                platform="linkedin",
                handle=item.data["owner"] or "",
                display_name=name or None,
                bio=bio or None,
                url=item.data["owner_url"],
                is_self=True,
                raw=item.data["row"] or None,
            )
        ]


def _join_continuations(
    rows: Iterator[tuple[int, dict[str | None, Any]]], where: str
) -> Iterator[tuple[int, dict[str | None, Any]]]:
    """Repair ``Comments.csv`` rows broken by unquoted text (LinkedIn 2021): a line whose date
    cannot be read continues the message of the row above it, and cells beyond the header
    (commas in an unquoted message) belong to the message. Both repairs are counted as notices."""
    pending: tuple[int, dict[str | None, Any]] | None = None
    for line, row in rows:
        canon = canonical(row)
        if _when(canon.get("date")) is None and pending is not None:
            prev = pending[1]
            key = next((k for k in prev if k is not None and _LOOKUP.get(_norm(k)) == "message"), None)
            if key is not None:
                prev[key] = f"{prev[key]}\n{_line_text(row)}"
                notice(where, "joined_lines")
                continue
        if row.get(None):
            key = next((k for k in row if k is not None and _LOOKUP.get(_norm(k)) == "message"), None)
            if key is not None:
                row[key] = ",".join([str(row[key]), *(str(c) for c in row.pop(None))])
                notice(where, "joined_commas")
        if pending is not None:
            yield pending
        pending = (line, row)
    if pending is not None:
        yield pending
