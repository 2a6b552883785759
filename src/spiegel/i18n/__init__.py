"""User-facing strings of reports, forms and the CLI in Dutch (default) and English, and dates
and numbers written for the reader's language.

One translation system with the web app: GNU gettext catalogues. The web app's strings are in
the ``django`` domain (``spiegel/web/locale``), everything else in the ``spiegel`` domain
(``spiegel/locale/{nl,en}/LC_MESSAGES/spiegel.po``, compiled to ``.mo`` files that ship in the
package). Message ids are the English texts; placeholders are Python's ``%(name)s`` (also in
the Jinja2 report templates, which use ``jinja2.ext.i18n`` with new-style gettext), so a
literal percent sign is written ``%%``. :mod:`spiegel.i18n.catalogues` extracts, updates,
compiles and checks the catalogues with Babel. Dates and numbers are formatted with Babel
(:func:`format_date`, :func:`format_number` …) in the reader's language, never the browser's.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from spiegel.errors import ConfigError

if TYPE_CHECKING:
    from jinja2 import Environment

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
#: the gettext domain of the CLI, the reports and the questionnaires
DOMAIN = "spiegel"
#: the key of click's ``ctx.meta`` where a command with ``--lang`` puts that language, so that the
#: ``spiegel`` command shows the command's input errors in it (``spiegel.cli.SpiegelGroup``)
ERROR_LANG = "spiegel.error_lang"
#: the time zone dates and times are shown in
TIME_ZONE = ZoneInfo("Europe/Amsterdam")


def check_lang(lang: str) -> str:
    """Return *lang* if spiegel speaks it, else raise a :class:`ConfigError`."""
    if lang not in LANGS:
        raise ConfigError(f"unsupported language {lang!r}", field="lang", fix="Use --lang nl or --lang en.")
    return lang


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it here (translated later with :func:`t`)."""
    return message


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of *lang* (``spiegel/locale/<lang>/LC_MESSAGES/spiegel.mo``)."""
    path = resources.files("spiegel").joinpath(f"locale/{check_lang(lang)}/LC_MESSAGES/{DOMAIN}.mo")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def t(message: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """*message* (its English text, the msgid) in *lang*, with ``%(placeholders)s`` filled from
    *values*. Like Jinja2's new-style gettext the text is always %-formatted (``%%`` is ``%``)."""
    return translations(lang).gettext(message) % values


def tn(singular: str, plural: str, n: int, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The singular or plural form of a message for *n* in *lang*; ``%(n)s`` is *n*."""
    return translations(lang).ngettext(singular, plural, n) % {"n": n, **values}


class Message(str):
    """A message that can still be shown in any language: its value as a ``str`` is the English
    text (so it reads as one wherever a plain text is expected), :meth:`in_lang` gives it in
    another. Made with :func:`L_`; a placeholder's value may itself be a :class:`Message`."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any]) -> Message:
        text = msgid % {k: str(v) if isinstance(v, Message) else v for k, v in values.items()}
        made = super().__new__(cls, text)
        made.msgid, made.values = msgid, dict(values)
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (an error sent from a worker process) and copied as what it was made from
        return (Message, (self.msgid, self.values))

    def in_lang(self, lang: str) -> str:
        values = {k: localize(v, lang) for k, v in self.values.items()}
        return translations(lang).gettext(self.msgid) % values


def L_(message: str, **values: Any) -> Message:
    """*message* (its English text, the msgid; ``%(name)s`` placeholders) with its *values*,
    translated only when shown (:func:`localize`): for the messages of errors raised where the
    reader's language is not known, e.g. the validators of the organisation config."""
    return Message(message, values)


def localize(text: object, lang: str = DEFAULT_LANG) -> str:
    """*text* in *lang* when it is a :class:`Message`, else the text itself."""
    return text.in_lang(lang) if isinstance(text, Message) else str(text)


# --- texts of codes (the code is stored in profiles; its words are looked up when shown) ----------

LEVELS: Mapping[int, str] = {
    1: N_("not yet visible"),
    2: N_("developing"),
    3: N_("proficient"),
    4: N_("exemplary"),
}
NO_LEVEL = N_("insufficient evidence")

DIRECTIONS: Mapping[str, str] = {"higher": N_("higher is better"), "lower": N_("lower is better")}

#: why an indicator or competency has no value (:func:`spiegel.competencies.scoring.reason_of`)
REASONS: Mapping[str, str] = {
    "no_inbound": N_("No messages addressed to you were supplied; supply them with --inbound."),
    "no_stream": N_("No stream of posts about the organisation was supplied; use --stream."),
    "no_org": N_("No organisation configuration was supplied; use --org."),
    "too_few_posts": N_("There are too few own posts in this period to say anything."),
    "too_few_messages": N_("There are too few messages addressed to you in this period to say anything."),
    "no_questions": N_("There were no questions among the messages addressed to you."),
    "no_complaints": N_("There were no complaints among the messages addressed to you."),
    "no_network": N_("No data about your network was found."),
    "no_org_topics": N_("The organisation config lists no goal or sensitive topics."),
    "no_official_posts": N_("The stream holds no posts by the organisation's official accounts."),
    "no_external_conversations": N_("No conversations with people outside the organisation were found."),
    "no_topic_posts": N_("None of your posts is about the organisation's topics."),
    "no_stream_in_topics": N_("The stream about the organisation holds no posts on your topics."),
    "no_conversations": N_("No conversations with outsiders were found."),
    "no_topics": N_("No posts on organisation topics were found."),
    "no_reactions": N_("You reacted to no message in this period, so there is no reaction time."),
    "no_text_signals": N_("Text analysis is not available, so this indicator could not be computed."),
    "no_classifiers": N_(
        "The trained text models are not installed, so this indicator could not be computed."
    ),
    "no_explanations": N_("No explanatory replies were found."),
    "not_available": N_("This measure is not available in this installation."),
    "too_little_evidence": N_(
        "There is too little evidence (%(n)s of at least %(min)s needed) for a reliable value."
    ),
    "too_few_indicators": N_(
        "The indicators with enough data carry %(share)s%% of "
        "this competency's weight; at least %(min)s%% is needed."
    ),
}

#: what an evidence item shows (the ``note`` of :class:`spiegel.evidence.Evidence`)
NOTES: Mapping[str, str] = {
    "unanswered": N_("unanswered"),
    "hostile": N_("hostile in tone"),
    "long_explanation": N_("long explanation"),
    "not_plain": N_("harder than B1"),
    "answered_late": N_("answered late"),
    "slow": N_("slow reaction"),
    "handed_off_late": N_("handed on too late"),
    "not_acknowledged": N_("not acknowledged"),
    "not_handed_off": N_("not handed on"),
    "external_engagement": N_("outside response"),
    "no_external_engagement": N_("no outside response"),
    "not_engaged": N_("not engaged with"),
    "ahead_of_org": N_("ahead of the organisation"),
    "dialogue_reply": N_("reply in a conversation"),
    "not_topical": N_("not topical"),
    "automated": N_("looks automated"),
    "scheduled_app": N_("via a scheduling app"),
    "automation_app": N_("via an automation app"),
    "template": N_("template text"),
    "link_only": N_("link only"),
    "regular_time": N_("machine-regular time"),
    "regular_interval": N_("machine-regular intervals"),
    "round_the_clock": N_("round the clock"),
    "late": N_("answered too late"),
    "handed_off": N_("handed to a colleague"),
    "handed_off_unanswered": N_("handed on but unanswered"),
    "impersonal": N_("not very personal"),
    "one_way": N_("conversation without a reply"),
    "not_picked_up": N_("left lying: nobody in the team picked it up"),
    "explanation_misses_norm": N_("explanation too long or not plain"),
}


def level_name(level: object, lang: str = DEFAULT_LANG) -> str:
    """The words of a level 1–4, or "insufficient evidence"."""
    return t(LEVELS[level], lang) if isinstance(level, int) and level in LEVELS else t(NO_LEVEL, lang)


def note_text(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """The words of an evidence note code (``not_engaged`` → "niet op gereageerd"); an unknown
    code is shown with spaces for underscores."""
    if not code:
        return ""
    message = NOTES.get(code)
    return t(message, lang) if message else code.replace("_", " ")


# --- dates and numbers (Babel) ----------------------------------------------------------------


def _moment(value: object) -> date | datetime | None:
    """*value* as a date or moment; None for nothing (also Jinja2's undefined) or a non-date."""
    if not value or not isinstance(value, str | date):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def format_date(value: str | date | datetime | None, lang: str = DEFAULT_LANG, fmt: str = "medium") -> str:
    """A date (or ISO text) in *lang*: ``9 nov 2026`` / ``Nov 9, 2026``; ``""`` for none, the
    text itself when it is not a date."""
    from babel.dates import format_date as babel_date

    moment = _moment(value)
    if moment is None:
        return "" if not value else str(value)
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(TIME_ZONE)
    return str(babel_date(moment, format=fmt, locale=check_lang(lang)))


def format_datetime(value: str | date | datetime | None, lang: str = DEFAULT_LANG) -> str:
    """A moment in *lang* in the Amsterdam time zone, to the minute: ``9 nov 2026 16:04`` /
    ``Nov 9, 2026, 4:04 PM``; a date alone as :func:`format_date`."""
    from babel.dates import format_time, get_datetime_format

    moment = _moment(value)
    if moment is None:
        return "" if not value else str(value)
    if not isinstance(moment, datetime):
        return format_date(moment, lang)
    moment = moment.replace(tzinfo=TIME_ZONE) if moment.tzinfo is None else moment.astimezone(TIME_ZONE)
    clock = format_time(moment, format="short", locale=check_lang(lang))
    pattern = str(get_datetime_format("medium", locale=lang))
    return pattern.replace("{1}", format_date(moment, lang)).replace("{0}", str(clock))


def format_number(value: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """*value* with *digits* decimals and the language's separators (``1.234,5`` / ``1,234.5``)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=check_lang(lang)))


def format_percent(share: float, lang: str = DEFAULT_LANG) -> str:
    """A share 0–1 as a whole percentage in *lang* (``80%``)."""
    from babel.numbers import format_percent as babel_percent

    return str(babel_percent(share, format="#,##0%", locale=check_lang(lang)))


# --- Jinja2 templates -------------------------------------------------------------------------


def install_jinja(env: Environment) -> Environment:
    """Give a Jinja2 environment ``jinja2.ext.i18n`` with new-style gettext in the language of
    the render context's ``lang`` variable (so one cached environment serves both languages),
    plus the filters ``ldate``, ``ldatetime`` and the function ``level_name``."""
    from jinja2 import pass_context

    @pass_context
    def _gettext(context: Any, message: str) -> str:
        return translations(context.get("lang") or DEFAULT_LANG).gettext(message)

    @pass_context
    def _ngettext(context: Any, singular: str, plural: str, n: int) -> str:
        return translations(context.get("lang") or DEFAULT_LANG).ngettext(singular, plural, n)

    @pass_context
    def _pgettext(context: Any, ctx: str, message: str) -> str:
        return translations(context.get("lang") or DEFAULT_LANG).pgettext(ctx, message)

    @pass_context
    def _ldate(context: Any, value: Any) -> str:
        return format_date(value, context.get("lang") or DEFAULT_LANG)

    @pass_context
    def _ldatetime(context: Any, value: Any) -> str:
        return format_datetime(value, context.get("lang") or DEFAULT_LANG)

    @pass_context
    def _level_name(context: Any, level: object) -> str:
        return level_name(level, context.get("lang") or DEFAULT_LANG)

    @pass_context
    def _note(context: Any, code: str | None) -> str:
        return note_text(code, context.get("lang") or DEFAULT_LANG)

    env.add_extension("jinja2.ext.i18n")
    # added to the environment by the extension
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext
    )
    env.filters["ldate"] = _ldate
    env.filters["ldatetime"] = _ldatetime
    env.globals["level_name"] = _level_name
    env.globals["note"] = _note
    return env


def texts(messages: Mapping[str, str], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """A table of messages with ``str.format`` fields (the CLI's aligned lines, ``{rows:,}``)
    translated into *lang*; the caller fills them with ``.format()``. The table's values are the
    English msgids (mark them with :func:`N_`)."""
    catalog = translations(lang)
    return {key: catalog.gettext(message) for key, message in messages.items()}
