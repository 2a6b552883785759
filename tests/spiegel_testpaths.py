"""Paths the tests share. Import with ``from spiegel_testpaths import FORMATS`` (not from
``conftest``: several test folders have their own conftest.py, so that name is ambiguous).

The public data sets live outside the repository, in ``../shared/data`` (each folder with a
SOURCE.txt naming its origin, commit and licence). A fresh clone on its own has no such folder:
tests that read it are marked with :func:`needs_data`, which skips them with a reason that says
which data set is missing and where it comes from, so the suite passes on the repository alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FORMATS = DATA / "formats"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: where each public data set the tests read was published (SOURCE.txt has commit and licence)
ORIGINS = {
    "amsterdam_municipal_complex_simple_nl": (
        "github.com/Amsterdam-AI-Team/dutch-municipal-text-simplification"
    ),
    "dutch_political_tweets_polarity_emotion_zegelaar": (
        "github.com/cltl-students/Eva_Zegelaar_Emotion_Classification_Dutch_Political_Tweets"
    ),
    "gilani2017_bot_human_account_features": "github.com/Flajt/Twitter_bot_detection",
    "ibm_twitter_customer_care_conversations": "github.com/IBM/twitter-customer-care-document-prediction",
    "twitter_bot_nonbot_profiles_kaggle": "github.com/stclab-projects/stcproject-twitter-bot-detection",
    "formats/bluesky_car": "github.com/bluesky-social/indigo (testing/testdata)",
    "formats/bluesky_atproto_repo_records": "listings decoded from github.com/bluesky-social/indigo's CARs",
    "formats/mastodon_api_json_rtoot_cassettes": "github.com/gesistsa/rtoot (recorded API responses)",
    "formats/x_twitter_archive_2021_org_RTIatMLA": "github.com/kglibrarian/RTIatMLATwitterArchive",
    "formats/x_twitter_archive_2025_tweets_js": "github.com/ajitg25/twitter-analytics",
    "formats/mastodon_account_archive": "github.com/dealingwith/masto-archive",
    "formats/linkedin_export_shares_comments": "github.com/sanand0/linkedin",
}


def missing_data_reason(name: str | None) -> str:
    """The skip reason for a missing data set *name* (a folder under ``shared/data``; None: all)."""
    where = f"put the project's shared/ folder beside the clone (as {SHARED}) to run this test"
    if name is None:
        return f"trains on all public data sets of shared/data (origins in each SOURCE.txt); {where}"
    origin = ORIGINS.get(name, "origin in its SOURCE.txt")
    return f"needs the public data set shared/data/{name} (from {origin}), not in the repository; {where}"


def needs_data(*names: str) -> pytest.MarkDecorator:
    """Skip a test (or module, via ``pytestmark``) unless every data set in *names* is present.

    With no names, the whole ``shared/data`` folder is required (for tests that train on all of it).
    """
    if not names:
        return pytest.mark.skipif(not DATA.is_dir(), reason=missing_data_reason(None))
    missing = [name for name in names if not (DATA / name).exists()]
    return pytest.mark.skipif(bool(missing), reason=missing_data_reason(missing[0]) if missing else "")
