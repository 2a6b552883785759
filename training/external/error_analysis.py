"""Error analysis of the shipped Dutch classifiers on the external development part (never test).

    python training/external/error_analysis.py [--signals hostile,complaint,explanation] [--show 8]

For each signal: precision, recall and F1 of the shipped fast path on ``training/external/dev.jsonl``,
then the misses (labelled 1, not flagged) and the false flags (flagged, labelled 0) counted by
source and by *kind*. Kinds are rough, overlapping regular-expression readings of the wording
(:data:`KINDS`: a named person, party or official; an insult word closing the post; "liar" or
"coward"; mocking intelligence; an emoji; profanity without an address; a quote or counter-speech
words) — they show where errors gather, they are not labels. ``--show`` prints that many examples
of each error type. Development only.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from spiegel.text.classifiers import external as ext  # noqa: E402
from spiegel.text.classifiers import features, load  # noqa: E402
from spiegel.text.classifiers import lexicons as lx  # noqa: E402

_NAMED = re.compile(
    r"@user|\b(rutte|wilders|baudet|kaag|hoekstra|de jonge|grapperhaus|halsema|aboutaleb|jetten|"
    r"klaver|omtzigt|marijnissen|asscher|ollongren|vvd|pvv|d66|cda|pvda|sp|fvd|groenlinks|gl|"
    r"denk|bij1|sylvana|simons|akwasi|wethouder\w*|burgemeester\w*|minister\w*|premier|kabinet|"
    r"kamerlid\w*|kamerleden|politie\w*|agent\w*|regering|politici|politicus|partij\w*|college)\b"
)
_LIAR = re.compile(
    r"\b(leugen\w*|lieg\w*|liegt|gelogen|laf\w*|verrader\w*|hypocriet\w*|crimineel|criminelen)\b"
)
_DUMB = re.compile(
    r"\b(dom|domme|dommer|dombo\w*|idio\w*|achterlijk\w*|debiel\w*|hersen\w*|iq|imbeciel\w*|"
    r"stom\w*|gestoord\w*|mongo\w*|simpel\w*|zielig\w*|triest\w*)\b"
)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_QUOTE = re.compile(r"[\"“”„‘’«»]|\b(racis\w*|discriminatie|haat|onacceptabel|schandalig)\b")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def kinds(text: str) -> list[str]:
    """The rough kinds a post's wording shows (see module docstring), possibly none."""
    low = text.lower()
    words = _WORD.findall(low)
    insults = lx.insult_lexicon() | lx.INSULTS
    out = []
    if _NAMED.search(features.normalize(text)):
        out.append("named person/party/official")
    if words and (words[-1] in insults or any(w in insults for w in words[-3:])):
        out.append("insult word at the end")
    if _LIAR.search(low):
        out.append("liar/coward/traitor")
    if _DUMB.search(low):
        out.append("mocking intelligence")
    if _EMOJI.search(text):
        out.append("emoji")
    if any(w in lx.SWEARS for w in words) and not any(w in lx.ADDRESS for w in words):
        out.append("profanity, no 2nd person")
    if _QUOTE.search(text):
        out.append("quote / counter-speech words")
    if not any(w in insults for w in words):
        out.append("no lexicon insult")
    return out


def _table(title: str, counts: Counter[str], totals: Counter[str]) -> None:
    print(f"    {title}:")
    for key, n in counts.most_common():
        print(f"      {key:32s} {n:4d} of {totals[key]:4d}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--signals", default="hostile,complaint,explanation")
    ap.add_argument("--show", type=int, default=6)
    args = ap.parse_args()
    rows = [r for r in ext.external_rows("dev") if not r["other"]]
    texts = [str(r["text"]) for r in rows]
    out = load().predict(texts, ["nl"] * len(texts))
    for signal in args.signals.split(","):
        y = np.array([int(r["labels"][signal]) for r in rows])
        flag = np.asarray(out[f"{signal}_flag"], dtype=bool)
        tp = int(np.sum(flag & (y == 1)))
        p = tp / max(int(flag.sum()), 1)
        r = tp / max(int(y.sum()), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(
            f"\n{signal}: dev n={len(y)} positives={int(y.sum())} flagged={int(flag.sum())}"
            f" P={p:.3f} R={r:.3f} F1={f1:.3f}"
        )
        for name, err, base in (("missed", (y == 1) & ~flag, y == 1), ("false flags", (y == 0) & flag, flag)):
            idx = np.flatnonzero(err)
            print(f"  {name}: {len(idx)} (of {int(base.sum())})")
            by_source = Counter(str(rows[i]["source"]) for i in idx)
            all_source = Counter(str(rows[i]["source"]) for i in np.flatnonzero(base))
            _table("by source", by_source, all_source)
            by_kind = Counter(k for i in idx for k in kinds(texts[i]))
            all_kind = Counter(k for i in np.flatnonzero(base) for k in kinds(texts[i]))
            _table("by kind", by_kind, all_kind)
            for i in idx[: args.show]:
                score = float(out[signal][i])
                print(f"      [{score:.2f}] {texts[i][:160]!r}")


if __name__ == "__main__":
    main()
