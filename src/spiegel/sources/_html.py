"""HTML to plain text for importers (Mastodon ``content``, X ``source``), with selectolax.

Paragraphs become blank-line separated blocks, ``<br>`` becomes a newline, links keep their
visible text (Mastodon hides part of long URLs in ``<span class="invisible">``; the text of
all spans together is the full URL, which is what a reader would copy), and entities are decoded.
"""

from __future__ import annotations

import html
from functools import lru_cache

from selectolax.parser import HTMLParser


def html_to_text(markup: str | None) -> str:
    """Plain text of an HTML fragment; plain strings only get their entities decoded."""
    if not markup:
        return ""
    if "<" not in markup:
        return html.unescape(markup) if "&" in markup else markup
    tree = HTMLParser(markup)
    for br in tree.css("br"):
        br.replace_with("\n")
    body = tree.body
    if body is None:
        return ""
    paragraphs = tree.css("p")
    if paragraphs:
        blocks = [p.text(deep=True) for p in paragraphs]
        text = "\n\n".join(b.strip() for b in blocks if b.strip())
    else:
        text = body.text(deep=True)
    return text.strip()


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
