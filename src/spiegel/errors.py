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
layer can show them separately.
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
        parts: list[str] = []
        if self.path:
            parts.append(self.path)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def render(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        if self.fix:
            text += f"\n  How to fix: {self.fix}"
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
