"""Generate spiegel's own labelled training posts (Dutch and English) from templates and slots.

    python training/generate.py          # rewrites training/nl/generated.jsonl, training/en/generated.jsonl

Seeded and deterministic. Every template and slot value was written for spiegel; no real post was
copied. The hand-written held-out sets (``*/heldout.jsonl``) are NOT made here and are never used
for training or tuning. See training/README.md.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from templates_en import CATEGORIES as EN_CATEGORIES  # noqa: E402
from templates_en import SLOTS as EN_SLOTS  # noqa: E402
from templates_nl import CATEGORIES as NL_CATEGORIES  # noqa: E402
from templates_nl import CATEGORIES_R3 as NL_CATEGORIES_R3  # noqa: E402
from templates_nl import R3_SLOTS as NL_R3_SLOTS  # noqa: E402
from templates_nl import SLOTS as NL_SLOTS  # noqa: E402

SEED = 20261127
LABEL_KEYS = ("question", "complaint", "hostile", "explanation", "template")

#: categories added after the first two rounds, per language: (categories, extra slots)
LATER_ROUNDS: dict[str, tuple[dict, dict[str, list[str]]]] = {"nl": (NL_CATEGORIES_R3, NL_R3_SLOTS)}

EMOJI = ["", "", "", " 🙄", " 😡", " 😤", " 🤔", " 👍", " 🙏", " 😊", " 😩", " 👏", " 🤷", " 😂"]


def fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    out = template
    for _ in range(40):
        start = out.find("{")
        if start < 0:
            break
        end = out.index("}", start)
        key = out[start + 1 : end]
        if key == "n":
            value = str(rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 20]))
        elif key == "num":
            value = str(rng.randint(10, 9999))
        elif key == "url":
            value = (
                "https://"
                + rng.choice(slots["domain"])
                + "/"
                + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789") for _ in range(rng.randint(5, 10)))
            )
        else:
            value = rng.choice(slots[key])
        out = out[:start] + value + out[end + 1 :]
    return out


def vary(text: str, kind: str, rng: random.Random, mention: list[str]) -> str:
    """Surface noise: a leading mention, lower case, lost final punctuation, an emoji."""
    if not kind.startswith("template") and rng.random() < 0.3:
        text = "@" + rng.choice(mention) + " " + text
    if rng.random() < 0.15:
        text = text.lower()
    if rng.random() < 0.15 and text.endswith("."):
        text = text[:-1]
    if not kind.startswith("template") and rng.random() < 0.3:
        text += rng.choice(EMOJI)
    return text


def generate(categories: dict, slots: dict, lang: str, per_category: int, rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for kind in sorted(categories):
        spec = categories[kind]
        templates = spec["templates"]
        target = int(per_category * spec.get("weight", 1.0))
        tries = 0
        made = 0
        while made < target and tries < target * 20:
            tries += 1
            text = vary(fill(rng.choice(templates), slots, rng), kind, rng, slots["mention"])
            if text in seen:
                continue
            seen.add(text)
            labels = {k: int(spec["labels"].get(k, 0)) for k in LABEL_KEYS}
            tone = spec["tone"]
            rows.append({"text": text, "lang": lang, "kind": kind, "labels": labels, "tone": tone})
            made += 1
    rng.shuffle(rows)
    return rows


def generate_all() -> dict[str, list[dict]]:
    """Every generated post, per language (what ``main`` writes)."""
    rng = random.Random(SEED)
    out: dict[str, list[dict]] = {}
    for lang, cats, slots, per in (
        ("nl", NL_CATEGORIES, NL_SLOTS, 300),
        ("en", EN_CATEGORIES, EN_SLOTS, 160),
    ):
        rows = generate(cats, slots, lang, per, rng)
        if lang in LATER_ROUNDS:
            # later rounds draw from their own seeded stream: the earlier posts (and the other
            # language, which shares ``rng``) stay exactly as they were
            later_cats, later_slots = LATER_ROUNDS[lang]
            later_rng = random.Random(f"{SEED}:{lang}:round3")
            rows += generate(later_cats, {**slots, **later_slots}, lang, per, later_rng)
            later_rng.shuffle(rows)
        out[lang] = rows
    return out


def to_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)


def main() -> None:
    for lang, rows in generate_all().items():
        path = HERE / lang / "generated.jsonl"
        path.parent.mkdir(exist_ok=True)
        path.write_text(to_jsonl(rows), encoding="utf-8")
        print(f"{path.relative_to(HERE.parent)}: {len(rows)} posts")


if __name__ == "__main__":
    main()
