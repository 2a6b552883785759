"""Does the sentence encoder pay on real posts? A development check on the external dev part.

    python training/external/embedding_dev.py --models /tmp/models

For each Dutch signal: a logistic head on USE-multilingual vectors (``spiegel.text.embed``) trained
on the external training part, mixed with the fast path's probability (share 0.5), against the
fast path alone; F1 at the fast path's shipped threshold and at the best dev threshold
(optimistic), and ranking AUC. Development only (never the test part); prints, writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text import embed  # noqa: E402
from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import load_from  # noqa: E402

SIGNALS = ("question", "complaint", "hostile", "explanation", "template")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, default=REPO / "src" / "spiegel" / "text" / "models")
    args = ap.parse_args()
    clf = load_from(args.models)
    train, dev = ext.external_rows("train"), ext.external_rows("dev")
    vt = embed.embed([r["text"] for r in train])
    vd = embed.embed([r["text"] for r in dev])
    fast = clf.predict([r["text"] for r in dev], ["nl"] * len(dev))
    grid = np.arange(0.1, 0.9, 0.025)
    for s in SIGNALS:
        yt = np.array([r["labels"][s] for r in train])
        yd = np.array([r["labels"][s] for r in dev])
        if yt.sum() < 5 or yd.sum() < 3:
            continue
        head = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(vt, yt)
        pe = head.predict_proba(vd)[:, 1]
        pf = np.asarray(fast[s])
        thr = clf.thresholds[f"{s}:nl"]
        for name, p, t in (("fast", pf, thr), ("embedding", pe, 0.5), ("mix 0.5", 0.5 * pf + 0.5 * pe, None)):
            at = f1_score(yd, p >= t) if t is not None else float("nan")
            best = max(f1_score(yd, p >= g) for g in grid)
            print(f"{s:12s} {name:10s} AUC {roc_auc_score(yd, p):.3f}  F1@thr {at:.3f}  best F1 {best:.3f}")


if __name__ == "__main__":
    main()
