from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from spiegel.errors import MalformedFileError, UnsafeArchiveError
from spiegel.sources.container import Container, Limits


def test_zip_members_are_listed_and_streamed(make_zip):
    path = make_zip({"top/data/tweets.js": "hello", "top/data/like.js": "x"})
    with Container.open_path(path) as c:
        assert c.kind == "zip"
        assert c.names() == ["top/data/like.js", "top/data/tweets.js"]
        assert c.find("data/tweets.js") == ["top/data/tweets.js"]
        assert c.read_bytes("top/data/tweets.js") == b"hello"


def test_zip_path_traversal_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/passwd", "root")
    with pytest.raises(UnsafeArchiveError, match="outside it"):
        Container.open_path(path)


def test_zip_absolute_path_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("/etc/passwd", "root")
    with pytest.raises(UnsafeArchiveError, match="absolute path"):
        Container.open_path(path)


def test_zip_symlink_is_refused(tmp_path):
    path = tmp_path / "link.zip"
    info = zipfile.ZipInfo("data/tweets.js")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="symbolic link"):
        Container.open_path(path)


def test_zip_bomb_is_refused_before_expansion(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/tweets.js", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(UnsafeArchiveError, match="zip bomb"):
        Container.open_path(path)


def test_member_size_limit(make_zip):
    path = make_zip({"a.json": "x" * 5000})
    with pytest.raises(UnsafeArchiveError, match="over the limit"):
        Container.open_path(path, Limits(max_member_bytes=1000))


def test_tar_gz_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.tar.gz"
    data = b"\0" * (30 * 1024 * 1024)
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("outbox.json")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    with pytest.raises(UnsafeArchiveError, match="decompression bomb"):
        Container.open_path(path)


def test_tar_symlink_is_refused(tmp_path):
    path = tmp_path / "link.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("outbox.json")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    with pytest.raises(UnsafeArchiveError, match="link"):
        Container.open_path(path)


def test_folder_with_symlink_is_refused(tmp_path):
    (tmp_path / "export").mkdir()
    os.symlink("/etc/passwd", tmp_path / "export" / "outbox.json")
    with pytest.raises(UnsafeArchiveError, match="symbolic link"):
        Container.open_path(tmp_path / "export").names()


def test_truncated_zip_names_the_file(tmp_path, make_zip):
    good = make_zip({"data/tweets.js": "x" * 10000})
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(MalformedFileError) as exc:
        Container.open_path(bad)
    assert "truncated.zip" in str(exc.value)
    assert "How to fix" in str(exc.value)


def test_missing_path(tmp_path: Path):
    with pytest.raises(MalformedFileError, match="no such file"):
        Container.open_path(tmp_path / "nope.zip")
