"""spiegel's exceptions: one tree, raised by the core, turned into user-facing output only by the
CLI (``cli.py``) and the web layer (``web/``).

::

    SpiegelError                      base of everything spiegel raises on purpose
    ├── InputError                    the user's input is wrong; CLI exit code 2
    │   ├── UnknownFormatError        no importer recognises a path
    │   ├── MalformedFileError        a file is unreadable (names file, line/field, fix)
    │   ├── UnsafeArchiveError        zip bomb, path traversal, absolute path, symlink
    │   └── ConfigError               org.yaml / model YAML / CLI option is invalid
    ├── RegistryError                 a plugin registers a duplicate name or a wrong shape
    └── RemoteError                   a platform API failed (HTTP error, bad payload)
        └── RateLimitedError          the API said "slow down" and retries ran out

Every message says what is wrong, where (file, line, key) and how to fix it. Build messages
with the keyword arguments of :class:`InputError` so that the three parts stay apart and the web
layer can show them separately. A *what* or *fix* made with :func:`spiegel.i18n.L_` can be shown
in the reader's language (:meth:`InputError.render` with ``lang``, ``what_in``, ``fix_in``); as a
plain ``str`` it reads as English.
"""

from __future__ import annotations

from pathlib import Path


class SpiegelError(Exception):
    """Base class of all errors spiegel raises on purpose."""

    exit_code = 1


class InputError(SpiegelError):
    """The user's input is wrong. Carries *what*, *where* and *fix* separately."""

    exit_code = 2

    def __init__(
        self,
        what: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.what = what
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.fix = fix
        super().__init__(self.render())

    @property
    def where(self) -> str:
        return self.where_in(None)

    def where_in(self, lang: str | None) -> str:
        """File, line and field, in *lang* (None: English as written)."""
        parts: list[str] = [self.path] if self.path else []
        if lang is None:
            parts += [f"line {self.line}"] if self.line is not None else []
            parts += [f"field {self.field!r}"] if self.field else []
            return ", ".join(parts)
        from spiegel.i18n import t  # imported here: spiegel.i18n itself imports this module

        parts += [t("line %(line)s", lang, line=self.line)] if self.line is not None else []
        parts += [t("field %(field)s", lang, field=repr(self.field))] if self.field else []
        return ", ".join(parts)

    def what_in(self, lang: str | None) -> str:
        """What is wrong, in *lang* when the message was made translatable (``spiegel.i18n.L_``)."""
        if lang is None:
            return str(self.what)
        from spiegel.i18n import localize

        return localize(self.what, lang)

    def fix_in(self, lang: str | None) -> str | None:
        """How to fix it, in *lang* when the message was made translatable."""
        if lang is None or self.fix is None:
            return None if self.fix is None else str(self.fix)
        from spiegel.i18n import localize

        return localize(self.fix, lang)

    def render(self, lang: str | None = None) -> str:
        """The whole message; in *lang* (``nl``/``en``) as far as it was made translatable,
        without one in English as written."""
        where, what, fix = self.where_in(lang), self.what_in(lang), self.fix_in(lang)
        text = f"{where}: {what}" if where else what
        if fix and lang is None:
            text += f"\n  How to fix: {fix}"
        elif fix:
            from spiegel.i18n import t

            text += "\n  " + t("How to fix: %(fix)s", str(lang), fix=fix)
        return text


class UnknownFormatError(InputError):
    """No registered importer recognises the path."""


class MalformedFileError(InputError):
    """A file could not be read: bad JSON/CSV, truncated, wrong encoding, missing field."""


class UnsafeArchiveError(InputError):
    """An archive was refused for safety: zip bomb, path traversal, absolute path, symlink."""


class ConfigError(InputError):
    """A configuration file or option is invalid (org.yaml, model YAML, CLI option)."""


class RegistryError(SpiegelError):
    """A plugin was registered twice under one name, or does not have the required shape."""


class RemoteError(SpiegelError):
    """A platform API answered with an error or with a payload spiegel cannot read."""

    exit_code = 3


class RateLimitedError(RemoteError):
    """The platform kept answering 'too many requests' after all retries."""
