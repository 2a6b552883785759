from __future__ import annotations

import tarfile
from datetime import UTC, datetime

import pytest

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.sources import Container, detect, read_path
from spiegel.sources.mastodon_archive import MastodonArchiveImporter, handle_from_uri, visibility

ARCHIVE = FIXTURES / "mastodon_archive"
U = "https://overheid.example/users/sam"


@pytest.fixture(params=["folder", "zip", "tar.gz"])
def archive(request, tmp_path):
    if request.param == "folder":
        return ARCHIVE
    if request.param == "zip":
        return zip_folder(ARCHIVE, tmp_path / "archive.zip")
    path = tmp_path / "archive-20240115.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for f in sorted(ARCHIVE.iterdir()):
            tf.add(f, arcname=f.name)
    return path


def test_detected(archive):
    with Container.open_path(archive) as c:
        assert detect(c).name == "mastodon_archive"


def test_notes_become_posts(archive):
    posts, _, _ = split(list(read_path(archive)))
    assert len(posts) == 6
    first = posts[0]
    assert first.id == f"{U}/statuses/101"
    assert first.author == "sam@overheid.example"
    assert first.created_at == datetime(2024, 1, 10, 9, 0, tzinfo=UTC)
    assert first.text == (
        "Vanaf vandaag kun je je afvalpas online aanvragen & ophalen.\n\nMeer info: https://overheid.example/afval"
    )
    assert first.urls == ["https://overheid.example/afval"]
    assert first.hashtags == ["afval"]
    assert first.lang == "nl" and first.visibility == "public"
    assert first.url == "https://overheid.example/@sam/101"
    assert first.conversation_id.startswith("tag:overheid.example")


def test_reply_with_mention_and_line_break(archive):
    posts, _, _ = split(list(read_path(archive)))
    reply = posts[1]
    assert reply.in_reply_to_id == "https://stad.example/users/bewoner/statuses/55"
    assert reply.in_reply_to_author == "bewoner@stad.example"
    assert reply.mentions == ["bewoner@stad.example"]
    assert reply.text == "@bewoner Dat klopt, de pas is gratis.\nGroet, Sam"
    assert reply.urls == []  # the mention link is not a url


def test_visibility_from_addressing(archive):
    posts, _, _ = split(list(read_path(archive)))
    assert [p.visibility for p in posts] == ["public", "public", "private", "unlisted", "direct", "public"]


def test_announce_is_a_boost(archive):
    posts, _, _ = split(list(read_path(archive)))
    boost = posts[-1]
    assert boost.kind == "boost"
    assert boost.id == f"{U}/statuses/106"
    assert boost.boost_of_id == "https://stad.example/users/collega/statuses/77"


def test_owner_likes_bookmarks_follows(archive):
    _, inter, accounts = split(list(read_path(archive)))
    (owner,) = accounts
    assert owner.handle == "sam@overheid.example" and owner.is_self
    assert owner.bio == "Beleidsadviseur bij de gemeente. Hier persoonlijk."
    likes = [i for i in inter if i.kind == "like"]
    assert [(i.actor, i.target_id, i.target_author) for i in likes] == [
        ("sam@overheid.example", "https://stad.example/users/bewoner/statuses/55", "bewoner@stad.example"),
        ("sam@overheid.example", "https://ander.example/users/pers/statuses/9", "pers@ander.example"),
    ]
    assert [i.kind for i in inter].count("bookmark") == 1
    follows = [(i.actor, i.target_author) for i in inter if i.kind == "follow"]
    assert follows == [
        ("sam@overheid.example", "collega@stad.example"),
        ("sam@overheid.example", "nieuws@media.example"),
    ]


@pytest.mark.parametrize(
    ("uri", "handle"),
    [
        ("https://mastodon.social/users/Alice/statuses/1", "alice@mastodon.social"),
        ("https://social.overheid.nl/@Bob/1234", "bob@social.overheid.nl"),
        ("https://libranet.de/profile/starbreaker", "starbreaker@libranet.de"),
        ("https://example.com/objects/abc", None),
        (None, None),
    ],
)
def test_handle_from_uri(uri, handle):
    assert handle_from_uri(uri) == handle


def test_visibility_rules():
    pub = "https://www.w3.org/ns/activitystreams#Public"
    assert visibility({"to": [pub]}) == "public"
    assert visibility({"to": ["x/followers"], "cc": [pub]}) == "unlisted"
    assert visibility({"to": ["https://a.example/users/me/followers"]}) == "private"
    assert visibility({"to": ["https://b.example/users/you"]}) == "direct"


def test_batched_read_equals_item_by_item(archive):
    importer = MastodonArchiveImporter()
    with Container.open_path(archive) as c:
        fast = list(importer.read(c))
    with Container.open_path(archive) as c:
        slow = [r for item in importer.iter_raw(c) for r in importer.to_records(item)]
    assert fast == slow and len(fast) == 12
