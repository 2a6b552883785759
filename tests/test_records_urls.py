"""The record model keeps only http/https links (issue #10): whatever an importer passes in,
a Post, Interaction or Account never carries a ``javascript:``, ``data:`` or protocol-relative
URL (checked when the record is made, which is how every importer hands them on)."""

from __future__ import annotations

import copy
import dataclasses
import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_urls import HOSTILE_URLS, SAFE_URL
from spiegel.records import Account, Interaction, Post, safe_url, safe_urls

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_are_refused(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        (SAFE_URL, SAFE_URL),
        ("http://gemeente.example", "http://gemeente.example"),
        ("HTTPS://Gemeente.example/a#b", "HTTPS://Gemeente.example/a#b"),
        ("  https://gemeente.example/x \n", "https://gemeente.example/x"),
        ("https://gemeente.example/a\tb", "https://gemeente.example/ab"),
    ],
)
def test_http_and_https_urls_are_kept(url: str, kept: str) -> None:
    assert safe_url(url) == kept
    assert safe_url(kept) == kept  # idempotent


def test_non_strings_are_no_url() -> None:
    assert safe_url(None) is None
    assert safe_url(42) is None
    assert safe_urls(["javascript:x", SAFE_URL, None, "//x"]) == [SAFE_URL]
    assert safe_urls(None) == []


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_every_record_url_field_refuses_hostile_urls(url: str) -> None:
    post = Post("generic", "1", "anna", T0, "tekst", url=url, urls=[url, SAFE_URL])
    assert post.url is None and post.urls == [SAFE_URL]
    assert Interaction("x", "like", "anna", target_url=url).target_url is None
    assert Account("x", "anna", url=url).url is None


def test_copies_and_replacements_are_checked_too() -> None:
    post = Post("generic", "1", "anna", T0, "tekst", url=SAFE_URL, urls=[SAFE_URL])
    assert dataclasses.replace(post, url="javascript:1").url is None
    assert dataclasses.replace(post, urls=["data:text/html,x", SAFE_URL]).urls == [SAFE_URL]
    assert dataclasses.replace(Interaction("x", "like", "a"), target_url="//evil.example").target_url is None
    assert copy.deepcopy(post).url == SAFE_URL
    # other fields are untouched
    assert Post("generic", "2", "anna", T0, "javascript:alert(1)").text == "javascript:alert(1)"


PIECES = ["http", "https", "javascript", "data", "HTTP", ":", "//", "/", "&#58;", "&#x6A;", "&amp;"]
PIECES += ["&colon;"]
PIECES += ["\t", "\n", "\x01", " ", "\\", "host.example", "?a=1", "#x", "@", "%0a", "java", "script"]


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_every_url_kept_is_http_or_https_as_a_browser_reads_it(url: str) -> None:
    kept = safe_url(url)
    if kept is None:
        return
    assert safe_url(kept) == kept
    # what a browser makes of the href: entities decoded, tabs/newlines and edges dropped
    seen = kept
    for _ in range(3):
        seen = html.unescape(seen)
    seen = re.sub(r"[\t\n\r]", "", seen).strip("".join(chr(c) for c in range(0x21)))
    parts = urlsplit(seen.replace("\\", "/"))
    assert parts.scheme.lower() in ("http", "https"), (url, kept)
    assert parts.netloc, (url, kept)


def _full_check(url: object) -> str | None:
    """safe_url without the fast common-case path: the reference the fast path must equal."""
    from spiegel import records

    if url is None or not isinstance(url, str):
        return None
    if records._PLAIN_URL.fullmatch(url):
        return url
    saved = records._plain_url
    records._plain_url = lambda _u: None  # type: ignore[assignment]
    try:
        return safe_url(url)
    finally:
        records._plain_url = saved


FOLDS = ["httpſ://x.example/", "https://xK.example/", "HTTPS://X.EXAMPLE/a", "hTtP://ı.example"]


@given(st.lists(st.sampled_from([*PIECES, "ſ", "K", "ı", "é", "x.example/ä"]), max_size=8).map("".join))
def test_the_fast_path_of_record_urls_gives_what_the_full_check_gives(url: str) -> None:
    """Post (url and urls) and safe_url check the common case with a faster pattern first; the
    results are those of the full check, also for Unicode case folds the fast pattern skips."""
    for value in [url, *FOLDS, *HOSTILE_URLS, SAFE_URL]:
        expected = _full_check(value)
        assert safe_url(value) == expected, value
        post = Post("generic", "1", "anna", T0, "tekst", url=value, urls=[value, SAFE_URL])
        assert post.url == expected, value
        assert post.urls == [u for u in (expected, SAFE_URL) if u is not None], value
