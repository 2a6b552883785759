"""Encryption of the few secrets the server keeps in its database (the Bluesky app password of
an organisation's stream login).

Fernet (``cryptography``: AES-128-CBC with an HMAC) with a key derived from
``SPIEGEL_ENCRYPTION_KEY`` or, when that is unset, from the session signing key
(``SPIEGEL_SECRET_KEY`` / the data dir's ``secret_key``). A database dump alone therefore does
not reveal the password; changing the key makes stored secrets unreadable, and the server then
asks for them again instead of failing obscurely.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from spiegel.errors import ConfigError

_CONTEXT = b"spiegel.web.crypto/v1:"


def _fernet() -> Fernet:
    secret = os.environ.get("SPIEGEL_ENCRYPTION_KEY") or str(settings.SECRET_KEY)
    key = base64.urlsafe_b64encode(hashlib.sha256(_CONTEXT + secret.encode()).digest())
    return Fernet(key)


def encrypt(plain: str) -> str:
    """The encrypted form of *plain* (URL-safe text, different on every call)."""
    return _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str, *, field: str) -> str:
    """The plain text of *token*; a ConfigError naming *field* when the key no longer fits."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise ConfigError(
            "a stored secret cannot be decrypted (the server's encryption or secret key changed)",
            field=field,
            fix="Enter the secret again on the organisation settings page.",
        ) from exc
