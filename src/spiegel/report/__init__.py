"""Reports of a competency profile (the ``spiegel.report.v1`` document built by
:func:`spiegel.pipeline.build_profile`): HTML (:func:`render_html`), PDF (:func:`render_pdf`)
and JSON (:func:`render_json`, validated by :func:`validate_profile` against the packaged
``report.schema.json``, the same file as ``docs/report.schema.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import orjson
from jsonschema import Draft202012Validator

from spiegel.report.html import as_dict, render_html
from spiegel.report.pdf import render_pdf

__all__ = ["render_html", "render_json", "render_pdf", "report_schema", "validate_profile"]


@cache
def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``spiegel.report.v1``."""
    return dict(
        json.loads(resources.files("spiegel.report").joinpath("report.schema.json").read_text("utf-8"))
    )


def validate_profile(profile: Any) -> None:
    """Raise :class:`jsonschema.ValidationError` when *profile* does not follow the schema."""
    Draft202012Validator(report_schema()).validate(as_dict(profile))


def render_json(profile: Any) -> bytes:
    """The profile as indented UTF-8 JSON."""
    return orjson.dumps(as_dict(profile), option=orjson.OPT_INDENT_2)
