from __future__ import annotations

import base64
import hashlib
import html
import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.errors import ConfigError
from spiegel.pipeline import Profile
from spiegel.report import render_html
from spiegel.web.security import report_style_hash


def test_html_dutch_default_has_all_sections(profile: Profile) -> None:
    html = render_html(profile)
    tree = HTMLParser(html)
    assert tree.css_first("html").attributes["lang"] == "nl"
    for section in ("header", "notice", "overview", "chart", "method"):
        assert tree.css_first(f"#{section}") is not None, section
    assert len(tree.css("section.competency")) == 6
    assert tree.css_first("#chart svg") is not None
    assert "Advies voor een gesprek, geen besluit" in html
    assert "Luisteren" in html and "Ontwikkelrichting" in html
    # self-contained: no external stylesheet, script or image
    assert not tree.css("link[rel=stylesheet]") and not tree.css("script[src]") and not tree.css("img[src]")


def test_html_quotes_evidence_with_links_and_escapes_text(profile: Profile) -> None:
    html = render_html(profile)
    tree = HTMLParser(html)
    quotes = tree.css("#c-timing blockquote")
    assert len(quotes) == 3
    assert "vijandig van toon" in quotes[0].text()
    link = quotes[0].css_first("a")
    assert link is not None and link.attributes["href"].startswith("https://social.example/@anna/")
    assert "<b>Mooi</b>" not in html and "&lt;b&gt;Mooi&lt;/b&gt;" in html
    unanswered = tree.css("#c-luisteren blockquote")
    assert unanswered and "onbeantwoord" in unanswered[0].text()


def test_html_advice_tied_to_weakest_indicator(profile: Profile) -> None:
    tree = HTMLParser(render_html(profile))
    advice = tree.css_first("#c-timing .advice").text()
    assert "Zakelijk blijven" in advice  # restraint, level 2, is the weakest measured one


def test_html_no_level_says_why(profile: Profile) -> None:
    html = render_html(profile)
    tree = HTMLParser(html)
    empty = [c for c in profile.competencies if c.level is None]
    assert empty, "the hand-made person has no network data, so netwerken has no level"
    for comp in empty:
        section = tree.css_first(f"#c-{comp.id}").text()
        assert "onvoldoende gegevens" in section
        assert "Geen niveau:" in section and comp.reason is not None and comp.reason.nl in section


def test_html_english(profile: Profile) -> None:
    html = render_html(profile, lang="en")
    tree = HTMLParser(html)
    assert tree.css_first("html").attributes["lang"] == "en"
    assert "Advice for a conversation, not a decision" in html
    assert "Listening" in html and "Development direction" in html and "How it is measured" in html
    assert "Ontwikkelrichting" not in html and "onbeantwoord" not in html


def test_fragment_for_the_web_app(profile: Profile) -> None:
    fragment = render_html(profile, standalone=False)
    assert not fragment.lstrip().startswith("<!DOCTYPE")
    assert "<html" not in fragment and "<body" not in fragment
    assert re.search(r"<article class=\"spiegel-report\"", fragment)
    # the chart is an SVG image there: its inline styles stay out of the page's CSP
    assert "<svg" not in fragment
    chart = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)">', fragment)
    assert chart is not None and chart.group(2)
    assert base64.b64decode(chart.group(1)).startswith(b"<svg")
    # the one inline <style> is the report CSS the web app's CSP allows by its hash
    styles = re.findall(r"<style>(.*?)</style>", fragment, re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert report_style_hash() == f"'sha256-{digest}'"
    assert 'http-equiv="Content-Security-Policy"' not in fragment


def test_standalone_report_has_a_csp_meta_without_scripts(profile: Profile) -> None:
    page = render_html(profile)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    policy = dict(d.strip().split(" ", 1) for d in html.unescape(meta.group(1)).split(";"))
    assert policy["default-src"] == "'none'" and "script-src" not in policy
    assert policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    assert "<script" not in page and "<svg" in page


def test_unknown_language_is_a_config_error(profile: Profile) -> None:
    with pytest.raises(ConfigError, match="unsupported language 'de'"):
        render_html(profile, lang="de")


def test_html_caps_quoted_evidence_and_says_how_many_more(make_person: object) -> None:
    from spiegel.pipeline import build_profile

    inputs, signals = make_person(n=40, hostile=15, inbound=3)  # type: ignore[operator]
    profile = build_profile(inputs, signals=signals)
    tree = HTMLParser(render_html(profile))
    assert len(tree.css("#c-timing blockquote")) == 10
    assert "en nog 5 andere" in tree.css_first("#c-timing").text()


def test_indicator_details_are_shown(profile: Profile) -> None:
    comp = profile.competency("informeren")
    concise = next(i for i in comp.indicators if i.id == "concise_explanations")
    concise.details.update({"share_140_chars": 0.6, "share_280_chars": 0.9})  # restored below
    try:
        row = HTMLParser(render_html(profile, "en")).css_first("#i-concise_explanations").text()
    finally:
        del concise.details["share_140_chars"], concise.details["share_280_chars"]
    assert "within 140 characters: 60%" in row and "within 280 characters: 90%" in row


def test_long_evidence_is_shortened_in_html_but_kept_in_json(profile: Profile) -> None:
    import copy

    data = copy.deepcopy(profile.to_dict())
    timing = next(c for c in data["competencies"] if c["id"] == "timing")
    restraint = next(i for i in timing["indicators"] if i["id"] == "restraint")
    restraint["evidence"][0]["text"] = "lang " * 2000
    quote = HTMLParser(render_html(data)).css_first("#c-timing blockquote")
    assert quote is not None and len(quote.text()) < 900
    assert len(restraint["evidence"][0]["text"]) == 10_000


def test_html_marks_an_uncertain_level_with_its_range(profile: Profile) -> None:
    """Issue #12, item 6: "3, onzeker: 2–3" wherever the level is shown (HTML, and the PDF made
    from it); a certain level carries no mark."""
    for c in profile.competencies:
        c.uncertain = False
    assert "onzeker" not in render_html(profile, "nl")
    comp = next(c for c in profile.competencies if c.level is not None)
    assert comp.level is not None
    low, high = max(1, comp.level - 1), comp.level
    comp.uncertain, comp.level_range = True, [low, high]
    comp.level_distribution = {str(k): 0.0 for k in range(1, 5)} | {str(low): 0.3, str(high): 0.7}
    if low == high:
        comp.level_distribution = {str(k): 0.0 for k in range(1, 5)} | {"1": 0.7, "2": 0.3}
        comp.level_range = [1, 2]
        low, high = 1, 2
    nl = render_html(profile, "nl")
    assert nl.count(f", onzeker: {low}–{high}") >= 2  # summary table and the competency's heading
    assert "30% van de trekkingen" in nl or "70% van de trekkingen" in nl
    assert f", uncertain: {low}–{high}" in render_html(profile, "en")


@pytest.mark.parametrize(("lang", "first_day"), [("nl", "2 mrt 2026"), ("en", "Mar 2, 2026")])
def test_plain_language_dates_and_ids_behind_technical_details(
    profile: Profile, lang: str, first_day: str
) -> None:
    """Issue #14, item 1: dates written for the report's language (Babel), no ISO dates, and
    the ids, versions and accuracy figures only inside the "Technical details" disclosures."""
    from spiegel.competencies.registry import registry

    tree = HTMLParser(render_html(profile, lang))
    details = tree.css("details.technical")
    assert len(details) > 6
    assert any("addressed_reaction_rate" in d.text() for d in details)
    for node in details:
        node.decompose()
    visible = tree.css_first("body").text()
    assert first_day in visible
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", visible)
    assert [i for i in registry() if "_" in i and i in visible] == []
