"""CSV reading for importers: encoding detection, LinkedIn-style preambles, clear errors.

Spreadsheet programs write CSV as UTF-8 with or without a byte-order mark, as UTF-16 (Excel's
"Unicode text"), or in a legacy code page. UTF-8 and UTF-16 (with its BOM) are read; anything
else fails with an error that names the line and says how to convert the file.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from typing import IO, Any, cast

from spiegel.errors import MalformedFileError

FIX_ENCODING = (
    "Save the file as 'CSV UTF-8' in your spreadsheet program, or convert it, e.g. "
    "iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv."
)

#: A CSV line longer than this is not a row of an export (refused instead of read into memory).
MAX_LINE = 16 * 1024 * 1024


def _too_long(where: str, line: int) -> MalformedFileError:
    return MalformedFileError(
        f"the line is longer than {MAX_LINE // 2**20} MiB; this is not a CSV export",
        path=where,
        line=line,
        fix="Pass the CSV file as exported (one row per line), as UTF-8 text.",
    )


def _encoding(f: IO[bytes]) -> tuple[Any, str]:
    reader: Any = f if hasattr(f, "peek") else io.BufferedReader(cast(Any, f))
    head = reader.peek(4)[:4]
    if head.startswith(b"\xef\xbb\xbf"):
        return reader, "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return reader, "utf-16"
    return reader, "utf-8"


def _utf8_lines(reader: Any, where: str, bom: bool) -> Iterator[str]:
    """Decode line by line, so that a wrong byte is reported on its own line."""
    number = 0
    while raw := reader.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise _too_long(where, number)
        if number == 1 and bom:
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedFileError(
                f"the file is not UTF-8 text (byte {raw[exc.start]:#04x} at column {exc.start + 1}); "
                "it may be Latin-1 or Windows-1252",
                path=where,
                line=number,
                fix=FIX_ENCODING,
            ) from exc


def _bounded(text: io.TextIOWrapper, where: str) -> Iterator[str]:
    number = 0
    while line := text.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise _too_long(where, number)
        yield line


def open_text(f: IO[bytes], where: str) -> Iterator[str]:
    """The lines of a binary stream as text, the encoding chosen from the byte-order mark."""
    reader, encoding = _encoding(f)
    if encoding == "utf-16":
        return _bounded(io.TextIOWrapper(reader, encoding=encoding, errors="strict", newline=""), where)
    return _utf8_lines(reader, where, bom=encoding == "utf-8-sig")


#: delimiters tried, in order, when looking for the header row (LinkedIn's 2018 exports are
#: tab-separated UTF-16)
DELIMITERS = (",", "\t", ";")
#: how many lines are searched for the header row
HEADER_LINES = 64


def iter_rows(
    f: IO[bytes],
    where: str,
    is_header: Callable[[list[str]], bool] | None = None,
    escapechar: str | None = None,
) -> Iterator[tuple[int, dict[str | None, Any]]]:
    """Yield ``(line, row)`` for each data row; *line* is where the row starts in the file.

    Rows before the header are skipped: the header is the first row for which *is_header*
    returns true (the first non-empty row when it is None). The delimiter (comma, tab or
    semicolon) is the one with which the header is found. Row keys are the header's column
    names with surrounding spaces removed; cells beyond the header's columns are kept as a list
    under the key ``None`` (as :class:`csv.DictReader` does). *escapechar* reads ``\\"`` as a
    quote inside quoted fields (LinkedIn writes some files that way).
    """
    f, encoding = _encoding(f)
    text = open_text(f, where)
    head: list[str] = []
    line = 1
    try:
        for raw in text:
            head.append(raw)
            if len(head) >= HEADER_LINES:
                break
        delimiter = _delimiter(head, is_header, escapechar)
        if delimiter is None:
            raise _no_header(where, head, encoding, is_header is not None)
        reader = csv.reader(itertools.chain(head, text), escapechar=escapechar, delimiter=delimiter)
        header: list[str] | None = None
        for row in reader:
            start, line = line, reader.line_num + 1
            if header is None:
                if any(c.strip() for c in row) and (is_header is None or is_header(row)):
                    header = [c.strip().lstrip("\ufeff") for c in row]
                continue
            if not any(c.strip() for c in row):
                continue
            out: dict[str | None, Any] = dict(zip(header, row, strict=False))
            if len(row) > len(header):
                out[None] = row[len(header) :]
            yield start, out
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            f"the file is not {'UTF-16' if encoding == 'utf-16' else 'UTF-8'} text "
            "(it may be Latin-1 or Windows-1252)",
            path=where,
            line=line,
            fix=FIX_ENCODING,
        ) from exc
    except csv.Error as exc:
        raise MalformedFileError(
            f"the CSV cannot be read ({exc})",
            path=where,
            line=line,
            fix="Export the file again as CSV (comma-separated, UTF-8).",
        ) from exc


def _delimiter(
    head: list[str], is_header: Callable[[list[str]], bool] | None, escapechar: str | None
) -> str | None:
    """The first delimiter with which a header row is found in the first lines."""
    for delimiter in DELIMITERS:
        for row in csv.reader(head, escapechar=escapechar, delimiter=delimiter):
            if any(c.strip() for c in row) and (is_header is None or is_header(row)):
                if is_header is None and delimiter != "," and len(row) < 2:
                    continue
                return delimiter
    return None


def _no_header(where: str, head: list[str], encoding: str, expected: bool) -> MalformedFileError:
    """The error for a file without a header row, naming what was read: encoding, delimiters,
    the first line."""
    if not any(line.strip() for line in head):
        return MalformedFileError(
            "the file is empty", path=where, fix="Pass the CSV file as exported, with its header row."
        )
    first = next(line for line in head if line.strip()).strip()[:80]
    enc = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8 with BOM"}.get(encoding, "UTF-8")
    return MalformedFileError(
        ("the file has no header row with the expected column names" if expected else "no header row")
        + f" (read as {enc}, tried comma, tab and semicolon as delimiter in the first "
        f"{len(head)} lines; the first line is {first!r})",
        path=where,
        fix="Pass the CSV file as exported, with its header row; if it was opened and saved in a "
        "spreadsheet program, export it again from the platform.",
    )
