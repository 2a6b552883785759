"""E-mail settings from the environment (spiegel.web.mail.mail_settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spiegel.errors import ConfigError
from spiegel.web.mail import mail_settings


def test_without_a_host_no_mail_is_sent() -> None:
    found = mail_settings({})
    assert found["SPIEGEL_MAIL_ENABLED"] is False
    assert (found["SPIEGEL_MAIL_LANGUAGE"], found["SPIEGEL_INVITATION_DAYS"], found["SPIEGEL_BASE_URL"]) == (
        "nl",
        14,
        "",
    )


def test_a_full_configuration() -> None:
    found = mail_settings(
        {
            "SPIEGEL_EMAIL_HOST": "smtp.testdorp.example",
            "SPIEGEL_EMAIL_SECURITY": "ssl",
            "SPIEGEL_EMAIL_USER": "spiegel",
            "SPIEGEL_EMAIL_PASSWORD": "pw",
            "SPIEGEL_EMAIL_FROM": "spiegel <noreply@testdorp.example>",
            "SPIEGEL_BASE_URL": "https://spiegel.testdorp.example/",
            "SPIEGEL_MAIL_LANGUAGE": "EN",
            "SPIEGEL_INVITATION_DAYS": "7",
        }
    )
    assert found["SPIEGEL_MAIL_ENABLED"] is True
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (
        "smtp.testdorp.example",
        465,
        True,
        False,
    )
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("spiegel", "pw")
    assert found["DEFAULT_FROM_EMAIL"] == "spiegel <noreply@testdorp.example>"
    assert found["SPIEGEL_BASE_URL"] == "https://spiegel.testdorp.example"
    assert (found["SPIEGEL_MAIL_LANGUAGE"], found["SPIEGEL_INVITATION_DAYS"]) == ("en", 7)


def test_starttls_on_587_by_default_and_password_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("from-file\n")
    found = mail_settings({"SPIEGEL_EMAIL_HOST": "smtp.example", "SPIEGEL_EMAIL_PASSWORD_FILE": str(secret)})
    assert (found["EMAIL_PORT"], found["EMAIL_USE_TLS"], found["EMAIL_HOST_PASSWORD"]) == (
        587,
        True,
        "from-file",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPIEGEL_EMAIL_SECURITY", "tls1.0"),
        ("SPIEGEL_EMAIL_PORT", "70000"),
        ("SPIEGEL_MAIL_LANGUAGE", "de"),
        ("SPIEGEL_BASE_URL", "spiegel.example"),
        ("SPIEGEL_INVITATION_DAYS", "0"),
        ("SPIEGEL_EMAIL_PASSWORD_FILE", "/nonexistent/smtp-password"),
    ],
)
def test_a_wrong_value_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as err:
        mail_settings({"SPIEGEL_EMAIL_HOST": "smtp.example", name: value})
    assert err.value.field == name
