"""HTML to plain text for importers (Mastodon ``content``, X ``source``), with selectolax.

Paragraphs become blank-line separated blocks, ``<br>`` becomes a newline, links keep their
visible text (Mastodon hides part of long URLs in ``<span class="invisible">``; the text of
all spans together is the full URL, which is what a reader would copy), and entities are decoded.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

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
    links = _links(tree) if "<a" in markup else []
    body = tree.body
    if body is None:
        return "", links
    return _clean_blocks(body.text(deep=True)), links


def _clean_blocks(text: str) -> str:
    return "\n\n".join(block.strip() for block in text.split("\n\n") if block.strip())


def _links(node: Any) -> list[str]:
    links: list[str] = []
    for a in node.css("a[href]"):
        attrs = a.attributes
        classes = (attrs.get("class") or "").split()
        href = attrs.get("href")
        if href and "mention" not in classes and "hashtag" not in classes:
            links.append(href)
    return links


def _batchable(markup: str) -> bool:
    """Safe to parse inside a shared document: no wrapper-like tags, balanced links."""
    lower = markup.lower()
    return "<article" not in lower and "</article" not in lower and lower.count("<a") == lower.count("</a>")


def html_many(markups: list[str | None]) -> list[tuple[str, list[str]]]:
    """:func:`html_to_text_and_links` for many fragments at once, with the same results.

    Fragments are parsed together as ``<article>`` elements of one document: creating a parser
    costs more than parsing a short post, so this halves the time per post of a large import.
    Fragments that could leak into their neighbours are converted one by one.
    """
    out: list[tuple[str, list[str]] | None] = [None] * len(markups)
    together: list[int] = []
    for i, markup in enumerate(markups):
        if markup and "<" in markup and _batchable(markup):
            together.append(i)
        else:
            out[i] = html_to_text_and_links(markup)
    if together:
        doc = "".join(f"<article>{markups[i]}</article>" for i in together)
        tree = HTMLParser(_PARAGRAPH.sub("\n\n", _BREAK.sub("\n", doc)))
        nodes = tree.css("article")
        if len(nodes) == len(together):
            for i, node in zip(together, nodes, strict=True):
                out[i] = (_clean_blocks(node.text(deep=True)), _links(node))
        else:  # pragma: no cover - guarded by _batchable
            for i in together:
                out[i] = html_to_text_and_links(markups[i])
    return [r if r is not None else ("", []) for r in out]


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
