"""Shared fixtures: the `shared/` reference data beside the project, and user personas."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"The reference data folder {SHARED} is missing: clone beside shared/.")
    return SHARED
