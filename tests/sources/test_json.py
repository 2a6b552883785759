"""Streaming JSON (spiegel.sources._json): chunked X files, the ijson fallback, flat reads."""

from __future__ import annotations

import io
import json

import pytest

from sources._source_helpers import FIXTURES
from spiegel.errors import MalformedFileError
from spiegel.sources import _json, mastodon_archive, read_path
from spiegel.sources._json import iter_collection, iter_ytd


class CountingReader(io.RawIOBase):
    """A file that counts how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)


def ytd(items: list, name: str = "tweets", indent: int | None = 2) -> bytes:
    body = json.dumps(items, indent=indent, separators=(",", " : ") if indent else (",", ":"))
    return f"window.YTD.{name}.part0 = {body}".encode()


ITEMS = [
    {"tweet": {"id_str": str(i), "full_text": f'bericht {i} met "quote" en }},\n', "n": [i, {"x": i}]}}
    for i in range(500)
]


@pytest.mark.parametrize("chunk", [64, 1000, 4 * 1024 * 1024])
def test_chunked_parse_returns_every_item_in_order(chunk):
    out = list(iter_ytd(io.BytesIO(ytd(ITEMS)), "tweets.js", chunk_size=chunk))
    assert out == ITEMS


@pytest.mark.parametrize("indent", [None, 1, 4])
def test_other_layouts_fall_back_to_exact_parsing(indent):
    out = list(iter_ytd(io.BytesIO(ytd(ITEMS, indent=indent)), "tweets.js", chunk_size=512))
    assert out == ITEMS


def test_empty_list_and_trailing_semicolon():
    assert list(iter_ytd(io.BytesIO(b"window.YTD.like.part0 = [ ]"), "like.js")) == []
    assert list(iter_ytd(io.BytesIO(ytd(ITEMS[:3]) + b";\n"), "t.js")) == ITEMS[:3]


def test_first_item_arrives_before_the_file_is_read():
    big = [{"tweet": {"id_str": str(i), "full_text": "x" * 200}} for i in range(8_000)]
    data = ytd(big)
    assert len(data) > 2_000_000
    reader = CountingReader(data)
    items = iter_ytd(io.BufferedReader(reader), "tweets.js", chunk_size=256 * 1024)
    assert next(items) == big[0]
    assert reader.read_bytes < len(data) / 3


def test_deep_nesting_in_the_exact_path_is_refused_without_exhausting_memory():
    deep = b"[" * 100_000 + b"]" * 100_000
    ytd_file = b'window.YTD.tweets.part0 = [\n  {\n    "tweet" : ' + deep + b"\n  },\n  {}\n]"
    with pytest.raises(MalformedFileError, match="nested too deeply"):
        list(iter_ytd(io.BytesIO(ytd_file), "tweets.js"))
    minified = b"window.YTD.tweets.part0 = [" + deep + b"]"
    with pytest.raises(MalformedFileError, match="nested too deeply"):
        list(iter_ytd(io.BytesIO(minified), "tweets.js"))
    outbox = b'{"type": "OrderedCollection", "orderedItems": [' + deep + b"]}"
    with pytest.raises(MalformedFileError, match="nested too deeply"):
        list(iter_collection(io.BytesIO(outbox), "outbox.json"))
    key_late = b'{"pad": "' + b"x" * 100_000 + b'", "other": ' + deep + b', "orderedItems": []}'
    with pytest.raises(MalformedFileError, match="nested too deeply"):
        list(iter_collection(io.BytesIO(key_late), "outbox.json", chunk_size=1024))


def test_collection_key_found_late_uses_the_exact_path():
    doc = json.dumps({"pad": "x" * 100_000, "orderedItems": [{"id": 1}, {"id": 2}], "after": [1]}).encode()
    assert list(iter_collection(io.BytesIO(doc), "outbox.json", chunk_size=1024)) == [{"id": 1}, {"id": 2}]
    with pytest.raises(MalformedFileError, match="expected a list, found map") as err:
        list(
            iter_collection(
                io.BytesIO(b'{"pad": "' + b"x" * 100_000 + b'", "orderedItems": {}}'), "o", chunk_size=1024
            )
        )
    assert err.value.field == "orderedItems"


def test_not_a_ytd_file():
    with pytest.raises(MalformedFileError, match=r"should start with 'window\.YTD"):
        list(iter_ytd(io.BytesIO(b'{"tweets": []}'), "tweets.js"))


def test_error_line_is_counted_across_chunks():
    data = ytd(ITEMS).decode().split("\n")
    data[3001] = data[3001] + "!"
    with pytest.raises(MalformedFileError) as err:
        list(iter_ytd(io.BytesIO("\n".join(data).encode()), "tweets.js", chunk_size=4096))
    assert err.value.line == 3002


def test_mastodon_streaming_path_gives_the_same_records(monkeypatch):
    small = list(read_path(FIXTURES / "mastodon_archive"))
    monkeypatch.setattr(mastodon_archive, "SMALL", 0)
    streamed = list(read_path(FIXTURES / "mastodon_archive"))
    assert streamed == small and len(small) > 5


def test_module_constants_are_sane():
    assert _json.CHUNK < _json.MAX_SCAN


def _outbox(n: int, **kw) -> bytes:
    items = [
        {
            "id": f"https://a.example/users/me/statuses/{i}/activity",
            "type": "Create",
            "object": {
                "id": f"https://a.example/users/me/statuses/{i}",
                "type": "Note",
                "content": "<p>hoi</p>",
                "tag": [{"type": "Mention"}, {"type": "Hashtag"}],
                "replies": {"id": "r", "items": []},
            },
        }
        for i in range(n)
    ]
    return json.dumps(
        {"id": "outbox.json", "type": "OrderedCollection", "orderedItems": items, **kw}, separators=(",", ":")
    ).encode()


@pytest.mark.parametrize("chunk", [100, 4096, 4 * 1024 * 1024])
def test_collection_chunks_give_every_item(chunk):
    data = _outbox(300)
    assert (
        list(iter_collection(io.BytesIO(data), "outbox.json", chunk_size=chunk))
        == json.loads(data)["orderedItems"]
    )


def test_collection_with_keys_after_the_list_and_pretty_layout():
    data = _outbox(50, last="x")
    assert len(list(iter_collection(io.BytesIO(data), "outbox.json", chunk_size=200))) == 50
    pretty = json.dumps(json.loads(data), indent=2).encode()
    assert len(list(iter_collection(io.BytesIO(pretty), "outbox.json", chunk_size=200))) == 50


def test_collection_streams():
    data = _outbox(8_000)
    reader = CountingReader(data)
    items = iter_collection(io.BufferedReader(reader), "outbox.json", chunk_size=256 * 1024)
    assert next(items)["type"] == "Create"
    assert reader.read_bytes < len(data) / 3


def test_collection_truncated_or_wrong_shape():
    data = _outbox(100)
    with pytest.raises(MalformedFileError, match="truncated"):
        list(iter_collection(io.BytesIO(data[: len(data) // 2]), "outbox.json", chunk_size=512))
    with pytest.raises(MalformedFileError, match="expected a list") as err:
        list(iter_collection(io.BytesIO(b'{"orderedItems": {"a": 1}}'), "outbox.json"))
    assert err.value.field == "orderedItems"
