# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The files on disk that belong to a person, removed with their rows.

Under the data dir a person leaves: uploaded archives (``uploads/<person>/``, one file per
:class:`~spiegel.web.models.Source`), and per connected account the fetched posts
(``fetched/<platform>-<account>.jsonl``) with their paging state (``….jsonl.state.json``) and a
possible half-written temporary file. Rendered reports and profile fragments live in Django's
cache (in memory), never on disk. The text signals of their posts in the text-signal cache
(``spiegel.text_cache``, outside the data dir) are deleted by :func:`forget_text_signals`.

The removal hangs on the rows' ``post_delete`` signal, so it happens however a row goes:
erasure by the person or HR, a cascade from the person, the Django admin.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete

from spiegel.web.models import ConnectedAccount, Person, Source


def inside_data_dir(path: Path) -> bool:
    """True for a path inside the data dir or the upload folder (never remove anything else)."""
    real = path.resolve()
    return any(
        real.is_relative_to(Path(folder).resolve())
        for folder in (settings.DATA_DIR, settings.UPLOAD_DIR)
        if folder
    )


def remove_source_file(source: Source) -> None:
    """The uploaded file of *source*, when it lies in the upload folder (a fetched file is shared
    by all fetches of its account and goes with the account: :func:`remove_account_files`)."""
    if source.path and Path(source.path).resolve().is_relative_to(Path(settings.UPLOAD_DIR).resolve()):
        Path(source.path).unlink(missing_ok=True)


def account_files(account: ConnectedAccount) -> list[Path]:
    """What the scheduled fetches keep of *account* (``spiegel.web.fetchers``)."""
    folder = Path(settings.DATA_DIR) / "fetched"
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{account.platform}-{account.pk}.jsonl*"))


def remove_account_files(account: ConnectedAccount) -> None:
    for path in account_files(account):
        path.unlink(missing_ok=True)


def remove_person_folder(person: Person) -> None:
    folder = Path(settings.UPLOAD_DIR) / str(person.pk)
    if folder.is_dir() and inside_data_dir(folder):
        shutil.rmtree(folder, ignore_errors=True)


def forget_text_signals(records: Any) -> int:
    """Delete the text signals of the posts among *records* (a ``StoredRecord`` queryset) from
    the text-signal cache (``spiegel.text_cache``, outside the data dir: it holds hashes and
    signals, no text, but they are still derived from the person's posts). Every key a profile
    build may have used is deleted: with and without classifiers and embeddings."""
    from spiegel.records import Post
    from spiegel.text_cache import TextSignalCache
    from spiegel.web.store import record_from_json

    with TextSignalCache() as cache:
        if not cache.path.exists():
            return 0
        keys: list[bytes] = []
        for kind, data in records.filter(record_type="post").values_list("record_type", "data").iterator():
            post = record_from_json(kind, data)
            if isinstance(post, Post):
                keys += [cache.key(post, c, e) for c in (True, False) for e in (False, True)]
        return cache.delete_many(keys)


def forget_cached_pages() -> None:
    """Drop rendered reports and profile fragments (cached per snapshot, in memory)."""
    from django.core.cache import cache

    cache.clear()


def _source_deleted(sender: Any, instance: Source, **_kwargs: Any) -> None:
    remove_source_file(instance)


def _account_deleted(sender: Any, instance: ConnectedAccount, **_kwargs: Any) -> None:
    remove_account_files(instance)


def _person_deleted(sender: Any, instance: Person, **_kwargs: Any) -> None:
    remove_person_folder(instance)


def connect() -> None:
    post_delete.connect(_source_deleted, sender=Source, dispatch_uid="spiegel-erase-source-file")
    post_delete.connect(_account_deleted, sender=ConnectedAccount, dispatch_uid="spiegel-erase-account-files")
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid="spiegel-erase-person-folder")
