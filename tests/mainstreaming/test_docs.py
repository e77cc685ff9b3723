"""The user guide stays honest: every evidence rule, role and stage is documented."""

from pathlib import Path

import pytest

from parity import roles
from parity.markers import RULES, Stage

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "mainstreaming.md"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_it_documents_every_rule(rule_id):
    assert f"`{rule_id}`" in GUIDE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*roles.ROLES, *(stage.value for stage in Stage)])
def test_it_documents_every_role_and_stage(name):
    assert name in GUIDE.read_text(encoding="utf-8")


def test_it_documents_the_overdue_setting():
    assert "PARITY_REVIEW_OVERDUE_DAYS" in GUIDE.read_text(encoding="utf-8")
