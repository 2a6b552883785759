"""Importers: everything that turns a user's exports into :mod:`spiegel.records`.

Built-in importers are registered in :data:`BUILTIN_IMPORTERS` below, the same way a plugin
registers one (:func:`register`). Use :func:`open_source` to read a path whose format is
detected, or pass ``format=`` to force one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from spiegel.errors import MalformedFileError, RegistryError, UnknownFormatError
from spiegel.records import Record
from spiegel.sources.base import Importer, RawItem
from spiegel.sources.container import DEFAULT_LIMITS, Container, Limits

__all__ = [
    "Container",
    "Importer",
    "RawItem",
    "checked_read",
    "detect",
    "get_importer",
    "read_path",
    "register",
    "registry",
]

#: Built-in importers, as "module:Class". Adding a format = one module + one line here.
BUILTIN_IMPORTERS: list[str] = [
    "spiegel.sources.bluesky_car:BlueskyCarImporter",
    "spiegel.sources.generic:GenericImporter",
    "spiegel.sources.x_archive:XArchiveImporter",
    "spiegel.sources.x_legacy:XLegacyArchiveImporter",
    "spiegel.sources.mastodon_archive:MastodonArchiveImporter",
    "spiegel.sources.linkedin:LinkedInImporter",
    "spiegel.sources.facebook:FacebookImporter",
    "spiegel.sources.instagram:InstagramImporter",
]

_REGISTRY: dict[str, Importer] = {}
_LOADED = False


def register(importer_cls: type[Importer]) -> type[Importer]:
    """Register an importer class. Raises :class:`RegistryError` on a duplicate name or a
    class that does not follow the contract."""
    name = getattr(importer_cls, "name", "")
    if not isinstance(importer_cls, type) or not issubclass(importer_cls, Importer):
        raise RegistryError(f"{importer_cls!r} is not a subclass of spiegel.sources.Importer")
    if not name or not name.replace("_", "").isalnum() or name != name.lower():
        raise RegistryError(f"importer {importer_cls.__qualname__} needs a lower-case name, got {name!r}")
    if not importer_cls.help:
        raise RegistryError(f"importer {name!r} needs a one-line help text")
    for method in ("detect", "iter_raw", "to_records"):
        if getattr(importer_cls, method) is getattr(Importer, method):
            raise RegistryError(f"importer {name!r} does not implement {method}()")
    if name in _REGISTRY:
        raise RegistryError(
            f"an importer named {name!r} is already registered "
            f"({type(_REGISTRY[name]).__module__}); choose another name"
        )
    _REGISTRY[name] = importer_cls()
    return importer_cls


def _load_builtins() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for spec in BUILTIN_IMPORTERS:
        module_name, _, cls_name = spec.partition(":")
        module = importlib.import_module(module_name)
        register(getattr(module, cls_name))


def registry() -> dict[str, Importer]:
    """All registered importers by name, in detection order."""
    _load_builtins()
    return dict(sorted(_REGISTRY.items(), key=lambda kv: (kv[1].priority, kv[0])))


def get_importer(name: str) -> Importer:
    reg = registry()
    if name not in reg:
        raise UnknownFormatError(
            f"unknown format {name!r}",
            fix=f"Use one of: {', '.join(reg)}.",
        )
    return reg[name]


def detect(container: Container) -> Importer:
    """The first importer (in detection order) that recognises *container*."""
    for importer in registry().values():
        if importer.detect(container):
            return importer
    raise UnknownFormatError(
        "spiegel does not recognise this file or folder as any supported export",
        path=container.path,
        fix="Pass an X/Twitter archive (also the old-style one with data/js/tweets/), a Mastodon "
        "archive, a Bluesky CAR file, a LinkedIn export, a Facebook or Instagram/Threads export in "
        "JSON (not HTML), or posts in spiegel's generic JSONL/CSV format (see docs/formats.md); "
        "or force a format with --format.",
    )


def read_path(
    path: str | Path, format: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Record]:
    """Stream the records of *path*, detecting its format unless *format* is given."""
    with Container.open_path(path, limits) as container:
        importer = get_importer(format) if format else detect(container)
        yield from checked_read(importer, container, forced=format is not None)


def checked_read(importer: Importer, container: Container, forced: bool) -> Iterator[Record]:
    """``importer.read(container)``; when the format was forced (``--format``) on a path the
    importer does not recognise and nothing came out, that is an error, not an empty result."""
    records = importer.read(container)
    first = next(records, None)
    if first is not None:
        yield first
        yield from records  # delegated, not looped: this runs once per record of an import
        return
    if forced and not importer.detect(container):
        other = next((i.name for i in registry().values() if i is not importer and i.detect(container)), None)
        raise MalformedFileError(
            f"--format {importer.name} was given, but nothing in this path is in that format "
            f"({importer.help})",
            path=container.path,
            fix=f"This looks like the format {other}: use --format {other}, or leave out --format."
            if other
            else "Check the path, or leave out --format so that spiegel detects the format.",
        )
