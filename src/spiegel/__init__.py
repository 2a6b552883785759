"""spiegel: turns a competency model for professional social-media use into evidence."""

from __future__ import annotations

__version__ = "0.1.0"
