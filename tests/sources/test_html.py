from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources._source_helpers import FORMATS
from spiegel.sources import _html
from spiegel.sources._html import html_many, html_to_text, html_to_text_and_links, link_text
from spiegel_testpaths import needs_data


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


# -- batched conversion = one by one, on real, generated and hostile fragments ---------------------
#: what follows each fragment in a batch: text and a link that an earlier fragment must not touch
PROBE = '<p>daarna <a href="https://probe.example/">probe</a></p>'
HOSTILE_HTML = [
    "<table><tr><td>cel",  # an open table re-parents the next fragment into its cell
    "<select><option>keuze",
    "<template>verborgen",
    "<textarea>rauw",
    "<plaintext>alles",
    "<script>x()",
    "<style>p{}",
    "<title>titel",
    "<xmp>rauw",
    "<noscript>geen",
    "<iframe>frame",
    "<!-- commentaar",
    "<svg><p>svg",
    "<math><mi>x",
    "<object>obj",
    '<a href="https://open.example/">nooit gesloten',  # an open <a> is rebuilt around what follows
    '<a href="https://x.example/">x <!-- </a> -->',
    '<a href="https://x.example/">x</a></a><a href="https://y.example/">y',
    '<a title="</a>" href="https://t.example/">titel',
    '<b><a href="https://b.example/">b</b> na',
    '<A HREF="https://hoofd.example/">HOOFDLETTERS</A>',
    '<a href="https://a.example/"><a href="https://b.example/">genest</a>',
    "<p>open alinea<li>lijst<ul><li>item",
    "<div>blok<span>span",
    "<article>eigen article</article>",
    "</article><article>ontsnapt",
    "<body><p>body</p></body>",
    "<html><head><title>t</title></head><body>doc",
    "<frameset>",
    "<p>tekst met < los teken</p>",
    "<p>a\x00b</p>",
    "<p>entiteit &amp; &lt;a href=x&gt; geen tag</p>",
    '<a href="javascript:alert(1)">js</a>',
    "<br\xa0/>x",
    "<p\u00a0class=x>nbsp</p>",
    "<ſpan>lange s</ſpan>",
    "<pre>\nvoorgevormd</pre>",
    "<image>img</image>",
    "<isindex>",
]


def _assert_batch_matches(fragments):
    batch = [f for fragment in fragments for f in (fragment, PROBE)]
    assert html_many(batch) == [html_to_text_and_links(m) for m in batch]


@pytest.mark.parametrize("fragment", HOSTILE_HTML)
def test_html_many_hostile_fragment_does_not_leak(fragment):
    _assert_batch_matches([fragment, fragment.upper()])


@needs_data("formats/mastodon_account_archive")
def test_html_many_on_real_mastodon_contents():
    outbox = FORMATS / "mastodon_account_archive" / "outbox.json"
    items = orjson.loads(outbox.read_bytes())["orderedItems"]
    contents = [a["object"]["content"] for a in items if isinstance(a.get("object"), dict)]
    assert len(contents) > 1000
    assert html_many(contents) == [html_to_text_and_links(m) for m in contents]


_TOKENS = st.sampled_from(
    [
        # what Mastodon writes
        "<p>",
        "</p>",
        "<br>",
        "<br />",
        "<span>",
        "</span>",
        '<span class="invisible">',
        '<a href="https://a.example/">',
        '<a href="https://b.example/" class="u-url mention">',
        '<a href="https://c.example/tags/x" class="mention hashtag">',
        "<a href=d>",
        "</a>",
        "<A href=e>",
        "</A>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<em>",
        "<strong>",
        "</strong>",
        "<ul>",
        "<li>",
        "</ul>",
        "<blockquote>",
        "<pre>",
        "<code>",
        "<h1>",
        "<nobr>",
        "<button>",
        "<div>",
        "</div>",
        # what changes the parser's state or reads differently at the start of a document
        "<table>",
        "<td>",
        "</table>",
        "<caption>",
        "<select>",
        "<option>",
        "<template>",
        "</template>",
        "<textarea>",
        "</textarea>",
        "<plaintext>",
        "<script>",
        "<style>",
        "<title>",
        "<noscript>",
        "<iframe>",
        "<xmp>",
        "<!--",
        "-->",
        "<!",
        "<?",
        "<!doctype html>",
        "<svg>",
        "</svg>",
        "<foreignObject>",
        "<math>",
        "<mi>",
        "<object>",
        "</object>",
        "<applet>",
        "<marquee>",
        "<article>",
        "</article>",
        "<frameset>",
        "<head>",
        "</head>",
        "<body>",
        "</body>",
        "<html>",
        "</html>",
        "<form>",
        "</form>",
        "<meta>",
        "<base>",
        "<link>",
        # loose characters
        "<",
        ">",
        "</",
        '"',
        "'",
        "=",
        " ",
        "\n",
        "\n\n",
        "&amp;",
        "&lt;",
        "&",
        "tekst",
        "woord",
        "x",
    ]
)
_FRAGMENTS = st.lists(_TOKENS, max_size=14).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(_FRAGMENTS, min_size=1, max_size=6))
def test_html_many_matches_one_by_one_on_tag_soup(fragments):
    _assert_batch_matches(fragments)


def _counting_one_by_one(monkeypatch):
    calls: list[str | None] = []
    real = html_to_text_and_links

    def counted(markup):
        calls.append(markup)
        return real(markup)

    monkeypatch.setattr(_html, "html_to_text_and_links", counted)
    return calls


def test_html_many_parses_mastodon_html_together(monkeypatch):
    calls = _counting_one_by_one(monkeypatch)
    markups = [PROBE, "<p>een<br>twee</p>", '<p><a href="https://a.example/">open</a> en dicht</p>'] * 5
    expected = [html_to_text_and_links(m) for m in markups]
    calls.clear()
    assert html_many(markups) == expected
    assert calls == []  # none converted alone


@pytest.mark.parametrize(
    ("odd", "alone"),
    [
        ("<table><tr><td>cel", 1),  # an element that keeps the wrapper open: only it goes alone
        ("<title>kop</title>rest", 1),  # a head element: only it goes alone
        ("<frameset>", 1),  # no element, but read differently at a document's start: alone
        ('<p>tekst <a title="open>', 7),  # swallows what follows: the whole batch goes alone
        ("<!-- open commentaar >", 7),
        ("<p>eindigt in een tag <a href", 1),
    ],
)
def test_html_many_converts_only_what_it_must_alone(monkeypatch, odd, alone):
    calls = _counting_one_by_one(monkeypatch)
    markups = [PROBE] * 3 + [odd] + [PROBE] * 3
    expected = [html_to_text_and_links(m) for m in markups]
    calls.clear()
    assert html_many(markups) == expected
    assert len(calls) == alone
