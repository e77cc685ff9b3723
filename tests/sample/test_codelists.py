"""Every code the generator writes is in the official IATI 2.03 codelists."""

from pathlib import Path

import pytest
from lxml import etree

CODELISTS = Path(__file__).resolve().parents[2].parent / "shared/iati/codelists/2.03/xml"


@pytest.fixture(autouse=True)
def _shared_folder_is_there() -> None:
    # Part of the test set-up (README): missing, these tests fail rather than skip.
    assert CODELISTS.is_dir(), "the shared IATI codelists are not beside the project (README)"


def _codes(name: str) -> set[str]:
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    return {item.findtext("code") for item in tree.iter("codelist-item")}


def _used(portfolio, name):
    for a in portfolio:
        transactions = a.transactions
        results = a.results
        indicators = [i for r in results for i in r.indicators]
        yield from {
            "Sector": [s.code for s in a.sectors]
            + [t.sector_code for t in transactions if t.sector_code],
            "Country": [c.code for c in a.recipient_countries]
            + [t.recipient_country for t in transactions if t.recipient_country],
            "Region": [r.code for r in a.recipient_regions],
            "Currency": [a.default_currency]
            + [t.currency for t in transactions]
            + [b.currency for b in a.budgets],
            "AidType": a.default_aid_types,
            "FlowType": [a.default_flow_type],
            "FinanceType": [a.default_finance_type],
            "TiedStatus": [a.default_tied_status],
            "CollaborationType": [a.collaboration_type],
            "TransactionType": [t.type for t in transactions],
            "PolicyMarker": [m.code for m in a.policy_markers],
            "PolicySignificance": [m.significance for m in a.policy_markers],
            "OrganisationRole": [p.role for p in a.participating_orgs],
            "OrganisationType": [p.org.type for p in a.participating_orgs] + [a.reporting_org.type],
            "ActivityStatus": [a.status],
            "ActivityScope": [a.scope],
            "ActivityDateType": [d.type for d in a.dates],
            "DescriptionType": [d.type for d in a.descriptions],
            "BudgetType": [b.type for b in a.budgets],
            "BudgetStatus": [b.status for b in a.budgets],
            "ResultType": [r.type for r in results],
            "IndicatorMeasure": [i.measure for i in indicators],
            "DocumentCategory": [c for d in a.document_links for c in d.categories],
            "Language": [n.lang for n in a.titles if n.lang],
            "GeographicExactness": [loc.exactness for loc in a.locations],
            "GeographicLocationReach": [loc.location_reach for loc in a.locations],
        }[name]


@pytest.mark.parametrize(
    "codelist",
    [
        "Sector",
        "Country",
        "Region",
        "Currency",
        "AidType",
        "FlowType",
        "FinanceType",
        "TiedStatus",
        "CollaborationType",
        "TransactionType",
        "PolicyMarker",
        "PolicySignificance",
        "OrganisationRole",
        "OrganisationType",
        "ActivityStatus",
        "ActivityScope",
        "ActivityDateType",
        "DescriptionType",
        "BudgetType",
        "BudgetStatus",
        "ResultType",
        "IndicatorMeasure",
        "DocumentCategory",
        "Language",
        "GeographicExactness",
        "GeographicLocationReach",
    ],
)
def test_every_code_is_in_the_codelist(portfolio, codelist):
    used = set(_used(portfolio, codelist))
    assert used, f"no {codelist} codes generated"
    assert used <= _codes(codelist), used - _codes(codelist)


def test_aid_types_include_non_allocable_ones(portfolio):
    used = {code for a in portfolio for code in a.default_aid_types}
    assert {"A02", "B01", "B03", "B04", "C01", "D01", "D02", "E01"} <= used
    assert {"A01", "G01", "H01"} <= used


def test_finance_types_are_grants_and_loans(portfolio):
    assert {a.default_finance_type for a in portfolio} == {"110", "421"}
