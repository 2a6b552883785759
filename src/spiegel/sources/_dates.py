"""Date parsing shared by the importers. Every function returns a timezone-aware datetime or
raises ``ValueError`` (the importer turns that into a :class:`~spiegel.errors.MalformedFileError`
that names the file and the field)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
_OFFSETS: dict[str, timezone] = {"+0000": UTC}

#: Formats tried, in order, for dates that are not ISO 8601 (CSV exports of listening tools).
_EXTRA_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%a %b %d %H:%M:%S %z %Y",
    "%d %b %Y",
    "%d-%m-%Y",
)


def parse_twitter(value: str) -> datetime:
    """Parse X's ``created_at`` (``"Wed Oct 10 20:19:24 +0000 2018"``) quickly.

    Fixed positions instead of ``strptime``: this runs once per tweet and strptime is the
    slowest step of an import otherwise.
    """
    if len(value) != 30 or value[3] != " " or value[19] != " ":
        raise ValueError(f"not an X date: {value!r}")
    offset = value[20:25]
    tz = _OFFSETS.get(offset)
    if tz is None:
        sign = -1 if offset[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        _OFFSETS[offset] = tz
    return datetime(
        int(value[26:30]),
        _MONTHS[value[4:7]],
        int(value[8:10]),
        int(value[11:13]),
        int(value[14:16]),
        int(value[17:19]),
        tzinfo=tz,
    )


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 date (``Z`` suffix allowed); offset-less times are taken as UTC."""
    parsed = datetime.fromisoformat(value.strip())
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_any(value: str) -> datetime:
    """ISO 8601 first, then the common spreadsheet formats (day before month, as in Europe)."""
    try:
        return parse_iso(value)
    except ValueError:
        pass
    text = value.strip()
    for fmt in _EXTRA_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    raise ValueError(f"unrecognised date {value!r}")
