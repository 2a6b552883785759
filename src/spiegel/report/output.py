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
from spiegel.i18n import N_, t

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}

#: per kind of failure: what went wrong and how to fix it
_MESSAGES = {
    "full": (
        N_("the disk is full: the report could not be written (%(detail)s)"),
        N_("Free up space on the disk, or write the report elsewhere with -o, then run the command again."),
    ),
    "denied": (
        N_("no permission to write the report here (%(detail)s)"),
        N_("Choose a folder you may write to with -o, or change the permissions of %(folder)s."),
    ),
    "folder": (
        N_("the report cannot be written here: a folder is in the way (%(detail)s)"),
        N_("Give a file name with -o, not a folder."),
    ),
    "other": (
        N_("the report could not be written (%(detail)s)"),
        N_("Check the disk and the folder %(folder)s, or write the report elsewhere with -o."),
    ),
}


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
    failed, how = _MESSAGES[key]
    fix = t(how, lang, **values)
    if kept:
        fix += " " + t("The report already at %(path)s was left as it was.", lang, **values)
    return ConfigError(t(failed, lang, **values), path=output, fix=fix)
