"""Model choice for the Dutch yes/no signals by cross-validation on the external training part and
a check on the external development part (never the test part).

    python training/external/cv_experiment.py --signals hostile [--configs base,own0.1,...]
    python training/external/cv_experiment.py --signals hostile --curve 0.25,0.5,0.75,1

For each signal and configuration (data weighting, positive-class weight, C, naive-Bayes β): 3-fold
CV over the external training posts — the team-written and generated posts are always in the
training side of a fold with their second weight — gives out-of-fold scores, the threshold with the
best out-of-fold F1, and that CV F1; then one model fitted on all training data is scored on
``dev.jsonl`` at that threshold (dev F1) and by ranking AUC. Nothing is chosen on dev.

``--curve``: the learning curve — the same, with only the first share of the external training
posts (in seeded random order), everything else as ``base``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text import train as tr  # noqa: E402
from spiegel.text.classifiers import datasets as ds  # noqa: E402
from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import features  # noqa: E402

#: name -> (weight of team hand-written posts, weight of generated posts, positive-class weight
#: multiplier, C, β); ``None`` for C/β means the value the shipped model chose
CONFIGS: dict[str, tuple[float, float, float, float | None, float | None]] = {
    "base": (0.2, 0.05, 1.0, None, None),
    "own0.1": (0.1, 0.02, 1.0, None, None),
    "own0.05": (0.05, 0.01, 1.0, None, None),
    "own0.5": (0.5, 0.1, 1.0, None, None),
    "ext-only": (0.0, 0.0, 1.0, None, None),
    "pos2": (0.2, 0.05, 2.0, None, None),
    "beta0.75": (0.2, 0.05, 1.0, None, 0.75),
    "beta1": (0.2, 0.05, 1.0, None, 1.0),
    "C1": (0.2, 0.05, 1.0, 1.0, None),
    "C16": (0.2, 0.05, 1.0, 16.0, None),
    "C64": (0.2, 0.05, 1.0, 64.0, None),
}
#: name -> (scale of the word block, of the character block, of the dense cues); the scale of a
#: column folds into the model's weights, so the shipped features would stay the same
BLOCKS: dict[str, tuple[float, float, float]] = {
    "words2": (2.0, 1.0, 1.0),
    "words0.5": (0.5, 1.0, 1.0),
    "dense3": (1.0, 1.0, 3.0),
}
SHIPPED = {
    "hostile": (4.0, 0.5),
    "complaint": (16.0, 0.5),
    "explanation": (4.0, 0.5),
    "question": (1.0, 0.5),
    "template": (16.0, 0.5),
}


def run(
    signal: str,
    task_examples: list[ds.Example],
    xall: object,
    xd: object,
    yd: np.ndarray,
    config: tuple[float, float, float, float | None, float | None],
    share: float = 1.0,
) -> str:
    own_w, gen_w, pos_w, c, beta = config
    c = c if c is not None else SHIPPED[signal][0]
    beta = beta if beta is not None else SHIPPED[signal][1]
    ex = task_examples
    y = np.array([int(e.label) for e in ex])
    is_ext = tr.external_mask(ex)
    is_gen = np.array([e.source.endswith("-generated") for e in ex])
    w = np.where(is_ext, 1.0, np.where(is_gen, gen_w, own_w)) * np.where(y == 1, pos_w, 1.0)
    ext_idx = np.flatnonzero(is_ext)
    if share < 1.0:
        order = np.random.default_rng(tr.SEED).permutation(ext_idx)
        ext_idx = np.sort(order[: round(share * len(order))])
    keep_ext = np.zeros(len(ex), dtype=bool)
    keep_ext[ext_idx] = True
    own_idx = np.flatnonzero(~is_ext & (w > 0))
    oof = np.full(len(ex), np.nan)
    folds = StratifiedKFold(3, shuffle=True, random_state=tr.SEED).split(ext_idx, y[ext_idx])
    for tr_i, te_i in folds:
        train_idx = np.concatenate([ext_idx[tr_i], own_idx])
        x, used = tr.compact(xall[train_idx])  # type: ignore[index]
        model = tr._fit_scaled(x, y[train_idx], c, beta, w[train_idx])
        oof[ext_idx[te_i]] = model.predict_proba(xall[ext_idx[te_i]][:, used])[:, 1]  # type: ignore[index]
    thr, cv_f1 = tr._best_threshold(y[ext_idx], oof[ext_idx])
    train_idx = np.concatenate([ext_idx, own_idx])
    x, used = tr.compact(xall[train_idx])  # type: ignore[index]
    model = tr._fit_scaled(x, y[train_idx], c, beta, w[train_idx])
    p = model.predict_proba(xd[:, used])[:, 1]  # type: ignore[index]
    dev_f1 = f1_score(yd, p >= thr, zero_division=0)
    best = max(f1_score(yd, p >= t, zero_division=0) for t in tr.THRESHOLDS)
    return (
        f"ext={len(ext_idx):5d} C={c:<4} β={beta:<4} CV F1 {cv_f1:.3f} @ {thr:<5}  dev F1 {dev_f1:.3f}"
        f"  dev AUC {roc_auc_score(yd, p):.3f}  (dev best-threshold F1 {best:.3f}, optimistic)"
    )


def _block_scale(scales: tuple[float, float, float]) -> sp.dia_matrix:
    w, c, d = scales
    column = np.concatenate(
        [
            np.full(features.WORD_FEATURES, w),
            np.full(features.CHAR_FEATURES, c),
            np.full(len(features.DENSE_NAMES), d),
        ]
    )
    return sp.diags(column.astype(np.float32), format="csr")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--signals", default="hostile")
    ap.add_argument("--configs", default="base")
    ap.add_argument("--curve", default="")
    args = ap.parse_args()
    data = ds.default_data_dir()
    dev_rows = ext.external_rows("dev")
    signals = args.signals.split(",")
    tasks = {t.signal: t for t in tr.build_tasks(data, only={f"{s}:nl" for s in signals}) if t.lang == "nl"}
    for signal in signals:
        dev = ds.own_examples(dev_rows, signal, "dev")
        yd = np.array([int(e.label) for e in dev])
        xd = features.featurize([e.text for e in dev], ["nl"] * len(dev))
        ex = tasks[signal].examples
        xall = features.featurize([e.text for e in ex], ["nl"] * len(ex))
        print(f"{signal}: {len(ex)} examples, dev {len(yd)} ({int(yd.sum())} positive)", flush=True)
        if args.curve:
            for share in (float(s) for s in args.curve.split(",")):
                t0 = time.process_time()
                line = run(signal, ex, xall, xd, yd, CONFIGS["base"], share)
                print(f"  share {share:<5} {line}  [{time.process_time() - t0:.0f} s]", flush=True)
            continue
        for name in args.configs.split(","):
            t0 = time.process_time()
            if name in BLOCKS:
                scale = _block_scale(BLOCKS[name])
                line = run(signal, ex, xall @ scale, xd @ scale, yd, CONFIGS["base"])
            else:
                line = run(signal, ex, xall, xd, yd, CONFIGS[name])
            print(f"  {name:9s} {line}  [{time.process_time() - t0:.0f} s]", flush=True)


if __name__ == "__main__":
    main()
