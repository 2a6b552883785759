"""Train the bio classifier (``python -m spiegel.behaviour.train_bios``).

Data: the Humanizr person/organisation bios (``../shared/data/humanizr_org_vs_individual_profiles``,
balanced file) and our own Dutch bios (``training/bios/nl_bios.csv``). Seeded; 20% of each held
out for the scores written to ``models/bios.json``; the shipped weights are then refit on all data.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split

from spiegel.behaviour.bios import CARD, ORG_TYPES, VECTORIZER, WEIGHTS, BioModel, vectorizer

REPO = Path(__file__).resolve().parents[3]
HUMANIZR = (
    REPO.parent
    / "shared"
    / "data"
    / "humanizr_org_vs_individual_profiles"
    / "datasets__humanizr_balanced.csv"
)
DUTCH = REPO / "training" / "bios" / "nl_bios.csv"
SEED = 20261127


def read_humanizr(path: Path) -> tuple[list[str], list[int]]:
    bios, labels = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            bio = (row.get("bio") or "").strip()
            if bio and row["label"] in ("individual", "organization"):
                bios.append(bio)
                labels.append(int(row["label"] == "organization"))
    return bios, labels


def read_dutch(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["bio"] for r in rows], [r["type"] for r in rows]


#: weight of a Dutch bio against a Humanizr bio in stage 1 (few Dutch bios, Dutch users)
DUTCH_WEIGHT = 5.0


def _fit(
    x_bios: list[str], y: list[int] | list[str], c: float, weights: list[float] | None = None
) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit(vectorizer().transform(x_bios), y, sample_weight=weights)
    return model


def build(
    person_bios: list[str],
    person_y: list[int],
    org_bios: list[str],
    org_y: list[str],
    n_dutch: int = 0,
) -> BioModel:
    """Stage 1 on *person_bios* (the last *n_dutch* of them Dutch, weighted up), stage 2 on
    *org_bios*."""
    weights = [1.0] * (len(person_bios) - n_dutch) + [DUTCH_WEIGHT] * n_dutch
    first = _fit(person_bios, person_y, 4.0, weights)
    second = _fit(org_bios, org_y, 10.0)
    order = [list(second.classes_).index(t) for t in ORG_TYPES]
    return BioModel(
        first.coef_[0].copy(),
        float(first.intercept_[0]),
        second.coef_[order].copy(),
        second.intercept_[order].copy(),
    )


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--humanizr", type=Path, default=HUMANIZR)
    parser.add_argument("--dutch", type=Path, default=DUTCH)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)

    h_bios, h_y = read_humanizr(args.humanizr)
    d_bios, d_types = read_dutch(args.dutch)
    d_y = [int(t != "citizen") for t in d_types]
    h_tr, h_te, hy_tr, hy_te = train_test_split(h_bios, h_y, test_size=0.2, random_state=SEED, stratify=h_y)
    d_tr, d_te, dt_tr, dt_te = train_test_split(
        d_bios, d_types, test_size=0.2, random_state=SEED, stratify=d_types
    )

    # Stage 1 (person vs organisation), held-out scores.
    train_y = hy_tr + [int(t != "citizen") for t in dt_tr]
    held = build(
        h_tr + d_tr,
        train_y,
        [b for b, t in zip(d_tr, dt_tr, strict=True) if t != "citizen"],
        [t for t in dt_tr if t != "citizen"],
        n_dutch=len(d_tr),
    )
    h_pred = [int(p != "citizen") for p in held.predict(h_te)]
    d_pred = held.predict(d_te)
    # Stage 2 (kind of organisation) on the Dutch organisation bios: 5-fold cross-validation.
    org_bios = [b for b, t in zip(d_bios, d_types, strict=True) if t != "citizen"]
    org_y = [t for t in d_types if t != "citizen"]
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    cv_pred = cross_val_predict(
        LogisticRegression(C=10.0, max_iter=2000, random_state=SEED),
        vectorizer().transform(org_bios),
        org_y,
        cv=cv,
    )
    scores = {
        "humanizr_heldout_n": len(h_te),
        "humanizr_heldout_accuracy": round(accuracy_score(hy_te, h_pred), 4),
        "humanizr_heldout_f1_organisation": round(f1_score(hy_te, h_pred), 4),
        "dutch_heldout_n": len(d_te),
        "dutch_heldout_accuracy_5_types": round(accuracy_score(dt_te, d_pred), 4),
        "dutch_heldout_accuracy_person_vs_org": round(
            accuracy_score([t != "citizen" for t in dt_te], [p != "citizen" for p in d_pred]), 4
        ),
        "dutch_org_type_cv5_n": len(org_y),
        "dutch_org_type_cv5_accuracy": round(accuracy_score(org_y, cv_pred), 4),
    }
    final = build(h_bios + d_bios, h_y + d_y, org_bios, org_y, n_dutch=len(d_bios))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    final.save(args.out)
    card = {
        "model": "bios.v1",
        "vectorizer": {**VECTORIZER, "ngram_range": list(VECTORIZER["ngram_range"])},
        "classes": ["citizen", *ORG_TYPES],
        "seed": SEED,
        "dutch_weight_stage_1": DUTCH_WEIGHT,
        "training_data": {
            "humanizr": f"{args.humanizr.name} ({len(h_bios)} bios with text)",
            "dutch": f"training/bios/nl_bios.csv ({len(d_bios)} bios written for spiegel)",
        },
        "scores": scores,
        "weights_bytes": args.out.stat().st_size,
    }
    card_path = args.out.with_suffix(".json") if args.out != WEIGHTS else CARD
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=2))
    return card


if __name__ == "__main__":
    main()
