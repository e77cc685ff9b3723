"""The real labelled CRS sets (../shared/data) and one model trained on the housing set."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.suggest.model import MarkerModel
from parity.suggest.rows import LabelledRow
from parity.suggest.sources import read_labelled

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
