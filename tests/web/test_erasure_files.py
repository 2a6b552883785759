"""Erasing a person or one of their accounts removes every file derived from them under the
data dir: uploads, fetched posts and their paging state (spiegel.web.erasure)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from spiegel.web import fetchers
from spiegel.web.models import ConnectedAccount, Person, Source

from .conftest import World


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.UPLOAD_DIR = settings.DATA_DIR / "uploads"
    settings.UPLOAD_DIR.mkdir(parents=True)
    (settings.DATA_DIR / "spiegel.sqlite3").write_bytes(b"")  # stands for the installation's own files
    return settings.DATA_DIR


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _leave_traces(person: Person) -> set[str]:
    """An upload and, per account, what a scheduled fetch writes; returns the files made."""
    folder = Path(fetchers.settings.UPLOAD_DIR) / str(person.pk)
    folder.mkdir(parents=True, exist_ok=True)
    upload = folder / "0123abcd.zip"
    upload.write_bytes(b"PK archive")
    (folder / "0123abcd.unpacked.tmp").write_bytes(b"left over")
    made = {upload, folder / "0123abcd.unpacked.tmp"}
    for account in ConnectedAccount.objects.filter(person=person):
        Source.objects.create(
            organisation=person.organisation,
            person=person,
            account=account,
            path=str(upload),
            original_name="archive.zip",
        )
        fetched = fetchers._output(account)
        fetched.write_text('{"id": "1"}\n')
        state = fetched.with_name(fetched.name + ".state.json")
        state.write_text("{}")
        tmp = fetched.with_name(fetched.name + ".state.json.tmp")
        tmp.write_text("{")
        Source.objects.create(
            organisation=person.organisation,
            person=person,
            account=account,
            path=str(fetched),
            original_name=fetched.name,
            format="generic",
        )
        made |= {fetched, state, tmp}
    return {str(p.relative_to(fetchers.settings.DATA_DIR)) for p in made}


def test_erasing_a_person_removes_their_files(
    world: World, login: Callable[[str], Any], data_dir: Path
) -> None:
    emp, other = world.people["emp"], world.people["other"]
    world.consent("emp")  # a second account
    theirs = _leave_traces(emp)
    kept = _leave_traces(other)
    before = _files(data_dir)
    assert theirs | kept | {"spiegel.sqlite3"} == before
    response = login("hr").post(reverse("erase", args=[emp.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    after = _files(data_dir)
    assert after == before - theirs
    assert not (data_dir / "uploads" / str(emp.pk)).exists()


def test_erasing_an_account_removes_its_fetched_files(
    world: World, login: Callable[[str], Any], data_dir: Path
) -> None:
    emp = world.people["emp"]
    second = world.consent("emp")
    _leave_traces(emp)
    first = ConnectedAccount.objects.filter(person=emp).exclude(pk=second.pk).get()
    before = _files(data_dir)
    gone = {
        str(p.relative_to(data_dir))
        for p in fetchers._output(first).parent.glob(f"mastodon-{first.pk}.jsonl*")
    }
    assert len(gone) == 3
    login("emp").post(reverse("erase_account", args=[emp.pk, first.pk]))
    after = _files(data_dir)
    assert not ConnectedAccount.objects.filter(pk=first.pk).exists()
    # the account's fetched posts, state and temporary file are gone (and the upload of its sources);
    # the other account's fetched files stay
    assert gone.isdisjoint(after)
    assert {f"fetched/mastodon-{second.pk}.jsonl", f"fetched/mastodon-{second.pk}.jsonl.state.json"} <= after
    assert after < before


def test_deleting_a_person_in_the_admin_also_removes_their_files(world: World, data_dir: Path) -> None:
    emp = world.people["emp"]
    theirs = _leave_traces(emp)
    before = _files(data_dir)
    Person.objects.get(pk=emp.pk).delete()  # what the admin's delete does: a cascade
    assert _files(data_dir) == before - theirs


def _posts(who: str, n: int) -> list[Any]:
    from datetime import UTC, datetime, timedelta

    from spiegel.records import Post

    base = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return [
        Post(
            platform="mastodon",
            id=f"https://social.example/@{who}/{i}",
            author=f"{who}@social.example",
            created_at=base + timedelta(hours=i),
            text=f"Goedemorgen, {who} hier met bericht {i}. Wat vinden jullie van de nieuwe markt?",
            visibility="public",
        )
        for i in range(n)
    ]


def test_erasing_a_person_removes_their_text_signals_from_the_cache(
    world: World, login: Callable[[str], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spiegel.text_cache import TextSignalCache
    from spiegel.web import jobs
    from spiegel.web.store import store_records

    monkeypatch.setenv("SPIEGEL_CACHE_DIR", str(tmp_path / "cache"))
    emp, other = world.people["emp"], world.people["other"]
    for person, who in ((emp, "emp"), (other, "other")):
        account = ConnectedAccount.objects.filter(person=person).first()
        assert account is not None
        store_records(world.org, _posts(who, 4), person=person, account_id=account.pk)
        jobs.build_snapshot(person)  # the real profile build fills the text-signal cache
    with TextSignalCache() as cache:
        rows_before = cache.info()["rows"]
        emp_keys = [
            cache.key(p, c, e) for p in _posts("emp", 4) for c in (True, False) for e in (False, True)
        ]
        assert len(cache.get_many(emp_keys)) == 4
    assert rows_before == 8
    login("hr").post(reverse("erase", args=[emp.pk]), {"confirm": "yes"})
    with TextSignalCache() as cache:
        assert cache.get_many(emp_keys) == {}
        assert cache.info()["rows"] == 4  # the other person's signals stay
