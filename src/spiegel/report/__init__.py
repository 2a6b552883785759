"""Reports of a competency profile (the ``spiegel.report.v1`` document built by
:func:`spiegel.pipeline.build_profile`): HTML (:func:`render_html`), PDF (:func:`render_pdf`)
and JSON (:func:`render_json`, validated by :func:`validate_profile` against the packaged
``report.schema.json``, the same file as ``docs/report.schema.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from spiegel.report.html import render_html
    from spiegel.report.pdf import render_pdf

#: Imported on first use (PEP 562): the HTML renderer pulls in matplotlib and Jinja, which
#: `spiegel --help` must not pay for.
_LAZY: dict[str, str] = {"render_html": "spiegel.report.html", "render_pdf": "spiegel.report.pdf"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["render_html", "render_json", "render_pdf", "report_schema", "validate_profile"]


@cache
def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``spiegel.report.v1``."""
    return dict(
        json.loads(resources.files("spiegel.report").joinpath("report.schema.json").read_text("utf-8"))
    )


def validate_profile(profile: Any) -> None:
    """Raise :class:`jsonschema.ValidationError` when *profile* does not follow the schema."""
    from jsonschema import Draft202012Validator

    from spiegel.report.html import as_dict

    Draft202012Validator(report_schema()).validate(as_dict(profile))


def render_json(profile: Any) -> bytes:
    """The profile as indented UTF-8 JSON."""
    from spiegel.report.html import as_dict

    return orjson.dumps(as_dict(profile), option=orjson.OPT_INDENT_2)
