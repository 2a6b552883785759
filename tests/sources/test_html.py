from __future__ import annotations

import pytest

from spiegel.sources._html import html_many, html_to_text, html_to_text_and_links, link_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (None, ""),
        ("", ""),
        ("geen opmaak &amp; toch een entiteit", "geen opmaak & toch een entiteit"),
        ("<p>een</p><p>twee</p>", "een\n\ntwee"),
        ("<p>regel<br>nog een<br />en nog</p>", "regel\nnog een\nen nog"),
        (
            "<p>Zie <a href='https://a.example/x'><span class='invisible'>https://</span>a.example/x</a></p>",
            "Zie https://a.example/x",
        ),
        ("<p>&lt;b&gt; is geen tag</p>", "<b> is geen tag"),
    ],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


def test_mentions_and_hashtags_are_not_links():
    markup = (
        '<p><span class="h-card"><a href="https://m.example/@an" class="u-url mention">'
        "@<span>an</span></a></span> "
        '<a href="https://m.example/tags/afval" class="mention hashtag" rel="tag">#<span>afval</span></a> '
        '<a href="https://gemeente.example/afval">meer</a></p>'
    )
    assert html_to_text_and_links(markup) == ("@an #afval meer", ["https://gemeente.example/afval"])


@pytest.mark.parametrize(
    ("source", "app"),
    [
        (
            '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
            "Twitter for Android",
        ),
        ("Hootsuite &amp; co", "Hootsuite & co"),
        (None, None),
        ("<a href='x'></a>", None),
    ],
)
def test_link_text(source, app):
    assert link_text(source) == app


def test_html_many_matches_one_by_one():
    markups = [
        "<p>een</p><p>twee<br>drie</p>",
        None,
        "platte tekst &amp; meer",
        "<p>open <a href='https://x.example/'>link</p>",  # unbalanced: converted on its own
        "<article>geen wrapper</article>",
        '<p><a href="https://y.example/">y</a> en '
        '<span class="h-card"><a class="mention" href="m">@m</a></span></p>',
    ] * 3
    assert html_many(markups) == [html_to_text_and_links(m) for m in markups]
