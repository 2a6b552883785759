"""Quick model-selection experiments on the external development part (never the test part).

    python training/external/experiment.py [--signals hostile,complaint]

For each Dutch signal: trains with fixed settings (no CV grid) under several data weightings and
reports, on ``training/external/dev.jsonl``, the ranking AUC and the F1 at the CV-free threshold
0.5 and at the best threshold (optimistic: chosen on dev). Prints the shipped model's score first.
Development only; ``spiegel train`` makes the shipped models.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text import train as tr  # noqa: E402
from spiegel.text.classifiers import datasets as ds  # noqa: E402
from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import features, load  # noqa: E402


def best_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    return max((float(f1_score(y, p >= t, zero_division=0)), float(t)) for t in tr.THRESHOLDS)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--signals", default="question,complaint,hostile,explanation,template")
    ap.add_argument("--configs", default="v1,ext+own,ext+own-light,ext-only")
    ap.add_argument("--c", type=float, default=4.0)
    ap.add_argument("--beta", type=float, default=0.25)
    args = ap.parse_args()
    data = ds.default_data_dir()
    dev_rows = ext.external_rows("dev")
    signals = args.signals.split(",")
    tasks = {t.signal: t for t in tr.build_tasks(data, only={f"{s}:nl" for s in signals}) if t.lang == "nl"}
    shipped = load()
    for signal in signals:
        dev = ds.own_examples(dev_rows, signal, "dev")
        yd = np.array([int(e.label) for e in dev])
        xd = features.featurize([e.text for e in dev], ["nl"] * len(dev))
        out = shipped.predict([e.text for e in dev], ["nl"] * len(dev))
        f_ship = f1_score(yd, out[f"{signal}_flag"], zero_division=0)
        print(
            f"{signal}: dev n={len(yd)} pos={int(yd.sum())}; shipped F1 {f_ship:.3f}"
            f" AUC {roc_auc_score(yd, out[signal]):.3f}"
        )
        task = tasks[signal]
        ex = task.examples
        y = np.array([int(e.label) for e in ex])
        xall = features.featurize([e.text for e in ex], ["nl"] * len(ex))
        is_ext = tr.external_mask(ex)
        is_gen = np.array([e.source.endswith("-generated") for e in ex])
        configs = {
            "all-equal": np.ones(len(ex)),
            "ext+own": np.where(is_ext, 1.0, np.where(is_gen, 0.2, 0.5)),
            "ext+own-light": np.where(is_ext, 1.0, np.where(is_gen, 0.05, 0.2)),
            "ext-x3": np.where(is_ext, 3.0, np.where(is_gen, 0.2, 0.5)),
            "ext-only": np.where(is_ext, 1.0, 0.0),
        }
        for name in args.configs.split(","):
            if name == "v1":
                name = "all-equal"
            w = configs[name]
            keep = w > 0
            x, used = tr.compact(xall[keep])
            model = tr._fit_scaled(x, y[keep], args.c, args.beta, w[keep])
            p = model.predict_proba(xd[:, used])[:, 1]
            f05 = f1_score(yd, p >= 0.5, zero_division=0)
            fb, tb = best_f1(yd, p)
            print(f"  {name:14s} AUC {roc_auc_score(yd, p):.3f}  F1@0.5 {f05:.3f}  best F1 {fb:.3f} @ {tb}")


if __name__ == "__main__":
    main()
