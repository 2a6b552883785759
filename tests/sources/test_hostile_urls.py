"""Issue #10 at the importers: hostile URLs in real import files (an X archive's tweets, likes
and followers; generic JSONL posts and likes) end as no link in the records."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import orjson
import pytest

from hostile_urls import HOSTILE_URLS, SAFE_URL
from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.records import Account, Interaction, Post
from spiegel.sources import read_path


def _load_js(path: Path) -> tuple[str, list[dict[str, object]]]:
    text = path.read_text(encoding="utf-8")
    prefix, _, body = text.partition("=")
    return prefix + "= ", json.loads(body)


def _hostile_x_archive(tmp_path: Path) -> Path:
    """The X archive fixture with a hostile URL in every tweet's links, every like and every
    follower/following link (the first tweet keeps one good link next to its hostile ones)."""
    folder = tmp_path / "x"
    shutil.copytree(FIXTURES / "x_archive", folder)
    data = folder / "data"
    hostile = iter(HOSTILE_URLS * 10)
    for name in ("tweets.js", "tweets-part1.js"):
        prefix, items = _load_js(data / name)
        for n, item in enumerate(items):
            tweet = item["tweet"]
            assert isinstance(tweet, dict)
            entities = tweet.setdefault("entities", {})
            links = [{"url": f"https://t.co/h{n}{i}", "expanded_url": next(hostile)} for i in range(3)]
            if name == "tweets.js" and n == 0:
                links.append({"url": "https://t.co/good", "expanded_url": SAFE_URL})
            entities["urls"] = links
        (data / name).write_text(prefix + json.dumps(items, indent=1), encoding="utf-8")
    for name, key, field in (
        ("like.js", "like", "expandedUrl"),
        ("follower.js", "follower", "userLink"),
        ("following.js", "following", "userLink"),
    ):
        prefix, items = _load_js(data / name)
        for item in items:
            entry = item[key]
            assert isinstance(entry, dict)
            entry[field] = next(hostile)
        (data / name).write_text(prefix + json.dumps(items, indent=1), encoding="utf-8")
    return zip_folder(folder, tmp_path / "twitter.zip")


def _all_urls(records: list[object]) -> list[str]:
    urls: list[str] = []
    for r in records:
        if isinstance(r, Post):
            urls += [u for u in (r.url, *r.urls) if u]
        elif isinstance(r, Interaction) and r.target_url:
            urls.append(r.target_url)
        elif isinstance(r, Account) and r.url:
            urls.append(r.url)
    return urls


def test_x_archive_with_hostile_links(tmp_path: Path) -> None:
    records = list(read_path(_hostile_x_archive(tmp_path)))
    posts, interactions, _accounts = split(records)
    assert posts and interactions
    urls = _all_urls(records)
    assert SAFE_URL in urls  # the good link of the first tweet survives
    assert all(re.match(r"https://[^/]", u) for u in urls), [u for u in urls if not u.startswith("https://")]
    # the hostile links are gone, not the records: every like and follow is still there
    assert all(i.target_url is None for i in interactions)
    assert sum(1 for p in posts if p.urls) == 1
    # the post's own URL (built by the importer from its id) is untouched
    assert all(p.url and p.url.startswith("https://x.com/") for p in posts if p.kind == "post")


def test_generic_jsonl_with_hostile_links(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    with path.open("wb") as out:
        for i, url in enumerate([*HOSTILE_URLS, SAFE_URL]):
            base = {"id": f"p{i}", "author": "anna", "created_at": "2026-03-02T09:00:00+00:00", "url": url}
            out.write(orjson.dumps({**base, "text": f"bericht {i}", "urls": [url]}) + b"\n")
            out.write(orjson.dumps({**base, "id": f"l{i}", "kind": "like", "text": ""}) + b"\n")
    records = list(read_path(path))
    posts, likes, _ = split(records)
    assert len(posts) == len(likes) == len(HOSTILE_URLS) + 1
    assert [p.url for p in posts] == [None] * len(HOSTILE_URLS) + [SAFE_URL]
    assert [p.urls for p in posts] == [[]] * len(HOSTILE_URLS) + [[SAFE_URL]]
    assert [i.target_url for i in likes] == [None] * len(HOSTILE_URLS) + [SAFE_URL]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x"])
def test_generic_csv_with_a_hostile_link(tmp_path: Path, url: str) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        f"id,author,created_at,text,url\n1,anna,2026-03-02T09:00:00Z,hallo,{url}\n", encoding="utf-8"
    )
    (post,) = list(read_path(path))
    assert isinstance(post, Post) and post.text == "hallo" and post.url is None
