"""The pipeline from exports to a profile: load_inputs (sources, window, public posts, handles)
and build_profile (scoring, schema, never scoring low for lack of data)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import ConfigError
from spiegel.pipeline import build_profile, load_inputs
from spiegel.report import validate_profile

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ME = "anna@social.example"


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def own_rows(n: int = 30) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        rows.append(
            {
                "id": f"https://social.example/@anna/{i}",
                "platform": "mastodon",
                "author": ME,
                "created_at": (T0 + timedelta(hours=9 * i, minutes=7 * i)).isoformat(),
                "text": f"Ik fietste vandaag langs de nieuwe stoep in de wijk, stukje {i}. Wat vind jij?",
                "url": f"https://social.example/@anna/{i}",
            }
        )
    rows.append({**rows[0], "id": "private-1", "visibility": "direct", "text": "Alleen voor jou."})
    return rows


def inbound_rows(n: int = 8) -> list[dict[str, object]]:
    return [
        {
            "id": f"https://social.example/@bert/{i}",
            "platform": "mastodon",
            "author": "bert@social.example",
            "created_at": (T0 + timedelta(hours=9 * i + 1)).isoformat(),
            "text": f"@anna Hoe laat gaat de milieustraat zaterdag open? ({i})",
            "in_reply_to_id": f"https://social.example/@anna/{i}",
            "in_reply_to_author": ME,
            "mentions": [ME],
        }
        for i in range(n)
    ]


def test_load_inputs_keeps_public_posts_in_window_and_infers_handle(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    inputs = load_inputs([own])
    assert inputs.handles == {ME}
    assert len(inputs.posts) == 30  # the direct message is left out
    assert inputs.inbound is None and inputs.stream is None
    until = (T0 + timedelta(days=3)).date().isoformat()
    windowed = load_inputs([own], since=T0.date().isoformat(), until=until)
    assert 0 < len(windowed.posts) < 30
    assert all(p.created_at <= T0 + timedelta(days=4) for p in windowed.posts)
    assert windowed.since == T0.replace(hour=0)


def test_load_inputs_inbound_excludes_own_posts_and_empty_is_not_none(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    inbound = write_jsonl(tmp_path / "in.jsonl", inbound_rows() + own_rows()[:2])
    inputs = load_inputs([own], inbound=[inbound], handles=["@Anna@social.example"])
    assert inputs.handles == {ME}
    assert inputs.inbound is not None and len(inputs.inbound) == 8
    late = load_inputs([own], inbound=[inbound], since="2030-01-01")
    assert late.inbound == [] and late.posts == []


def test_load_inputs_errors(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    with pytest.raises(ConfigError, match="after --until"):
        load_inputs([own], since="2026-04-01", until="2026-03-01")
    with pytest.raises(ConfigError, match="not a date"):
        load_inputs([own], since="last tuesday")
    with pytest.raises(ConfigError, match="no source"):
        load_inputs([])


def test_profile_without_inbound_never_scores_listening_low(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    profile = build_profile(load_inputs([own]))
    validate_profile(profile)
    listening = profile.competency("luisteren")
    assert listening.level is None and listening.status == "insufficient_evidence"
    rate = next(i for i in listening.indicators if i.id == "addressed_reaction_rate")
    assert rate.value is None and rate.level is None
    assert rate.reason is not None and rate.reason.code == "no_inbound"
    data = profile.to_dict()
    assert data["schema"] == "spiegel.report.v1"
    assert data["counts"] == {"posts": 30, "inbound": None, "stream": None}
    assert all(
        re.fullmatch(r"[a-z_]+\.v[0-9]+", i["version"]) for c in data["competencies"] for i in c["indicators"]
    )


def test_profile_with_unanswered_inbound_scores_listening_low_with_evidence(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    inbound = write_jsonl(tmp_path / "in.jsonl", inbound_rows())
    profile = build_profile(load_inputs([own], inbound=[inbound]))
    rate = next(i for i in profile.competency("luisteren").indicators if i.id == "addressed_reaction_rate")
    assert rate.status == "ok" and rate.value == 0.0 and rate.level == 1
    assert rate.evidence and rate.evidence[0].post_id.startswith("https://social.example/@bert/")
    assert profile.to_dict()["counts"]["inbound"] == 8


def test_progress_callback_reaches_done(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    seen: list[tuple[str, int, int]] = []
    build_profile(load_inputs([own]), progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen[0] == ("text", 0, 30) and ("text", 30, 30) in seen
    assert ("indicators", 6, 6) in seen and seen[-1] == ("done", 1, 1)


def test_cli_report_json_and_errors(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    out = tmp_path / "me.json"
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(own), "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    validate_profile(orjson.loads(out.read_bytes()))
    pdf = runner.invoke(main, ["report", str(own), "--format", "pdf"])
    assert pdf.exit_code == 2
    assert "a PDF cannot be written to the terminal" in pdf.output
    missing = runner.invoke(main, ["report", str(tmp_path / "nope.zip")])
    assert missing.exit_code == 2
    bad_date = runner.invoke(main, ["report", str(own), "--since", "gisteren", "-o", str(out)])
    assert bad_date.exit_code == 2 and "not a date: 'gisteren'" in bad_date.output


def test_cli_report_with_custom_model_assessment_and_english(tmp_path: Path) -> None:
    import yaml

    from spiegel.competencies.model import DEFAULT_MODEL

    src = Path(__file__).resolve().parents[1] / "src/spiegel/competencies" / DEFAULT_MODEL
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    data["id"] = "small"
    data["competencies"] = [c for c in data["competencies"] if c["id"] in ("informeren", "rolvast")]
    model = tmp_path / "small.yaml"
    model.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assessment = tmp_path / "assessment.json"
    assessment.write_bytes(
        orjson.dumps(
            {
                "schema": "spiegel.assessment.v1",
                "person": "Anna",
                "responses": [
                    {"variant": "self", "rater": "self", "answers": {"rolvast_1": 1, "informeren_1": 4}}
                ],
            }
        )
    )
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    out = tmp_path / "me.html"
    args = [
        "report",
        str(own),
        "--model",
        str(model),
        "--assessment",
        str(assessment),
        "--lang",
        "en",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (30 posts; informeren" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.count('class="competency"') == 2
    assert "Self-view and the view of others" in html and "Listening" not in html
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}')
    result = CliRunner().invoke(main, [*args[:4], "--assessment", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "not a spiegel.assessment.v1 document" in result.output


def test_profile_keeps_its_text_signals_out_of_the_document(tmp_path: Path) -> None:
    own = write_jsonl(tmp_path / "own.jsonl", own_rows())
    profile = build_profile(load_inputs([own]))
    assert profile.signals is not None and len(profile.signals) == 30
    assert "signals" not in profile.to_dict()


def test_given_handles_add_to_the_owners_the_importers_found():
    from spiegel.pipeline import _own_handles
    from spiegel.records import Account, Activity

    activity = Activity(
        accounts=[
            Account(platform="bluesky", handle="did:plc:abc123", id="did:plc:abc123", is_self=True),
            Account(platform="linkedin", handle="fleur-bakker", is_self=True),
            Account(platform="x", handle="someone_else"),
        ]
    )
    handles = _own_handles(activity, ["@Fleur.bsky.social"])
    assert handles == {"fleur.bsky.social", "did:plc:abc123", "fleur-bakker"}
