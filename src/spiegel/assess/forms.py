"""The questionnaire of a person, as an offline HTML form or a CSV template."""

from __future__ import annotations

import csv
import io
import json
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from spiegel.assess.collect import CSV_COLUMNS, RESPONSE_SCHEMA, VARIANTS
from spiegel.competencies.model import Model
from spiegel.errors import ConfigError
from spiegel.i18n import check_lang, t


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("spiegel.assess", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _check_variant(variant: str) -> str:
    if variant not in VARIANTS:
        raise ConfigError(f"unknown variant {variant!r}", field="--variant", fix="Use self or other.")
    return variant


def render_csv(model: Model, person: str, variant: str = "self", lang: str = "nl") -> str:
    """A CSV template: one row per statement, the ``answer`` column left empty."""
    check_lang(lang)
    _check_variant(variant)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for comp in model.competencies:
        for st in comp.statements:
            text = (st.self_text if variant == "self" else st.other_text)[lang]
            writer.writerow([person, variant, "self" if variant == "self" else "", comp.id, st.id, text, ""])
    return buf.getvalue()


def render_form(model: Model, person: str, variant: str = "self", lang: str = "nl", fmt: str = "html") -> str:
    """The questionnaire for *person* (``variant`` self or other) as HTML or CSV."""
    if fmt == "csv":
        return render_csv(model, person, variant, lang)
    if fmt != "html":
        raise ConfigError(f"unknown form format {fmt!r}", field="--format", fix="Use html or csv.")
    check_lang(lang)
    _check_variant(variant)

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    meta = {
        "schema": RESPONSE_SCHEMA,
        "person": person,
        "variant": variant,
        "model": {"id": model.id, "version": model.version},
    }
    return (
        _env()
        .get_template("form.html.j2")
        .render(
            model=model,
            person=person,
            variant=variant,
            lang=lang,
            t=tr,
            meta=Markup(json.dumps(meta, ensure_ascii=False).replace("</", "<\\/")),
            columns=Markup(json.dumps(list(CSV_COLUMNS))),
        )
    )
