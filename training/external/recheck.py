"""Pick the training posts that get a second and third reading (issue #11, seventh round).

    python training/external/recheck.py            # writes training/external/recheck.tsv

Every training post was labelled by one annotator, and eighteen annotators did not draw every line
alike (the test part, read by two and adjudicated, agrees at κ 0.94 on hostile; the training part
has no such check). A post whose label a model trained on all the other posts contradicts
strongly is the likeliest to hold a slip, so those posts are read again, blind, by two more
annotators, and the majority of the three readings becomes the label (``collect.py``;
:func:`spiegel.text.classifiers.external.training_rows`).

Which posts (the test part is never re-read; it was read by two and adjudicated already):

* for ``hostile`` and ``explanation``: the out-of-fold probability of a Dutch model trained as
  ``spiegel train`` trains it (5 folds over the external training posts; each fold's model also
  reads the team's posts with their usual weights; C 16, naive-Bayes β 0.5) is below
  :data:`LOW` for a post labelled yes, or above :data:`HIGH` (per signal) for one labelled no;
* :data:`CONTROLS` more posts drawn at random from the rest, so that the rereading also measures
  how often a single reading is wrong where no model points at it;
* with ``--dev``, added afterwards: every post of the development part, none picked by a model, so
  that the development part measures the models against three readings and stays fair.

The readers see the posts in a seeded random order, in parts of about equal size (``recheck_a``,
``recheck_b`` for the training posts, ``recheck_c`` … ``recheck_f`` for the development posts; each
part is read by two annotators) and never a score or the reason a post was
picked. The file written keeps both, for the record. Training is not bit-for-bit reproducible
(see ``spiegel.text.train``), so the committed ``recheck.tsv`` is the selection, not this script's
next run.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text import train as tr  # noqa: E402
from spiegel.text.classifiers import datasets as ds  # noqa: E402
from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import features  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "recheck.tsv"
SEED = 20261208
SIGNALS = ("hostile", "explanation")
#: a post labelled yes whose out-of-fold probability is below LOW is read again
LOW = 0.1
#: a post labelled no whose out-of-fold probability is above HIGH[signal] is read again
HIGH = {"hostile": 0.4, "explanation": 0.5}
CONTROLS = 200
PARTS = ("recheck_a", "recheck_b")
DEV_PARTS = ("recheck_c", "recheck_d", "recheck_e", "recheck_f")


def out_of_fold(signal: str) -> dict[str, float]:
    """The out-of-fold probability of *signal* for every external training post, by post id."""
    rows = tr.external_training_rows(signal)
    task = next(t for t in tr.build_tasks(ds.default_data_dir(), only={f"{signal}:nl"}) if t.signal == signal)
    ex = task.examples
    if [e.text for e in ex[: len(rows)]] != [r["text"] for r in rows]:
        raise SystemExit("the external posts are not first in the training set; recheck.py needs updating")
    y = np.array([int(e.label) for e in ex])
    weights = tr.sample_weights(ex)
    assert weights is not None
    x = features.featurize([e.text for e in ex], ["nl"] * len(ex))
    idx = np.arange(len(rows))
    oof = np.zeros(len(rows))
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    for k, (_, held) in enumerate(folds.split(idx, y[idx])):
        keep = np.ones(len(ex), dtype=bool)
        keep[held] = False
        model = tr._fit_scaled(x[keep], y[keep], 16.0, 0.5, weights[keep])
        oof[held] = model.predict_proba(x[held])[:, 1]
        print(f"{signal}: fold {k + 1}/5", file=sys.stderr)
    return {str(r["id"]): float(p) for r, p in zip(rows, oof, strict=True)}


def select(scores: dict[str, dict[str, float]]) -> list[tuple[str, str, str]]:
    """(id, part, reason) of every post to read again, in reading order."""
    rows = {str(r["id"]): r for r in ext.external_rows("train")}
    reasons: dict[str, list[str]] = {}
    for signal, by_id in scores.items():
        for pid, p in by_id.items():
            label = int(rows[pid]["labels"][signal])
            if label == 1 and p < LOW:
                reasons.setdefault(pid, []).append(f"{signal}:yes@{p:.2f}")
            elif label == 0 and p > HIGH[signal]:
                reasons.setdefault(pid, []).append(f"{signal}:no@{p:.2f}")
    rng = random.Random(SEED)
    rest = sorted(set(rows) - set(reasons))
    for pid in rng.sample(rest, CONTROLS):
        reasons[pid] = ["control"]
    order = sorted(reasons)
    rng.shuffle(order)
    half = (len(order) + 1) // 2
    return [(pid, PARTS[0] if i < half else PARTS[1], ",".join(reasons[pid])) for i, pid in enumerate(order)]


def dev_parts(taken: set[str]) -> list[tuple[str, str, str]]:
    """Every development post, in a seeded order, in :data:`DEV_PARTS` of about equal size: the
    development part is re-read whole (not picked by a model), so it stays a fair measure."""
    order = sorted({str(r["id"]) for r in ext.external_rows("dev")} - taken)
    random.Random(SEED + 1).shuffle(order)
    size = -(-len(order) // len(DEV_PARTS))
    return [(pid, DEV_PARTS[i // size], "dev") for i, pid in enumerate(order)]


def _write(picked: list[tuple[str, str, str]]) -> None:
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("id\tpart\treason\n")
        for pid, part, reason in picked:
            fh.write(f"{pid}\t{part}\t{reason}\n")
    kinds: dict[str, int] = {}
    for _, _, reason in picked:
        for r in reason.split(","):
            key = r.split("@")[0]
            kinds[key] = kinds.get(key, 0) + 1
    print(f"{len(picked)} posts → {OUT}: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--dev",
        action="store_true",
        help="keep the training posts of recheck.tsv and add every development post (parts recheck_c … f)",
    )
    if ap.parse_args().dev:
        lines = OUT.read_text(encoding="utf-8").splitlines()[1:]
        kept = [
            (pid, part, reason) for pid, part, reason in (x.split("\t") for x in lines) if reason != "dev"
        ]
        _write(kept + dev_parts({pid for pid, _, _ in kept}))
        return
    _write(select({s: out_of_fold(s) for s in SIGNALS}))


if __name__ == "__main__":
    main()
