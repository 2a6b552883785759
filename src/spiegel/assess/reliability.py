"""How reliable the self/360 questionnaire is: Cronbach's α per competency, over the collected
answers (each filled-in questionnaire is one observation, the statements of one competency are
its items).

α = k / (k − 1) · (1 − Σ var(item) / var(total)), with k items and sample variances. It says how
consistently the statements of one competency measure the same thing: 0.7 or more is usually
called acceptable, 0.8 good. Missing answers ("don't know", or a statement added to the model
later) are handled by listwise deletion: a questionnaire that lacks any statement of a
competency is left out of that competency's α (and the number of questionnaires used is shown).
With fewer than :data:`MIN_QUESTIONNAIRES` complete questionnaires, fewer than two statements,
or no spread in the totals, α is not computed (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: below this α the questionnaire's answers for a competency are flagged as not reliable
ACCEPTABLE = 0.7
#: complete questionnaires needed before α is computed at all
MIN_QUESTIONNAIRES = 5


@dataclass(frozen=True)
class Alpha:
    """Cronbach's α of one competency with what it rests on."""

    competency: str
    alpha: float | None
    #: complete questionnaires used (those missing a statement of the competency are left out)
    n: int
    #: questionnaires left out because they missed at least one statement
    incomplete: int
    items: int

    @property
    def acceptable(self) -> bool | None:
        return None if self.alpha is None else self.alpha >= ACCEPTABLE


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> tuple[float | None, int]:
    """α of *rows* (one per questionnaire, one column per item; ``None`` = missing) and the
    number of complete rows it used."""
    complete = [[float(v) for v in r if v is not None] for r in rows if r and None not in r]
    k = len(complete[0]) if complete else 0
    if k < 2 or len(complete) < MIN_QUESTIONNAIRES:
        return None, len(complete)
    x = np.asarray(complete, dtype=float)
    total_var = float(x.sum(axis=1).var(ddof=1))
    if total_var <= 0:
        return None, len(complete)
    item_var = float(x.var(axis=0, ddof=1).sum())
    return round(k / (k - 1) * (1 - item_var / total_var), 3), len(complete)


def alpha_per_competency(
    answers: Iterable[Mapping[str, float | None]], items: Mapping[str, Sequence[str]]
) -> list[Alpha]:
    """α for each competency of *items* (competency id → its statement ids, in order) over
    *answers* (one mapping statement id → score per questionnaire; absent = missing)."""
    questionnaires = list(answers)
    out = []
    for cid, ids in items.items():
        rows = [[q.get(i) for i in ids] for q in questionnaires if any(q.get(i) is not None for i in ids)]
        alpha, used = cronbach_alpha(rows)
        out.append(Alpha(cid, alpha, used, len(rows) - used, len(ids)))
    return out
