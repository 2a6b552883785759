"""Old-style X archive (Grailbird, 2012-2019) and community-tweet.js (issue #13)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.errors import MalformedFileError
from spiegel.sources import Container, detect, read_path
from spiegel.sources._notices import collecting
from spiegel.sources.x_legacy import parse_legacy_date

LEGACY = FIXTURES / "x_legacy_2015"
COMMUNITY = FIXTURES / "x_archive_community"


@pytest.fixture(params=["folder", "zip"])
def legacy(request, tmp_path):
    if request.param == "folder":
        return LEGACY
    return zip_folder(LEGACY, tmp_path / "16012015_tweets.zip")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-01-24 02:02:37 +0000", datetime(2015, 1, 24, 2, 2, 37, tzinfo=UTC)),  # Grailbird .js / csv
        ("Sat Jan 24 02:02:37 +0000 2015", datetime(2015, 1, 24, 2, 2, 37, tzinfo=UTC)),  # API format
        ("2015-01-24 02:02:37", datetime(2015, 1, 24, 2, 2, 37, tzinfo=UTC)),
    ],
)
def test_legacy_date_formats(text, expected):
    assert parse_legacy_date(text) == expected


def test_legacy_archive_counts(legacy):
    with Container.open_path(legacy) as c:
        assert detect(c).name == "x_legacy"
    posts, inter, accounts = split(list(read_path(legacy)))
    assert [a.handle for a in accounts if a.is_self] == ["karinbos_wijk"]
    assert len(posts) == 5 and not inter
    assert sum(p.is_boost for p in posts) == 1
    replies = [p for p in posts if p.is_reply]
    assert [(p.in_reply_to_id, p.in_reply_to_author) for p in replies] == [
        ("552990000000000001", "buurman_jan")
    ]
    assert posts[0].text.startswith("Laatste wijkschouw van het jaar: 12 lantaarnpalen gemeld & hersteld")
    assert posts[0].hashtags == ["wijk"]
    assert posts[3].urls == ["https://wijk.example/spreekuur"]
    assert "https://wijk.example/spreekuur" in posts[3].text
    assert {p.author for p in posts} == {"karinbos_wijk"}


def test_lone_tweets_csv_same_counts():
    posts, _, _ = split(list(read_path(LEGACY / "tweets.csv")))
    assert len(posts) == 5
    assert sum(p.is_boost for p in posts) == 1
    assert [p.in_reply_to_id for p in posts if p.is_reply] == ["552990000000000001"]


def test_damaged_month_file_names_the_old_format(tmp_path):
    shutil.copytree(LEGACY, tmp_path / "a")
    (tmp_path / "a/data/js/tweets/2015_01.js").write_text("[1, 2")
    with pytest.raises(MalformedFileError) as err:
        list(read_path(tmp_path / "a"))
    assert "old-style X archive" in err.value.what and err.value.path.endswith("2015_01.js")


def test_community_tweets_are_read_with_the_tweets(tmp_path):
    posts, _, _ = split(list(read_path(COMMUNITY)))
    shutil.copytree(COMMUNITY, tmp_path / "a")
    (tmp_path / "a/data/community-tweet.js").unlink()
    base, _, _ = split(list(read_path(tmp_path / "a")))
    assert len(base) == 4 and len(posts) == 6
    community = [p for p in posts if p.id.startswith("1766")]
    assert len(community) == 2 and community[1].in_reply_to_id == "1765999999999999999"


def test_a_post_in_both_files_counts_once(tmp_path):
    shutil.copytree(COMMUNITY, tmp_path / "a")
    tweets = (tmp_path / "a/data/tweets.js").read_text()
    community = (tmp_path / "a/data/community-tweet.js").read_text()
    body = community[community.index("[") + 1 : community.rindex("]")].strip()
    (tmp_path / "a/data/tweets.js").write_text(tweets.rstrip().rstrip("]").rstrip() + ",\n  " + body + "\n]")
    with collecting() as notices:
        posts, _, _ = split(list(read_path(tmp_path / "a")))
    assert len(posts) == len(split(list(read_path(COMMUNITY)))[0])
    assert any("2 posts that are also in another file" in m for m in notices.messages("en"))


def test_a_tweet_that_only_starts_with_a_mention_is_no_reply(tmp_path):
    """A reply has a reply target (in_reply_to_status_id); X's older tweets that start with
    @name carry in_reply_to_screen_name without one, in both archive formats."""
    tweet = {
        "id_str": "1",
        "text": "@iemand goedemorgen",
        "created_at": "2014-06-01 10:00:00 +0000",
        "in_reply_to_screen_name": "iemand",
        "in_reply_to_user_id_str": "42",
    }
    legacy = tmp_path / "legacy/data/js/tweets/2014_06.js"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("Grailbird.data.tweets_2014_06 = \n" + json.dumps([tweet], indent=2))
    modern = tmp_path / "modern/data/tweets.js"
    modern.parent.mkdir(parents=True)
    modern_tweet = {**tweet, "created_at": "Sun Jun 01 10:00:00 +0000 2014", "full_text": tweet["text"]}
    modern.write_text("window.YTD.tweets.part0 = " + json.dumps([{"tweet": modern_tweet}], indent=2))
    for path in (legacy.parents[3], modern.parents[1]):
        (post,) = split(list(read_path(path)))[0]
        assert not post.is_reply and post.in_reply_to_author is None


def test_skipped_earlier_versions_of_edited_tweets_are_counted(tmp_path):
    ids = ["1800000000000000001", "1800000000000000002"]
    items = [
        {
            "tweet": {
                "id_str": tid,
                "created_at": "Mon Mar 04 08:15:00 +0000 2024",
                "full_text": f"versie {tid}",
                "entities": {},
                "edit_info": {"initial": {"editTweetIds": ids}},
            }
        }
        for tid in ids
    ]
    path = tmp_path / "data/tweets.js"
    path.parent.mkdir()
    path.write_text("window.YTD.tweets.part0 = " + json.dumps(items, indent=2))
    with collecting() as notices:
        posts, _, _ = split(list(read_path(tmp_path)))
    assert [p.id for p in posts] == [ids[1]]
    assert any("tweets.js: 1 earlier versions of edited posts skipped" in m for m in notices.messages("en"))
