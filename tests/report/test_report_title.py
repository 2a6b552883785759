"""Issue #13: a report whose owner is unknown has a title without a dangling dash."""

from __future__ import annotations

import dataclasses

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.pipeline import Profile
from spiegel.report import render_html


def test_report_title_of_an_unknown_owner_is_not_left_dangling(profile: Profile) -> None:
    nameless = dataclasses.replace(profile, person={**profile.person, "name": None})
    title = HTMLParser(render_html(nameless)).css_first("title").text()
    assert title == "Competentieprofiel"
    named = HTMLParser(render_html(profile)).css_first("title").text()
    assert named.startswith("Competentieprofiel — ")
