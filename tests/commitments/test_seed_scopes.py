"""Each of the source's pledges, with the scope written down in the seed, counts the right
money (or outputs) on data built for it: Japan's CRS rows, JICA's IATI results, We-Fi."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.activities.models import (
    Activity,
    Indicator,
    IndicatorPeriod,
    IndicatorValue,
    Organisation,
    Result,
    Transaction,
)
from parity.commitments.models import Pledge
from parity.commitments.seed import load_seed, read_seed
from parity.commitments.tracking.pledge import pledge_report
from parity.progress import Status

TODAY = date(2020, 1, 1)


def _crs(ident: str, marker: int | None, rows: list[tuple], **crs) -> Activity:
    japan, _ = Organisation.objects.get_or_create(ref="XM-DAC-701", defaults={"name": "Japan"})
    activity = Activity.objects.create(
        iati_identifier=ident, reporting_org=japan, gender_marker=marker, source="crs", crs=crs
    )
    for kind, year, millions, flow in rows:
        Transaction.objects.create(
            activity=activity,
            type=kind,
            date=date(year, 12, 31),
            value=Decimal(millions) * 1_000_000,
            currency="USD",
            flow_type=flow,
            gender_marker=marker,
        )
    return activity


@pytest.fixture
def built(db) -> None:
    load_seed()
    # ODA commitments scored 2 and 1 count; 0, unscreened, OOF and 2015 do not.
    _crs("crs:701-a", 2, [("2", 2016, "1200", "10"), ("3", 2016, "900", "10")])
    _crs("crs:701-b", 1, [("2", 2017, "1000", "10"), ("2", 2018, "900", "10")])
    _crs("crs:701-c", 0, [("2", 2017, "5000", "10")])
    _crs("crs:701-d", None, [("2", 2018, "700", "10")])
    _crs("crs:701-e", 2, [("2", 2017, "400", "21"), ("2", 2015, "300", "10")])
    # Payments to We-Fi (marker 0: a fund's payments count whatever their marker).
    _crs(
        "crs:701-wefi",
        0,
        [("3", 2018, "20", "10"), ("3", 2019, "15", "10"), ("2", 2017, "50", "10")],
        channel_code="",
        channel_name="Women Entrepreneurs Finance Initiative",
    )
    jica = Organisation.objects.create(ref="XM-DAC-701-8", name="JICA")
    project = Activity.objects.create(
        iati_identifier="XM-DAC-701-8-T1",
        reporting_org=jica,
        start_date=date(2015, 4, 1),
        end_date=date(2019, 3, 31),
    )
    result = Result.objects.create(activity=project, type="1")
    for title, values in [
        ("Number of female administrative officers trained", [("2017", "1800"), ("2018", "2100")]),
        ("Female students enrolled with scholarships", [("2018", "30000")]),
    ]:
        indicator = Indicator.objects.create(result=result, measure="1", titles=[{"text": title}])
        for year, value in values:
            period = IndicatorPeriod.objects.create(
                indicator=indicator, start=date(int(year), 1, 1), end=date(int(year), 12, 31)
            )
            IndicatorValue.objects.create(
                period=period, kind=IndicatorValue.ACTUAL, value=Decimal(value), sex="female"
            )


def _report(slug: str):
    return pledge_report(Pledge.objects.get(slug=slug), today=TODAY, stored=False)


def test_the_3_billion_pledge_counts_japans_gender_focused_oda_commitments(built) -> None:
    money = _report("oda-for-women-3bn-2016-2018").money
    assert money.progress.total == Decimal("3100000000")  # 1,200 + 1,000 + 900 million
    assert {r.key: r.count for r in money.reasons} == {
        "type": 3,  # disbursements (one project's, two to We-Fi)
        "period": 1,
        "not-targeted": 2,
        "not-screened": 1,
    }
    assert money.status is Status.ACHIEVED


def test_the_ise_shima_targets_count_jicas_actuals_for_women(built) -> None:
    outputs = {
        o.target.quantity: o.progress.total
        for o in _report("g7-ise-shima-officials-and-students-2016-2018").outputs
    }
    assert outputs == {Decimal("5000"): Decimal("3900"), Decimal("50000"): Decimal("30000")}


def test_the_we_fi_scope_counts_the_payments_to_the_fund_whatever_their_marker(built) -> None:
    pledge = Pledge.objects.get(slug="we-fi-50m-2017")
    pledge.period_start, pledge.period_end = date(2017, 1, 1), date(2019, 12, 31)
    money = pledge_report(pledge, today=TODAY, stored=False).money
    assert money.progress.total == Decimal("35000000")
    report = _report("we-fi-50m-2017")  # as the source gives it: no period, no figure
    assert report.money is None and "no period" in report.money_problem


def test_every_source_pledge_has_a_scope_with_its_reasoning() -> None:
    for pledge in read_seed()["pledges"]:
        assert pledge["scope_rule"], pledge["slug"]
        assert len(pledge["scope_reasoning"]) > 200, pledge["slug"]
        assert pledge["basis_from_source"] is False  # the source never says


def test_the_page_says_when_the_loaded_data_cannot_cover_the_scope(db) -> None:
    load_seed()
    _crs("crs:701-x", 2, [("2", 2017, "10", "10")])
    gaps = _report("oda-for-women-3bn-2016-2018").scope.gaps
    assert "transactions loaded for these providers are dated 2017 to 2017" in gaps[-1]
    gaps = _report("g7-ise-shima-officials-and-students-2016-2018").scope.gaps
    assert gaps == ("no data loaded for the provider Japan (XM-DAC-701-8)",)
    gaps = _report("we-fi-50m-2017").scope.gaps  # Japan's rows, none channelled to We-Fi
    assert (
        "no transaction loaded matches the scope's flow, finance type, aid type or channel" in gaps
    )


def test_a_gap_names_the_provider_in_the_readers_language(db) -> None:
    from django.utils import translation

    load_seed()
    with translation.override("ja"):
        gaps = _report("g7-ise-shima-officials-and-students-2016-2018").scope.gaps
    assert len(gaps) == 1
    assert "日本 (XM-DAC-701-8)" in gaps[0]
    assert "no data" not in gaps[0]
