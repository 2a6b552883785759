"""Date parsing shared by the importers. Every function returns a timezone-aware datetime or
raises ``ValueError`` (the importer turns that into a :class:`~spiegel.errors.MalformedFileError`
that names the file and the field).

A date must also lie in :data:`EARLIEST` … :data:`LATEST` (UTC): a hostile or damaged export
can carry ``Fri Dec 31 23:59:59 -1000 9999``, which Python parses but cannot convert to UTC
(``OverflowError`` as soon as a later stage compares or converts it). :func:`in_range` is the
one check, used by every parser here and by the API clients' own date parsing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

#: The dates spiegel accepts (UTC). Nothing public on social media predates 1900, and a date
#: after 2999 is a damaged or hostile file; both bounds leave room for date arithmetic.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)

#: years that no UTC offset can move across a bound (in_range's common case)
_SAFE_YEARS = range(EARLIEST.year + 1, LATEST.year - 1)
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


def in_range(value: datetime) -> datetime:
    """Return *value* (made timezone-aware, offset-less taken as UTC) if it lies between
    :data:`EARLIEST` and :data:`LATEST`; raise ``ValueError`` otherwise (also when it cannot be
    converted to UTC at all)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if aware.year in _SAFE_YEARS:
        return aware  # the common case: no offset can move it across a bound
    try:
        utc = aware.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"the date {value.isoformat()} is out of range") from exc
    if not EARLIEST <= utc < LATEST:
        raise ValueError(
            f"the date {value.isoformat()} is out of range ({EARLIEST.year}-01-01 to {LATEST.year - 1}-12-31)"
        )
    return aware


def parse_twitter(value: str) -> datetime:
    """Parse X's ``created_at`` (``"Wed Oct 10 20:19:24 +0000 2018"``) quickly.

    Fixed positions instead of ``strptime``: this runs once per tweet and strptime is the
    slowest step of an import otherwise.
    """
    if len(value) != 30 or value[3] != " " or value[19] != " ":
        raise ValueError(f"not an X date: {value!r}")
    try:
        month = _MONTHS[value[4:7]]
    except KeyError:
        raise ValueError(f"not an X date: {value!r}") from None
    offset = value[20:25]
    tz = _OFFSETS.get(offset)
    if tz is None:
        sign = -1 if offset[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        _OFFSETS[offset] = tz
    year = int(value[26:30])
    parsed = datetime(
        year, month, int(value[8:10]), int(value[11:13]), int(value[14:16]), int(value[17:19]), tzinfo=tz
    )
    if year in _SAFE_YEARS:  # in_range's common case, without the call
        return parsed
    return in_range(parsed)


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 date (``Z`` suffix allowed); offset-less times are taken as UTC."""
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is not None and parsed.year in _SAFE_YEARS:  # in_range's common case, inline
        return parsed
    return in_range(parsed)


def parse_any(value: str) -> datetime:
    """ISO 8601 first, then the common spreadsheet formats (day before month, as in Europe)."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return in_range(parsed)
    for fmt in _EXTRA_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return in_range(parsed)
    raise ValueError(f"unrecognised date {value!r}")
