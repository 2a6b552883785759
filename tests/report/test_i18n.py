from __future__ import annotations

import re

import pytest

from spiegel.errors import ConfigError
from spiegel.i18n import catalog, t


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    nl, en = catalog("nl"), catalog("en")
    assert set(nl) == set(en)
    for key in nl:
        assert set(re.findall(r"{(\w+)}", nl[key])) == set(re.findall(r"{(\w+)}", en[key])), key
        assert nl[key].strip() and en[key].strip(), key


def test_lookup_and_fill() -> None:
    assert t("level.3") == "op niveau"
    assert t("level.3", "en") == "proficient"
    assert "12" in t("reason.too_little_evidence", "en", n=12, min=20)
    with pytest.raises(ConfigError, match="unsupported language"):
        t("level.1", "fr")


def test_every_behaviour_reason_code_has_both_translations() -> None:
    from spiegel.behaviour.common import REASONS

    missing = [code for code in REASONS if f"reason.{code}" not in catalog("nl")]
    assert not missing, f"add Dutch and English texts for: {missing}"
