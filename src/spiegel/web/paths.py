"""No server paths in what users see.

Import and fetch jobs keep the error of the core (``str`` of a :class:`spiegel.errors.SpiegelError`),
which names the file it read: for an upload that is the stored copy under the data directory,
for a fetch a file under it. Shown to a user, that tells the server's layout. :func:`hide_paths`
turns every absolute path in such a text into its file name (an upload's stored copy into the
name the user uploaded it under); the stored error keeps the full path for the administrator.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

_STOP = r"\s:;,'\"()<>\[\]"
#: an absolute POSIX path with at least one part (not a URL's path: no word, '.', ':' or '/'
#: right before it), and a Windows one; group 1 is the last part
_POSIX = re.compile(rf"(?<![\w.~:/\\-])/(?:[^{_STOP}/\\]+/)*([^{_STOP}/\\]+)/?")
_WINDOWS = re.compile(rf"\b[A-Za-z]:\\(?:[^{_STOP}\\/]+\\)*([^{_STOP}\\/]*)")


def _roots() -> list[str]:
    """The server's own folders (they may hold spaces, which the patterns stop at)."""
    roots = {
        str(settings.DATA_DIR),
        str(settings.UPLOAD_DIR),
        str(getattr(settings, "MEDIA_ROOT", "") or ""),
        str(getattr(settings, "STATIC_ROOT", "") or ""),
        tempfile.gettempdir(),
        str(Path.home()),
    }
    return sorted((r.rstrip("/\\") for r in roots if r and r not in ("/", ".")), key=len, reverse=True)


def hide_paths(text: str, names: Mapping[str, str] | None = None) -> str:
    """*text* with each path in *names* replaced by its name there, and every other absolute
    path by its last part."""
    if not text:
        return text
    for path, name in sorted((names or {}).items(), key=lambda item: len(item[0]), reverse=True):
        if path:
            text = text.replace(path, name)
    for root in _roots():
        # ROOT/any/thing.zip -> thing.zip; ROOT on its own -> its last part
        text = re.sub(re.escape(root) + rf"(?:[/\\][^{_STOP}]*)?(?![^/\\{_STOP}])", _last_part, text)
    text = _POSIX.sub(lambda m: m.group(1), text)
    return _WINDOWS.sub(lambda m: m.group(1), text)


def _last_part(match: re.Match[str]) -> str:
    return re.split(r"[/\\]", match.group(0).rstrip("/\\"))[-1]
