"""Shared helpers for the writer tests: where the shared IATI data is, and a full Activity."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from parity.iati.model import (
    Activity,
    ActivityDate,
    Baseline,
    Budget,
    Description,
    Dimension,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    PeriodValue,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    Transaction,
)
from parity.iati.writer import write_activities

# The shared data folder sits beside the repository root (tests/iati/<file> -> ../../../shared).
SHARED = Path(__file__).resolve().parents[3] / "shared"
SCHEMA_203 = SHARED / "iati" / "schemas" / "2.03"
GENERATED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def export(*activities: Activity) -> bytes:
    out = io.BytesIO()
    write_activities(activities, out, generated=GENERATED)
    return out.getvalue()


def minimal(identifier: str = "XM-DAC-1-1", **changes: object) -> Activity:
    """An activity with only what the model itself requires: nearly every 2.03 piece missing."""
    return Activity(identifier=identifier, reporting_org=OrgRef(), **changes)  # type: ignore[arg-type]


def en(text: str) -> tuple[Narrative, ...]:
    return (Narrative(text, "en"),)


ORG = OrgRef(ref="XM-DAC-1", type="10", names=en("Ministry of Foreign Affairs"))
FEMALE = Dimension(name="Sex", value="Women", norm_name="sex", norm_value="female")


def full() -> Activity:
    """An activity using every field of the model."""
    return Activity(
        identifier="XM-DAC-1-PRJ-0001",
        reporting_org=ORG,
        titles=(Narrative("Girls' secondary education", "en"), Narrative("Éducation", "fr")),
        descriptions=(
            Description("1", en("Scholarships and safe schools for girls.")),
            Description("2", en("Raise girls' completion rates.")),
        ),
        default_lang="en",
        iati_version="2.03",
        last_updated="2024-03-01T09:30:00Z",
        humanitarian=False,
        status="2",
        scope="4",
        dates=(
            ActivityDate("1", date(2020, 1, 1)),
            ActivityDate("2", date(2020, 2, 1)),
            ActivityDate("3", date(2024, 12, 31)),
        ),
        participating_orgs=(
            ParticipatingOrg(ORG, "1"),
            ParticipatingOrg(
                OrgRef(ref="XM-OCHA-1", type="40", names=en("UNICEF"), activity_id="XM-X-1"),
                "4",
            ),
        ),
        recipient_countries=(
            RecipientCountry("KE", Decimal("60")),
            RecipientCountry("TZ", Decimal("40")),
        ),
        recipient_regions=(RecipientRegion("289", "1", Decimal("100")),),
        sectors=(
            Sector("11320", "1", Decimal("75.5"), en("Secondary education")),
            Sector("15170", "1", Decimal("24.5")),
        ),
        policy_markers=(
            PolicyMarker("1", "2", "1", en("Gender equality")),
            PolicyMarker("6", None),
        ),
        collaboration_type="1",
        default_currency="EUR",
        default_flow_type="10",
        default_finance_type="110",
        default_aid_types=("C01", "B03"),
        default_tied_status="5",
        budgets=(
            Budget(date(2020, 1, 1), date(2020, 12, 31), Decimal("1E+6"), "EUR", date(2020, 1, 1)),
            Budget(
                date(2021, 1, 1),
                date(2021, 12, 31),
                Decimal("2663000000"),
                "USD",
                date(2021, 1, 1),
                type="2",
                status="2",
            ),
        ),
        transactions=(
            Transaction(
                type="2",
                date=date(2020, 1, 15),
                value=Decimal("1500000.50"),
                currency="EUR",
                value_date=date(2020, 1, 15),
                ref="T-1",
                description=en("Commitment to UNICEF"),
                provider=OrgRef(ref="XM-DAC-1", type="10", names=en("MFA"), activity_id="A"),
                receiver=OrgRef(ref="XM-OCHA-1", names=en("UNICEF"), activity_id="XM-X-1"),
                sector_code="11320",
                sector_vocabulary="1",
                recipient_country="KE",
                flow_type="10",
                finance_type="110",
                aid_type="C01",
                tied_status="5",
                disbursement_channel="2",
            ),
            Transaction(
                "3",
                date(2020, 6, 1),
                Decimal("-250"),
                "EUR",
                date(2020, 6, 1),
                recipient_region="289",
            ),
        ),
        results=(
            Result(
                type="2",
                titles=en("More girls complete secondary school"),
                descriptions=en("Completion rate"),
                aggregation_status=True,
                indicators=(
                    Indicator(
                        measure="2",
                        titles=en("Completion rate of girls"),
                        descriptions=en("Share of girls completing grade 12"),
                        ascending=True,
                        baselines=(
                            Baseline(
                                2019, date(2019, 12, 31), Decimal("41.5"), (FEMALE,), "Census"
                            ),
                        ),
                        periods=(
                            IndicatorPeriod(
                                date(2020, 1, 1),
                                date(2020, 12, 31),
                                targets=(PeriodValue(Decimal("45"), (FEMALE,), "Plan"),),
                                actuals=(
                                    PeriodValue(Decimal("44.2"), (FEMALE,), "Survey"),
                                    PeriodValue(None),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        document_links=(
            DocumentLink(
                url="https://example.org/gender-analysis.pdf",
                format="application/pdf",
                titles=en("Gender analysis"),
                categories=("A01", "A12"),
                languages=("en", "fr"),
                document_date=date(2019, 11, 5),
            ),
        ),
        locations=(
            Location(
                ref="KE-NBO",
                names=en("Nairobi"),
                descriptions=en("Capital"),
                latitude=Decimal("-1.2921"),
                longitude=Decimal("36.8219"),
                exactness="1",
                location_reach="1",
                feature_designation="PPLC",
            ),
        ),
        related_activities=(RelatedActivity("XM-DAC-1-PRJ-0000", "1"),),
    )
