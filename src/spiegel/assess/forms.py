"""The questionnaire of a person, as an offline HTML form or a CSV template."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from spiegel import csvsafe
from spiegel.assess.collect import CSV_COLUMNS, RESPONSE_SCHEMA, VARIANTS
from spiegel.errors import ConfigError
from spiegel.i18n import N_, check_lang, install_jinja

if TYPE_CHECKING:
    from jinja2 import Environment

    from spiegel.competencies.model import Model  # the model loader pulls in numpy


#: the questionnaire's texts per variant and the answer scale (translated in the template)
VARIANT_NAMES = {"self": N_("Self-assessment"), "other": N_("Assessment by someone else")}
INTROS = {
    "self": N_("For each statement, say how far it applies to you."),
    "other": N_(
        "For each statement, say how far it applies to this colleague. "
        "Your answers are only shown together with those of at least two others."
    ),
}
SCALE = {0: N_("don't know"), 1: N_("never"), 2: N_("sometimes"), 3: N_("mostly"), 4: N_("always")}


@cache
def _env() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return install_jinja(
        Environment(
            loader=PackageLoader("spiegel.assess", "templates"),
            autoescape=select_autoescape(["html", "j2"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
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
    writer = csvsafe.writer(buf, lineterminator="\n")
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

    meta = {
        "schema": RESPONSE_SCHEMA,
        "person": person,
        "variant": variant,
        "model": {"id": model.id, "version": model.version},
    }
    page = (
        _env()
        .get_template("form.html.j2")
        .render(
            model=model,
            person=person,
            variant=variant,
            lang=lang,
            variant_names=VARIANT_NAMES,
            intros=INTROS,
            scale=SCALE,
            meta=Markup(json.dumps(meta, ensure_ascii=False).replace("</", "<\\/")),
            columns=Markup(json.dumps(list(CSV_COLUMNS))),
            csp_placeholder=_CSP_PLACEHOLDER,
        )
    )
    return page.replace(_CSP_PLACEHOLDER, _form_csp(page), 1)


_CSP_PLACEHOLDER = "@@SPIEGEL_CSP@@"
_NONE = "'none'"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _form_csp(page: str) -> str:
    """The offline form's Content-Security-Policy: its one inline script (by hash: the form is
    a file opened from disk, never served by the web app, so it keeps its script inline), its
    inline CSS, nothing loaded from anywhere, no form submission, no ``<base>``."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
        for script in _SCRIPT.findall(page)
    ]
    return (
        f"default-src 'none'; script-src {' '.join(hashes) or _NONE}; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )
