"""HTML to plain text for importers (Mastodon ``content``, X ``source``), with selectolax.

Paragraphs become blank-line separated blocks, ``<br>`` becomes a newline, links keep their
visible text (Mastodon hides part of long URLs in ``<span class="invisible">``; the text of
all spans together is the full URL, which is what a reader would copy), and entities are decoded.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p\s*>\s*<p(?:\s[^>]*)?>", re.IGNORECASE)


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment; plain strings only get their entities decoded."""
    return html_to_text_and_links(markup)[0]


def html_to_text_and_links(markup: str | None) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment and the targets of its ordinary links.

    Links that Mastodon marks as a mention or a hashtag (``class="mention"``/``"hashtag"``) are
    not ordinary links and are left out of the list.
    """
    if not markup:
        return "", []
    if "<" not in markup:
        return (html.unescape(markup) if "&" in markup else markup), []
    # Line structure first, as text, so that one parse and one text() call do the rest: this
    # runs once per post and is the slowest step of a Mastodon import.
    marked = _PARAGRAPH.sub("\n\n", _BREAK.sub("\n", markup))
    tree = HTMLParser(marked)
    links: list[str] = []
    if "<a" in markup:
        for a in tree.css("a[href]"):
            attrs = a.attributes
            classes = (attrs.get("class") or "").split()
            href = attrs.get("href")
            if href and "mention" not in classes and "hashtag" not in classes:
                links.append(href)
    body = tree.body
    if body is None:
        return "", links
    text = body.text(deep=True)
    return "\n\n".join(block.strip() for block in text.split("\n\n") if block.strip()), links


@lru_cache(maxsize=1024)
def link_text(markup: str | None) -> str | None:
    """The visible text of an ``<a>`` element (X's ``source``: ``<a href=…>Twitter Web App</a>``).

    Cached: an archive uses a handful of distinct values, and this runs once per post.
    """
    if not markup:
        return None
    if "<" not in markup:
        return html.unescape(markup).strip() or None
    node = HTMLParser(markup).css_first("a")
    text = node.text(deep=True) if node is not None else html_to_text(markup)
    return text.strip() or None
