# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""``spiegel manage remind_raters [--after-days N]``: e-mail a reminder to every colleague whose
360 invitation is still open N days (default 7) after the last e-mail about it; run it daily
from cron or a systemd timer. At most ``MAX_REMINDERS`` reminders per invitation."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spiegel.web import audit
from spiegel.web.invitations import MAX_REMINDERS, due_reminders, send


class Command(BaseCommand):
    help = (
        "E-mail a reminder about open 360 invitations whose last e-mail is at least --after-days "
        f"old (at most {MAX_REMINDERS} reminders per invitation); needs SPIEGEL_BASE_URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--after-days", type=int, default=7, help="Days since the last e-mail (default 7)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["after_days"]
        if days < 1:
            raise CommandError(f"--after-days must be 1 or more, not {days}")
        if not settings.SPIEGEL_BASE_URL:
            raise CommandError(
                "SPIEGEL_BASE_URL is not set, so the reminder's link would have no address: set it to "
                "the address colleagues open spiegel at, e.g. SPIEGEL_BASE_URL=https://spiegel.example.nl"
            )
        outcomes: Counter[str] = Counter()
        for invitation in due_reminders(timedelta(days=days)):
            outcomes[send(invitation, settings.SPIEGEL_BASE_URL, reminder=True).outcome] += 1
            audit.log(None, audit.REMIND_360, invitation.subject, f"reminder for invitation {invitation.pk}")
        self.stdout.write(
            f"{sum(outcomes.values())} reminder(s): "
            + (", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "none due")
        )
