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
    links = _links(tree) if "<a" in markup or "<A" in markup else []
    body = tree.body
    if body is None:
        return "", links
    return _clean_blocks(body.text(deep=True)), links


def _clean_blocks(text: str) -> str:
    """Blank-line separated blocks, each stripped, empty ones dropped."""
    return "\n\n".join(filter(None, map(str.strip, text.split("\n\n"))))


def _links(node: Any) -> list[str]:
    return _kept_links(node.css("a[href]"))


def _kept_links(anchors: Any) -> list[str]:
    links: list[str] = []
    for a in anchors:
        attrs = a.attributes
        href = attrs.get("href")
        if not href:
            continue
        classes = attrs.get("class")
        if classes:
            words = classes.split()
            if "mention" in words or "hashtag" in words:
                continue
        links.append(href)
    return links


# -- batching --------------------------------------------------------------------------------
# Fragments are parsed together, each as <article><object>FRAGMENT</object></article>, and that
# must give exactly what parsing each alone gives. But an HTML parser carries state from one
# element to the next, so a fragment could leak into its neighbours:
#
# * an unclosed <a> (a "formatting element") would be rebuilt around what follows, href and
#   all: the <object> wrapper stops that (closing an <object> drops the formatting elements
#   opened inside it);
# * an open table, <select>, <object>, <svg> integration point and the like keep the wrapper's
#   end tags from closing it, so the next fragment ends up inside (a nested article, _BAD);
#   head elements (<title>, <style>, <meta> …) are put into <head> when a document starts with
#   them, and a <form> makes the parser ignore the next <form> of the document (both _BAD too):
#   such a fragment is converted alone, and the others are parsed together again;
# * <frameset> and a doctype leave no element behind but read differently at the start of a
#   document, and the wrapper's own end tags would let a fragment out: a fragment with one of
#   these (_ODD: as a tag anywhere, even inside an attribute) is converted alone;
# * a fragment ending inside a tag would swallow the wrapper: converted alone;
# * an unclosed comment, raw-text element (<textarea> …), <template> or attribute quote swallows
#   the next fragment's wrapper, so the document has fewer articles than fragments (a last,
#   empty article makes that true for the last fragment too); that, or text outside all
#   articles, has the whole batch converted one by one.
#
# tests/sources/test_html.py checks the batched result against the one-by-one result on real,
# generated and hostile fragments and on random tag soup.
_OPEN, _CLOSE = "<article><object>", "</object></article>"
_ODD = re.compile(r"<(?:!doctype|frameset|/object|/article)", re.IGNORECASE).search
_BAD = (
    "article article, article object :is(base, basefont, bgsound, form, link, meta, noframes, noscript, "
    "script, style, template, title)"
)


def html_many(markups: list[str | None]) -> list[tuple[str, list[str]]]:
    """:func:`html_to_text_and_links` for many fragments at once, with the same results.

    Fragments are parsed together, as elements of one document: creating a parser costs more
    than parsing a short post, so this halves the time per post of a large import. Fragments
    that could leak into their neighbours are converted one by one (see the notes above).
    """
    out: list[tuple[str, list[str]] | None] = [None] * len(markups)
    together: list[tuple[int, str]] = []
    for i, markup in enumerate(markups):
        # not ending inside a tag; the rarer cases are looked for in all fragments at once
        if markup and "<" in markup and markup.rfind("<") < markup.rfind(">"):
            together.append((i, markup))
        else:
            out[i] = html_to_text_and_links(markup)
    if together and _ODD("\n".join([markup for _, markup in together])):
        together = _alone([f for f in together if _ODD(f[1])], together, out)
    for _ in range(2):  # fragments with a _BAD element go alone, then the rest once more
        if not together:
            break
        bad = _convert_together(together, out)
        together = [] if bad is None else _alone(bad, together, out)
    _alone(together, together, out)  # still not clean: one by one
    return [r if r is not None else ("", []) for r in out]


def _alone(
    which: list[tuple[int, str]], together: list[tuple[int, str]], out: list[tuple[str, list[str]] | None]
) -> list[tuple[int, str]]:
    """Convert the fragments *which* one by one into *out*; return the rest of *together*."""
    for i, markup in which:
        out[i] = html_to_text_and_links(markup)
    return [f for f in together if out[f[0]] is None]


def _convert_together(
    together: list[tuple[int, str]], out: list[tuple[str, list[str]] | None]
) -> list[tuple[int, str]] | None:
    """Convert the fragments *together* (index, markup) in one document into *out* and return
    None; or, if that would not give the one-by-one result, leave *out* as it is and return the
    fragments that must go alone (all of them when it is not known which)."""
    doc = "".join([f"{_OPEN}{markup}{_CLOSE}" for _, markup in together]) + _OPEN + _CLOSE
    tree = HTMLParser(_PARAGRAPH.sub("\n\n", _BREAK.sub("\n", doc)))
    # the articles and their links in document order, in one query: the links after an
    # article (and before the next) are its own
    articles: list[Any] = []
    anchors: list[list[Any]] = []
    for node in tree.css("body > article, article a[href]"):
        if node.tag == "article":
            articles.append(node)
            anchors.append([])
        else:
            anchors[-1].append(node)
    if tree.css_first(_BAD) is not None:
        # the fragments whose articles hold it (an article's place may be off after one that
        # swallowed its neighbour; then the next round finds what is left)
        bad = [f for f, node in zip(together, articles, strict=False) if node.css_first(_BAD) is not None]
        return bad or together
    body = tree.body
    if len(articles) != len(together) + 1 or body is None or body.text(deep=False).strip():
        return together
    for (i, _), node, found in zip(together, articles, anchors, strict=False):
        out[i] = (_clean_blocks(node.text(deep=True)), _kept_links(found) if found else [])
    return None


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
