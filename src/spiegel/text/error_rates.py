"""Measured error rates of the binary text classifiers, for the Rogan–Gladen correction of the
shares the indicators build on them (:mod:`spiegel.competencies.correction`).

The rates live in ``models/classifiers.json`` under the key ``"error_rates"``::

    {"nl": {"hostile": {"sensitivity": s, "specificity": p, "n_pos": n1, "n_neg": n0,
                        "source": "…"}, …},
     "en": {…}}

The rates the correction uses are measured on spiegel's team-written blind test sets
(``training/<lang>/test.jsonl``) by ``python -m spiegel.text.error_rates --write``, which prints them
and writes the key (without ``--write`` it only prints). ``spiegel train`` writes the rates measured
on real posts by others beside them (Dutch on the external development part,
``training/external/dev.jsonl``; English on the public test sets) under ``"error_rates_external"``
(``python -m spiegel.text.error_rates --external --write`` measures them again for the shipped
weights, after the development labels change):
reported in the model card, not used for the correction, because that heated public debate is far
from an employee's own professional posts (docs/indicators.md gives the reasoning and its cost).
The reader is tolerant: a missing file, key, language or signal,
or a malformed entry, means *no correction*
for that signal, and the report says so.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from spiegel.text.classifiers import BINARY_SIGNALS, META_FILE, MODEL_LANGS, MODELS_DIR

KEY = "error_rates"
#: the rates on real posts by others (:mod:`spiegel.text.classifiers.rates`), reported, not used
EXTERNAL_KEY = "error_rates_external"


def _rate(entry: Any) -> dict[str, Any] | None:
    """A validated copy of one signal's entry, or None when it is unusable."""
    if not isinstance(entry, dict):
        return None
    try:
        se, sp = float(entry["sensitivity"]), float(entry["specificity"])
        n1, n0 = int(entry["n_pos"]), int(entry["n_neg"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (0.0 <= se <= 1.0 and 0.0 <= sp <= 1.0 and math.isfinite(se + sp)) or n1 <= 0 or n0 <= 0:
        return None
    if se + sp <= 1.0:  # a classifier no better than chance cannot be corrected for
        return None
    return {
        "sensitivity": se,
        "specificity": sp,
        "n_pos": n1,
        "n_neg": n0,
        "source": str(entry.get("source", "")),
    }


def parse_error_rates(meta: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """``{lang: {signal: rates}}`` from the classifiers' metadata; unusable entries are left out."""
    raw = meta.get(KEY) if isinstance(meta, dict) else None
    if not isinstance(raw, dict):
        return {}
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for lang, signals in raw.items():
        if not isinstance(signals, dict):
            continue
        for signal, entry in signals.items():
            rate = _rate(entry)
            if rate is not None:
                out.setdefault(str(lang), {})[str(signal)] = rate
    return out


@lru_cache(maxsize=4)
def load_error_rates(directory: Path | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """The error rates shipped with the classifiers (``{}`` when the file or key is missing)."""
    path = (directory or MODELS_DIR) / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return parse_error_rates(meta)


def measure_error_rates(
    models: Path | None = None, training_dir: Path | None = None
) -> dict[str, dict[str, dict[str, Any]]]:
    """Sensitivity and specificity of every binary signal on the blind test sets, per language.
    A signal without positive or without negative examples in a set is left out."""
    import numpy as np

    from spiegel.text.classifiers import datasets as ds
    from spiegel.text.classifiers import load
    from spiegel.text.evaluate import blind_test_rows

    clf = load(models)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for lang in MODEL_LANGS:
        rows = blind_test_rows(lang, training_dir)
        for signal in BINARY_SIGNALS:
            examples = ds.own_examples(rows, signal, f"spiegel-{lang}-test")
            if not examples:
                continue
            pred = np.asarray(
                clf.predict([e.text for e in examples], [e.lang for e in examples])[f"{signal}_flag"]
            ).astype(bool)
            y = np.array([bool(int(e.label)) for e in examples])
            n1, n0 = int(y.sum()), int((~y).sum())
            if n1 == 0 or n0 == 0:
                continue
            out.setdefault(lang, {})[signal] = {
                "sensitivity": round(float((pred & y).sum() / n1), 4),
                "specificity": round(float((~pred & ~y).sum() / n0), 4),
                "n_pos": n1,
                "n_neg": n0,
                "source": (
                    f"spiegel team-written blind test set training/{lang}/test.jsonl "
                    f"({n1} positive, {n0} negative posts; fast classifiers)"
                ),
            }
    return out


def write_error_rates(rates: dict[str, Any], directory: Path | None = None, key: str = KEY) -> Path:
    """Write *rates* under *key* (``"error_rates"`` unless told) of ``classifiers.json`` (other
    keys kept)."""
    path = (directory or MODELS_DIR) / META_FILE
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta[key] = rates
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    load_error_rates.cache_clear()
    return path


def main() -> None:  # pragma: no cover - a maintenance command
    import sys

    key = KEY
    if "--external" in sys.argv[1:]:
        # the rates on real posts by others, as ``spiegel train`` measures them: after the labels of
        # the external development part change, without retraining (the weights stay)
        from spiegel.text.classifiers import datasets as ds
        from spiegel.text.classifiers import load
        from spiegel.text.classifiers import rates as external_rates

        key = EXTERNAL_KEY
        rates = external_rates.measure(load(), ds.default_data_dir())
    else:
        rates = measure_error_rates()
    for lang, signals in rates.items():
        for signal, r in signals.items():
            print(
                f"{lang} {signal:12} sensitivity {r['sensitivity']:.3f} specificity {r['specificity']:.3f} "
                f"(n_pos {r['n_pos']}, n_neg {r['n_neg']})"
            )
    if "--write" in sys.argv[1:]:
        print(f"wrote {write_error_rates(rates, key=key)}")


if __name__ == "__main__":  # pragma: no cover
    main()
