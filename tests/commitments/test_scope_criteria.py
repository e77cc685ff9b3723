"""Scope criteria on transactions (flow, finance type, aid type, channel), the marker
condition, and the pledge editor's form with its preview, on hand-built IATI and CRS rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from parity.activities.models import Activity, Organisation, ParticipatingOrg, Transaction
from parity.commitments.models import Pledge
from parity.commitments.scope_rule import ScopeRuleError, parse_scope_rule
from parity.commitments.tracking.pledge import pledge_report
from tests.commitments.conftest import make_pledge

TODAY = date(2021, 6, 1)


def _activity(ident: str, org: Organisation, marker: int | None, **fields) -> Activity:
    return Activity.objects.create(
        iati_identifier=ident, reporting_org=org, gender_marker=marker, **fields
    )


def _pay(activity: Activity, value: str, **fields) -> Transaction:
    values = {"type": "3", "date": date(2018, 6, 30), "currency": "USD", **fields}
    return Transaction.objects.create(activity=activity, value=Decimal(value), **values)


@pytest.fixture
def rows(db) -> dict[str, Activity]:
    """A CRS provider paying a fund (B02, channel 47000) and an ODA loan; an IATI reporter
    whose defaults say ODA grant, with one transaction to a named receiver."""
    crs = Organisation.objects.create(ref="XM-DAC-701", name="Japan")
    iati = Organisation.objects.create(ref="JP-TEST-1", name="A ministry")
    fund = _activity(
        "crs:701-1",
        crs,
        0,
        source="crs",
        crs={"channel_code": "47000", "channel_name": "A Fund for Tests"},
    )
    _pay(fund, "1000", flow_type="10", finance_type="110", aid_type="B02", gender_marker=0)
    loan = _activity("crs:701-2", crs, 2, source="crs", crs={"channel_code": "11000"})
    _pay(loan, "700", flow_type="10", finance_type="421", aid_type="C01")
    _pay(loan, "50", flow_type="21", finance_type="421", aid_type="C01")
    grant = _activity(
        "JP-TEST-1-A",
        iati,
        1,
        default_flow_type="10",
        default_finance_type="110",
        default_aid_types=["B021"],
    )
    _pay(grant, "300", receiver_ref="XM-DAC-41146")
    _pay(grant, "20")
    implemented = _activity("JP-TEST-1-B", iati, 2, default_flow_type="20")
    ParticipatingOrg.objects.create(activity=implemented, role="4", ref="XM-DAC-41146")
    _pay(implemented, "5")
    return {"fund": fund, "loan": loan, "grant": grant, "implemented": implemented}


def _total(rule: dict, markers: str = "focused", basis: str = Pledge.DISBURSEMENTS) -> Decimal:
    pledge = make_pledge(
        scope_rule=rule,
        marker_condition=markers,
        money_basis=basis,
        money_amount=Decimal("1000"),
    )
    return pledge_report(pledge, today=TODAY, stored=False).money.progress.total


@pytest.mark.parametrize(
    ("rule", "markers", "total"),
    [
        # ODA only: the OOF row of the loan (flow 21) and the OOF-default activity stay out.
        ({"flows": ["10"]}, "focused", "1020"),
        ({"flows": ["20", "21"]}, "focused", "55"),
        ({"finance_types": ["421"]}, "focused", "750"),
        # B02 takes in B021 (an IATI activity's default) but not C01.
        ({"aid_types": ["B02"]}, "focused", "320"),
        # A fund counts its payments whatever their marker: the CRS row scored 0 counts.
        ({"aid_types": ["B02"]}, "any", "1320"),
        ({"channels": ["47000"]}, "any", "1000"),
        ({"channels": ["a fund for tests"]}, "any", "1000"),  # a CRS channel name
        ({"channels": ["XM-DAC-41146"]}, "focused", "305"),
        ({"reporting_orgs": ["XM-DAC-701"]}, "principal", "750"),
        ({"reporting_orgs": ["XM-DAC-701"]}, "focused", "750"),
        ({"reporting_orgs": ["JP-TEST-1"]}, "principal", "5"),
    ],
)
def test_transaction_criteria_pick_the_rows_that_count(rows, rule, markers, total) -> None:
    assert _total(rule, markers) == Decimal(total)


def test_principal_only_lists_significant_rows_under_their_own_reason(rows) -> None:
    pledge = make_pledge(
        scope_rule={"reporting_orgs": ["JP-TEST-1"]},
        marker_condition="principal",
        money_basis=Pledge.DISBURSEMENTS,
    )
    money = pledge_report(pledge, today=TODAY, stored=False).money
    assert {r.key: r.count for r in money.reasons} == {"not-principal": 2}


def test_the_rule_is_checked_against_the_codelists() -> None:
    from parity.iati import codelists

    codes = {"flows": codelists.codes("FlowType"), "aid_types": codelists.codes("AidType")}
    with pytest.raises(ScopeRuleError) as error:
        parse_scope_rule({"flows": ["99"], "aid_types": ["Z9"]}, known_codes=codes)
    assert set(error.value.problems) == {"flows", "aid_types"}
    with pytest.raises(ScopeRuleError, match="channels"):
        parse_scope_rule({"channels": ["x" * 201]})


@pytest.fixture
def editor(db, client):
    user = User.objects.create_user("pledge-editor", password="x")
    user.groups.add(Group.objects.get(name="pledge editor"))
    client.force_login(user)
    return client


def test_only_the_pledge_editor_role_opens_the_scope_form(rows, client) -> None:
    pledge = make_pledge()
    url = reverse("commitments:pledge-scope", args=[pledge.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("someone", password="x"))
    assert client.get(url).status_code == 403


def test_the_preview_counts_the_draft_without_saving_it(rows, editor) -> None:
    pledge = make_pledge(money_amount=Decimal("1000"), money_basis=Pledge.DISBURSEMENTS)
    url = reverse("commitments:pledge-scope", args=[pledge.slug])
    form = {
        "aid_types": ["B02"],
        "marker_condition": "any",
        "money_basis": Pledge.DISBURSEMENTS,
        "reporting_orgs": "XM-DAC-701, JP-TEST-1",
        "scope_reasoning": "Core contributions to multilateral funds",
    }
    page = editor.post(url, {**form, "action": "preview"}).content.decode()
    assert "USD 1,320 " in page
    assert "3 transactions" in page
    assert "OECD CRS" in page and "Japan (XM-DAC-701)" in page  # the loaded sources
    pledge.refresh_from_db()
    assert pledge.scope_rule == {"gender_markers": [1, 2], "include_sample": True}
    response = editor.post(url, {**form, "action": "save"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.scope_rule == {
        "reporting_orgs": ["XM-DAC-701", "JP-TEST-1"],
        "aid_types": ["B02"],
    }
    assert pledge.marker_condition == "any"
    page = editor.get(response["Location"]).content.decode()
    assert "aid type B02" in page and "Core contributions to multilateral funds" in page


def test_the_form_names_the_field_that_is_wrong_and_saves_nothing(rows, editor) -> None:
    pledge = make_pledge()
    url = reverse("commitments:pledge-scope", args=[pledge.slug])
    data = {"countries": "ZZ", "marker_condition": "focused", "money_basis": "commitments"}
    response = editor.post(url, {**data, "action": "save"})
    assert response.status_code == 400
    assert "not ISO 3166 country codes: ZZ" in response.content.decode()
    pledge.refresh_from_db()
    assert "countries" not in pledge.scope_rule


def test_a_crs_rows_own_marker_decides_not_its_projects_latest(db) -> None:
    """A CRS project scored 2 in 2017 and 0 in 2019 (its latest, the activity's): the 2017
    row counts, the 2019 one is listed as not targeted."""
    japan = Organisation.objects.create(ref="XM-DAC-701", name="Japan")
    project = _activity("crs:701-9", japan, 0, source="crs")
    _pay(project, "400", type="2", date=date(2017, 12, 31), gender_marker=2)
    _pay(project, "90", type="2", date=date(2019, 12, 31), gender_marker=0)
    pledge = make_pledge(scope_rule={"reporting_orgs": ["XM-DAC-701"]})
    money = pledge_report(pledge, today=TODAY, stored=False).money
    assert money.progress.total == Decimal("400")
    assert {r.key: r.count for r in money.reasons} == {"not-targeted": 1}
    assert [e.gender_marker for e in money.evidence()] == ["2"]
