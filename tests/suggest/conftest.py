"""The real labelled CRS sets (../shared/data) and one model trained on the housing set."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from parity.activities.models import Activity, ActivitySector, Organisation
from parity.suggest.model import MarkerModel
from parity.suggest.rows import LabelledRow
from parity.suggest.sources import read_labelled
from tests.conftest import role_group

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HOUSING = DATA / "crs-housing-hfhi" / "crs_2014_2023_purpose_codes.csv"
PARIS21 = (
    DATA
    / "crs-gender-press-paris21"
    / "Tmp"
    / "XGBoost"
    / "Gender permutation results"
    / "pred_all_dcd_info.xlsx"
)
DISABILITY = DATA / "crs-disability-di" / "disability_aid_analysis" / "intellectual ODA.csv"
NEGATIVES = DATA / "crs-disability-di" / "inclusion-works" / "output" / "crs check negatives.csv"


@pytest.fixture(scope="session")
def housing() -> list[LabelledRow]:
    return read_labelled(HOUSING)


@pytest.fixture(scope="session")
def housing_model(housing) -> MarkerModel:
    return MarkerModel().fit(housing)


@pytest.fixture
def data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def user(name: str, role: str) -> User:
    person = User.objects.create_user(name)
    person.groups.add(role_group(role))
    return person


def store(identifier: str, title: str, marker: int | None, *, sample: bool = False) -> Activity:
    org, _ = Organisation.objects.get_or_create(ref="XM-DAC-5", defaults={"name": "Germany"})
    activity = Activity.objects.create(
        iati_identifier=identifier,
        reporting_org=org,
        title=title,
        gender_marker=marker,
        is_sample=sample,
    )
    ActivitySector.objects.create(activity=activity, code="16040", vocabulary="1")
    return activity


@pytest.fixture
def screened(housing) -> list[Activity]:
    """400 real screened CRS housing projects as this Parity's own activities."""
    return [
        store(f"crs:{n}", row.subject.text[:500], row.marker)
        for n, row in enumerate(housing[:1200:3])
    ]


@pytest.fixture
def unscreened() -> list[Activity]:
    return [
        store(
            "XM-U-1",
            "Gender equality in housing: women's rights to land and property, "
            "women-headed households and girls' safety",
            None,
        ),
        store("XM-U-2", "Long term debt in Housing policy and administrative management", None),
        store("XM-U-3", "", None),  # no text: no score
    ]


def trained(*args: str) -> dict:
    out = StringIO()
    call_command("train_marker_model", "--json", *args, stdout=out)
    return json.loads(out.getvalue())
