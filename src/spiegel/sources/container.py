"""Safe, uniform access to what a user hands spiegel: a zip, a tar(.gz), a folder or one file.

Every importer reads through :class:`Container`, so the safety rules live in one place:

* names are relative POSIX paths; an absolute path or a ``..`` component is refused
  (path traversal), and so is a symlink or hard link inside an archive or a folder;
* expansion is bounded: a member whose declared size is over ``max_member_bytes``, an archive
  whose members add up to more than ``max_total_bytes``, or a member that compresses better than
  ``max_ratio`` (and is larger than 1 MiB) is refused before anything is decompressed, and every
  read is counted so an archive that lies about its sizes is stopped too (zip bombs);
* the limits are enforced *while listing*: tar headers are read one at a time and the listing
  stops at the first member over a limit (count, size, total, ratio), and a zip's declared
  member count is checked before its central directory is parsed, so an archive of millions
  of empty members is refused before it costs memory;
* the kind is chosen from the first bytes (magic numbers), so a decompressor only ever sees
  data in its own format; a single file that is neither a known archive nor plausible text
  (NUL bytes, or more than 2 % control characters) and that no importer claims as its binary format
  (:meth:`~spiegel.sources.base.Importer.sniff`, e.g. a Bluesky CAR) is refused after reading
  4 KiB;
* members are streamed: :meth:`Container.open` returns a file object, nothing is extracted to
  disk and no member is read whole unless the caller asks for it.
"""

from __future__ import annotations

import io
import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from struct import error as struct_error
from typing import IO, Literal

from spiegel.errors import MalformedFileError, UnknownFormatError, UnsafeArchiveError

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what an archive may expand to. Raise them for very large exports."""

    max_member_bytes: int = 8 * GiB
    max_total_bytes: int = 32 * GiB
    max_ratio: float = 200.0
    max_members: int = 200_000


DEFAULT_LIMITS = Limits()

#: How many bytes of a single file are looked at to choose its kind.
HEAD_BYTES = 4096
#: Compression magic numbers and the tarfile mode that reads each.
_COMPRESSED = ((b"\x1f\x8b", "gz"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: Bytes that do not occur in text files (C0 controls other than tab, newlines, form feed, ESC).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"

_FIX_REPACK = (
    "Re-create the archive with your platform's own export function, or unpack it and pass the folder."
)


def _check_name(name: str, archive: Path) -> str:
    """Return the normalised member name, or raise for absolute paths and traversal."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        raise UnsafeArchiveError(
            f"the archive contains an absolute path ({name!r}); spiegel refuses it for safety",
            path=archive,
            fix=_FIX_REPACK,
        )
    parts = PurePosixPath(posix).parts
    if ".." in parts:
        raise UnsafeArchiveError(
            f"the archive contains a path that points outside it ({name!r}); spiegel refuses it for safety",
            path=archive,
            fix=_FIX_REPACK,
        )
    return "/".join(p for p in parts if p not in ("", "."))


#: What reading a damaged member raises inside zipfile/tarfile and their decompressors.
_DAMAGED = (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError)


class _CountingReader(io.RawIOBase):
    """Wraps a member stream; raises when more bytes come out than the budget allows."""

    def __init__(self, inner: IO[bytes], budget: int, name: str, archive: Path) -> None:
        self._inner = inner
        self._left = budget
        self._name = name
        self._archive = archive

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except _DAMAGED as exc:  # a bad CRC, a corrupt deflate stream, a member cut short
            raise MalformedFileError(
                f"member {self._name!r} cannot be read ({type(exc).__name__}: {exc}); "
                "the archive is damaged or truncated",
                path=self._archive,
                fix="Download the export again and pass the complete file.",
            ) from exc
        n = len(data)
        self._left -= n
        if self._left < 0:
            raise UnsafeArchiveError(
                f"member {self._name!r} expands beyond its declared size or the size limit (zip bomb?)",
                path=self._archive,
                fix=_FIX_REPACK,
            )
        buffer[:n] = data
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class Container:
    """A zip, tar, tar.gz, folder or single file, opened for safe, streaming reads."""

    kind: str

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits

    # -- construction -------------------------------------------------------------------
    @staticmethod
    def open_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Container:
        """Open *path* as the right kind of container (by content, not by file name)."""
        p = Path(path)
        if p.is_symlink():
            raise UnsafeArchiveError(
                "the path is a symbolic link; spiegel does not follow links",
                path=p,
                fix="Pass the real file or folder the link points to.",
            )
        if not p.exists():
            raise MalformedFileError("no such file or folder", path=p, fix="Check the path and try again.")
        if p.is_dir():
            return FolderContainer(p, limits)
        if not p.is_file():
            raise MalformedFileError(
                "this is not a regular file or folder", path=p, fix="Pass the export file or folder itself."
            )
        with p.open("rb") as f:
            head = f.read(HEAD_BYTES)
        if zipfile.is_zipfile(p):
            return ZipContainer(p, limits)
        compression = next((mode for magic, mode in _COMPRESSED if head.startswith(magic)), None)
        if compression is not None:
            return TarContainer(p, limits, compression)
        if _is_tar_header(head[:512]):
            return TarContainer(p, limits, "")
        if head.startswith(b"PK\x03\x04"):
            raise MalformedFileError(
                "this looks like a zip archive but cannot be read; it is probably truncated or damaged",
                path=p,
                fix="Download the export again and pass the complete file.",
            )
        check_plausible(head, p)
        return FileContainer(p, limits)

    # -- interface ----------------------------------------------------------------------
    def names(self) -> list[str]:
        """All member names (relative POSIX paths), folders excluded."""
        raise NotImplementedError

    def size(self, name: str) -> int:
        """Declared uncompressed size of a member in bytes."""
        raise NotImplementedError

    def _open_raw(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the underlying file handle."""

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers shared by all kinds ----------------------------------------------------
    def display(self, name: str | None = None) -> str:
        """A human-readable location: ``archive.zip!data/tweets.js``."""
        if name is None or self.kind == "file":
            return str(self.path)
        return f"{self.path}!{name}" if self.kind in ("zip", "tar") else str(self.path / name)

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """Open a member for streaming reads, bounded by its declared size and the limits."""
        budget = min(self.size(name), self.limits.max_member_bytes)
        raw = self._open_raw(name)
        reader = io.BufferedReader(_CountingReader(raw, budget, name, self.path), buffer_size=1 * MiB)
        try:
            yield reader
        finally:
            reader.close()

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as f:
            return f.read()

    def find(self, suffix: str) -> list[str]:
        """Names equal to *suffix* or ending in ``/suffix`` (archives often add a top folder)."""
        suffix = suffix.lower()
        return sorted(n for n in self.names() if n.lower() == suffix or n.lower().endswith("/" + suffix))

    def find_one(self, suffix: str) -> str | None:
        found = self.find(suffix)
        return found[0] if found else None

    def basenames(self) -> set[str]:
        return {n.rsplit("/", 1)[-1].lower() for n in self.names()}

    def _check_budget(self, sizes: list[tuple[str, int, int]]) -> None:
        """Refuse bombs before decompressing: sizes are (name, uncompressed, compressed)."""
        lim = self.limits
        if len(sizes) > lim.max_members:
            raise UnsafeArchiveError(
                f"the archive has {len(sizes):,} members, more than the limit of {lim.max_members:,}",
                path=self.path,
                fix=_FIX_REPACK,
            )
        total = 0
        for name, size, packed in sizes:
            total += size
            if size > lim.max_member_bytes:
                raise UnsafeArchiveError(
                    f"member {name!r} would expand to {size:,} bytes, "
                    f"over the limit of {lim.max_member_bytes:,}",
                    path=self.path,
                    fix=_FIX_REPACK,
                )
            if size > MiB and packed > 0 and size / packed > lim.max_ratio:
                raise UnsafeArchiveError(
                    f"member {name!r} is compressed {size / packed:,.0f}:1, which looks like a zip bomb",
                    path=self.path,
                    fix=_FIX_REPACK,
                )
        if total > lim.max_total_bytes:
            raise UnsafeArchiveError(
                f"the archive would expand to {total:,} bytes, over the limit of {lim.max_total_bytes:,}",
                path=self.path,
                fix=_FIX_REPACK,
            )


def _is_tar_header(block: bytes) -> bool:
    """Is *block* a valid (uncompressed) tar header? Checks the header checksum, as tarfile does;
    a block of NUL bytes is not."""
    if len(block) < 512 or not block.strip(b"\0"):
        return False
    try:
        tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
    except (tarfile.HeaderError, ValueError):
        return False
    return True


def looks_binary(head: bytes) -> int | None:
    """The offset of the first byte that makes *head* not text (a NUL byte, or the first control
    character when more than 2 % of *head* are controls: random binary data has about 11 %, text
    next to none); None when it is plausible text.
    UTF-16 and UTF-32 text (with a byte-order mark) count as text."""
    if not head or head.startswith(_TEXT_BOMS):
        return None
    nul = head.find(b"\0")
    if nul >= 0:
        return nul
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls * 50 > len(head):
        return next(i for i, b in enumerate(head) if b in _CONTROL)
    return None


def check_plausible(head: bytes, path: Path) -> None:
    """Refuse a single file that is neither text nor a binary format an importer claims
    (:meth:`~spiegel.sources.base.Importer.sniff`): it cannot be an export, and reading it
    further (as JSON, CSV …) could only waste time."""
    at = looks_binary(head)
    if at is None:
        return
    from spiegel.sources import registry  # the registry imports this module

    if any(importer.sniff(head) for importer in registry().values()):
        return
    raise UnknownFormatError(
        f"spiegel does not recognise this file: it is not text (byte {head[at]:#04x} at offset {at}) "
        "and not a known archive (zip, tar, tar.gz, tar.bz2, tar.xz) or export file",
        path=path,
        fix="Pass the export as downloaded from the platform (a zip, a folder, a Bluesky .car file) "
        "or posts in spiegel's generic JSONL/CSV format as UTF-8 text (see docs/formats.md).",
    )


class FileContainer(Container):
    kind = "file"

    def names(self) -> list[str]:
        return [self.path.name]

    def size(self, name: str) -> int:
        return self.path.stat().st_size

    def _open_raw(self, name: str) -> IO[bytes]:
        return self.path.open("rb")


class FolderContainer(Container):
    kind = "folder"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        self._names: list[str] | None = None

    def names(self) -> list[str]:
        if self._names is None:
            found: list[str] = []
            for root, dirs, files in os.walk(self.path, followlinks=False):
                for entry in dirs + files:
                    full = Path(root, entry)
                    if full.is_symlink():
                        raise UnsafeArchiveError(
                            f"the folder contains a symbolic link ({full.relative_to(self.path)}); "
                            "spiegel does not follow links",
                            path=self.path,
                            fix="Replace the link with the real file, or remove it.",
                        )
                found.extend(Path(root, f).relative_to(self.path).as_posix() for f in files)
                if len(found) > self.limits.max_members:
                    raise UnsafeArchiveError(
                        f"the folder has more than {self.limits.max_members:,} files",
                        path=self.path,
                        fix="Pass the export folder itself, not a folder above it.",
                    )
            self._names = sorted(found)
        return self._names

    def size(self, name: str) -> int:
        return self._resolve(name).stat().st_size

    def _resolve(self, name: str) -> Path:
        full = self.path / _check_name(name, self.path)
        mode = full.lstat().st_mode
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            raise UnsafeArchiveError(
                f"{name!r} is not a regular file", path=self.path, fix="Pass a folder of plain files."
            )
        return full

    def _open_raw(self, name: str) -> IO[bytes]:
        return self._resolve(name).open("rb")


class ZipContainer(Container):
    kind = "zip"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits)
        declared = _zip_declared_members(path)
        if declared is not None and declared > limits.max_members:
            raise UnsafeArchiveError(
                f"the archive declares {declared:,} members, more than the limit of {limits.max_members:,}",
                path=path,
                fix=_FIX_REPACK,
            )
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise MalformedFileError(
                f"the zip file cannot be read ({exc}); it may be truncated or damaged",
                path=path,
                fix="Download the export again and pass the complete file.",
            ) from exc
        self._infos: dict[str, zipfile.ZipInfo] = {}
        sizes: list[tuple[str, int, int]] = []
        for info in self._zip.infolist():
            name = _check_name(info.filename, path)
            if info.is_dir():
                continue
            unix_mode = info.external_attr >> 16
            if unix_mode and stat.S_ISLNK(unix_mode):
                raise UnsafeArchiveError(
                    f"the archive contains a symbolic link ({info.filename!r}); "
                    "spiegel refuses it for safety",
                    path=path,
                    fix=_FIX_REPACK,
                )
            self._infos[name] = info
            sizes.append((name, info.file_size, info.compress_size))
        self._check_budget(sizes)

    def names(self) -> list[str]:
        return sorted(self._infos)

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def _open_raw(self, name: str) -> IO[bytes]:
        try:
            return self._zip.open(self._infos[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError, EOFError) as exc:
            raise MalformedFileError(
                f"member {name!r} cannot be read ({exc})",
                path=self.path,
                fix="Download the export again; encrypted zips are not supported, unpack them first.",
            ) from exc

    def close(self) -> None:
        self._zip.close()


def _zip_declared_members(path: Path) -> int | None:
    """The member count a zip's end-of-central-directory record declares (zip64 included), read
    before the central directory itself; None when the record cannot be read (then ZipFile
    reports the damage)."""
    try:
        with path.open("rb") as f:
            end = zipfile._EndRecData(f)  # type: ignore[attr-defined]  # stable since Python 2
    except (OSError, struct_error, ValueError):
        return None
    if not end:
        return None
    return int(end[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


_TAR_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError)
_TAR_MODES: dict[str, Literal["r:*", "r:", "r:gz", "r:bz2", "r:xz"]] = {
    "*": "r:*",
    "": "r:",
    "gz": "r:gz",
    "bz2": "r:bz2",
    "xz": "r:xz",
}


class TarContainer(Container):
    kind = "tar"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS, compression: str = "*") -> None:
        """Open the tar (*compression*: ``""``, ``"gz"``, ``"bz2"``, ``"xz"``, or ``"*"`` to let
        tarfile try each) and list it, one header at a time, within the limits."""
        super().__init__(path, limits)
        try:
            self._tar = tarfile.open(path, mode=_TAR_MODES[compression])  # noqa: SIM115 - closed by close()
        except _TAR_ERRORS as exc:
            raise self._damaged(exc, compression) from exc
        try:
            self._members = self._list(compression)
        except BaseException:
            self._tar.close()
            raise

    def _damaged(self, exc: BaseException, compression: str) -> MalformedFileError:
        kind = "tar" if compression in ("", "*") else f"compressed tar ({compression})"
        return MalformedFileError(
            f"this looks like a {kind} archive but cannot be read ({exc}); "
            "it is probably truncated or damaged",
            path=self.path,
            fix="Download the export again and pass the complete file.",
        )

    def _list(self, compression: str) -> dict[str, tarfile.TarInfo | tuple[int, int]]:
        """Read the headers one by one, refusing at the first limit crossed. Regular files are
        kept as (data offset, size) only: a TarInfo costs ~0.5 KiB, and tarfile's own member
        list is emptied as it goes, so memory stays flat however many members there are."""
        lim, path = self.limits, self.path
        packed = max(path.stat().st_size, 1)
        members: dict[str, tarfile.TarInfo | tuple[int, int]] = {}
        count = total = 0
        while True:
            try:
                m = self._tar.next()
            except _TAR_ERRORS as exc:
                raise self._damaged(exc, compression) from exc
            seen = getattr(self._tar, "members", None)  # tarfile keeps every header it read here
            if isinstance(seen, list):
                seen.clear()
            if m is None:
                return members
            count += 1
            if count > lim.max_members:
                raise UnsafeArchiveError(
                    f"the archive has more than {lim.max_members:,} members (the limit)",
                    path=path,
                    fix=_FIX_REPACK,
                )
            name = _check_name(m.name, path)
            if m.issym() or m.islnk():
                raise UnsafeArchiveError(
                    f"the archive contains a link ({m.name!r}); spiegel refuses it for safety",
                    path=path,
                    fix=_FIX_REPACK,
                )
            # what the listing has decompressed so far, or what the members declare
            expanded = max(total + m.size, self._tar.offset)
            if m.size > lim.max_member_bytes:
                raise UnsafeArchiveError(
                    f"member {name!r} would expand to {m.size:,} bytes, "
                    f"over the limit of {lim.max_member_bytes:,}",
                    path=path,
                    fix=_FIX_REPACK,
                )
            if expanded > MiB and expanded / packed > lim.max_ratio:
                raise UnsafeArchiveError(
                    f"the archive is compressed more than {expanded / packed:,.0f}:1, "
                    "which looks like a decompression bomb",
                    path=path,
                    fix=_FIX_REPACK,
                )
            if not m.isfile():
                continue
            total += m.size
            if total > lim.max_total_bytes:
                raise UnsafeArchiveError(
                    f"the archive would expand to more than {lim.max_total_bytes:,} bytes (the limit)",
                    path=path,
                    fix=_FIX_REPACK,
                )
            members[name] = (m.offset_data, m.size) if m.sparse is None and m.isreg() else m

    def names(self) -> list[str]:
        return sorted(self._members)

    def size(self, name: str) -> int:
        entry = self._members[name]
        return entry[1] if isinstance(entry, tuple) else entry.size

    def _open_raw(self, name: str) -> IO[bytes]:
        entry = self._members[name]
        if isinstance(entry, tuple):
            info = tarfile.TarInfo(name)
            info.offset_data, info.size = entry
            entry = info
        try:
            f = self._tar.extractfile(entry)
        except _TAR_ERRORS as exc:  # pragma: no cover - extractfile only seeks
            raise MalformedFileError(f"member {name!r} cannot be read ({exc})", path=self.path) from exc
        if f is None:  # pragma: no cover - only regular files are listed
            raise MalformedFileError(f"member {name!r} is not a file", path=self.path)
        return f

    def close(self) -> None:
        self._tar.close()
