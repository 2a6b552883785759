"""The record model keeps only http/https links (issue #10): whatever an importer passes in,
a Post, Interaction or Account never carries a ``javascript:``, ``data:`` or protocol-relative
URL, at construction or when a field is set later."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime

import pytest

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


def test_fields_set_after_construction_are_checked_too() -> None:
    post = Post("generic", "1", "anna", T0, "tekst", url=SAFE_URL)
    assert post.url == SAFE_URL
    post.url = "javascript:alert(1)"
    assert post.url is None
    post.urls = ["data:text/html,x", SAFE_URL]
    assert post.urls == [SAFE_URL]
    like = Interaction("x", "like", "anna")
    like.target_url = "vbscript:x"
    assert like.target_url is None
    account = Account("x", "anna")
    account.url = "//evil.example"
    assert account.url is None
    # copies and dataclasses.replace go through the same check
    assert dataclasses.replace(post, url="javascript:1").url is None
    assert copy.deepcopy(post).urls == [SAFE_URL]
    # other fields are untouched
    post.text = "javascript:alert(1)"
    assert post.text == "javascript:alert(1)"
