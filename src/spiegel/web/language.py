# mypy: disable-error-code="misc"
# (Django ships no type information here: its middleware base class is Any)
"""The page language is the one the reader chose (the language switch sets a cookie), Dutch
without a choice: never the browser's ``Accept-Language``. Dates and numbers then follow the
chosen language too (they are formatted on the server with Babel, see
:mod:`spiegel.web.templatetags.spiegel_tags`), not the browser's locale."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's :class:`LocaleMiddleware` without the browser's language preference."""

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
