"""Per-post text signals: language, readability and plain language (B1), personal voice, and the
trained classifiers (question, complaint, hostile, explanation, template, tone).

Use :func:`analyze` on records or :func:`analyze_texts` on strings; both return one
:class:`~spiegel.text.signals.TextSignals` per input, in order. See docs/text-signals.md.
"""

from __future__ import annotations

from spiegel.text.pipeline import analyze, analyze_texts, classifiers_available, iter_analyze
from spiegel.text.signals import Readability, TextSignals

__all__ = ["Readability", "TextSignals", "analyze", "analyze_texts", "classifiers_available", "iter_analyze"]
