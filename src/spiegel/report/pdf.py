"""PDF rendering of a profile with WeasyPrint: the standalone HTML report, laid out for A4
paper by the report's print CSS (each competency and the method section start a new page)."""

from __future__ import annotations

import logging
from typing import Any

from spiegel.report.html import render_html


def render_pdf(profile: Any, lang: str = "nl") -> bytes:
    """The report of *profile* as PDF bytes."""
    from weasyprint import HTML  # imported here: WeasyPrint is slow to import

    # WeasyPrint logs every CSS property it ignores; the report's CSS is ours and checked.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf = HTML(string=render_html(profile, lang, standalone=True)).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
