"""The database refuses what the IATI model forbids, whatever path the data takes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from parity.activities import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity() -> m.Activity:
    org = m.Organisation.objects.create(ref="XM-TEST", name="Test org")
    return m.Activity.objects.create(iati_identifier="XM-TEST-1", reporting_org=org, title="T")


def refused(make) -> None:
    # PostgreSQL refuses an over-long code as too long before checking the constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        make()


def test_it_refuses_a_duplicate_iati_identifier(activity: m.Activity) -> None:
    refused(
        lambda: m.Activity.objects.create(
            iati_identifier=activity.iati_identifier, reporting_org=activity.reporting_org
        )
    )


@pytest.mark.parametrize("model", [m.RecipientCountry, m.ActivitySector, m.RecipientRegion])
@pytest.mark.parametrize("percentage", [Decimal("120"), Decimal("-1")])
def test_it_refuses_a_percentage_outside_0_100(activity, model, percentage) -> None:
    refused(lambda: model.objects.create(activity=activity, code="TH", percentage=percentage))


def test_it_accepts_a_percentage_of_exactly_100_or_none(activity: m.Activity) -> None:
    m.RecipientCountry.objects.create(activity=activity, code="TH", percentage=Decimal("100"))
    m.RecipientCountry.objects.create(activity=activity, code="VN", percentage=None)
    assert activity.recipient_countries.count() == 2


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (m.Transaction, {"type": "D", "value": 1}),
        (m.Transaction, {"type": "14", "value": 1}),
        (m.ParticipatingOrg, {"role": "5"}),
        (m.ActivityDate, {"type": "start-planned"}),
        (m.Result, {"type": "4"}),
        (m.RelatedActivity, {"ref": "X", "type": "9"}),
        (m.PolicyMarker, {"code": "1", "significance": 5}),
    ],
)
def test_it_refuses_a_code_outside_a_closed_codelist(activity, model, fields) -> None:
    refused(lambda: model.objects.create(activity=activity, **fields))


@pytest.mark.parametrize("score", [3, -1])
def test_it_refuses_a_gender_marker_outside_0_2(activity: m.Activity, score: int) -> None:
    activity.gender_marker = score
    refused(activity.save)


def test_it_keeps_not_screened_apart_from_zero(activity: m.Activity) -> None:
    other = m.Activity.objects.create(
        iati_identifier="XM-TEST-2", reporting_org=activity.reporting_org, gender_marker=0
    )
    assert m.Activity.objects.filter(gender_marker__isnull=True).get() == activity
    assert m.Activity.objects.filter(gender_marker=0).get() == other


def test_it_refuses_an_activity_that_ends_before_it_starts(activity: m.Activity) -> None:
    activity.start_date, activity.end_date = date(2020, 1, 1), date(2019, 1, 1)
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert "end_date" in caught.value.message_dict
    refused(activity.save)


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("default_currency", "XYZ", "ISO 4217"),
        ("title", "x", None),
    ],
)
def test_it_validates_codes_in_forms_with_the_field_named(activity, field, value, rule) -> None:
    setattr(activity, field, value)
    if rule is None:
        activity.full_clean()
        return
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert rule in " ".join(caught.value.message_dict[field])


def test_it_refuses_an_unknown_country_code_in_forms(activity: m.Activity) -> None:
    country = m.RecipientCountry(activity=activity, code="ZZ", percentage=Decimal("50"))
    with pytest.raises(ValidationError) as caught:
        country.full_clean()
    assert "ISO 3166" in caught.value.message_dict["code"][0]


def test_it_deletes_every_part_with_its_activity(activity: m.Activity) -> None:
    result = m.Result.objects.create(activity=activity, type="1")
    indicator = m.Indicator.objects.create(result=result, measure="1")
    period = m.IndicatorPeriod.objects.create(indicator=indicator)
    m.IndicatorValue.objects.create(period=period, kind="actual", value=3, sex="female")
    m.Transaction.objects.create(activity=activity, type="3", value=10)
    activity.delete()
    assert not m.IndicatorValue.objects.exists()
    assert not m.Transaction.objects.exists()
