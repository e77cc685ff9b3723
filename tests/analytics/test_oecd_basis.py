"""The OECD's defaults: ODA only, DAC members, and IATI and the CRS never added up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from parity.activities.models import Activity, Organisation, Transaction
from parity.analytics import selectors
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import FilterError, parse_filters

pytestmark = pytest.mark.django_db
_numbers = count()


def org(ref: str, org_type: str) -> Organisation:
    return Organisation.objects.get_or_create(ref=ref, defaults={"type": org_type})[0]


def activity(
    ref: str,
    org_type: str,
    marker: int | None,
    value: str,
    *,
    year: int = 2018,
    flow_type: str = "10",
    source: str = "iati",
    crs: dict | None = None,
) -> Activity:
    """One activity with one commitment in USD, bilateral allocable (C01)."""
    made = Activity.objects.create(
        iati_identifier=f"XM-TEST-{next(_numbers)}",
        reporting_org=org(ref, org_type),
        gender_marker=None if source == "crs" else marker,
        default_currency="USD",
        default_aid_types=["C01"],
        default_flow_type=flow_type,
        source=source,
        crs=crs or {},
    )
    Transaction.objects.create(
        activity=made,
        type="2",
        date=date(year, 6, 1),
        value=Decimal(value),
        currency="USD",
        gender_marker=marker if source == "crs" else None,
    )
    return made


def headline(**params: str) -> dict:
    table = selectors.figure_table(parse_filters(params), "focused-share")
    return {row["period"]: row for row in table.rows}


@pytest.fixture
def providers(rates) -> None:
    activity("GB-GOV-1", "10", 2, "100.00")  # a DAC member's ODA, principal
    activity("GB-GOV-1", "10", None, "70.00")  # the same, not screened
    activity("GB-GOV-1", "10", 2, "1000.00", flow_type="20")  # OOF: not in the headline
    activity("XM-DAC-41114", "40", 1, "50.00")  # UNDP: multilateral
    activity("GB-CHC-202918", "21", 0, "30.00")  # a charity: other providers
    facts_refresh()


def test_the_headline_is_dac_members_bilateral_allocable_oda_on_commitments(providers) -> None:
    row = headline()["2018"]
    assert row["allocable"] == Decimal("170.00")
    assert row["principal"] == Decimal("100.00")
    assert row["significant"] == Decimal("0.00")
    assert row["focused_share"] == Decimal("0.5882")
    assert row["screened_share"] == Decimal("0.5882")
    basis = selectors.figures(parse_filters({}), ["focused-share"])["basis"]
    assert (basis["flow"], basis["flow_type"], basis["provider_group"]) == (
        "commitments",
        "10",
        "dac",
    )
    assert "ODA (IATI flow type 10, CRS category 10)" in basis["text"]
    assert basis["text"].startswith("Commitments (IATI transaction type 2)")
    assert "; current prices; USD; DAC members" in basis["text"]


@pytest.mark.parametrize(
    ("params", "allocable", "principal", "significant"),
    [
        ({"provider_group": "multilateral"}, "50.00", "0.00", "50.00"),
        ({"provider_group": "other"}, "30.00", "0.00", "0.00"),
        ({"provider_group": "all"}, "250.00", "100.00", "50.00"),
        ({"provider_group": "all", "flow_type": "all"}, "1250.00", "1100.00", "50.00"),
        ({"flow_type": "20"}, "1000.00", "1000.00", "0.00"),
        ({"reporting_org": "XM-DAC-41114"}, "50.00", "0.00", "50.00"),  # its own group
    ],
)
def test_the_provider_group_and_flow_type_filters(
    providers, params, allocable, principal, significant
) -> None:
    row = headline(**params)["2018"]
    assert (row["allocable"], row["principal"], row["significant"]) == (
        Decimal(allocable),
        Decimal(principal),
        Decimal(significant),
    )


def test_every_money_figure_names_its_basis(providers) -> None:
    data = selectors.figures(parse_filters({"provider_group": "multilateral"}))
    for name, figure in data["figures"].items():
        if figure["basis"] is not None:
            assert figure["basis"]["text"].endswith(
                "multilateral organisations. Sources: IATI 2018 (1 counted)"
            ), name


def test_without_dac_members_the_default_is_every_provider(rates) -> None:
    activity("GB-CHC-202918", "21", 2, "30.00")
    facts_refresh()
    filters = parse_filters({})
    assert filters.provider_group == "all"
    assert headline()["2018"]["principal"] == Decimal("30.00")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"provider_group": "g7"}, "provider_group"),
        ({"flow_type": "99"}, "flow_type"),
    ],
)
def test_a_bad_group_or_flow_type_is_refused_by_name(providers, params, field) -> None:
    with pytest.raises(FilterError) as error:
        parse_filters(params)
    assert error.value.field == field


# --- one flow, one count --------------------------------------------------------------------


@pytest.fixture
def both_sources(rates) -> None:
    activity("GB-GOV-1", "10", 2, "100.00", year=2018)  # IATI, 2018: the CRS covers it
    activity("GB-GOV-1", "10", 1, "40.00", year=2019)  # IATI, 2019: only IATI
    activity(  # the CRS: United Kingdom (12) in 2018, its row's own marker
        "XM-DAC-12", "10", 1, "90.00", year=2018, source="crs", crs={"provider_code": "12"}
    )


def sources(**params: str) -> list[tuple]:
    table = selectors.figure_table(parse_filters(params), "sources")
    return [(r["year"], r["source"], r["counted"], r["amount"], r["left_out"]) for r in table.rows]


def test_the_crs_wins_where_both_sources_cover_a_provider_and_year(both_sources) -> None:
    facts_refresh()
    rows = headline()
    assert (rows["2018"]["principal"], rows["2018"]["significant"]) == (0, Decimal("90.00"))
    assert rows["2019"]["significant"] == Decimal("40.00")
    assert sources() == [
        (2018, "IATI", 0, Decimal("0.00"), 1),
        (2018, "OECD CRS", 1, Decimal("90.00"), 0),
        (2019, "IATI", 1, Decimal("40.00"), 0),
    ]
    basis = selectors.basis_of(parse_filters({}))
    assert basis.sources == (
        "Sources: IATI 2019 (1 counted), OECD CRS 2018 (1 counted); left out: 1 IATI rows "
        "where the other source covers the same provider and year"
    )
    assert basis.sources in basis.describe()


def test_a_setting_keeps_iati_instead(both_sources, settings) -> None:
    settings.PARITY_FIGURES_SOURCE = "iati"
    facts_refresh()
    rows = headline()
    assert (rows["2018"]["principal"], rows["2018"]["significant"]) == (Decimal("100.00"), 0)
    assert sources() == [
        (2018, "IATI", 1, Decimal("100.00"), 0),
        (2018, "OECD CRS", 0, Decimal("0.00"), 1),
        (2019, "IATI", 1, Decimal("40.00"), 0),
    ]


# --- what the figures hold ------------------------------------------------------------------


def test_the_dashboard_says_what_the_figures_hold_and_links_to_each_part(rates, client) -> None:
    activity("GB-CHC-202918", "21", 2, "30.00", year=2016)  # IATI, other providers, current
    crs = activity("XM-DAC-5", "10", 1, "0", year=2020, source="crs", crs={"provider_code": "5"})
    Transaction.objects.filter(activity=crs).update(  # a CRS row at constant prices only
        type="3", value_prices="constant", value_constant=Decimal("250.00"), constant_base_year=2022
    )
    facts_refresh()
    html = client.get("/dashboard/?basis=commitments").content.decode()  # the default view
    assert (
        "OECD CRS, DAC members: ODA disbursements, 2020, at constant 2022 prices as the file "
        in html
    )
    assert (
        "?provider_group=dac&amp;basis=disbursements&amp;flow_type=10&amp;prices=constant"
        "&amp;base_year=2022" in html
    )
    assert "IATI, other providers: ODA commitments, 2016, at current prices (1 row)" in html
    # the default view (DAC members' commitments at current prices) has nothing: the list is open
    assert "<details open><summary>What these figures hold" in html
    shown = headline(provider_group="dac", basis="disbursements", prices="constant")
    assert shown["2020"]["significant"] == Decimal("250.00")


def test_an_empty_default_view_opens_on_the_data_held(rates, client) -> None:
    crs = activity("XM-DAC-5", "10", 1, "0", year=2020, source="crs", crs={"provider_code": "5"})
    Transaction.objects.filter(activity=crs).update(
        type="3", value_prices="constant", value_constant=Decimal("250.00"), constant_base_year=2022
    )
    facts_refresh()
    opened = client.get("/dashboard/")
    assert opened.status_code == 302
    assert opened["Location"] == (
        "/dashboard/?provider_group=dac&basis=disbursements&flow_type=10&prices=constant"
        "&base_year=2022"
    )
    assert "250.00" in client.get(opened["Location"]).content.decode()
    # asked for explicitly, the default view stays (and says it holds nothing)
    assert client.get("/dashboard/?basis=commitments").status_code == 200
