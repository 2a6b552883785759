"""Write the demo people's data in the formats the platforms export: an X archive (zip), a
Mastodon archive (tar.gz), a LinkedIn export (zip), a Bluesky repository (CAR, see
:mod:`spiegel.demo.car`), and the generic JSONL of :mod:`spiegel.sources.generic` for
inbound messages and the organisation stream."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import tarfile
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from spiegel.demo.people import MASTODON_HOST
from spiegel.records import Interaction, Post

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_APP_LINKS = {
    "Buffer": "https://buffer.com",
    "Hootsuite Inc.": "https://www.hootsuite.com",
    "Twitter for Android": "http://twitter.com/download/android",
    "Twitter Web App": "https://mobile.twitter.com",
}
_MENTION = re.compile(r"@([A-Za-z0-9_]+)")
_TAG = re.compile(r"#(\w+)")
_LINK = re.compile(r"https?://\S+")
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _x_time(when: datetime) -> str:
    return (
        f"{_DAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when.day:02d} {when:%H:%M:%S} +0000 {when.year}"
    )


def x_user_id(handle: str) -> str:
    """A stable numeric X account id for a demo screen name."""
    return str(int.from_bytes(hashlib.sha256(handle.encode()).digest()[:7], "big"))


def _ytd(name: str, items: list[dict[str, Any]]) -> bytes:
    return f"window.YTD.{name}.part0 = ".encode() + orjson.dumps(items, option=orjson.OPT_INDENT_2)


def tweet_object(post: Post, names: Mapping[str, str]) -> dict[str, Any]:
    """One ``tweets.js`` item for *post*, with entities and indices as X writes them."""
    text = post.text
    urls = []
    for i, url in enumerate(post.urls):
        short = "https://t.co/" + hashlib.sha1(f"{post.id}{i}".encode()).hexdigest()[:10]
        text = text.replace(url, short, 1)
        urls.append((short, url))
    entities: dict[str, Any] = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    for m in _MENTION.finditer(text):
        handle = m.group(1)
        uid = x_user_id(handle.lower())
        entities["user_mentions"].append(
            {
                "name": names.get(handle.lower(), handle),
                "screen_name": handle,
                "indices": [str(m.start()), str(m.end())],
                "id_str": uid,
                "id": uid,
            }
        )
    for m in _TAG.finditer(text):
        entities["hashtags"].append({"text": m.group(1), "indices": [str(m.start()), str(m.end())]})
    for short, url in urls:
        start = text.find(short)
        entities["urls"].append(
            {
                "url": short,
                "expanded_url": url,
                "display_url": url.split("://", 1)[1][:26] + "…",
                "indices": [str(start), str(start + len(short))],
            }
        )
    app = post.source_app or "Twitter Web App"
    tweet: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [post.id],
                "editableUntil": post.created_at.isoformat(),
                "editsRemaining": "5",
                "isEditEligible": False,
            }
        },
        "retweeted": False,
        "source": f'<a href="{_APP_LINKS.get(app, "https://x.com")}" rel="nofollow">{html.escape(app)}</a>',
        "entities": entities,
        "display_text_range": ["0", str(len(text))],
        "favorite_count": "0",
        "id_str": post.id,
        "truncated": False,
        "retweet_count": "0",
        "id": post.id,
        "created_at": _x_time(post.created_at),
        "favorited": False,
        "full_text": html.escape(text, quote=False),
        "lang": post.lang or "nl",
    }
    if post.in_reply_to_id:
        to = post.in_reply_to_author or ""
        tweet.update(
            {
                "in_reply_to_status_id_str": post.in_reply_to_id,
                "in_reply_to_status_id": post.in_reply_to_id,
                "in_reply_to_user_id": x_user_id(to),
                "in_reply_to_user_id_str": x_user_id(to),
                "in_reply_to_screen_name": to,
            }
        )
    return tweet


def write_x_archive(
    path: Path,
    handle: str,
    name: str,
    bio: str,
    posts: list[Post],
    likes: list[Interaction],
    names: Mapping[str, str],
) -> Path:
    """An X archive zip: ``data/tweets.js``, ``account.js``, ``profile.js``, ``like.js``, …"""
    uid = x_user_id(handle)
    created = min(p.created_at for p in posts)
    members = {
        "data/tweets.js": _ytd("tweets", [{"tweet": tweet_object(p, names)} for p in posts]),
        "data/account.js": _ytd(
            "account",
            [
                {
                    "account": {
                        "email": f"{handle}@example.org",
                        "createdVia": "web",
                        "username": handle,
                        "accountId": uid,
                        "createdAt": created.replace(year=created.year - 3)
                        .isoformat()
                        .replace("+00:00", "Z"),
                        "accountDisplayName": name,
                    }
                }
            ],
        ),
        "data/profile.js": _ytd(
            "profile",
            [
                {
                    "profile": {
                        "description": {"bio": bio, "website": "", "location": "Spiegelstad"},
                        "avatarMediaUrl": "",
                        "headerMediaUrl": "",
                    }
                }
            ],
        ),
        "data/like.js": _ytd(
            "like",
            [
                {
                    "like": {
                        "tweetId": like.target_id,
                        "fullText": like.target_text or "",
                        "expandedUrl": f"https://twitter.com/i/web/status/{like.target_id}",
                    }
                }
                for like in likes
            ],
        ),
        "data/follower.js": _ytd("follower", []),
        "data/following.js": _ytd("following", []),
        "data/manifest.js": b"window.__THAR_CONFIG = "
        + orjson.dumps(
            {
                "userInfo": {"accountId": uid, "userName": handle, "displayName": name},
                "archiveInfo": {
                    "sizeBytes": "0",
                    "generationDate": posts[-1].created_at.isoformat(),
                    "isPartialArchive": False,
                },
                "dataTypes": {
                    "tweets": {
                        "files": [
                            {
                                "fileName": "data/tweets.js",
                                "globalName": "YTD.tweets.part0",
                                "count": str(len(posts)),
                            }
                        ]
                    }
                },
            },
            option=orjson.OPT_INDENT_2,
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def _actor_uri(handle: str) -> str:
    user, _, host = handle.partition("@")
    return f"https://{host}/users/{user}"


def _note_html(post: Post) -> str:
    parts = []
    for token in re.split(r"(\s+)", post.text):
        m = _MENTION.fullmatch(token)
        if m:
            full = next((h for h in post.mentions if h.split("@")[0] == m.group(1)), None)
            if full:
                host = full.partition("@")[2]
                parts.append(
                    f'<span class="h-card" translate="no"><a href="https://{host}/@{m.group(1)}" '
                    f'class="u-url mention">@<span>{html.escape(m.group(1))}</span></a></span>'
                )
                continue
        if _TAG.fullmatch(token):
            tag = token[1:]
            parts.append(
                f'<a href="https://{MASTODON_HOST}/tags/{tag}" class="mention hashtag" rel="tag">'
                f"#<span>{html.escape(tag)}</span></a>"
            )
        elif _LINK.fullmatch(token):
            parts.append(
                f'<a href="{html.escape(token)}" rel="nofollow noopener" target="_blank">'
                f"{html.escape(token)}</a>"
            )
        else:
            parts.append(html.escape(token, quote=False))
    return "<p>" + "".join(parts) + "</p>"


def note_activity(post: Post) -> dict[str, Any]:
    """One ``outbox.json`` item: a Create of a Note, or an Announce for a boost."""
    actor = _actor_uri(post.author)
    published = post.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    cc = [f"{actor}/followers", *[_actor_uri(h) for h in post.mentions if "@" in h]]
    if post.kind == "boost":
        return {
            "id": f"{post.id}/activity",
            "type": "Announce",
            "actor": actor,
            "published": published,
            "to": [PUBLIC],
            "cc": cc,
            "object": post.boost_of_id,
        }
    tags: list[dict[str, str]] = [
        {"type": "Mention", "href": _actor_uri(h), "name": f"@{h}"} for h in post.mentions if "@" in h
    ]
    tags += [
        {"type": "Hashtag", "href": f"https://{MASTODON_HOST}/tags/{t}", "name": f"#{t}"}
        for t in post.hashtags
    ]
    content = _note_html(post)
    conv = int(hashlib.sha1((post.conversation_id or post.id).encode()).hexdigest()[:7], 16)
    note = {
        "id": post.id,
        "type": "Note",
        "summary": None,
        "inReplyTo": post.in_reply_to_id,
        "published": published,
        "url": post.url,
        "attributedTo": actor,
        "to": [PUBLIC],
        "cc": cc,
        "sensitive": False,
        "atomUri": post.id,
        "inReplyToAtomUri": post.in_reply_to_id,
        "conversation": f"tag:{MASTODON_HOST},{post.created_at:%Y-%m-%d}:objectId={conv}"
        ":objectType=Conversation",
        "content": content,
        "contentMap": {post.lang or "nl": content},
        "attachment": [],
        "tag": tags,
        "replies": {
            "id": f"{post.id}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{post.id}/replies?only_other_accounts=true&page=true",
                "partOf": f"{post.id}/replies",
                "items": [],
            },
        },
    }
    return {
        "id": f"{post.id}/activity",
        "type": "Create",
        "actor": actor,
        "published": published,
        "to": [PUBLIC],
        "cc": cc,
        "object": note,
    }


def write_mastodon_archive(
    path: Path, handle: str, name: str, bio: str, posts: list[Post], likes: list[Interaction]
) -> Path:
    """A Mastodon archive (tar.gz): ``outbox.json``, ``actor.json``, ``likes.json``, ``bookmarks.json``."""
    actor = _actor_uri(handle)
    user, _, host = handle.partition("@")
    context = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]
    files = {
        "outbox.json": {
            "@context": context,
            "id": "outbox.json",
            "type": "OrderedCollection",
            "totalItems": len(posts),
            "orderedItems": [note_activity(p) for p in posts],
        },
        "actor.json": {
            "@context": context,
            "id": actor,
            "type": "Person",
            "following": f"{actor}/following",
            "followers": f"{actor}/followers",
            "inbox": f"{actor}/inbox",
            "outbox": "outbox.json",
            "preferredUsername": user,
            "name": name,
            "summary": f"<p>{html.escape(bio)}</p>",
            "url": f"https://{host}/@{user}",
            "manuallyApprovesFollowers": False,
            "discoverable": True,
            "published": "2023-01-09T00:00:00Z",
            "tag": [],
            "attachment": [],
            "endpoints": {"sharedInbox": f"https://{host}/inbox"},
        },
        "likes.json": {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "likes.json",
            "type": "OrderedCollection",
            "orderedItems": [like.target_id for like in likes],
        },
        "bookmarks.json": {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "bookmarks.json",
            "type": "OrderedCollection",
            "orderedItems": [],
        },
    }
    with tarfile.open(path, "w:gz") as tar:
        for member, value in files.items():
            data = orjson.dumps(value)
            info = tarfile.TarInfo(member)
            info.size = len(data)
            info.mtime = int(posts[-1].created_at.timestamp())
            tar.addfile(info, io.BytesIO(data))
    return path


def _csv(rows: list[dict[str, str]], columns: list[str], preamble: str = "") -> str:
    buf = io.StringIO()
    buf.write(preamble)
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


PROFILE_COLUMNS = [
    "First Name",
    "Last Name",
    "Maiden Name",
    "Address",
    "Birth Date",
    "Headline",
    "Summary",
    "Industry",
    "Zip Code",
    "Geo Location",
    "Twitter Handles",
    "Websites",
    "Instant Messengers",
    "Public Profile Url",
]


def linkedin_slug(name: str) -> str:
    """The public-profile slug the demo gives a person (``Fleur Bakker`` → ``fleur-bakker-spiegelstad``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + "-spiegelstad"


def write_linkedin_export(
    path: Path,
    shares: list[Post],
    comments: list[Post],
    connections: list[dict[str, str]],
    owner: tuple[str, str] | None = None,
) -> Path:
    """A LinkedIn "Get a copy of your data" zip: ``Profile.csv`` (when *owner*, a (name, headline)
    pair, is given), ``Shares.csv``, ``Comments.csv``, ``Connections.csv``."""
    fmt = "%Y-%m-%d %H:%M:%S"
    share_rows = [
        {
            "Date": p.created_at.strftime(fmt),
            "ShareLink": p.id.replace(":", "%3A").replace("https%3A", "https:"),
            "ShareCommentary": p.text,
            "SharedUrl": p.urls[0] if p.urls else "",
            "MediaUrl": "",
            "Visibility": "MEMBER_NETWORK",
        }
        for p in shares
    ]
    comment_rows = [
        {
            "Date": p.created_at.strftime(fmt),
            "Link": (p.in_reply_to_id or "").replace(":", "%3A").replace("https%3A", "https:"),
            "Message": p.text,
        }
        for p in comments
    ]
    notes = (
        'Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
        'are missing. You will only see email addresses for connections who have allowed it."\n\n'
    )
    members = {
        "Shares.csv": _csv(
            share_rows, ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]
        ),
        "Comments.csv": _csv(comment_rows, ["Date", "Link", "Message"]),
        "Connections.csv": _csv(
            connections,
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
            notes,
        ),
    }
    if owner is not None:
        name, headline = owner
        first, _, last = name.partition(" ")
        row = dict.fromkeys(PROFILE_COLUMNS, "")
        row.update(
            {
                "First Name": first,
                "Last Name": last,
                "Headline": headline,
                "Industry": "Overheid",
                "Geo Location": "Spiegelstad",
                "Public Profile Url": f"https://www.linkedin.com/in/{linkedin_slug(name)}",
            }
        )
        members = {"Profile.csv": _csv([row], PROFILE_COLUMNS), **members}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, text in members.items():
            zf.writestr(member, text)
    return path
