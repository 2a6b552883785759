from __future__ import annotations

import json
import shutil
import tarfile
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.sources import Container, detect, read_path
from spiegel.sources.x_archive import XArchiveImporter

NEW = FIXTURES / "x_archive"
OLD = FIXTURES / "x_archive_old"


@pytest.fixture(params=["folder", "zip", "zip-with-top-folder", "tar.gz"])
def archive(request, tmp_path):
    if request.param == "folder":
        return NEW
    if request.param == "zip":
        return zip_folder(NEW, tmp_path / "twitter.zip")
    if request.param == "zip-with-top-folder":
        return zip_folder(NEW, tmp_path / "twitter.zip", top="twitter-2024-03-08-abc/")
    path = tmp_path / "twitter.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        tf.add(NEW, arcname="export")
    return path


def test_detected_in_every_container(archive):
    with Container.open_path(archive) as c:
        assert detect(c).name == "x_archive"


def test_posts_from_both_parts_with_fields(archive):
    posts, _, _ = split(list(read_path(archive)))
    assert [p.id for p in posts] == [
        "1760000000000000001",
        "1760000000000000002",
        "1760000000000000003",
        "1760000000000000004",
        "1760000000000000005",
    ]
    first = posts[0]
    assert first.author == "gemeente_ambtenaar"
    assert first.created_at == datetime(2024, 3, 4, 8, 15, tzinfo=UTC)
    assert first.url == "https://x.com/gemeente_ambtenaar/status/1760000000000000001"
    # entity decoded, t.co replaced by the expanded link
    assert first.text == (
        "Vandaag open huis bij de gemeente & de bibliotheek! Kom langs #openhuis https://gemeente.example/open-huis"
    )
    assert first.hashtags == ["openhuis"]
    assert first.urls == ["https://gemeente.example/open-huis"]
    assert first.source_app == "Twitter Web App"
    assert first.lang == "nl" and first.kind == "post" and not first.is_reply


def test_reply_boost_offset_and_lang(archive):
    posts, _, _ = split(list(read_path(archive)))
    by_id = {p.id: p for p in posts}
    reply = by_id["1760000000000000002"]
    assert reply.in_reply_to_id == "1759999999999999990"
    assert reply.in_reply_to_author == "inwoner_a"
    assert reply.mentions == ["inwoner_a"] and reply.source_app == "Twitter for Android"
    rt = by_id["1760000000000000003"]
    assert rt.kind == "boost"
    assert rt.created_at == datetime(2024, 3, 5, 12, 30, tzinfo=timezone(timedelta(hours=1)))
    assert by_id["1760000000000000005"].lang is None  # "und"
    assert by_id["1760000000000000005"].source_app == "Buffer"


def test_note_tweet_gives_the_full_long_text(archive):
    posts, _, _ = split(list(read_path(archive)))
    long_post = next(p for p in posts if p.id == "1760000000000000004")
    assert long_post.text == (
        "@wethouder_c Een lang bericht over de plannen voor het centrum. Eerst de verkeersmaatregelen, "
        "dan de nieuwe fietsenstalling en daarna de inspraakavond op donderdag."
    )


def test_owner_profile_follows_and_likes(archive):
    _, inter, accounts = split(list(read_path(archive)))
    (owner,) = accounts
    assert owner.is_self and owner.handle == "gemeente_ambtenaar" and owner.id == "999000111"
    assert owner.bio == "Ik werk bij de gemeente aan bereikbaarheid. Persoonlijke account."
    assert owner.display_name == "Sam de Ambtenaar"
    follows = [i for i in inter if i.kind == "follow"]
    assert sorted((f.actor, f.target_author, f.target_id) for f in follows) == [
        ("501", "gemeente_ambtenaar", None),
        ("502", "gemeente_ambtenaar", None),
        ("gemeente_ambtenaar", None, "601"),
    ]
    (like,) = [i for i in inter if i.kind == "like"]
    assert like.actor == "gemeente_ambtenaar" and like.target_id == "1750000000000000001"
    assert like.target_text == "Mooi initiatief van de buurt!"


def test_old_naming_tweet_js_with_manifest_owner():
    posts, _, accounts = split(list(read_path(OLD)))
    assert [p.id for p in posts] == ["1300000000000000001", "1300000000000000002"]
    assert posts[0].text == "Eerste bericht <test> met 'quotes' & meer"
    assert posts[0].created_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    assert posts[0].author == "oudeaccount"
    assert accounts[0].handle == "oudeaccount" and accounts[0].is_self


def test_single_tweets_file_is_read_without_owner(tmp_path):
    single = tmp_path / "tweets.js"
    shutil.copy(NEW / "data" / "tweets.js", single)
    posts, _, accounts = split(list(read_path(single)))
    assert len(posts) == 4 and accounts == []
    assert posts[0].author == "" and posts[0].url == "https://x.com/i/web/status/1760000000000000001"


def test_raw_item_is_kept_unchanged():
    posts, _, _ = split(list(read_path(NEW)))
    assert posts[0].raw["favorite_count"] == "2"
    assert posts[0].raw["edit_info"]["initial"]["editsRemaining"] == "5"


def test_not_detected_for_other_js(tmp_path):
    (tmp_path / "app.js").write_text("console.log('hi')")
    (tmp_path / "like.js").write_text("var x = 1;")
    with Container.open_path(tmp_path) as c:
        assert not XArchiveImporter().detect(c)


def test_only_the_last_version_of_an_edited_tweet_is_kept(tmp_path):
    def version(tid: str, text: str, info: dict) -> dict:
        return {
            "tweet": {
                "id_str": tid,
                "created_at": "Mon Mar 04 08:15:00 +0000 2024",
                "full_text": text,
                "entities": {},
                "edit_info": info,
            }
        }

    ids = ["1800000000000000001", "1800000000000000002"]
    items = [
        version(
            ids[0], "Eerste versie met tikfout", {"initial": {"editTweetIds": ids, "editsRemaining": "4"}}
        ),
        version(
            ids[1],
            "Tweede versie zonder tikfout",
            {"edit": {"initialTweetId": ids[0], "editControlInitial": {"editTweetIds": ids}}},
        ),
        version(
            "1800000000000000003", "Nooit bewerkt", {"initial": {"editTweetIds": ["1800000000000000003"]}}
        ),
    ]
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(items, indent=2))
    posts, _, _ = split(list(read_path(path)))
    assert [(p.id, p.text) for p in posts] == [
        ("1800000000000000002", "Tweede versie zonder tikfout"),
        ("1800000000000000003", "Nooit bewerkt"),
    ]
    raw_items = list(XArchiveImporter().iter_raw(Container.open_path(path)))
    assert sum(len(list(XArchiveImporter().to_records(i))) for i in raw_items) == 2


def test_a_post_that_only_starts_with_a_name_is_a_mention_not_a_reply(tmp_path):
    """Issue #12: one definition of a reply — it has a reply target. X sets
    in_reply_to_screen_name on a post that merely starts with @name, without a status id."""

    def tweet(tid: str, text: str, **reply: str) -> dict:
        mention = {"screen_name": "wethouder_jan", "indices": ["0", "14"]}
        return {
            "tweet": {
                "id_str": tid,
                "created_at": "Mon Mar 04 08:15:00 +0000 2024",
                "full_text": text,
                "entities": {"user_mentions": [mention]},
                **reply,
            }
        }

    items = [
        tweet(
            "1800000000000000011",
            "@wethouder_jan goed plan!",
            in_reply_to_screen_name="wethouder_jan",
            in_reply_to_user_id_str="42",
        ),
        tweet(
            "1800000000000000012",
            "@wethouder_jan eens!",
            in_reply_to_screen_name="wethouder_jan",
            in_reply_to_status_id_str="1700000000000000001",
            in_reply_to_user_id_str="42",
        ),
    ]
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(items, indent=2))
    posts, _, _ = split(list(read_path(path)))
    mention, reply = sorted(posts, key=lambda p: p.id)
    assert not mention.is_reply and mention.in_reply_to_author is None
    assert mention.mentions == ["wethouder_jan"]
    assert reply.is_reply and reply.in_reply_to_author == "wethouder_jan"


@pytest.mark.parametrize(
    ("handle", "tweet_id"),
    [
        ("gemeente", "1234567890123456789"),
        ("", "42"),
        ("a b", "7"),  # not a plain URL: the record check decides
        ("x&amp;y", "7"),
        ("tab\there", "7"),
        ("gemeente", "12a"),
        ("gemeente", "١٢٣"),  # digits, but not ASCII
    ],
)
def test_tweet_url_is_what_the_record_check_makes_of_it(handle: str, tweet_id: str) -> None:
    """The importer sets a plain tweet URL after building the Post (sparing the check per
    tweet); every URL still ends up as safe_url makes it."""
    from spiegel.records import safe_url
    from spiegel.sources.x_archive import XArchiveImporter, _Context

    tweet = {"id_str": tweet_id, "created_at": "Wed Oct 10 20:19:24 +0000 2018", "full_text": "hallo"}
    post = XArchiveImporter()._tweet(tweet, _Context(handle=handle), "data/tweets.js")
    raw = f"https://x.com/{handle}/status/{tweet_id}" if handle else f"https://x.com/i/web/status/{tweet_id}"
    assert post.url == safe_url(raw)
