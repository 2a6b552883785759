"""Self/360 assessment on the competency model: questionnaires (:mod:`.forms`), reading filled
answers back (:mod:`.collect`) and the comparison with the measured profile (:mod:`.compare`).

Answers use the scale 1 (never) – 4 (always), the same four steps as the competency levels;
0 or an empty answer means "don't know" and is left out. Others' answers are only shown when
at least :data:`MIN_OTHERS` other raters answered, so no single colleague can be recognised.
"""

from __future__ import annotations

from spiegel.assess.collect import ASSESSMENT_SCHEMA, collect
from spiegel.assess.compare import MIN_OTHERS, compare
from spiegel.assess.forms import render_form

__all__ = ["ASSESSMENT_SCHEMA", "MIN_OTHERS", "collect", "compare", "render_form"]
