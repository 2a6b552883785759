"""Error analysis of English question detection on the training part of Saha et al. 2019.

    python training/question_en_analysis.py             # label-noise numbers and CV scores
    python training/question_en_analysis.py --show 25   # also print 25 misses of each kind

Works on the TRAINING part only (the fixed seeded 80 % of :func:`datasets.saha_questions`, plus
spiegel's own English question examples, as ``spiegel train`` uses them): out-of-fold predictions
from the same 3-fold, seeded cross-validation and logistic regression as ``spiegel train``. The test
split is never read here. Prints:

* how the "?" relates to the labels per tweet act (how noisy "question" is as a label);
* out-of-fold precision / recall / F1 on the Saha part, with the acts of the false positives;
* the same scores with the dense question cues left out (their worth), and per C / class weight.

Measured 2026-11-27 (Saha part of the out-of-fold predictions, C=4; 8,811 training examples):
no question cue at all F1 0.780; opener read after RT/mentions but no clause-level cues 0.799;
all cues 0.797 — the clause-level cues are neutral on Saha in CV (pooled CV F1 0.8468 → 0.8505)
and earn their place on questions without "?" (6 → 8 of 8 hand-written hard cases). C in
{1, 4, 16} and balanced class weights moved F1 by at most 0.008: no change to the training grid.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from spiegel.text.classifiers import datasets as ds
from spiegel.text.classifiers import features
from spiegel.text.train import SEED, THRESHOLDS, compact


@dataclass(frozen=True)
class Row:
    text: str
    act: str  # Saha act (QUE, STM, EXP, ...) or "own" for spiegel's own examples
    y: int


def saha_train_rows() -> list[Row]:
    """The training part of :func:`datasets.saha_questions`, with each tweet's original act."""
    path = ds.default_data_dir() / "tweet_act_classification_saha2019" / "Dataset__TWEET_DATA.csv"
    examples, keys = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh), start=1):
            act = row[1].strip()
            examples.append(ds.Example(row[0], "en", int(act == "QUE"), act))
            keys.append(f"saha:{i}:{row[0]}")
    train = ds._stratified(examples, keys, "train")
    check = ds.saha_questions(ds.default_data_dir(), "train")
    if [e.text for e in train] != [e.text for e in check]:
        raise SystemExit("the split here no longer matches datasets.saha_questions")
    return [Row(e.text, e.source, int(e.label)) for e in train]


def own_rows() -> list[Row]:
    """spiegel's own English question examples, exactly as ``spiegel train`` adds them."""
    from spiegel.text.train import build_tasks

    task = next(t for t in build_tasks(ds.default_data_dir()) if t.key == "question:en")
    return [Row(e.text, "own", int(e.label)) for e in task.examples if e.source != "saha2019"]


def noise_table(rows: list[Row]) -> None:
    print("\n## '?' by act (Saha training part)")
    print(f"{'act':5} {'n':>5} {'has ?':>7} {'ends ?':>7}")
    by_act: dict[str, list[Row]] = {}
    for r in rows:
        by_act.setdefault(r.act, []).append(r)
    for act in sorted(by_act, key=lambda a: -len(by_act[a])):
        items = by_act[act]
        has = sum("?" in r.text for r in items)
        end = sum(bool(features._ends_with_question(features.normalize(r.text))) for r in items)
        print(f"{act:5} {len(items):5d} {has / len(items):7.1%} {end / len(items):7.1%}")
    q = [r for r in rows if "?" in r.text]
    que = sum(r.y for r in q)
    print(f"tweets with '?': {len(q)}, labelled QUE {que} ({que / len(q):.1%})")
    rule = np.array(["?" in r.text for r in rows])
    y = np.array([r.y for r in rows])
    tp = int((rule & (y == 1)).sum())
    p, rc = tp / rule.sum(), tp / y.sum()
    print(f"rule 'has ?' as a classifier: precision {p:.3f} recall {rc:.3f} F1 {2 * p * rc / (p + rc):.3f}")


def duplicate_table(rows: list[Row]) -> None:
    """Same wording (links and spacing ignored) labelled both ways."""
    groups: dict[str, list[int]] = {}
    for r in rows:
        key = " ".join(features.normalize(r.text).replace("httpurl", " ").split())
        groups.setdefault(key, []).append(r.y)
    dup = [g for g in groups.values() if len(g) > 1]
    with_que = [g for g in dup if 1 in g]
    both = [g for g in with_que if 0 in g]
    print(
        f"\nduplicate wordings: {len(dup)} groups ({sum(map(len, dup))} tweets); "
        f"{len(with_que)} contain a QUE, {len(both)} of those are also labelled another act"
    )


#: One reader's judgement (spiegel engineer, session 2) of 40 tweets drawn from each group below with
#: ``random.Random(7).sample`` in this order: A = "?" but not QUE, B = QUE without "?", C = QUE with "?".
#: info = asks for information, request = asks someone to do something, rhet = a question form that
#: asks for no answer (rhetorical, self-answered, quoted, exclamative, headline), none = no question.
JUDGED: dict[str, dict[str, list[int]]] = {
    "A": {"info": [7, 13, 16, 33, 34], "request": [1], "none": [6, 19, 20, 22, 24, 32]},
    "B": {"rhet": [7, 14, 31, 32], "request": [24, 38], "none": [0, 1, 2, 4, 10, 11, 27, 37, 39]},
    "C": {"rhet": [0, 3, 10, 12, 19, 20, 25, 28, 31, 32, 36, 38, 39], "request": [13, 17]},
}
DEFAULT_KIND = {"A": "rhet", "B": "info", "C": "info"}


def judged_samples(rows: list[Row], show: bool) -> None:
    """Read-through samples and what a consistent reader would score against the Saha labels."""
    import random

    rnd = random.Random(7)
    groups = {
        "A": [r for r in rows if "?" in r.text and r.y == 0],
        "B": [r for r in rows if "?" not in r.text and r.y == 1],
        "C": [r for r in rows if "?" in r.text and r.y == 1],
    }
    share: dict[str, Counter[str]] = {}
    print("\n## judged samples (40 per group, one reader)")
    for g, items in groups.items():
        sample = rnd.sample(items, 40)
        kinds = {i: k for k, idx in JUDGED[g].items() for i in idx}
        share[g] = Counter(kinds.get(i, DEFAULT_KIND[g]) for i in range(40))
        print(f"{g}: {len(items)} tweets; sample: {dict(share[g])}")
        if show:
            for i, r in enumerate(sample):
                print(f"  {i:2} {kinds.get(i, DEFAULT_KIND[g]):7} {r.act} {r.text[:160]!r}")
    n = {g: len(items) for g, items in groups.items()}
    for policy, yes in (
        ("info+request", {"info", "request"}),
        ("any question form", {"info", "request", "rhet"}),
    ):
        est = {g: n[g] * sum(share[g][k] for k in yes) / 40 for g in groups}
        tp = est["B"] + est["C"]
        fn = n["B"] + n["C"] - tp
        fp = est["A"]
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(
            f"a reader flagging {policy:17}: est. precision {p:.3f} recall {r:.3f} "
            f"F1 {2 * p * r / (p + r):.3f}"
            " against the labels (tweets without '?' and not QUE counted as agreed negatives)"
        )


def oof_scores(x: sp.csr_matrix, y: np.ndarray, c: float, weight: str | None = None) -> np.ndarray:
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y)
    oof = np.zeros(len(y))
    for tr, te in folds:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, class_weight=weight)
        oof[te] = model.fit(x[tr], y[tr]).predict_proba(x[te])[:, 1]
    return oof


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float((pred & (y == 1)).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max((y == 1).sum(), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    return float(max(THRESHOLDS, key=lambda t: (prf(y, p >= t)[2], -abs(t - 0.5))))


def report(name: str, y: np.ndarray, p: np.ndarray, saha: np.ndarray) -> tuple[float, np.ndarray]:
    thr = best_threshold(y, p)
    pred = p >= thr
    _pa, _ra, fa = prf(y, pred)
    ps, rs, fs = prf(y[saha], pred[saha])
    print(f"{name:32} thr {thr:.3f}  all F1 {fa:.3f}  saha P {ps:.3f} R {rs:.3f} F1 {fs:.3f}")
    return thr, pred


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    ap.add_argument("--show-sample", action="store_true", help="print the judged samples")
    ap.add_argument("--noise-only", action="store_true", help="stop after the label-noise numbers")
    ap.add_argument("--ablate", action="store_true", help="leave each clause-level cue out in turn")
    ap.add_argument("--grid", action="store_true", help="also try C values and class weights")
    args = ap.parse_args(argv)
    saha = saha_train_rows()
    rows = saha + own_rows()
    noise_table(saha)
    duplicate_table(saha)
    judged_samples(saha, args.show_sample)
    if args.noise_only:
        return
    y = np.array([r.y for r in rows])
    is_saha = np.array([r.act != "own" for r in rows])
    x_full = features.featurize([r.text for r in rows], ["en"] * len(rows))
    x, _ = compact(x_full)
    print(f"\n## out-of-fold (3-fold, seed {SEED}); {len(rows)} examples, {int(y.sum())} questions")
    best = max((1.0, 4.0), key=lambda c: prf(y, oof_scores(x, y, c) >= 0.5)[2])
    p = oof_scores(x, y, best)
    _thr, pred = report(f"current features, C={best}", y, p, is_saha)
    dense0 = features.WORD_FEATURES + features.CHAR_FEATURES

    def without(names: tuple[str, ...]) -> sp.csr_matrix:
        keep = np.ones(x_full.shape[1], dtype=bool)
        keep[[dense0 + features.DENSE_NAMES.index(n) for n in names]] = False
        return compact(x_full[:, np.flatnonzero(keep)])[0]

    report("without any question cue", y, oof_scores(without(features.QUESTION_CUE_NAMES), y, best), is_saha)
    clause_cues = features.QUESTION_CUE_NAMES[3:]
    report("without the clause-level cues", y, oof_scores(without(clause_cues), y, best), is_saha)
    for name in clause_cues if args.ablate else ():
        report(f"  without {name}", y, oof_scores(without((name,)), y, best), is_saha)
    if args.grid:
        for c in (1.0, 4.0, 16.0):
            for w in (None, "balanced"):
                report(f"C={c} class_weight={w}", y, oof_scores(x, y, c, w), is_saha)
    acts = np.array([r.act for r in rows])
    fp = pred & (y == 0) & is_saha
    fn = ~pred & (y == 1) & is_saha
    print(f"false positives by act: {dict(Counter(acts[fp]).most_common())}")
    has_q = np.array(["?" in r.text for r in rows])
    print(f"false negatives: {int(fn.sum())}, of which without '?': {int((fn & ~has_q).sum())}")
    print(f"false positives: {int(fp.sum())}, of which with '?': {int((fp & has_q).sum())}")
    que_no_q = (y == 1) & is_saha & ~has_q
    print(f"QUE without '?': {int(que_no_q.sum())}, recalled {int((que_no_q & pred).sum())}")
    if args.show:
        order = np.argsort(-p)
        for label, mask in (("FALSE POSITIVES", fp), ("FALSE NEGATIVES", fn)):
            print(f"\n## {label}")
            picked = [i for i in (order if label.startswith("FALSE P") else order[::-1]) if mask[i]]
            for i in picked[: args.show]:
                print(f"{p[i]:.2f} {acts[i]:4} {rows[i].text[:200]!r}")


if __name__ == "__main__":
    main()
