"""Property-based fuzzing of every importer and API mapping (issue #10).

Table-driven over the importer registry (``tests/fuzz_targets.py``): each target's seed export
is mutated two ways — valid-shaped records with hostile values (huge, negative, None numbers,
odd unicode and lone surrogates, wrong types, missing keys, extreme dates) and damaged bytes
(truncated, bit-flipped, spliced) — and the property is checked: records that satisfy the record
model's invariants, or spiegel's documented error naming the file and a fix, nothing else.

Bounded for the normal suite (a few dozen examples per target and strategy, derandomized so a
run is repeatable). ``SPIEGEL_FUZZ_EXAMPLES=2000`` runs a longer, random search; the
coverage-guided fuzzer is ``benchmarks/fuzz.py``.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_targets import SEEDS, MemoryContainer, check, decode_member, encode_member, targets
from spiegel.errors import InputError
from spiegel.sources import read_path, registry
from spiegel.sources.generic import EXTRA_FIELDS, FIELDS, GenericImporter

TARGETS = targets()
EXAMPLES = int(os.environ.get("SPIEGEL_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 25,
    deadline=None,
    derandomize=not EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# -- hostile values -------------------------------------------------------------------------------
_ODD_TEXT = st.text(
    st.characters(codec=None, categories=None)
    | st.sampled_from(["\u202e", "\ufeff", "\x00", "\ud800", "\U0001f600"]),
    max_size=12,
)
_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63), 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def extreme_dates(draw: Any) -> str:
    """A date string in one of the layouts exports use, anywhere in years 1 to 9999 and with
    any offset up to ±23:59 (the probe's ``Fri Dec 31 23:59:59 -1000 9999``)."""
    when = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
    minutes = draw(st.integers(min_value=-1439, max_value=1439))
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    layout = draw(st.sampled_from(["x", "iso", "isoz", "naive", "eu"]))
    if layout == "x":
        return f"{when:%a %b %d %H:%M:%S} {sign}{hh:02d}{mm:02d} {when.year:04d}"
    if layout == "iso":
        return f"{when.year:04d}-{when:%m-%dT%H:%M:%S}{sign}{hh:02d}:{mm:02d}"
    if layout == "isoz":
        return f"{when.year:04d}-{when:%m-%dT%H:%M:%S}.000Z"
    if layout == "naive":
        return f"{when.year:04d}-{when:%m-%d %H:%M:%S}"
    return f"{when:%d-%m}-{when.year:04d} {when:%H:%M}"


SCALARS = st.one_of(st.none(), st.booleans(), _NUMBERS, _ODD_TEXT, extreme_dates())
HOSTILE = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=6), SCALARS, max_size=3),
)


@st.composite
def mutated(draw: Any, value: Any, depth: int = 0) -> Any:
    """*value* (a JSON-like structure) with some parts replaced by hostile values, some keys
    and items dropped, the rest kept — so most of it still has the right shape."""
    if draw(st.integers(0, 11)) == 0:
        return draw(HOSTILE)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            action = draw(st.integers(0, 13))
            if action == 0:
                continue  # a missing key
            out[key] = draw(mutated(item, depth + 1)) if depth < 12 else item
        return out
    if isinstance(value, list):
        items = value[: draw(st.integers(1, 4))] if value else value
        return [draw(mutated(item, depth + 1)) for item in items if draw(st.integers(0, 9))]
    if isinstance(value, str) and draw(st.integers(0, 3)) == 0:
        return draw(st.one_of(_ODD_TEXT, extreme_dates(), st.just(""), st.just(value * 3)))
    return value


def _structured_members(name: str) -> list[tuple[str, str, Any]]:
    target = TARGETS[name]
    out = []
    for member in target.order:
        decoded = decode_member(member, target.members[member])
        if decoded is not None:
            out.append((member, *decoded))
    return out


STRUCTURED = {name: _structured_members(name) for name in TARGETS}


def _check(name: str, data: bytes) -> None:
    check(TARGETS[name], data)


# -- the table itself -------------------------------------------------------------------------------
def test_every_importer_has_a_fuzz_target():
    """A new importer needs an entry in tests/fuzz_targets.py SEEDS (its seed export)."""
    missing = set(registry()) - set(SEEDS)
    assert not missing, f"add a seed export for {sorted(missing)} to tests/fuzz_targets.py SEEDS"
    assert set(registry()) <= set(TARGETS)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_seed_exports_are_read_cleanly(name):
    target = TARGETS[name]
    assert STRUCTURED[name], "no member the structured strategies can mutate"
    for seed in target.seeds:
        assert check(target, seed) is None
    assert list(target.run(target.seeds[0]))  # the seed export has records


# -- valid shapes, hostile values -------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(TARGETS))
@FUZZ
@given(data=st.data())
def test_hostile_values_in_valid_shapes(name, data):
    member, codec, value = data.draw(st.sampled_from(STRUCTURED[name]))
    content = encode_member(codec, data.draw(mutated(value)))
    _check(name, TARGETS[name].input_for(member, content))


# -- damaged bytes ----------------------------------------------------------------------------------
@st.composite
def damaged(draw: Any, seed: bytes) -> bytes:
    raw = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "flip", "splice", "delete"]))
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "cut":
            del raw[at:]
        elif op == "flip" and raw:
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "splice":
            raw[at:at] = draw(
                st.binary(max_size=8)
                | st.sampled_from(
                    [b"\xff", b"\x00", b'"', b"[", b"{", b"\n", b"9" * 30, b"-1", b"\xed\xa0\x80"]
                )
            )
        else:
            del raw[at : at + draw(st.integers(1, 64))]
    return bytes(raw)


@pytest.mark.parametrize("name", sorted(TARGETS))
@FUZZ
@given(data=st.data())
def test_damaged_members(name, data):
    seed = data.draw(st.sampled_from(TARGETS[name].seeds))
    _check(name, seed[:1] + data.draw(damaged(seed[1:])))


# -- damaged containers -----------------------------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


ZIPS = {name: _zip(SEEDS[name]()) for name in sorted(SEEDS)}


@pytest.mark.parametrize("name", sorted(ZIPS))
@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(data=st.data())
def test_damaged_zip_exports(name, data):
    """The whole path a user takes: a damaged zip of the export, detected and read."""
    content = data.draw(damaged(ZIPS[name]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(content)
        try:
            records = list(read_path(path))
        except InputError as exc:
            assert exc.path and exc.fix, exc
            return
    from fuzz_targets import check_record

    for record in records:
        check_record(record)


# -- the bugs these tests found, pinned --------------------------------------------------------------
_X = "x_archive"


def _x_tweet(**fields: Any) -> bytes:
    member, codec, tweets = next(m for m in STRUCTURED[_X] if m[0] == "data/tweets.js")
    first = dict(tweets[0]["tweet"])
    first.update(fields)
    return TARGETS[_X].input_for(member, encode_member(codec, [{"tweet": first}]))


@pytest.mark.parametrize(
    "fields",
    [
        {"entities": 5},
        {
            "entities": {
                "urls": [None, {"expanded_url": 7, "url": "x"}],
                "user_mentions": [{"screen_name": 3}],
            }
        },
        {"entities": {"hashtags": "abc", "user_mentions": None}},
        {"full_text": 12},
        {"in_reply_to_status_id_str": 5, "in_reply_to_screen_name": ["a"], "lang": 3},
        {"retweeted_status": "x", "quoted_status_id_str": {"a": 1}, "source": 5},
        {"edit_info": {"initial": {"editTweetIds": 5}}},
        {"edit_info": "x"},
    ],
)
def test_x_tweets_with_wrong_types_are_read_or_refused_clearly(fields):
    _check(_X, _x_tweet(**fields))


def test_x_account_with_an_unreadable_date():
    member, codec, value = next(m for m in STRUCTURED[_X] if m[0] == "data/account.js")
    value[0]["account"]["createdAt"] = "2019-05-01T10:00:00.000J"
    with pytest.raises(InputError, match="unreadable date") as info:
        TARGETS[_X].run(TARGETS[_X].input_for(member, encode_member(codec, value)))
    assert info.value.field == "createdAt" and "account.js" in str(info.value.path)


@pytest.mark.parametrize("url", ["http://[::1/x", "https://[]/users/a", "http://[x]/@a"])
def test_malformed_addresses_do_not_crash(url):
    mastodon = STRUCTURED["mastodon_archive"]
    member, codec, actor = next(m for m in mastodon if m[0] == "actor.json")
    _check(
        "mastodon_archive",
        TARGETS["mastodon_archive"].input_for(member, encode_member(codec, {**actor, "id": url})),
    )
    linkedin = TARGETS["linkedin"]
    member, codec, rows = next(m for m in STRUCTURED["linkedin"] if m[0] == "Connections.csv")
    header = next(i for i, row in enumerate(rows) if "URL" in row)
    rows = [*rows[: header + 1], [url if c == "URL" else "x" for c in rows[header]]]
    _check("linkedin", linkedin.input_for(member, encode_member(codec, rows)))
    status = {"uri": "https://m.example/s/1", "created_at": "2024-01-01T00:00:00Z", "visibility": "public"}
    status["account"] = {"acct": "a", "url": url}
    _check(
        "mastodon_api", TARGETS["mastodon_api"].input_for("statuses.json", encode_member("json", [status]))
    )


@pytest.mark.parametrize(
    "status",
    [
        {"visibility": "public", "created_at": "2024-01-01T00:00:00Z"},
        {"visibility": "public", "uri": "u", "created_at": "2024-01-01T00:00:00Z", "reblog": [1]},
        {"visibility": "public", "uri": "u", "created_at": "2024-01-01T00:00:00Z", "mentions": 5, "tags": 1},
        {"visibility": "public", "uri": "u", "created_at": "9999-12-31T23:59:59-10:00"},
        {"visibility": "public", "uri": "u", "created_at": "2024-01-01T00:00:00Z", "url": 5, "language": [1]},
    ],
)
def test_mastodon_api_statuses_of_the_wrong_shape(status):
    _check(
        "mastodon_api", TARGETS["mastodon_api"].input_for("statuses.json", encode_member("json", [status]))
    )


def test_bluesky_repost_with_a_bad_date_is_a_remote_error():
    target = TARGETS["bluesky_api"]
    member, codec, feed = STRUCTURED["bluesky_api"][0]
    feed["feed"][1]["reason"]["indexedAt"] = "2024-03-null02T09:00:00.000Z"
    from spiegel.errors import RemoteError

    with pytest.raises(RemoteError, match="indexedAt"):
        target.run(target.input_for(member, encode_member(codec, feed)))


def _mastodon(member_name: str, change: Any) -> bytes:
    member, codec, value = next(m for m in STRUCTURED["mastodon_archive"] if m[0] == member_name)
    return TARGETS["mastodon_archive"].input_for(member, encode_member(codec, change(value)))


def _first_note(outbox: dict[str, Any], **fields: Any) -> dict[str, Any]:
    create = next(a for a in outbox["orderedItems"] if a.get("type") == "Create")
    create["object"].update(fields)
    create.update(to=[{"x": 1}], cc=5)
    return outbox


@pytest.mark.parametrize(
    "member, change",
    [
        ("actor.json", lambda a: {**a, "url": False, "name": 5, "summary": ["x"], "preferredUsername": 3}),
        ("outbox.json", lambda o: _first_note(o, tag=[{"type": "Mention", "name": 5, "href": 7}])),
        ("outbox.json", lambda o: _first_note(o, inReplyTo=5, conversation=[1], summary=3, url={"a": 1})),
        ("outbox.json", lambda o: _first_note(o, tag=[{"type": "Hashtag", "name": ["x"]}], content=5)),
    ],
)
def test_mastodon_archive_fields_of_the_wrong_type(member, change):
    _check("mastodon_archive", _mastodon(member, change))


def _outcome(read: Any) -> Any:
    """The records *read* gives, or the input error it raises (its type and message)."""
    try:
        return list(read())
    except InputError as exc:
        return (type(exc), str(exc))


@FUZZ
@given(data=st.data())
def test_mastodon_batched_read_equals_item_by_item(data):
    """The fast outbox path of ``read`` (batches, HTML converted together, no RawItem per
    activity) gives what ``iter_raw`` + ``to_records`` give, on hostile outboxes too: the same
    records, or the same error."""
    importer = registry()["mastodon_archive"]
    member, codec, outbox = next(m for m in STRUCTURED["mastodon_archive"] if m[0] == "outbox.json")
    files = dict(TARGETS["mastodon_archive"].members)
    files[member] = encode_member(codec, data.draw(mutated(outbox)))
    with mock.patch("spiegel.sources.mastodon_archive.BATCH", 2):  # batch boundaries, too
        fast = _outcome(lambda: importer.read(MemoryContainer(files)))
    slow = _outcome(
        lambda: [r for item in importer.iter_raw(MemoryContainer(files)) for r in importer.to_records(item)]
    )
    assert fast == slow


@pytest.mark.parametrize(
    "fields",
    [
        {"facets": 5},
        {"facets": [{"index": {"byteStart": 0, "byteEnd": 3}, "features": 7}]},
        {"facets": [], "entities": "abc", "tags": 3},
        {"embed": {"$type": "app.bsky.embed.record", "record": {"uri": 5}}},
    ],
)
def test_bluesky_post_records_with_lists_of_the_wrong_type(fields):
    member, codec, records = STRUCTURED["bluesky_car"][0]
    post = next(k for k in records if k.startswith("app.bsky.feed.post/"))
    records[post].update(fields)
    _check("bluesky_car", TARGETS["bluesky_car"].input_for(member, encode_member(codec, records)))


def _damaged_zip(tmp_path: Path, damage: Any) -> Path:
    raw = bytearray(_zip({"inbound.jsonl": SEEDS["generic"]()["inbound.jsonl"]}))
    damage(raw)
    path = tmp_path / "export.zip"
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(
    "damage",
    [
        # the central directory's offset of the member's local header, pointing before the file
        lambda raw: raw.__setitem__(
            slice(raw.rindex(b"PK\x01\x02") + 42, raw.rindex(b"PK\x01\x02") + 46), b"\xff\xff\xff\xf0"
        ),
        # a flipped byte inside the compressed data: a corrupt deflate stream or a bad CRC
        lambda raw: raw.__setitem__(60, raw[60] ^ 0x55),
        # the stored CRC of the member in its local header and central directory
        lambda raw: [
            raw.__setitem__(slice(i + o, i + o + 4), b"\0\0\0\0")
            for i, o in ((0, 14), (raw.rindex(b"PK\x01\x02"), 16))
        ],
    ],
)
def test_damaged_zip_members_are_a_clear_error(tmp_path, damage):
    path = _damaged_zip(tmp_path, damage)
    with pytest.raises(InputError) as info:
        list(read_path(path))
    assert info.value.path and info.value.fix


def test_bluesky_post_without_a_uri_is_a_remote_error():
    target = TARGETS["bluesky_api"]
    member, codec, feed = STRUCTURED["bluesky_api"][0]
    feed["feed"][0]["post"]["uri"] = ""
    from spiegel.errors import RemoteError

    with pytest.raises(RemoteError, match="without a uri"):
        target.run(target.input_for(member, encode_member(codec, feed)))


# -- the generic JSONL fast path (organisation streams) ----------------------------------------
_GENERIC_LINE = {
    "id": "1",
    "platform": "x",
    "author": "inwoner000001",
    "author_bio": None,
    "created_at": "2026-03-23T08:39:54+00:00",
    "text": "Wanneer gaat het zwembad open?",
    "in_reply_to_id": None,
    "in_reply_to_author": None,
    "mentions": [],
    "url": "https://x.com/inwoner000001/status/1",
    "source_app": None,
    "lang": "nl",
    "conversation_id": "1",
    "kind": "post",
    "visibility": "public",
}
#: values of every kind for any field: the common ones, blanks, wrong types, hostile URLs, dates
#: outside 1900–2999 or without an offset, unknown kinds, handles that are only '@'
_GENERIC_VALUES = st.one_of(
    st.sampled_from(
        [
            None,
            "",
            "  ",
            [],
            ["@a", "b"],
            "@a, b",
            0,
            7,
            1.5,
            True,
            {"a": 1},
            [1, None],
            "x",
            " x ",
            "@@Alice",
            "@",
            "ALICE@Host.example",
            "post",
            "boost",
            "like",
            "POST",
            " Boost ",
            "reply",
            "https://x.com/a/status/1",
            " https://x.com/a ",
            "javascript:alert(1)",
            "ftp://h/x",
            "https://user:pw@h/x",
            "http://[::1",
            "2024-05-01T14:30:00+02:00",
            "2024-05-01T14:30:00Z",
            "2024-05-01T14:30:00",
            "2024-05-01",
            " 2024-05-01T14:30:00+02:00",
            "3000-01-01T00:00:00+00:00",
            "2999-12-31T23:30:00-01:00",
            "1900-01-01T00:30:00+01:00",
            "1899-12-31T23:59:59+00:00",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59-23:59",
            "01-05-2024 14:30",
            "public",
            "private",
        ]
    ),
    _ODD_TEXT,
    extreme_dates(),
    _NUMBERS,
)


@st.composite
def generic_lines(draw: Any) -> bytes:
    """A generic JSONL file: well-formed lines, lines with odd or hostile field values or
    missing fields, and now and then a line that is blank, not JSON or not an object."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        roll = draw(st.integers(0, 9))
        if roll == 0:
            lines.append(
                draw(st.sampled_from([b"", b"  ", b"[1]", b"{", b'"x"', b"null", b"\xef\xbb\xbf{}"]))
            )
            continue
        obj = dict(_GENERIC_LINE)
        for name in draw(st.lists(st.sampled_from([*FIELDS, *EXTRA_FIELDS]), max_size=4 if roll > 2 else 0)):
            if draw(st.booleans()) and name in obj:
                del obj[name]
            else:
                obj[name] = draw(_GENERIC_VALUES)
        lines.append(json.dumps(obj).encode())  # orjson refuses integers beyond 64 bits
    return b"\n".join(lines) + b"\n"


def _generic_outcome(read: Any) -> Any:
    """What *read* gives, compared strictly: the repr of every record (a date's offset too), or
    the input error (type and message: the line number and field included)."""
    try:
        return [repr(r) for r in read()]
    except InputError as exc:
        return (type(exc), str(exc))


def _generic_fast_equals_full(content: bytes, platform: str | None = None) -> None:
    importer = GenericImporter(platform=platform)
    files = {"stream.jsonl": content}
    fast = _generic_outcome(lambda: importer.read(MemoryContainer(files)))
    full = _generic_outcome(
        lambda: [r for item in importer.iter_raw(MemoryContainer(files)) for r in importer.to_records(item)]
    )
    assert fast == full


@settings(FUZZ, max_examples=EXAMPLES or 300)
@given(content=generic_lines(), platform=st.sampled_from([None, "x", "Mastodon"]))
def test_generic_fast_read_equals_full_read(content, platform):
    """``GenericImporter.read`` builds well-formed posts inline (the organisation stream's
    million lines) and sends anything unusual to ``to_records``: the same records, or the same
    first error, as ``iter_raw`` + ``to_records`` give for every line."""
    _generic_fast_equals_full(content, platform)


@pytest.mark.parametrize(
    "changes",
    [
        {"created_at": "3000-01-01T00:00:00+00:00"},  # out of range
        {"created_at": "2999-12-31T23:30:00-01:00"},  # out of range once in UTC
        {"created_at": "1899-12-31T23:59:59+00:00"},
        {"created_at": "2024-05-01T14:30:00"},  # no offset: taken as UTC
        {"created_at": " 2024-05-01T14:30:00+02:00 "},
        {"created_at": "01-05-2024 14:30"},
        {"created_at": "not a date"},
        {"author": "  "},
        {"author": "@@Alice"},
        {"author": 7},
        {"text": None},
        {"text": 5},
        {"id": None},
        {"id": 12345678901234567890},
        {"url": "javascript:alert(1)"},
        {"url": " https://x.com/a "},
        {"kind": "like"},
        {"kind": "reply"},
        {"kind": " Boost "},
        {"mentions": "@a, b"},
        {"mentions": ["@A", ""]},
        {"hashtags": ["#x"]},
        {"urls": ["javascript:x", "https://ok.example/"]},
        {"in_reply_to_author": "@Bob"},
        {"in_reply_to_author": []},
        {"visibility": "private"},
        {"lang": {"a": 1}},
        {"lang": " nl "},
        {"id": " 7 ", "conversation_id": "  "},
        {"id": None, "url": None},
        {"id": "", "url": " https://x.com/a/status/2 "},
    ],
)
def test_generic_fast_read_on_odd_fields(changes):
    """Each check the fast path must keep (the date range, required fields, safe URLs, kinds,
    lists) on a line of its own, after a well-formed line: a check left out of the fast path
    fails one of these."""
    odd = {**_GENERIC_LINE, "id": "2", **changes}
    content = orjson.dumps(_GENERIC_LINE) + b"\n" + orjson.dumps(odd) + b"\n"
    _generic_fast_equals_full(content)
    _generic_fast_equals_full(content.replace(b'"kind":"post"', b'"kind":"boost"', 1))
