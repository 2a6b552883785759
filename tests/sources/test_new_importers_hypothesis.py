"""Hypothesis strategies and fuzz targets for the importers added for issue #13: facebook,
instagram (with Threads) and x_legacy. Each strategy builds exports in the real shapes with
random contents; each fuzz target feeds random bytes or broken JSON to the files the importer
reads. Reading must give records or an :class:`InputError`, never anything else."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spiegel.errors import InputError
from spiegel.records import Interaction, Post
from spiegel.sources import get_importer, read_path
from spiegel.sources._meta import fix_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
STAMP = st.integers(min_value=1, max_value=2_000_000_000)


def moji(text: str) -> str:
    """Meta's way of writing text: each UTF-8 byte as its own character."""
    return text.encode("utf-8").decode("latin-1")


def meta_json(value: Any) -> str:
    """JSON as Meta writes it: mojibake strings, ASCII escapes."""

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return moji(v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    return json.dumps(walk(value), indent=2)


@given(TEXT)
def test_mojibake_round_trip(text):
    assert fix_text(moji(text)) == text


@given(TEXT.filter(lambda t: all(ord(c) < 0x80 or ord(c) > 0xFF for c in t)))
def test_literal_utf8_is_left_alone(text):
    assert fix_text(text) == text


# -- Facebook ------------------------------------------------------------------------------
fb_data = st.one_of(
    st.builds(lambda t: {"post": t}, TEXT),
    st.builds(lambda s: {"update_timestamp": s}, STAMP),
    st.just({}),
)
fb_attachment = st.one_of(
    st.builds(lambda u: {"external_context": {"url": u}}, st.sampled_from(["https://a.example/x", ""])),
    st.just({"external_context": {}}),
    st.builds(lambda d: {"media": {"uri": "photos/1.jpg", "description": d}}, TEXT),
    st.builds(lambda n: {"place": {"name": n}}, TEXT),
    st.builds(lambda n: {"event": {"name": n}}, TEXT),
    st.builds(lambda n: {"note": {"text": n}}, TEXT),
)
fb_post = st.fixed_dictionaries(
    {"timestamp": STAMP, "data": st.lists(fb_data, max_size=3)},
    optional={
        "attachments": st.lists(
            st.builds(lambda d: {"data": d}, st.lists(fb_attachment, max_size=2)), max_size=2
        ),
        "title": TEXT,
    },
)
fb_comment = st.builds(
    lambda s, t, title: {
        "timestamp": s,
        "data": [{"comment": {"timestamp": s, "comment": t}}],
        "title": title,
    },
    STAMP,
    TEXT,
    TEXT,
)
fb_reaction = st.builds(
    lambda s, title: {"timestamp": s, "data": [{"reaction": {"reaction": "LIKE"}}], "title": title},
    STAMP,
    TEXT,
)


@SETTINGS
@given(
    posts=st.lists(fb_post, max_size=6),
    comments=st.lists(fb_comment, max_size=4),
    reactions=st.lists(fb_reaction, max_size=4),
    newer=st.booleans(),
    wrapped=st.booleans(),
)
def test_facebook_strategy(posts, comments, reactions, newer, wrapped):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = root / ("your_facebook_activity" if newer else "")
        files = {
            "posts/your_posts_1.json": posts,
            ("comments_and_reactions/comments.json" if newer else "comments/comments.json"): {
                "comments_v2": comments
            },
            (
                "comments_and_reactions/likes_and_reactions_1.json"
                if newer
                else "likes_and_reactions/posts_and_comments.json"
            ): ({"reactions_v2": reactions} if wrapped else reactions),
        }
        for name, data in files.items():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_text(meta_json(data))
        records = list(read_path(root))
    got_posts = [r for r in records if isinstance(r, Post)]
    replies = [p for p in got_posts if p.is_reply]
    assert len(replies) == len(comments)
    assert len([r for r in records if isinstance(r, Interaction)]) == len(reactions)
    assert len(got_posts) - len(replies) <= len(posts)
    assert all(p.visibility == "unknown" and p.platform == "facebook" for p in got_posts)
    for post, raw in zip(replies, comments, strict=True):
        assert post.text == raw["data"][0]["comment"]["comment"]


# -- Instagram / Threads ---------------------------------------------------------------------
ig_post = st.one_of(
    st.builds(lambda t, s: {"media": [{"uri": "m/1.jpg", "creation_timestamp": s, "title": t}]}, TEXT, STAMP),
    st.builds(
        lambda t, s: {
            "media": [{"uri": "m/1.jpg", "creation_timestamp": s, "title": ""}],
            "title": t,
            "creation_timestamp": s,
        },
        TEXT,
        STAMP,
    ),
)
ig_comment_new = st.builds(
    lambda t, o, s: {
        "string_map_data": {"Comment": {"value": t}, "Media Owner": {"value": o}, "Time": {"timestamp": s}}
    },
    TEXT,
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    STAMP,
)
ig_comment_old = st.builds(
    lambda t, o, s: {"title": o, "string_list_data": [{"value": t, "timestamp": s}]},
    TEXT,
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    STAMP,
)
thread = st.builds(
    lambda t, s, reply: {
        "media": [{"uri": "", "creation_timestamp": s, "title": ""}],
        "title": t,
        "creation_timestamp": s,
        **({"text_app_post": {"is_reply": True, "in_reply_to_username": reply}} if reply else {}),
    },
    TEXT,
    STAMP,
    st.one_of(st.none(), st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
)


@SETTINGS
@given(
    posts=st.lists(ig_post, max_size=5),
    comments=st.lists(st.one_of(ig_comment_new, ig_comment_old), max_size=5),
    threads=st.lists(thread, max_size=4),
    old_shape=st.booleans(),
)
def test_instagram_strategy(posts, comments, threads, old_shape):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "your_instagram_activity"
        for name, data in {
            "content/posts_1.json": posts,
            "comments/post_comments_1.json": {"comments_media_comments": comments} if old_shape else comments,
            "threads/threads_and_replies.json": {"text_post_app_text_posts": threads},
        }.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(meta_json(data))
        got = [r for r in read_path(root.parent) if isinstance(r, Post)]
    ig = [p for p in got if p.platform == "instagram"]
    th = [p for p in got if p.platform == "threads"]
    assert len(ig) == len(posts) + len(comments)
    assert len([p for p in ig if p.is_reply]) == len(comments)
    assert len(th) == len(threads)
    assert [p.in_reply_to_author for p in th] == [
        (t.get("text_app_post") or {}).get("in_reply_to_username") for t in threads
    ]
    assert [p.text for p in th] == [t["title"] for t in threads]


# -- legacy X ------------------------------------------------------------------------------
legacy_tweet = st.builds(
    lambda i, t, reply, rt: {
        "id_str": str(i),
        "text": t,
        "created_at": "2014-06-01 10:00:00 +0000",
        "entities": {"urls": [], "user_mentions": [], "hashtags": []},
        **({"in_reply_to_status_id_str": str(i + 1), "in_reply_to_screen_name": "iemand"} if reply else {}),
        **({"retweeted_status": {"id_str": str(i + 2)}} if rt else {}),
    },
    st.integers(min_value=1, max_value=10**18),
    TEXT.filter(lambda t: not t.startswith("RT @")),
    st.booleans(),
    st.booleans(),
)


@SETTINGS
@given(st.lists(legacy_tweet, max_size=8))
def test_x_legacy_strategy(tweets):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data/js/tweets/2014_06.js"
        path.parent.mkdir(parents=True)
        path.write_text("Grailbird.data.tweets_2014_06 = \n" + json.dumps(tweets, indent=2))
        posts = [r for r in read_path(Path(tmp)) if isinstance(r, Post)]
    assert len(posts) == len(tweets)
    assert sum(p.is_boost for p in posts) == sum("retweeted_status" in t for t in tweets)
    assert sum(p.is_reply for p in posts) == sum("in_reply_to_status_id_str" in t for t in tweets)


# -- fuzz targets: random bytes in each importer's main file ---------------------------------
FUZZ_FILES = {
    "facebook": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
    "instagram": "your_instagram_activity/content/posts_1.json",
    "x_legacy": "data/js/tweets/2015_01.js",
}


def _nested(leaf: st.SearchStrategy[Any], size: int) -> st.SearchStrategy[Any]:
    """JSON values two levels deep: leaves, lists and objects of leaves, and of those."""
    one = st.one_of(leaf, st.lists(leaf, max_size=size), st.dictionaries(TEXT, leaf, max_size=size))
    return st.one_of(one, st.lists(one, max_size=size), st.dictionaries(TEXT, one, max_size=size))


ANY_JSON = _nested(st.one_of(st.none(), st.booleans(), st.integers(), TEXT), 3)
JSONISH = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    _nested(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT), 4).map(
        lambda v: json.dumps(v).encode()
    ),
)


@SETTINGS
@given(name=st.sampled_from(sorted(FUZZ_FILES)), payload=JSONISH, prefix=st.booleans())
def test_fuzz_new_importers(name, payload, prefix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FUZZ_FILES[name]
        path.parent.mkdir(parents=True)
        path.write_bytes(
            (b"Grailbird.data.tweets_2015_01 = " if prefix and name == "x_legacy" else b"") + payload
        )
        try:
            records = list(read_path(Path(tmp), format=name))
        except InputError:
            return
        assert get_importer(name).name == name
        assert all(isinstance(r, (Post, Interaction)) or hasattr(r, "handle") for r in records)


def _shaped(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """An item with the keys an importer reads, each holding any JSON value."""
    return st.dictionaries(st.sampled_from(keys), ANY_JSON, max_size=len(keys))


SHAPED = {
    "facebook": (
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        _shaped(["timestamp", "data", "attachments", "title"]),
    ),
    "instagram": (
        "your_instagram_activity/threads/threads_and_replies.json",
        _shaped(["media", "title", "creation_timestamp", "text_app_post", "string_map_data"]),
    ),
    "instagram_comments": (
        "your_instagram_activity/comments/post_comments_1.json",
        _shaped(["string_map_data", "string_list_data", "title", "media_list_data"]),
    ),
    "instagram_follows": (
        "connections/followers_and_following/following.json",
        _shaped(["string_list_data", "title", "href"]),
    ),
    "x_legacy": (
        "data/js/tweets/2015_01.js",
        _shaped(
            [
                "id_str",
                "text",
                "created_at",
                "entities",
                "retweeted_status",
                "in_reply_to_status_id_str",
                "in_reply_to_screen_name",
                "user",
                "source",
                "lang",
            ]
        ),
    ),
}


@SETTINGS
@given(data=st.data(), name=st.sampled_from(sorted(SHAPED)))
def test_fuzz_items_in_the_real_shape_with_any_values(data, name):
    """Known keys with values of any JSON type: records or an InputError, nothing else."""
    where, strategy = SHAPED[name]
    items = data.draw(st.lists(strategy, max_size=4))
    if name == "x_legacy":
        for item in items:  # give most tweets a readable id and date, so that the rest is reached
            item.setdefault("id_str", "1")
            item.setdefault("created_at", "2015-01-24 02:02:37 +0000")
    body = {"text_post_app_text_posts": items} if name == "instagram" else items
    fmt = name.split("_")[0] if name.startswith("instagram") else name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / where
        path.parent.mkdir(parents=True)
        prefix = "Grailbird.data.tweets_2015_01 = " if name == "x_legacy" else ""
        path.write_text(prefix + json.dumps(body))
        with contextlib.suppress(InputError):
            list(read_path(Path(tmp), format=fmt))
