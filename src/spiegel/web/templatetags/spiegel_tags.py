# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Template helpers: the level badge (used in long loops, so a filter rather than an include),
indicator values and the link filter ``http_url``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def http_url(url: object) -> str | None:
    """*url* when it is an absolute http/https URL, else ``None`` (``{% if %}`` then shows no
    link): profiles stored before the record model checked URLs may hold ``javascript:`` ones."""
    from spiegel.records import safe_url

    return safe_url(url)


def _labels() -> dict[int, str]:
    return {1: _("not yet visible"), 2: _("developing"), 3: _("proficient"), 4: _("exemplary")}


def level_words(level: object) -> str:
    """The words of a level ("proficient"), or "insufficient evidence"."""
    if isinstance(level, int) and level in (1, 2, 3, 4):
        return _labels()[level]
    return _("insufficient evidence")


@register.filter
def level_chart(rows: object) -> str:
    """The profile's level chart (:mod:`spiegel.web.charts`)."""
    from spiegel.web.charts import level_chart as chart

    return chart(list(rows) if isinstance(rows, list | tuple) else [])


@register.filter
def level_badge(level: object) -> str:
    """``<span class="spiegel-level">3</span> proficient``, or "insufficient evidence"."""
    if isinstance(level, int) and level in (1, 2, 3, 4):
        return format_html(
            '<span class="spiegel-level" data-level="{}">{}</span> {}', level, level, _labels()[level]
        )
    return format_html(
        '<span class="spiegel-level spiegel-level--none">{}</span>', _("insufficient evidence")
    )


@register.filter
def uncertainty(comp: dict[str, object]) -> str:
    """``, uncertain: 2–3`` after a level that more than 10% of the bootstrap draws put
    elsewhere (see spiegel.competencies.stability), else nothing."""
    span = comp.get("level_range")
    if not comp.get("uncertain") or not isinstance(span, list | tuple) or len(span) != 2:
        return ""
    return format_html(
        '<span class="spiegel-uncertain">, {}</span>',
        _("uncertain: %(low)s–%(high)s") % {"low": span[0], "high": span[1]},
    )


@register.filter
def indicator_value(ind: dict[str, object], lang: str) -> str:
    """The indicator's value formatted as the report does (shares as percentages, hours …)."""
    from spiegel.report.html import fmt_value

    value = ind.get("value")
    return fmt_value(value if isinstance(value, int | float) else None, str(ind.get("unit") or ""), lang)


@register.filter
def indicator_norm(ind: dict[str, object], lang: str) -> str:
    from spiegel.report.html import fmt_norm

    if ind.get("norm") is None or ind.get("direction") is None:
        return "–" if ind.get("norm") is None else str(ind.get("norm"))
    return fmt_norm(ind, lang)


@register.filter
def notices(source: object) -> list[str]:
    """An import's notices (rows dropped or repaired) in the page's language."""
    from django.utils.translation import get_language

    messages = getattr(source, "notice_messages", None)
    return messages((get_language() or "nl")[:2]) if callable(messages) else []


def _lang() -> str:
    from spiegel.web.profiles import lang

    return lang()


@register.filter
def ldate(value: object) -> str:
    """A date (or moment, or ISO text) in the page's language with Babel: ``9 nov 2026``."""
    from spiegel.i18n import format_date

    return format_date(value, _lang()) if value else ""  # type: ignore[arg-type]


@register.filter
def ldatetime(value: object) -> str:
    """A moment in the page's language with Babel, Amsterdam time: ``9 nov 2026, 16:04``."""
    from spiegel.i18n import format_datetime

    return format_datetime(value, _lang()) if value else ""  # type: ignore[arg-type]


@register.filter
def audit_action(action: object) -> str:
    """An audit-log action in words ("bekeek het profiel"), not its code."""
    from spiegel.web.audit import action_label

    return action_label(str(action))


@register.filter
def audit_actor(label: object) -> str:
    """Who acted: the stored label, "system" in the reader's language."""
    return _("system") if label == "system" else str(label)


@register.filter
def lmonth(value: object) -> str:
    """A ``YYYY-MM`` month in the page's language with Babel: ``november 2026``."""
    from datetime import date

    from babel.dates import format_date

    text = str(value or "")
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return str(format_date(date(year, month, 1), "LLLL y", locale=_lang()))
    except ValueError:
        return text


#: the NL Design System (Utrecht) class of each Django widget's HTML control
_UTRECHT_CLASS = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "file": "utrecht-textbox utrecht-textbox--html-input spiegel-file",
}
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


@register.filter
def utrecht(field: object) -> str:
    """A Django form field's control rendered with its NL Design System (Utrecht) component
    classes (text box, text area, select, checkbox, radio button), ``aria-describedby`` pointing
    at its help text and ``aria-invalid`` when it has errors (``{{ field|utrecht }}``)."""
    widget = field.field.widget  # type: ignore[attr-defined]
    kind = getattr(widget, "input_type", None) or (
        "textarea" if widget.__class__.__name__ == "Textarea" else "select"
    )
    attrs = {"class": _UTRECHT_CLASS.get(kind, _TEXTBOX)}
    if field.help_text:  # type: ignore[attr-defined]
        attrs["aria-describedby"] = f"{field.id_for_label}-help"  # type: ignore[attr-defined]
    if field.errors:  # type: ignore[attr-defined]
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)  # type: ignore[attr-defined]
