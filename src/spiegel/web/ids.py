"""Database ids taken from forms and query strings.

A URL's ``<int:…>`` part is ASCII digits, and Django answers an out-of-range primary key in an
exact lookup with "not found"; but an id typed into a form or a query string can be anything:
``"²"`` passes ``str.isdigit`` and fails ``int()``, and a number past the 64-bit range crashes an
``__in`` lookup (SQLite: OverflowError, PostgreSQL: out of range). Views parse such ids here.
"""

from __future__ import annotations

#: the largest value of a BigAutoField (PostgreSQL bigint, SQLite INTEGER)
MAX_ID = 2**63 - 1


def parse_id(value: str) -> int | None:
    """*value* as a database id (1 … :data:`MAX_ID`, ASCII digits only), or None."""
    if not value or len(value) > 19 or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: list[str]) -> list[int] | None:
    """Every value of *values* as an id, or None when any of them is not one."""
    ids = [parse_id(v) for v in values]
    return None if None in ids else [i for i in ids if i is not None]
