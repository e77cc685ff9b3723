"""`parity figures`: the dashboard's figures on the command line, equal to the API's."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.analytics.facts import facts_refresh
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db


def run(*options: str) -> str:
    """The command as the console runs it (options spelt as typed), its output as text.
    (Not through parity.cli.main: Django closes the database connection after a command run
    from the command line, which ends the test's transaction on PostgreSQL.)"""
    out = StringIO()
    call_command("figures", *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def portfolio(rates) -> None:
    ActivityLoader(is_sample=True).load(generate_portfolio(30, seed=8))
    ActivityLoader(is_sample=True).load(
        generate_portfolio(20, seed=9, reporting_org_ref="XM-DAC-701-SAMPLE")  # a DAC member
    )
    facts_refresh()


@pytest.mark.parametrize(
    ("options", "query"),
    [
        ([], ""),
        (
            ["--year-from", "2016", "--year_to", "2020", "--basis", "disbursements"],
            "year_from=2016&year_to=2020&basis=disbursements",
        ),
        (["--provider-group", "all", "--flow-type", "all"], "provider_group=all&flow_type=all"),
        (["--provider-group", "all", "--sector", "151"], "provider_group=all&sector=151"),
    ],
)
def test_the_json_equals_the_apis(portfolio, options, query) -> None:
    printed = json.loads(run("--json", *options))
    response = Client().get(f"/api/figures?{query}")
    assert response.status_code == 200
    assert printed == response.json()
    assert printed["figures"]["focused-share"]["rows"]  # the comparison is not of empty figures


def test_without_json_it_prints_each_table_under_its_title(portfolio) -> None:
    out = run("--provider-group", "dac")
    assert out.startswith("Basis: Commitments (IATI transaction type 2); ODA")
    assert (
        "\nGender equality focused aid, share of bilateral allocable aid (focused-share)\n" in out
    )
    assert "Principal (2) (USD)" in out


def test_a_bad_filter_names_its_option(portfolio) -> None:
    with pytest.raises(CommandError, match=r"^--year-from: '20x6' is not a year"):
        run("--json", "--year-from", "20x6")
