"""The importers on the real export samples in ../shared/data/formats.

Expected numbers are computed here from the files themselves with the json/csv/re modules,
independently of spiegel's importers, and compared with what ``spiegel inspect --json`` reports.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import orjson
from click.testing import CliRunner

from sources._source_helpers import FORMATS
from spiegel.cli import main
from spiegel.records import Post
from spiegel.sources import read_path
from spiegel_testpaths import needs_data

X2021 = FORMATS / "x_twitter_archive_2021_org_RTIatMLA"
X2025 = FORMATS / "x_twitter_archive_2025_tweets_js"
MASTODON = FORMATS / "mastodon_account_archive"
LINKEDIN = FORMATS / "linkedin_export_shares_comments"

pytestmark = needs_data(*(f"formats/{path.name}" for path in (X2021, X2025, MASTODON, LINKEDIN)))


def _ytd(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :])


def _inspect(*paths: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["inspect", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)["sources"]


def test_x_2021_archive_counts_its_70_tweets():
    tweets = [t["tweet"] for t in _ytd(X2021 / "data" / "tweet.js")]
    assert len(tweets) == 70
    retweets = sum(t["full_text"].startswith("RT @") for t in tweets)
    replies = sum(
        bool(t.get("in_reply_to_status_id_str")) and not t["full_text"].startswith("RT @") for t in tweets
    )
    likes = len(_ytd(X2021 / "data" / "like.js"))
    follows = len(_ytd(X2021 / "data" / "follower.js")) + len(_ytd(X2021 / "data" / "following.js"))
    (src,) = _inspect(X2021)
    assert src["format"] == "x_archive"
    assert src["account"] == "rtiatmla"
    c = src["counts"]
    assert c["posts"] + c["boosts"] == 70
    assert c["boosts"] == retweets and c["replies"] == replies
    assert c["likes"] == likes and c["follows"] == follows


def test_x_2025_archive_tweets_js_and_note_tweet():
    tweets = [t["tweet"] for t in _ytd(X2025 / "data" / "tweets.js")]
    notes = [n["noteTweet"] for n in _ytd(X2025 / "data" / "note-tweet.js")]
    (src,) = _inspect(X2025)
    assert src["counts"]["posts"] + src["counts"]["boosts"] == len(tweets) == 20
    posts = [r for r in read_path(X2025) if isinstance(r, Post)]
    truncated = [t for t in tweets if t["full_text"].endswith("…")]
    assert truncated, "the sample has a shortened long post"
    for t in truncated:
        post = next(p for p in posts if p.id == t["id_str"])
        assert any(post.text.endswith(n["core"]["text"]) for n in notes)
        assert len(post.text) > len(t["full_text"])


def test_mastodon_outbox_create_and_announce_counts():
    outbox = json.loads((MASTODON / "outbox.json").read_text(encoding="utf-8"))
    items = outbox["orderedItems"]
    creates = [i for i in items if i["type"] == "Create"]
    announces = [i for i in items if i["type"] == "Announce"]
    replies = [i for i in creates if i["object"].get("inReplyTo")]
    likes = json.loads((MASTODON / "likes.json").read_text(encoding="utf-8"))["orderedItems"]
    (src,) = _inspect(MASTODON)
    assert src["format"] == "mastodon_archive"
    assert src["account"] == "dealingwith@indieweb.social"
    assert src["counts"]["posts"] == len(creates)
    assert src["counts"]["boosts"] == len(announces)
    assert src["counts"]["replies"] == len(replies)
    assert src["counts"]["likes"] == len(likes)
    assert src["first"] == min(i["published"] for i in items).replace("Z", "+00:00")


def test_linkedin_shares_rows_and_comments():
    with (LINKEDIN / "Shares.csv").open(newline="", encoding="utf-8-sig") as f:
        shares = list(csv.DictReader(f))
    text = (LINKEDIN / "Comments.csv").read_text(encoding="utf-8")
    comments = len(re.findall(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,https://", text, flags=re.M))
    only_shares, whole = _inspect(LINKEDIN / "Shares.csv", LINKEDIN)
    assert only_shares["format"] == whole["format"] == "linkedin"
    assert only_shares["counts"]["posts"] == len(shares) == 202
    assert whole["counts"]["posts"] == len(shares) + comments
    assert whole["counts"]["replies"] == comments
    share_posts = [r for r in read_path(LINKEDIN / "Shares.csv") if isinstance(r, Post)]
    assert {p.id for p in share_posts} == {s["ShareLink"] for s in shares}
    # LinkedIn's per-line quoting is undone: no line of a post starts and ends with a quote pair
    assert not any('"\n"' in p.text for p in share_posts)
