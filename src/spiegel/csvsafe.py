"""CSV files a person opens in a spreadsheet: no cell may start a formula (CSV injection).

Following the OWASP guidance, a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'``, so Excel, LibreOffice and Google Sheets show it as text
instead of running ``=HYPERLINK(…)`` or ``=cmd|…``. Numbers stay numbers: ``int``/``float``
cells and text that is just a number (``-0.25``) are written unchanged.

(``defusedcsv`` does much the same but leaves tabs and carriage returns alone and rewrites ``|``
inside cells, so these few lines are spiegel's own.)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: Any) -> Any:
    """*value*, with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The text :func:`neutralise_cell` was given: a ``'`` before a formula character is
    dropped again when spiegel reads back a CSV it wrote (e.g. a filled-in questionnaire)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


class SafeWriter:
    """A :func:`csv.writer` whose rows go through :func:`neutralise_cell`."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, **options: Any) -> SafeWriter:
    """Like :func:`csv.writer` (same options), for files people open in a spreadsheet."""
    return SafeWriter(stream, **options)
