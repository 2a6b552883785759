"""Per-post text signals: language, readability and plain language (B1), personal voice, and the
trained classifiers (question, complaint, hostile, explanation, template, tone).

Use :func:`analyze` on records or :func:`analyze_texts` on strings; both return one
:class:`~spiegel.text.signals.TextSignals` per input, in order. See docs/text-signals.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spiegel.text.pipeline import analyze, analyze_texts, classifiers_available, iter_analyze
    from spiegel.text.signals import Readability, TextSignals

#: Where each public name lives; the submodule is imported on first use (PEP 562), so that
#: importing one light submodule (as the CLI does for `--help`) does not load them all.
_LAZY: dict[str, str] = {
    "analyze": "spiegel.text.pipeline",
    "analyze_texts": "spiegel.text.pipeline",
    "classifiers_available": "spiegel.text.pipeline",
    "iter_analyze": "spiegel.text.pipeline",
    "Readability": "spiegel.text.signals",
    "TextSignals": "spiegel.text.signals",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Readability", "TextSignals", "analyze", "analyze_texts", "classifiers_available", "iter_analyze"]
