"""LinkedIn data export ("Get a copy of your data"), as zip, folder or single CSV files.

Reads ``Shares.csv`` (posts), ``Comments.csv`` (comments on other posts: replies),
``Connections.csv`` (connections: a follow each way, plus an account with the connection's
position as bio) and ``Profile.csv`` (the owner, if present). LinkedIn's oddities are handled:

* column names follow the account's language: :data:`COLUMNS` maps the English, Dutch, German,
  French and Spanish names (matching ignores case, spaces and punctuation);
* ``Connections.csv`` starts with a "Notes:" preamble before its header row;
* multi-line texts are written with every line wrapped in its own doubled quotes
  (``line one""\\n""line two``); the quotes are removed again;
* ``Comments.csv`` escapes quotes with a backslash (``\\"``) instead of doubling them.

The export does not contain the owner's handle: posts get the author ``""`` unless
``Profile.csv`` names a public profile URL; reports use the handle the user gives.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from spiegel.errors import MalformedFileError
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._csv import iter_rows
from spiegel.sources._dates import parse_any
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
}
#: which canonical columns identify each file (also used to recognise renamed files)
FILES: dict[str, tuple[str, ...]] = {
    "shares": ("date", "share_link", "commentary"),
    "comments": ("date", "link", "message"),
    "connections": ("first_name", "last_name", "url"),
    "profile": ("first_name", "last_name", "headline"),
}
_FILE_NAMES = {
    "shares.csv": "shares",
    "comments.csv": "comments",
    "connections.csv": "connections",
    "profile.csv": "profile",
}
_KEY = re.compile(r"[^0-9a-zà-ÿ]+")


def _norm(name: str) -> str:
    return _KEY.sub("", name.lower())


_LOOKUP = {_norm(alias): canon for canon, aliases in COLUMNS.items() for alias in aliases}


def canonical(row: dict[str, Any]) -> dict[str, Any]:
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
    path = [s for s in urlsplit(url).path.split("/") if s]
    if len(path) >= 2 and path[0] == "in":
        return normalize_handle(unquote(path[1]))
    return None


def _when(value: Any) -> datetime | None:
    if not value or not str(value).strip():
        return None
    try:
        return parse_any(str(value))
    except ValueError:
        return None


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

    def iter_raw(self, container: Container) -> Iterator[RawItem]:
        for kind, name in self._files(container):
            where = container.display(name)
            with container.open(name) as f:
                rows = iter_rows(
                    f, where, is_header=lambda cells: _header_kind(cells) is not None, escapechar="\\"
                )
                for line, row in rows:
                    yield RawItem(where, kind, row, line)

    def to_records(self, item: RawItem) -> Iterable[Record]:
        row = canonical(item.data)
        if item.kind == "shares":
            return self._share(row, item)
        if item.kind == "comments":
            return self._comment(row, item)
        if item.kind == "connections":
            return self._connection(row, item)
        if item.kind == "profile":
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
                fix="Pass the CSV as LinkedIn exported it (dates like 2024-05-01 14:30:00).",
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
                author="",
                created_at=created,
                text=text,
                url=link or None,
                urls=urls,
                visibility="private" if vis.startswith("CONNECTIONS") else ("public" if vis else None),
                raw=item.data,
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
                author="",
                created_at=created,
                text=text,
                url=link,
                in_reply_to_id=link,
                visibility="public",
                raw=item.data,
            )
        ]

    def _connection(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        url = (row.get("url") or "").strip() or None
        name = " ".join(
            p for p in ((row.get("first_name") or "").strip(), (row.get("last_name") or "").strip()) if p
        )
        handle = _slug(url) or normalize_handle(name.replace(" ", "-"))
        if not handle:
            return []
        position, company = (row.get("position") or "").strip(), (row.get("company") or "").strip()
        bio = ", ".join(p for p in (position, company) if p) or None
        when = _when(row.get("connected_on"))
        return [
            Account(
                platform="linkedin", handle=handle, display_name=name or None, bio=bio, url=url, raw=item.data
            ),
            Interaction(
                platform="linkedin",
                kind="follow",
                actor=None,
                target_author=handle,
                target_url=url,
                created_at=when,
                raw=item.data,
            ),
        ]

    def _profile(self, row: dict[str, Any], item: RawItem) -> list[Record]:
        name = " ".join(
            p for p in ((row.get("first_name") or "").strip(), (row.get("last_name") or "").strip()) if p
        )
        bio = "\n\n".join(
            p for p in ((row.get("headline") or "").strip(), (row.get("summary") or "").strip()) if p
        )
        return [
            Account(
                platform="linkedin",
                handle=_slug(row.get("profile_url")) or "",
                display_name=name or None,
                bio=bio or None,
                url=(row.get("profile_url") or None),
                is_self=True,
                raw=item.data,
            )
        ]
