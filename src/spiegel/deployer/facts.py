"""The facts the deployer documents state, read from the code so the documents never drift:
the competency model (intended purpose, indicators, norms, thresholds), the indicator registry
(method and limits), the measured accuracy of the text signals (``spiegel.report.accuracy``,
the same figures as docs/model-card.md), the importers' registry (data flows), the retention
bounds, and the organisation configuration.

:func:`configuration` is the configuration a works council approves: model, norms, indicator
and classifier versions and the organisation config. :func:`fingerprint` hashes it, so the
server can tell when what is in force differs from what was approved (:func:`changes` says
where).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from spiegel import __version__
from spiegel.competencies.base import BehaviourIndicator
from spiegel.competencies.model import Model
from spiegel.competencies.registry import registry as indicator_registry
from spiegel.org import DAYS, OrgConfig
from spiegel.report.accuracy import accuracy_table, describe
from spiegel.sources import registry as importer_registry
from spiegel.text.classifiers import VERSION as CLASSIFIER_VERSION
from spiegel.web.terms import BOUNDS, DEMO_TERMS

#: days after which a profile the employee has not released becomes visible to the manager by
#: default: None, never (``Organisation.auto_release_days``; a web test checks they agree)
AUTO_RELEASE_DAYS: int | None = None
#: fewest 360 raters of the kind "other" before their answers are shown (spiegel.web.settings)
MIN_OTHER_RATERS = 3


#: org-config keys left out of the approved configuration: who the colleagues are changes with
#: every hire and departure, and a flag on each would teach people to ignore the flag; the
#: norms, topics and official accounts stay in
ROSTER_KEYS = ("colleagues", "roster")


def configuration(model: Model, org_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """What decides a person's levels: the model with its norms and thresholds, the version of
    every indicator and of the text classifiers, and the organisation config (as JSON, without
    its list of colleagues: :data:`ROSTER_KEYS`)."""
    reg = indicator_registry()
    return {
        "model": {
            "id": model.id,
            "version": model.version,
            "min_weight_share": model.min_weight_share,
            "competencies": {
                comp.id: {
                    spec.id: {
                        "version": reg[spec.id].key() if spec.id in reg else None,
                        "weight": spec.weight,
                        "direction": spec.direction,
                        "norm": spec.norm,
                        "thresholds": list(spec.thresholds),
                        "min_evidence": spec.min_evidence,
                    }
                    for spec in comp.indicators
                }
                for comp in model.competencies
            },
        },
        "classifiers": CLASSIFIER_VERSION,
        "org": {key: value for key, value in (org_config or {}).items() if key not in ROSTER_KEYS},
    }


def canonical(config: dict[str, Any]) -> bytes:
    return json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(config: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of *config*."""
    return hashlib.sha256(canonical(config)).hexdigest()


def changes(approved: Any, current: Any, path: str = "") -> list[str]:
    """The dotted paths where *current* differs from *approved* (added, removed or changed)."""
    if isinstance(approved, dict) and isinstance(current, dict):
        out: list[str] = []
        for key in sorted(set(approved) | set(current), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in approved or key not in current:
                out.append(sub)
            else:
                out += changes(approved[key], current[key], sub)
        return out
    return [] if approved == current else [path or "(all)"]


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


_METRICS = ("f1", "precision", "recall", "accuracy", "macro_f1", "pairwise_accuracy", "auc")


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Held-out figures of one signal: language, data set, size and (metric, value) pairs."""
    return [
        {
            "lang": row.get("lang", ""),
            "dataset": row.get("dataset", ""),
            "n": row.get("n"),
            "figures": [
                (key, f"{row[key]:.2f}")
                for key in _METRICS
                if isinstance(row.get(key), int | float) and not isinstance(row.get(key), bool)
            ],
        }
        for row in rows
    ]


def _indicators(model: Model) -> list[dict[str, Any]]:
    reg = indicator_registry()
    table = accuracy_table()
    out = []
    for comp in model.competencies:
        for spec in comp.indicators:
            ind = reg[spec.id]
            signal = table["indicators"].get(spec.id)
            out.append(
                {
                    "competency": comp.id,
                    "competency_name": dict(comp.name),
                    "id": spec.id,
                    "version": ind.key(),
                    "title": {lang: ind.texts["title"][lang] for lang in ("nl", "en")},
                    "method": {lang: ind.texts["method"][lang] for lang in ("nl", "en")},
                    "limits": {lang: ind.texts["limits"][lang] for lang in ("nl", "en")},
                    "unit": ind.unit,
                    "direction": spec.direction,
                    "weight": _num(spec.weight),
                    "norm": _num(spec.norm),
                    "thresholds": " / ".join(_num(x) for x in spec.thresholds),
                    "behaviour": isinstance(ind, BehaviourIndicator),
                    "min_evidence": spec.min_evidence or ind.min_evidence,
                    "signal": signal,
                    "accuracy": describe(spec.id),
                    "accuracy_rows": _rows(table["signals"].get(signal, []) if signal else []),
                }
            )
    return out


_DAY_NAMES = {
    "nl": dict(zip(DAYS, ("ma", "di", "wo", "do", "vr", "za", "zo"), strict=True)),
    "en": dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True)),
}


def _org_facts(org: OrgConfig | None) -> dict[str, Any] | None:
    if org is None:
        return None
    office = None
    if org.office_hours is not None:
        days = [DAYS[d] for d in sorted(org.office_hours.days)]
        office = {
            "days": {lang: ", ".join(names[d] for d in days) for lang, names in _DAY_NAMES.items()},
            "time": f"{org.office_hours.start:%H:%M}–{org.office_hours.end:%H:%M}",
        }
    return {
        "name": org.name,
        "official_accounts": len(org.official_accounts),
        "colleagues": len(org.colleagues),
        "goal_topics": [t.name for t in org.goal_topics],
        "sensitive_topics": [t.name for t in org.sensitive_topics],
        "answer_within_hours": _num(org.answer_within_hours),
        "office_hours": office,
        "timezone": org.timezone,
    }


def collect(
    model: Model, org: OrgConfig | None = None, org_config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the templates of :mod:`spiegel.deployer.docs` may use."""
    config = configuration(model, org_config)
    indicators = _indicators(model)
    return {
        "spiegel_version": __version__,
        "model": {"id": model.id, "version": model.version, "name": dict(model.name)},
        "min_weight_share": _num(model.min_weight_share),
        "competencies": [
            {
                "id": comp.id,
                "name": dict(comp.name),
                "description": dict(comp.description),
                "levels": [dict(level) for level in comp.levels],
                "indicators": [i for i in indicators if i["competency"] == comp.id],
            }
            for comp in model.competencies
        ],
        "indicators": indicators,
        #: every registered indicator's title, so texts can name one whatever the model holds
        "titles": {
            key: {lang: ind.texts["title"][lang] for lang in ("nl", "en")}
            for key, ind in indicator_registry().items()
        },
        "measured": [i for i in indicators if i["accuracy"]],
        "unmeasured": [i for i in indicators if not i["accuracy"]],
        "text_indicators": [i for i in indicators if not i["behaviour"]],
        "accuracy_generated": accuracy_table().get("generated", ""),
        "classifier_version": CLASSIFIER_VERSION,
        "importers": [{"name": name, "help": imp.help} for name, imp in importer_registry().items()],
        "retention": [
            {"data_type": dt, "low": low, "high": high, "demo": DEMO_TERMS.get(dt)}
            for dt, (low, high) in BOUNDS.items()
        ],
        "retention_terms": {
            dt: {"low": low, "high": high, "demo": DEMO_TERMS.get(dt)} for dt, (low, high) in BOUNDS.items()
        },
        "auto_release_days": AUTO_RELEASE_DAYS,
        "min_other_raters": MIN_OTHER_RATERS,
        "org": _org_facts(org),
        "fingerprint": fingerprint(config),
    }
