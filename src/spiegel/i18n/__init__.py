"""User-facing strings of reports, forms and the CLI in Dutch (default) and English.

Strings live in ``nl.yaml`` and ``en.yaml`` (flat keys such as ``report.title``); both files
must have the same keys (a test checks it). :func:`t` looks a key up and fills ``{name}``
placeholders.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from spiegel.errors import ConfigError

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


def check_lang(lang: str) -> str:
    """Return *lang* if spiegel speaks it, else raise a :class:`ConfigError`."""
    if lang not in LANGS:
        raise ConfigError(f"unsupported language {lang!r}", field="lang", fix="Use --lang nl or --lang en.")
    return lang


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language."""
    text = resources.files("spiegel.i18n").joinpath(f"{check_lang(lang)}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(k): str(v) for k, v in data.items()}


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    return key in catalog(lang)


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The string *key* in *lang*, with ``{placeholders}`` filled from *values*."""
    text = catalog(lang)[key]
    return text.format(**values) if values else text
