# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""``spiegel manage unlock_login USERNAME`` / ``--address IP``: lift a login lockout at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spiegel.web.lockout import describe, unlock


class Command(BaseCommand):
    help = (
        "Lift the login lockout of an account (by username) and/or an address (--address); "
        "written to the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default="", help="The locked account's username.")
        parser.add_argument("--address", default="", help="A locked IP address, e.g. 192.0.2.10.")

    def handle(self, *args: Any, **options: Any) -> None:
        username, address = options["username"].strip(), options["address"].strip()
        if not username and not address:
            raise CommandError(
                "name what to unlock: a username (spiegel manage unlock_login alice) or an address "
                "(spiegel manage unlock_login --address 192.0.2.10)"
            )
        removed = unlock(username, address)
        target = describe(username, address)
        if removed:
            self.stdout.write(f"Unlocked {target} ({removed} failed-login records removed).")
        else:
            self.stdout.write(f"Nothing to unlock for {target}: no failed logins are recorded.")
