"""Issue #14, item 7, in the reports: a quote that stands for near-duplicates says how many
("en 9 vergelijkbare berichten"); "and N more" counts only the posts not accounted for."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.pipeline import Profile
from spiegel.report import render_html, render_pdf
from spiegel.report.html import not_shown


def _with_duplicates(profile: Profile) -> tuple[dict[str, Any], dict[str, Any]]:
    """The profile with its first timing quote standing for 9 near-duplicates, and 2 posts more."""
    data = copy.deepcopy(profile.to_dict())
    comp = next(c for c in data["competencies"] if c["id"] == "timing")
    ind = next(i for i in comp["indicators"] if i["evidence"])
    ind["evidence"][0]["similar"] = [f"dup{i}" for i in range(9)]
    ind["details"]["evidence_total"] = len(ind["evidence"]) + 9 + 2
    return data, ind


@pytest.mark.parametrize(
    ("lang", "words", "more"),
    [("nl", "en 9 vergelijkbare berichten", "en nog 2 andere"), ("en", "and 9 similar posts", "and 2 more")],
)
def test_html_says_how_many_similar_posts_a_quote_stands_for(
    profile: Profile, lang: str, words: str, more: str
) -> None:
    data, ind = _with_duplicates(profile)
    tree = HTMLParser(render_html(data, lang))
    quotes = tree.css("#c-timing blockquote")
    assert words in quotes[0].text()
    assert all(words not in q.text() for q in quotes[1:])
    assert more in tree.css_first("#c-timing").text()
    assert not_shown(ind) == 2


def test_pdf_says_it_too(profile: Profile, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(_with_duplicates(profile)[0]))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "en 9 vergelijkbare berichten" in " ".join(text.split())
