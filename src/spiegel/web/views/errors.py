# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The error pages (400, 403, 404, 500 and a refused CSRF check) in the user's language, in the
site's layout, each with a way back: the page the user came from (when it is on this site) and
the start page. Views that refuse a form use :func:`error_page` instead of a bare-text
``HttpResponseBadRequest``; :class:`MethodNotAllowedPage` gives the empty 405 answer of a
form-only view the same page."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Something is missing in what you sent"),
            _("The page could not handle what was sent. Go back, complete the form and try again."),
        ),
        403: (
            _("You may not see this page"),
            _(
                "This page belongs to someone else, or to a role you do not have. "
                "If you think you should see it, ask your HR administrator."
            ),
        ),
        405: (
            _("This page cannot be opened like this"),
            _(
                "This address belongs to a button or form on another page and cannot be opened on "
                "its own. Go back and use the button there."
            ),
        ),
        404: (
            _("Page not found"),
            _("This page does not exist (any more). Check the address, or go back."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The page could not be shown because of an error in spiegel. Try again later."),
        ),
    }


def back_url(request: HttpRequest, fallback: str | None = None) -> str:
    """Where "back" goes: *fallback*, else the referring page when it is on this site, else
    the start page."""
    if fallback:
        return fallback
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def error_page(request: HttpRequest, status: int, message: str = "", back: str | None = None) -> HttpResponse:
    """The error page for *status* with *message* (what went wrong and how to go on) and a
    link back (*back*, else the referring page on this site, else the start page)."""
    title, explanation = _titles()[status]
    return render(
        request,
        "spiegel_web/error.html",
        {
            "status": status,
            "title": title,
            "message": message or explanation,
            "back": back_url(request, back),
        },
        status=status,
    )


class MethodNotAllowedPage:
    """Middleware: a view that only takes a form (``require_POST``) answers a plain GET — a
    bookmark, a reload, a typed address — with Django's empty 405 response; this shows the
    site's error page instead, keeping the ``Allow`` header (the API keeps its JSON answer)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = error_page(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused CSRF check (an old form, or cookies switched off): Django's own page has an
    inline style the Content-Security-Policy blocks, and is English only."""
    return error_page(
        request,
        403,
        _(
            "The form was too old or your browser did not send its cookie. Go back, reload the page "
            "and send the form again; spiegel needs cookies to keep you logged in."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; when even the site's layout fails (the database is down, for instance), a
    plain page in the same words."""
    try:
        return error_page(request, 500)
    except Exception:
        log.exception("the 500 page itself failed; answering with the plain page")
        title, explanation = _titles()[500]
        html = (
            f'<!DOCTYPE html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "nl"))}"><head>'
            f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · spiegel</title></head><body><main><h1>{escape(title)}</h1>"
            f'<p>{escape(explanation)}</p><p><a href="/">{escape(_("Go to the start page"))}</a></p>'
            "</main></body></html>"
        )
        return HttpResponse(html, status=500)
