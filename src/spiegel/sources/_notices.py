"""Import notices: rows an importer dropped or repaired, and optional files it skipped.

An importer never drops or repairs a row silently: it calls :func:`notice` with the file, a
reason key and how many rows. Whoever reads the records (``spiegel inspect``, the pipeline)
wraps the reading in :func:`collecting` and shows :meth:`Notices.messages` as warnings. Outside
``collecting`` the notices go to the ``spiegel.sources`` logger.

Reason keys map to a Dutch and an English text in :data:`TEXT`; ``{n}`` is the count, ``{file}``
the file, other fields come from the keyword arguments of :func:`notice`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from spiegel.i18n import N_, format_number, texts

_LOG = logging.getLogger("spiegel.sources")

#: the texts of these commands: English msgids of the ``spiegel`` gettext domain with
#: ``str.format`` fields, translated by :func:`spiegel.i18n.texts`
TEXT: dict[str, str] = {
    "optional_unreadable": N_("{file}: skipped (an optional file that cannot be read: {why})"),
    "no_name": N_("{file}: {n} connections without a name skipped (their privacy setting hides the name)"),
    "joined_lines": N_(
        "{file}: {n} lines without a date joined to the message above (a multi-line message without quotes)"
    ),
    "joined_commas": N_(
        "{file}: {n} rows with more columns than the header; the extra columns were "
        "joined to the text (commas in an unquoted text)"
    ),
    "bad_date": N_("{file}: {n} rows skipped: unreadable date (e.g. {example!r})"),
    "no_text": N_("{file}: {n} items without text or date skipped"),
    "duplicate": N_("{file}: {n} posts that are also in another file, counted once"),
    "edited_versions": N_(
        "{file}: {n} earlier versions of edited posts skipped (only the last version counts)"
    ),
    "unknown_visibility": N_(
        "{file}: {n} items without a visibility in the export; they count only once you "
        "declare the account public (--public-account)"
    ),
}


@dataclass
class Notices:
    """Counts per (file, reason), with the extra fields of the first notice of each."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    extra: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add(self, file: str, reason: str, n: int = 1, **extra: str) -> None:
        key = (file, reason)
        self.counts[key] = self.counts.get(key, 0) + n
        self.extra.setdefault(key, extra)

    def messages(self, lang: str = "nl") -> list[str]:
        text = texts(TEXT, lang)
        out = []
        for (file, reason), n in self.counts.items():
            n_text = format_number(n, lang)
            out.append(text[reason].format(file=file, n=n_text, **self.extra[(file, reason)]))
        return out


_CURRENT: ContextVar[Notices | None] = ContextVar("spiegel_import_notices", default=None)


@contextmanager
def collecting() -> Iterator[Notices]:
    """Collect the notices of everything read inside the block."""
    notices = Notices()
    token = _CURRENT.set(notices)
    try:
        yield notices
    finally:
        _CURRENT.reset(token)


def notice(file: str, reason: str, n: int = 1, **extra: str) -> None:
    """Record that *n* rows of *file* were dropped or repaired for *reason* (a key of TEXT)."""
    if reason not in TEXT:  # pragma: no cover - a programming error
        raise KeyError(reason)
    current = _CURRENT.get()
    if current is not None:
        current.add(file, reason, n, **extra)
    else:
        _LOG.warning(TEXT[reason].format(file=file, n=n, **extra))
