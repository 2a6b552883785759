# mypy: disable-error-code="no-any-return"
"""Third parties in the evidence (issue 16): residents and colleagues whose public posts become
evidence about an employee.

- Managers and HR see them **pseudonymised** (:func:`mask_profile`): the author of a post that is
  not the employee's own becomes "derde-<8 hex>" (an HMAC of the handle with the server's secret
  key, so the same person keeps the same pseudonym, but it cannot be turned back without the
  key), @-mentions of other people in the text are replaced the same way, and the link to a third
  party's post is left out (it names the author). The employee sees the originals with the link.
- HR can find, export and erase what is stored **by author handle**, and record an objection
  (:func:`records_by`, :func:`erase_by`); an objection makes later imports leave that author's
  posts out (:func:`objected_handles`).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from spiegel.records import normalize_handle
from spiegel.web.models import Organisation, StoredRecord

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.\-]+(?:@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})?)")


def pseudonym(handle: str) -> str:
    """A stable pseudonym of *handle* ("derde-" and 8 hex digits of an HMAC with the secret key)."""
    key = str(settings.SECRET_KEY).encode("utf-8")
    digest = hmac.new(key, (normalize_handle(handle) or handle).encode("utf-8"), hashlib.sha256)
    return f"derde-{digest.hexdigest()[:8]}"


def _own(handle: str | None, handles: set[str]) -> bool:
    key = normalize_handle(handle)
    return key is not None and (key in handles or key.split("@", 1)[0] in handles)


def mask_text(text: str, handles: set[str]) -> str:
    """*text* with every @-mention of someone other than the employee pseudonymised."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        return match.group(0) if _own(name, handles) else "@" + pseudonym(name)

    return _MENTION.sub(repl, text)


def mask_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A copy of a ``spiegel.report.v1`` profile with the third parties in its evidence
    pseudonymised (for managers and HR)."""
    handles = {
        h for h in (normalize_handle(x) for x in (profile.get("person") or {}).get("handles") or []) if h
    }
    masked = copy.deepcopy(profile)
    for comp in masked.get("competencies") or []:
        for ind in comp.get("indicators") or []:
            for ev in ind.get("evidence") or []:
                author = ev.get("author")
                if author and not _own(author, handles):
                    ev["author"] = pseudonym(author)
                    ev["url"] = None
                if ev.get("text"):
                    ev["text"] = mask_text(str(ev["text"]), handles)
    return masked


def records_by(organisation: Organisation, handle: str) -> QuerySet[StoredRecord]:
    """The stored posts of *organisation* written by *handle* (any owner, any direction)."""
    key = normalize_handle(handle) or ""
    return StoredRecord.objects.filter(organisation=organisation, record_type="post").filter(
        Q(data__author=key) | Q(data__author="@" + key)
    )


def export_by(organisation: Organisation, handle: str) -> dict[str, Any]:
    """What is stored of *handle*'s posts (for an access request)."""
    return {
        "schema": "spiegel.third-party-export.v1",
        "author": normalize_handle(handle),
        "posts": [
            {
                "platform": r.platform,
                "id": r.record_id,
                "created_at": r.data.get("created_at"),
                "text": r.data.get("text"),
            }
            for r in records_by(organisation, handle).order_by("created_at", "id")
        ],
    }


def erase_by(organisation: Organisation, handle: str) -> int:
    """Erase the stored posts of *handle*; returns how many."""
    from spiegel.web import erasure

    qs = records_by(organisation, handle)
    erasure.forget_text_signals(qs)
    count, _ = qs.delete()
    erasure.forget_cached_pages()
    return count


def objected_handles(organisation: Organisation) -> set[str]:
    """The handles whose authors objected (their posts are no longer stored on import)."""
    from spiegel.web.models import ThirdPartyObjection

    return set(ThirdPartyObjection.objects.filter(organisation=organisation).values_list("handle", flat=True))


def record_objection(organisation: Organisation, handle: str, note: str, user: Any) -> tuple[int, bool]:
    """Record *handle*'s objection and erase their stored posts: (posts erased, new objection)."""
    from spiegel.web import audit
    from spiegel.web.models import ThirdPartyObjection

    key = normalize_handle(handle) or handle
    _obj, created = ThirdPartyObjection.objects.get_or_create(
        organisation=organisation,
        handle=key,
        defaults={"note": note[:4000], "recorded_by": audit.label(user)},
    )
    erased = erase_by(organisation, key)
    audit.log(
        user, audit.THIRD_PARTY_OBJECTION, None, f"author {key}: objection recorded, {erased} posts erased"
    )
    return erased, created
