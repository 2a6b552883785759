"""Evaluate the account-level automation score on public bot/human data
(``python -m spiegel.behaviour.evaluate_automation``).

Data (read from ``../shared/data``):

* ``gilani2017_bot_human_account_features``: per-account aggregates (tweets, replies, URLs,
  tweet frequency, likes, number of sources). No source-app names (their ``source_identity``
  codes are not documented, so the hand-set score does not use them).
* ``twitter_bot_nonbot_profiles_kaggle``: profiles with the account's last tweet (source app,
  reply or not, links) and counts (statuses, favourites, account age).

:func:`~spiegel.behaviour.automation.account_automation_score` is hand-set (not fitted), so its
AUC on these sets is an honest out-of-sample figure. For reference, a logistic regression fitted
on the same features is scored with 5-fold cross-validation. Results go to
``models/automation_eval.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from spiegel.behaviour.automation import account_automation_score, app_automation_level
from spiegel.behaviour.bios import MODEL_DIR

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
GILANI = DATA / "gilani2017_bot_human_account_features"
KAGGLE = DATA / "twitter_bot_nonbot_profiles_kaggle"
OUT = MODEL_DIR / "automation_eval.json"
SEED = 20261127
FEATURES = ("app_share", "posts_per_day", "url_share", "reply_share", "likes_per_post")
_SOURCE = re.compile(r"""["']source["']\s*:\s*u?["']<a [^>]*>([^<]*)</a>""")
_REPLY = re.compile(r"""["']in_reply_to_status_id["']\s*:\s*\d""")
_CRAWLED = datetime(2017, 3, 15, tzinfo=UTC)


def _num(value: str | None) -> float:
    try:
        return float((value or "").strip())
    except ValueError:
        return 0.0


def gilani_rows(folder: Path = GILANI) -> list[tuple[dict[str, float | None], int]]:
    rows = []
    for path in sorted(folder.glob("*.csv")):
        label = 1 if "__bots__" in path.name else 0
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, skipinitialspace=True):
                tweets = _num(r["user_tweeted"]) + _num(r["user_retweeted"]) + _num(r["user_replied"])
                n = max(1.0, tweets)
                rows.append(
                    (
                        {
                            "app_share": None,
                            "posts_per_day": _num(r["tweet_frequency"]),
                            "url_share": min(1.0, _num(r["urls_count"]) / n),
                            "reply_share": _num(r["user_replied"]) / n,
                            "likes_per_post": _num(r["user_favourited"]) / n,
                        },
                        label,
                    )
                )
    return rows


def _created(text: str) -> datetime | None:
    for fmt in ("%a %b %d %H:%M:%S %z %Y", "%d-%m-%Y %H:%M", "%m/%d/%Y %H:%M"):
        try:
            value = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def kaggle_rows(folder: Path = KAGGLE) -> list[tuple[dict[str, float | None], int]]:
    rows = []
    for name, label in (("bots_data.csv", 1), ("nonbots_data.csv", 0)):
        with (folder / name).open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                status = r.get("status") or ""
                m = _SOURCE.search(status)
                created = _created(r.get("created_at") or "")
                days = max(1.0, (_CRAWLED - created).total_seconds() / 86400) if created else None
                statuses = _num(r.get("statuses_count"))
                rows.append(
                    (
                        {
                            "app_share": app_automation_level(m.group(1)) if m else None,
                            "posts_per_day": statuses / days if days else None,
                            "url_share": (1.0 if "http" in status else 0.0) if status else None,
                            "reply_share": (1.0 if _REPLY.search(status) else 0.0) if status else None,
                            "likes_per_post": _num(r.get("favourites_count")) / max(1.0, statuses),
                        },
                        label,
                    )
                )
    return rows


def evaluate(rows: list[tuple[dict[str, float | None], int]]) -> dict[str, Any]:
    y = np.array([label for _, label in rows])
    scores = np.array([account_automation_score(**feats) for feats, _ in rows])
    x = np.array(
        [
            [(f[k] if f[k] is not None else -1.0) for k in FEATURES] + [float(f[k] is None) for k in FEATURES]
            for f, _ in rows
        ]
    )
    x = np.log1p(np.clip(x, -0.999, None))
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    fitted = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, random_state=SEED))
    proba = cross_val_predict(fitted, x, y, cv=cv, method="predict_proba")[:, 1]
    return {
        "accounts": len(rows),
        "bots": int(y.sum()),
        "auc_hand_set_score": round(float(roc_auc_score(y, scores)), 4),
        "auc_fitted_logistic_cv5": round(float(roc_auc_score(y, proba)), 4),
        "features_present": {k: sum(1 for f, _ in rows if f[k] is not None) for k in FEATURES},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result = {
        "score": "automation.v1 (account_automation_score, hand-set weights)",
        "gilani2017": evaluate(gilani_rows()),
        "kaggle_bot_nonbot": evaluate(kaggle_rows()),
        "botometer_published_auc": "0.95-0.99 on Botometer's own benchmarks (different data and features)",
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
