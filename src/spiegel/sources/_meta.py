"""Shared reading of Meta's "Download your information" exports (Facebook, Instagram, Threads).

Meta's JSON has two habits every reader must undo:

* **Mojibake.** Text is UTF-8, but each byte is written as its own ``\\u00XX`` escape, so ``é``
  arrives as ``Ã©`` and an emoji as four Latin-1 characters. Some files (and some newer exports)
  hold literal UTF-8 instead, sometimes mixed with the escaped form in one file.
  :func:`fix_text` decodes every run of characters U+0080–U+00FF that forms valid UTF-8 and
  leaves everything else alone, so both forms come out right and real Latin-1 text (``café``)
  is not touched.
* **Timestamps** are Unix seconds (``timestamp``, ``creation_timestamp``).

Meta's exports do not record who could see an item (friends only, public, a private Instagram
account), so every item is read with ``visibility="unknown"``; it counts in an assessment only
once the person declares the account public (``--public-account``; see docs/formats.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from spiegel.errors import MalformedFileError
from spiegel.sources._dates import in_range
from spiegel.sources._json import SMALL, load_small
from spiegel.sources.container import Container

#: the visibility of every item read from a Meta export (see the module docstring)
UNKNOWN = "unknown"
#: platforms whose items wait for the owner's confirmation that the account is public
CONFIRM_PLATFORMS = ("facebook", "instagram", "threads")

_RUN = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf]+")
FIX_META = (
    "Download your information again from Meta in JSON format (not HTML) and pass the whole zip "
    "or unpacked folder."
)


def _decode_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        # Part of the run may still be valid: decode what can be decoded, keep the rest.
        return _partial(run)


def _partial(run: str) -> str:
    out: list[str] = []
    raw = run.encode("latin-1")
    i = 0
    while i < len(raw):
        for size in (4, 3, 2):
            try:
                out.append(raw[i : i + size].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            i += size
            break
        else:
            out.append(chr(raw[i]))
            i += 1
    return "".join(out)


def fix_text(value: Any) -> str:
    """Meta's text with its mojibake undone (see the module docstring); non-strings → ``""``."""
    if not isinstance(value, str):
        return ""
    if not any("\u00c2" <= c <= "\u00f4" for c in value):
        return value
    return _RUN.sub(_decode_run, value)


def dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON list; anything else (a missing key, a string, a number) → ``[]``."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def when(value: Any) -> datetime | None:
    """A Unix timestamp (seconds; milliseconds are recognised by size) as an aware datetime."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    seconds = value / 1000 if value > 10**11 else value
    try:
        return in_range(datetime.fromtimestamp(seconds, UTC))
    except (OverflowError, OSError, ValueError):
        return None


def load(container: Container, name: str) -> Any:
    """A Meta JSON file, parsed whole (these files are small next to an X archive). Its text is
    left as written: readers apply :func:`fix_text` to each field they use, exactly once (fixing
    twice would damage text that really contains such characters)."""
    where = container.display(name)
    with container.open(name) as f:
        return load_small(f, where, SMALL)


def items_of(data: Any, keys: tuple[str, ...], where: str) -> list[Any]:
    """The list of a file that Meta writes either as a bare list or as ``{key: [...]}``."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return list(data[key])
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return list(lists[0])
        if not data:
            return []
    raise MalformedFileError(
        f"expected a list of items (or an object with one of {', '.join(keys)}), found {type(data).__name__}",
        path=where,
        fix=FIX_META,
    )


def string_map(item: Any) -> dict[str, Any]:
    """Instagram's ``string_map_data`` with its keys lower-cased (``Comment``, ``Media Owner``,
    ``Time``; Dutch ``Opmerking``, ``Media-eigenaar``, ``Tijd``)."""
    data = item.get("string_map_data") if isinstance(item, dict) else None
    if not isinstance(data, dict):
        return {}
    return {fix_text(str(k)).lower(): v for k, v in data.items() if isinstance(v, dict)}


def first(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        if key in mapping:
            value = mapping[key]
            return value if isinstance(value, dict) else {}
    return {}
