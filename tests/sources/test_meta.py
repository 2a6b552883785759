"""Facebook and Instagram/Threads exports (issue #13): counts per layout variant, Meta's
mojibake, visibility unknown until the account is declared public, never reading messages."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import orjson
import pytest
from click.testing import CliRunner

from sources._source_helpers import FIXTURES, split, zip_folder
from spiegel.cli import main
from spiegel.errors import MalformedFileError
from spiegel.pipeline import load_inputs
from spiegel.sources import Container, detect, read_path
from spiegel.sources._meta import fix_text, when
from spiegel.sources._notices import collecting
from spiegel.sources.container import Container as _Container

VARIANTS = {
    # fixture: (format, posts, replies, boosts, likes, follows, owner)
    "facebook_2020": ("facebook", 10, 2, 1, 2, 0, "anouk.vandam"),
    "facebook_2024": ("facebook", 4, 1, 0, 3, 0, "ruben-smit"),
    "instagram_2022": ("instagram", 4, 2, 0, 1, 3, "wijkteam_voorbeeld"),
    "instagram_2025": ("instagram", 6, 3, 0, 0, 1, "wijkteam_oost"),
}


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_counts_per_variant(name, packed, tmp_path):
    fmt, n_posts, n_replies, n_boosts, n_likes, n_follows, owner = VARIANTS[name]
    path = FIXTURES / name if packed == "folder" else zip_folder(FIXTURES / name, tmp_path / f"{name}.zip")
    with Container.open_path(path) as c:
        assert detect(c).name == fmt
    result = CliRunner().invoke(main, ["inspect", "--json", "--lang", "en", str(path)])
    assert result.exit_code == 0, result.output
    (src,) = orjson.loads(result.stdout)["sources"]
    counts = src["counts"]
    # inspect's posts count includes replies and excludes boosts (docs/formats.md)
    assert (counts["posts"], counts["replies"], counts["boosts"], counts["likes"], counts["follows"]) == (
        n_posts - n_boosts,
        n_replies,
        n_boosts,
        n_likes,
        n_follows,
    )
    assert src["account"] == owner
    assert src["awaiting_confirmation"] == n_posts + n_likes + n_follows
    assert any("wait for your confirmation that the account" in w for w in src["warnings"])


def test_facebook_post_variants():
    posts, _, _ = split(list(read_path(FIXTURES / "facebook_2020")))
    by_text = {p.text: p for p in posts}
    first = posts[0]
    assert first.text.endswith("Dank aan alle vrijwilligers! \U0001f389")  # mojibake undone
    assert first.created_at == datetime.fromtimestamp(1577000100, UTC)
    shared = by_text["Het verslag van de opening staat online."]
    assert shared.urls == ["https://gemeente.example/nieuws/speeltuin"]
    assert by_text["Een bericht met een lege linkstub, café-overleg morgen."].urls == []  # empty link stub
    assert "Foto van de buurtschouw" in by_text  # a photo without text: its description
    assert "Praat mee over het groen." in by_text  # an event
    assert "Een jaar wijkwerk in tien punten." in by_text  # a note
    assert [p.kind for p in posts if p.kind == "boost"] == ["boost"]  # shared someone else's post
    assert {p.visibility for p in posts} == {"unknown"}
    comments = [p for p in posts if p.is_reply]
    assert [c.in_reply_to_author for c in comments] == ["joris-bakker", "sanne-de-groot"]
    assert comments[1].text == "Graag gedaan én tot volgende week."


def test_facebook_drops_items_without_text_or_date_with_a_notice():
    with collecting() as notices:
        list(read_path(FIXTURES / "facebook_2020"))
    messages = notices.messages("en")
    assert any("your_posts_1.json: 2 items without text or date skipped" in m for m in messages)


def test_instagram_caption_in_title_or_first_media_and_both_comment_shapes():
    posts, inter, _ = split(list(read_path(FIXTURES / "instagram_2022")))
    assert posts[0].text == "Zonnige dag op de markt \u2600\ufe0f #voorbeeldstad"  # media[0].title
    assert posts[1].text == "Twee foto's van de opening van de bibliotheek"  # top-level title
    assert [(p.in_reply_to_author, p.text) for p in posts if p.is_reply] == [
        ("bibliotheek_vb", "Wat een mooie ruimte geworden!"),
        ("stadsarchief", "Prachtige oude foto \U0001f60d"),
    ]
    follows = [i for i in inter if i.kind == "follow"]
    assert [(f.actor, f.target_author) for f in follows][-1] == ("buurvrouw_els", "wijkteam_voorbeeld")
    newer, _, _ = split(list(read_path(FIXTURES / "instagram_2025")))
    assert [p.in_reply_to_author for p in newer if p.platform == "instagram" and p.is_reply] == [
        "groen_in_de_wijk",
        "buurtbudget",  # Dutch keys: Opmerking, Media-eigenaar, Tijd
    ]


def test_threads_with_and_without_text_app_post():
    posts, _, _ = split(list(read_path(FIXTURES / "instagram_2025")))
    threads = [p for p in posts if p.platform == "threads"]
    assert len(threads) == 3
    assert [p.in_reply_to_author for p in threads] == [None, "groen_in_de_wijk", None]
    assert threads[0].text.endswith("Volg het live! \U0001f4fa")


def test_a_lone_threads_file_is_read(tmp_path):
    src = FIXTURES / "instagram_2025/your_instagram_activity/threads/threads_and_replies.json"
    target = tmp_path / "your_instagram_activity/threads/threads_and_replies.json"
    target.parent.mkdir(parents=True)
    shutil.copy(src, target)
    posts, _, _ = split(list(read_path(tmp_path)))
    assert len(posts) == 3 and {p.platform for p in posts} == {"threads"}


def test_messages_and_friend_lists_are_never_opened(monkeypatch):
    opened: list[str] = []
    real_open = _Container.open

    def spy(self, name):
        opened.append(name)
        return real_open(self, name)

    monkeypatch.setattr(_Container, "open", spy)
    for name in ("facebook_2020", "instagram_2022"):
        records = list(read_path(FIXTURES / name))
        assert records
        assert not any("PRIVE" in str(getattr(r, "text", "")) for r in records)
    assert opened and not [n for n in opened if "messages/" in n or "friends/" in n]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("caf\u00c3\u00a9", "café"),  # escaped UTF-8
        ("café", "café"),  # literal UTF-8 stays
        ("\u00f0\u009f\u0098\u0080 en café", "\U0001f600 en café"),  # both in one string
        ("na\u00c3\u00afef \u00c3", "naïef \u00c3"),  # a lone byte that is no UTF-8 stays
        (None, ""),
    ],
)
def test_mojibake(raw, expected):
    assert fix_text(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1577000100, datetime(2019, 12, 22, 7, 35, tzinfo=UTC)),
        (1577000100000, datetime(2019, 12, 22, 7, 35, tzinfo=UTC)),
    ],
)
def test_meta_timestamps_in_seconds_and_milliseconds(value, expected):
    assert when(value) == expected
    assert when(0) is None and when("1577000100") is None and when(True) is None


def test_unknown_visibility_counts_only_once_the_account_is_declared_public():
    path = [FIXTURES / "facebook_2020"]
    hidden = load_inputs(path)
    assert hidden.posts == [] and hidden.interactions == []
    shown = load_inputs(path, public_accounts=["@Anouk.vanDam"])
    assert len(shown.posts) == 10 and len(shown.interactions) == 2
    other = load_inputs(path, public_accounts=["someone-else"])
    assert other.posts == []


def test_report_cli_public_account_option(tmp_path):
    out = tmp_path / "r.json"
    args = ["report", "--quiet", "--no-cache", "--format", "json", "-o", str(out)]
    args.append(str(FIXTURES / "instagram_2025"))
    assert CliRunner().invoke(main, args).exit_code == 0
    before = orjson.loads(out.read_bytes())
    assert CliRunner().invoke(main, [*args, "--public-account", "wijkteam_oost"]).exit_code == 0
    after = orjson.loads(out.read_bytes())
    assert _post_count(before) == 0 and _post_count(after) == 6


def _post_count(doc):
    return doc["counts"]["posts"]


def test_a_broken_posts_file_is_an_error_naming_it(tmp_path):
    shutil.copytree(FIXTURES / "facebook_2024", tmp_path / "fb")
    bad = tmp_path / "fb/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
    bad.write_text('[{"timestamp": 1, "data": [')
    with pytest.raises(MalformedFileError) as err:
        list(read_path(tmp_path / "fb"))
    assert err.value.path.endswith("your_posts__check_ins__photos_and_videos_1.json")
    assert "truncated" in err.value.what


def test_a_broken_profile_is_a_notice_not_an_error(tmp_path):
    shutil.copytree(FIXTURES / "instagram_2022", tmp_path / "ig")
    (tmp_path / "ig/personal_information/personal_information.json").write_text("{")
    with collecting() as notices:
        posts, _, _ = split(list(read_path(tmp_path / "ig")))
    assert len(posts) == 4
    assert any("skipped (an optional file" in m for m in notices.messages("en"))
