"""Test helpers: zip a fixture folder at test time, split records by type."""

from __future__ import annotations

import zipfile
from pathlib import Path

from spiegel.records import Account, Interaction, Post, Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = Path(__file__).resolve().parents[2]
FORMATS = REPO.parent / "shared" / "data" / "formats"


def zip_folder(folder: Path, target: Path, top: str = "") -> Path:
    """Zip every file under *folder* into *target* (optionally under a top folder)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}{path.relative_to(folder).as_posix()}")
    return target


def split(records: list[Record]) -> tuple[list[Post], list[Interaction], list[Account]]:
    posts = [r for r in records if isinstance(r, Post)]
    inter = [r for r in records if isinstance(r, Interaction)]
    accounts = [r for r in records if isinstance(r, Account)]
    return posts, inter, accounts
