"""Writing a report file safely: to ``<name>.part`` first, then renamed over the target.

A failed write (disk full, no permission, the target is a folder) removes the ``.part`` file,
leaves a report already at the target untouched, and raises a :class:`ConfigError` that names
the file, what went wrong and how to fix it, in the report's language.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from spiegel.errors import ConfigError
from spiegel.i18n import t

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_report(output: Path, data: bytes, lang: str) -> None:
    """Write *data* to *output* atomically; see the module docstring."""
    tmp = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        _write(tmp, data)
        tmp.replace(output)
    except OSError as exc:
        with contextlib.suppress(OSError):  # the message below still names the file
            tmp.unlink(missing_ok=True)
        raise _write_error(output, exc, lang) from exc


def _write_error(output: Path, exc: OSError, lang: str) -> ConfigError:
    if exc.errno in _FULL:
        key = "full"
    elif exc.errno in _DENIED:
        key = "denied"
    elif exc.errno in {errno.EISDIR, errno.ENOTDIR} or output.is_dir():
        key = "folder"
    else:
        key = "other"
    values = {"path": output, "folder": output.parent, "detail": exc.strerror or str(exc)}
    kept = output.exists()
    fix = t(f"cli.write_fix_{key}", lang, **values)
    if kept:
        fix += " " + t("cli.write_kept", lang, **values)
    return ConfigError(t(f"cli.write_failed_{key}", lang, **values), path=output, fix=fix)
