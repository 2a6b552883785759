"""Shares built on a text classifier, corrected for the classifier's measured error.

A measure that rests on a binary text signal records its counts per language in
``Measure.details["classifier"]`` (see :func:`prevalence_record` and :func:`ratio_record`); the
scoring stage corrects the share with the **Rogan–Gladen** estimator

    true share = (observed + specificity − 1) / (sensitivity + specificity − 1), clipped to [0, 1]

using the signal's sensitivity and specificity from ``classifiers.json`` (key ``"error_rates"``,
:mod:`spiegel.text.error_rates`). Two forms:

* **prevalence** — the share of items the classifier flags (``restraint``: posts flagged
  hostile; the indicator's value is the complement). Corrected per language, then pooled by the
  number of items.
* **ratio** — a share among the items the classifier selects (``questions_answered_within_day``
  and ``complaint_follow_up``: the share of questions / complaints answered in time;
  ``concise_explanations`` and ``plain_language``: the share of explanations that meet the norm,
  where the explanation classifier selects the explanations except the answers to questions,
  which count whatever it says and are added uncorrected, ``fixed``). Written as
  a ratio of two prevalences over *all* candidate items — true positives among the answered
  ones over true positives among all — and both are corrected:
  ``Σ S·RG(a/S) / Σ N·RG((a+b)/N)`` with per language N candidates, S of them answered, a
  flagged and answered, b flagged and not answered; the parts are not clipped, only the final
  share (clipping a part at 1 would bias the ratio down whenever the classifier does better on
  the data than on its test set). This assumes the classifier errs alike on
  answered and unanswered items (non-differential error, the estimator's usual assumption). With
  a perfect classifier it is the observed share.

**Interval**: a seeded parametric bootstrap (:data:`INTERVAL_DRAWS` draws): the item counts are
redrawn from a multinomial (binomial for the prevalence form) with the observed cell shares,
sensitivity and specificity from binomials with the test set's ``n_pos`` / ``n_neg`` and the
measured rates, and the corrected share is recomputed; the interval is the 2.5th–97.5th
percentile. The same draws feed the level's stability bootstrap
(:mod:`spiegel.competencies.stability`), so classifier error and sampling are one rule.

A language or signal without error rates is not corrected (sensitivity = specificity = 1 for
it); the detail says so.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: draws of the parametric bootstrap behind the interval
INTERVAL_DRAWS = 2000
#: the record key in Measure.details
RECORD = "classifier"
#: the key of the correction in IndicatorResult.details
DETAIL = "classifier_correction"
METHOD = "rogan_gladen"
#: the key of the items counted whatever the classifier says (ratio form, ``record["fixed"]``)
FIXED = "_fixed"


def _rg_raw(observed: Any, sensitivity: Any, specificity: Any) -> Any:
    """The Rogan–Gladen estimate before clipping (it leaves [0, 1] when the data disagree with the
    error rates; a ratio clips only its final value, so no part is biased by its own clip)."""
    denom = np.asarray(sensitivity, dtype=float) + np.asarray(specificity, dtype=float) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        est = (np.asarray(observed, dtype=float) + np.asarray(specificity, dtype=float) - 1.0) / denom
    return np.where(denom > 0, est, np.asarray(observed, dtype=float))


def rogan_gladen(observed: Any, sensitivity: Any, specificity: Any) -> Any:
    """The Rogan–Gladen estimate of the true share, clipped to [0, 1] (arrays broadcast)."""
    out = np.clip(_rg_raw(observed, sensitivity, specificity), 0.0, 1.0)
    return float(out) if np.ndim(out) == 0 else out


def prevalence_record(
    signal: str, flagged: Iterable[tuple[str, bool]], complement: bool = True
) -> dict[str, Any]:
    """The record of a prevalence share: per language ``[flagged, total]``. *flagged*: one
    ``(lang, is_flagged)`` per item. *complement*: the indicator's value is 1 − the prevalence."""
    cells: dict[str, list[int]] = {}
    for lang, hit in flagged:
        c = cells.setdefault(lang or "und", [0, 0])
        c[0] += int(hit)
        c[1] += 1
    return {"signal": signal, "form": "prevalence", "complement": complement, "cells": cells}


def ratio_record(signal: str, items: Iterable[tuple[str, bool, bool]]) -> dict[str, Any]:
    """The record of a share among selected items: per language ``[a, b, c, d]`` = flagged and
    success, flagged and not, not flagged and success, neither. *items*: ``(lang, flagged,
    success)`` for every candidate item, flagged or not."""
    cells: dict[str, list[int]] = {}
    for lang, hit, ok in items:
        c = cells.setdefault(lang or "und", [0, 0, 0, 0])
        c[(0 if ok else 1) if hit else (2 if ok else 3)] += 1
    return {"signal": signal, "form": "ratio", "cells": cells}


@dataclass(slots=True)
class Correction:
    """The corrected share of one indicator, its interval and how it was made."""

    signal: str
    form: str
    observed: float
    corrected: float
    low: float
    high: float
    #: language -> the rates used (None: no rates, not corrected for that language)
    rates: dict[str, dict[str, Any] | None]
    complement: bool = False
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def corrected_any(self) -> bool:
        return any(r is not None for r in self.rates.values())

    def draws(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """*n* draws of the corrected share (sampling and classifier error together)."""
        return _draws(self.record, self.rates, rng, n, self.corrected)

    def to_details(self) -> dict[str, Any]:
        uncorrected = sorted(lang for lang, r in self.rates.items() if r is None)
        return {
            "method": METHOD,
            "signal": self.signal,
            "form": self.form,
            "observed": round(self.observed, 4),
            "corrected": round(self.corrected, 4),
            "interval": [round(self.low, 4), round(self.high, 4)],
            "interval_method": f"seeded parametric bootstrap, {INTERVAL_DRAWS} draws",
            "rates": {
                lang: {k: r[k] for k in ("sensitivity", "specificity", "n_pos", "n_neg", "source")}
                for lang, r in sorted(self.rates.items())
                if r is not None
            },
            "uncorrected_languages": uncorrected,
        }


def _value(
    record: Mapping[str, Any], counts: dict[str, np.ndarray], se: dict[str, Any], sp: dict[str, Any]
) -> Any:
    """The corrected share from per-language *counts* (arrays over draws, or scalars)."""
    if record["form"] == "prevalence":
        true_pos = total = 0.0
        for lang, c in counts.items():
            n = c[1]
            with np.errstate(divide="ignore", invalid="ignore"):
                obs = np.where(n > 0, c[0] / np.maximum(n, 1), 0.0)
            true_pos = true_pos + n * _rg_raw(obs, se[lang], sp[lang])
            total = total + n
        share = np.asarray(true_pos) / np.maximum(np.asarray(total), 1)
        value = 1.0 - share if record.get("complement") else share
        return np.clip(value, 0.0, 1.0)
    fixed = counts.get(FIXED)
    num = den = 0.0
    if fixed is not None:  # items in the set whatever the classifier says: not corrected
        num, den = fixed[0], fixed[1]
    for lang, c in counts.items():
        if lang == FIXED:
            continue
        a, b, cc, d = c
        n = a + b + cc + d
        s = a + cc
        obs_all = np.where(n > 0, (a + b) / np.maximum(n, 1), 0.0)
        obs_s = np.where(s > 0, a / np.maximum(s, 1), 0.0)
        num = num + s * _rg_raw(obs_s, se[lang], sp[lang])
        den = den + n * _rg_raw(obs_all, se[lang], sp[lang])
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.asarray(den) > 0, np.asarray(num) / np.asarray(den), np.nan)
    return np.clip(value, 0.0, 1.0)  # NaN where no true positives are left: filled by callers


def _observed(record: Mapping[str, Any]) -> float:
    cells = record["cells"].values()
    if record["form"] == "prevalence":
        k = sum(c[0] for c in cells)
        n = sum(c[1] for c in cells)
        share = k / n if n else 0.0
        return 1.0 - share if record.get("complement") else share
    a = sum(c[0] for c in cells)
    b = sum(c[1] for c in cells)
    fs, fn = record.get("fixed") or (0, 0)
    return (a + fs) / (a + b + fn) if a + b + fn else 0.0


def _draws(
    record: Mapping[str, Any],
    rates: Mapping[str, dict[str, Any] | None],
    rng: np.random.Generator,
    n: int,
    fallback: float,
) -> np.ndarray:
    counts: dict[str, np.ndarray] = {}
    se: dict[str, Any] = {}
    sp: dict[str, Any] = {}
    for lang, cell in record["cells"].items():
        c = np.asarray(cell, dtype=float)
        if record["form"] == "prevalence":
            total = int(c[1])
            hits = rng.binomial(total, c[0] / total if total else 0.0, size=n).astype(float)
            counts[lang] = np.stack([hits, np.full(n, float(total))])
        else:
            total = int(c.sum())
            p = c / total if total else np.full(4, 0.25)
            counts[lang] = rng.multinomial(total, p, size=n).T.astype(float)
        r = rates.get(lang)
        if r is None:
            se[lang], sp[lang] = 1.0, 1.0
        else:
            se[lang] = rng.binomial(r["n_pos"], r["sensitivity"], size=n) / r["n_pos"]
            sp[lang] = rng.binomial(r["n_neg"], r["specificity"], size=n) / r["n_neg"]
    fixed = record.get("fixed")
    if fixed and fixed[1]:
        hits = rng.binomial(int(fixed[1]), fixed[0] / fixed[1], size=n).astype(float)
        counts[FIXED] = np.stack([hits, np.full(n, float(fixed[1]))])
    values = np.asarray(_value(record, counts, se, sp), dtype=float)
    return np.where(np.isfinite(values), values, fallback)


def correct(
    record: Mapping[str, Any], error_rates: Mapping[str, Mapping[str, dict[str, Any]]]
) -> Correction | None:
    """The corrected share of *record* under *error_rates* (``{lang: {signal: rates}}``); None
    when the record is malformed or empty."""
    try:
        signal, form = str(record["signal"]), str(record["form"])
        cells = {str(k): [int(x) for x in v] for k, v in dict(record["cells"]).items()}
    except (KeyError, TypeError, ValueError):
        return None
    if form not in ("prevalence", "ratio") or not (cells or record.get("fixed")):
        return None
    if any(len(v) != (2 if form == "prevalence" else 4) for v in cells.values()):
        return None
    rec: dict[str, Any] = {
        "signal": signal,
        "form": form,
        "complement": bool(record.get("complement")),
        "cells": cells,
    }
    fixed = record.get("fixed")
    if fixed is not None:
        try:
            fs, fn = (int(x) for x in fixed)
        except (TypeError, ValueError):
            return None
        if not 0 <= fs <= fn:
            return None
        rec["fixed"] = [fs, fn]
        if not cells and fn == 0:
            return None
    rates: dict[str, dict[str, Any] | None] = {
        lang: (error_rates.get(lang) or {}).get(signal) for lang in cells
    }
    se = {lang: (r["sensitivity"] if r else 1.0) for lang, r in rates.items()}
    sp = {lang: (r["specificity"] if r else 1.0) for lang, r in rates.items()}
    point_counts = {lang: np.asarray(v, dtype=float) for lang, v in cells.items()}
    if "fixed" in rec:
        point_counts[FIXED] = np.asarray(rec["fixed"], dtype=float)
    observed = _observed(rec)
    point = float(np.asarray(_value(rec, point_counts, se, sp)))
    if not np.isfinite(point):
        point = observed
    seed = zlib.crc32(repr((sorted(cells.items()), rec.get("fixed"))).encode() + signal.encode())
    draws = _draws(rec, rates, np.random.default_rng(seed), INTERVAL_DRAWS, point)
    low, high = (float(x) for x in np.percentile(draws, [2.5, 97.5]))
    return Correction(signal, form, observed, point, low, high, rates, bool(rec["complement"]), rec)
