"""The IATI activity data model (DESIGN.md section 3) as Django models.

Parts keep the publisher's order (their ids follow the file), so an export writes them back
in the order they were read.

Multilingual texts of sub-elements (names, titles of results...) are stored as JSON lists of
``{"text": ..., "lang": ...}``: they are always read whole with their parent and never filtered
on. Figures, codes and dates that reports filter and sum on are real columns with constraints.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from parity.activities import codes
from parity.activities.models.fields import (
    code_check,
    money_field,
    narratives_field,
    percent_check,
    percent_field,
)
from parity.activities.validators import validate_country, validate_currency

SOURCE_IATI, SOURCE_CRS = "iati", "crs"
CURRENT_PRICES, CONSTANT_PRICES = "current", "constant"

# A closed code the file gave outside its codelist (an activity-date type "start", a budget
# type "Estimate") is left empty rather than refusing the activity: its constraint allows "",
# and the activity's data-quality notes (models/quality.py) keep the value as given.
#
# Organisation types and vocabularies kept as the file gave them: real files write words that
# have no 2.0x code ("Donor Country Based NGO", a sector vocabulary "WBTheme"). Room for them,
# so that the activity is stored on PostgreSQL as on SQLite; pages show it as given, and the
# export writes only codes in their 2.03 codelist (parity.iati.listed_codes).
GIVEN_CODE = 50


class Organisation(models.Model):
    """An organisation known to Parity, identified by its IATI organisation identifier."""

    ref = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=500, blank=True)
    type = models.CharField(
        max_length=GIVEN_CODE, blank=True, help_text="IATI OrganisationType code"
    )
    is_sample = models.BooleanField(default=False, help_text="Part of the synthetic sample data")

    class Meta:
        ordering = ["name", "ref"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})" if self.name else self.ref


class Activity(models.Model):
    iati_identifier = models.CharField(max_length=300, unique=True)
    # No index of its own: the (reporting_org, gender_marker) index serves it, and an import
    # writes one index fewer per activity.
    reporting_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reported_activities", db_index=False
    )
    # The first title and description in the default language, kept for search and lists.
    title = models.TextField(blank=True)
    description = models.TextField(blank=True)
    titles = narratives_field()
    default_lang = models.CharField(max_length=10, blank=True)
    iati_version = models.CharField(max_length=20, blank=True)
    last_updated = models.CharField(max_length=40, blank=True)
    humanitarian = models.BooleanField(null=True, blank=True)
    status = models.CharField(
        max_length=2, blank=True, choices=codes.choices(codes.ACTIVITY_STATUSES)
    )
    scope = models.CharField(max_length=4, blank=True)
    collaboration_type = models.CharField(max_length=4, blank=True)
    default_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    default_flow_type = models.CharField(max_length=4, blank=True)
    default_finance_type = models.CharField(max_length=6, blank=True)
    default_aid_types = models.JSONField(default=list, blank=True)
    # Default aid types in other vocabularies, [[vocabulary, code], ...], beside the DAC ones.
    other_default_aid_types = models.JSONField(default=list, blank=True)
    default_tied_status = models.CharField(max_length=4, blank=True)
    # The activity's current OECD-DAC gender marker. NULL means not screened, never 0.
    gender_marker = models.SmallIntegerField(
        null=True,
        blank=True,
        choices=sorted(codes.GENDER_MARKER_SCORES.items()),
        help_text="Empty = not screened (distinct from 0, not targeted)",
    )
    start_date = models.DateField(null=True, blank=True, help_text="Actual, else planned start")
    end_date = models.DateField(null=True, blank=True, help_text="Actual, else planned end")
    is_sample = models.BooleanField(default=False, help_text="Part of the synthetic sample data")
    source = models.CharField(
        max_length=4,
        choices=[(SOURCE_IATI, "IATI"), (SOURCE_CRS, "OECD CRS")],
        default=SOURCE_IATI,
        help_text="The data standard it was read from",
    )
    # A CRS project's own facts that IATI has no place for (docs/crs.md): provider and agency
    # codes, CRS id, project number, channel, the latest year read.
    crs = models.JSONField(default=dict, blank=True)
    source_note = models.TextField(blank=True, help_text="Where the facts come from")
    source_file = models.CharField(
        max_length=500, blank=True, help_text="The file name of the last import that wrote it"
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["iati_identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender_marker__isnull=True) | Q(gender_marker__in=[0, 1, 2]),
                name="activity_gender_marker_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=list(codes.ACTIVITY_STATUSES)),
                name="activity_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["gender_marker"]),
            models.Index(fields=["reporting_org", "gender_marker"]),
            models.Index(fields=["is_sample"]),
            models.Index(fields=["source"]),
            # The dashboard asks on every view whether any activity changed after the figures'
            # build (the latest updated_at): one index step instead of reading every activity.
            models.Index(fields=["updated_at"], name="activity_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.iati_identifier}: {self.title[:80]}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})


class ActivityDescription(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="descriptions")
    type = models.CharField(
        max_length=2, default="1", choices=codes.choices(codes.DESCRIPTION_TYPES)
    )
    narratives = narratives_field()

    class Meta:
        ordering = ["id"]


class ActivityDate(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="dates")
    type = models.CharField(
        max_length=2, blank=True, choices=codes.choices(codes.ACTIVITY_DATE_TYPES)
    )
    iso_date = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [code_check("type", codes.ACTIVITY_DATE_TYPES, "activitydate", empty=True)]


class ParticipatingOrg(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participating_orgs"
    )
    role = models.CharField(
        max_length=2, blank=True, choices=codes.choices(codes.ORGANISATION_ROLES)
    )
    ref = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=GIVEN_CODE, blank=True)
    names = narratives_field()
    activity_id_ref = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [code_check("role", codes.ORGANISATION_ROLES, "participatingorg", empty=True)]


class RecipientCountry(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_countries"
    )
    code = models.CharField(max_length=3, validators=[validate_country])
    percentage = percent_field()

    class Meta:
        verbose_name_plural = "recipient countries"
        ordering = ["id"]
        constraints = [percent_check("recipientcountry")]
        indexes = [models.Index(fields=["code"])]


class RecipientRegion(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_regions"
    )
    code = models.CharField(max_length=20)
    vocabulary = models.CharField(max_length=GIVEN_CODE, default="1")
    percentage = percent_field()

    class Meta:
        ordering = ["id"]
        constraints = [percent_check("recipientregion")]


class ActivitySector(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(max_length=40)
    vocabulary = models.CharField(max_length=GIVEN_CODE, default="1", help_text="1 = DAC 5-digit")
    percentage = percent_field()
    narratives = narratives_field()

    class Meta:
        ordering = ["id"]
        constraints = [percent_check("activitysector")]
        indexes = [models.Index(fields=["vocabulary", "code"])]


class PolicyMarker(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="policy_markers")
    vocabulary = models.CharField(max_length=GIVEN_CODE, default="1", help_text="1 = OECD DAC CRS")
    code = models.CharField(max_length=20)
    # NULL = the file gave no significance; never read as 0.
    significance = models.SmallIntegerField(
        null=True, blank=True, choices=sorted(codes.POLICY_SIGNIFICANCES.items())
    )
    narratives = narratives_field()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(significance__isnull=True)
                | Q(significance__gte=0, significance__lte=4),
                name="policymarker_significance_valid",
            )
        ]


class Budget(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    type = models.CharField(
        max_length=2, default="1", blank=True, choices=codes.choices(codes.BUDGET_TYPES)
    )
    status = models.CharField(
        max_length=2, default="1", blank=True, choices=codes.choices(codes.BUDGET_STATUSES)
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    value = money_field()
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    value_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            code_check("type", codes.BUDGET_TYPES, "budget", empty=True),
            code_check("status", codes.BUDGET_STATUSES, "budget", empty=True),
        ]


class Transaction(models.Model):
    # Indexed by the (activity, type) index below, which serves lookups by activity alone.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="transactions", db_index=False
    )
    ref = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=2, choices=codes.choices(codes.TRANSACTION_TYPES))
    date = models.DateField(null=True, blank=True)
    value = money_field()
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    value_date = models.DateField(null=True, blank=True)
    description = narratives_field()
    provider_ref = models.CharField(max_length=200, blank=True)
    provider_type = models.CharField(max_length=GIVEN_CODE, blank=True)
    provider_names = narratives_field()
    provider_activity_id = models.CharField(max_length=300, blank=True)
    receiver_ref = models.CharField(max_length=200, blank=True)
    receiver_type = models.CharField(max_length=GIVEN_CODE, blank=True)
    receiver_names = narratives_field()
    receiver_activity_id = models.CharField(max_length=300, blank=True)
    sector_code = models.CharField(max_length=40, blank=True)
    sector_vocabulary = models.CharField(max_length=GIVEN_CODE, blank=True)
    recipient_country = models.CharField(max_length=3, blank=True)
    recipient_region = models.CharField(max_length=20, blank=True)
    flow_type = models.CharField(max_length=4, blank=True)
    finance_type = models.CharField(max_length=6, blank=True)
    aid_type = models.CharField(max_length=6, blank=True)
    # Aid types in other vocabularies (earmarking...), [[vocabulary, code], ...].
    other_aid_types = models.JSONField(default=list, blank=True)
    tied_status = models.CharField(max_length=4, blank=True)
    disbursement_channel = models.CharField(max_length=4, blank=True)
    # CRS rows (docs/crs.md). `value` is in current prices unless the file gave only constant
    # prices (value_prices "constant"); value_constant is the file's constant-price amount.
    value_prices = models.CharField(
        max_length=8,
        choices=[(CURRENT_PRICES, "Current prices"), (CONSTANT_PRICES, "Constant prices")],
        default=CURRENT_PRICES,
    )
    value_constant = money_field(null=True, blank=True)
    constant_base_year = models.SmallIntegerField(null=True, blank=True)
    # The CRS row's own gender marker (a project's marker may change from year to year);
    # NULL = not screened. Unused for IATI transactions (their activity's marker applies).
    gender_marker = models.SmallIntegerField(null=True, blank=True)
    source_file = models.CharField(max_length=500, blank=True)
    source_line = models.IntegerField(null=True, blank=True)
    source_year = models.SmallIntegerField(null=True, blank=True)
    source_digest = models.BigIntegerField(
        null=True, blank=True, help_text="Fingerprint of the CRS row, to tell a changed edition"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            code_check("type", codes.TRANSACTION_TYPES, "transaction"),
            code_check("value_prices", [CURRENT_PRICES, CONSTANT_PRICES], "transaction"),
            models.CheckConstraint(
                condition=Q(gender_marker__isnull=True) | Q(gender_marker__in=[0, 1, 2]),
                name="transaction_gender_marker_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["type", "date"]),
            models.Index(fields=["activity", "type"]),
        ]


class Result(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(max_length=2, blank=True, choices=codes.choices(codes.RESULT_TYPES))
    titles = narratives_field()
    descriptions = narratives_field()
    aggregation_status = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [code_check("type", codes.RESULT_TYPES, "result", empty=True)]

    def __str__(self) -> str:
        return self.titles[0]["text"] if self.titles else f"Result {self.pk}"


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    measure = models.CharField(
        max_length=2, default="1", choices=codes.choices(codes.INDICATOR_MEASURES)
    )
    ascending = models.BooleanField(null=True, blank=True)
    aggregation_status = models.BooleanField(null=True, blank=True)  # False: never add up
    titles = narratives_field()
    descriptions = narratives_field()

    class Meta:
        ordering = ["id"]
        # "" = the file gave no measure (some real 2.0x files); kept rather than refused.
        constraints = [code_check("measure", ["", *codes.INDICATOR_MEASURES], "indicator")]

    def __str__(self) -> str:
        return self.titles[0]["text"] if self.titles else f"Indicator {self.pk}"


class IndicatorBaseline(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    year = models.IntegerField(null=True, blank=True)
    iso_date = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=22, decimal_places=4, null=True, blank=True)
    dimensions = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class IndicatorValue(models.Model):
    """A target or an actual of an indicator period, with its dimensions.

    ``sex`` is the normalised sex dimension ("female", "male", "" when none) copied from the
    dimensions, so that reports can sum women's results without parsing JSON.
    """

    TARGET = "target"
    ACTUAL = "actual"
    KINDS = [(TARGET, "Target"), (ACTUAL, "Actual")]

    period = models.ForeignKey(IndicatorPeriod, on_delete=models.CASCADE, related_name="values")
    kind = models.CharField(max_length=6, choices=KINDS)
    value = models.DecimalField(max_digits=22, decimal_places=4, null=True, blank=True)
    comment = models.TextField(blank=True)
    sex = models.CharField(max_length=10, blank=True)
    # [{"name", "value", "norm_name", "norm_value"}]: the original text kept beside the normalised.
    dimensions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [code_check("kind", ["target", "actual"], "indicatorvalue")]
        # No index by (kind, sex): values are looked up by period. With one, SQLite's planner
        # scanned every actual of the database for a pledge's few indicators (migration 0012).


class DocumentLink(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="document_links")
    url = models.URLField(max_length=2000)
    format = models.CharField(max_length=200, blank=True)
    titles = narratives_field()
    categories = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    document_date = models.DateField(null=True, blank=True)


class Location(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="locations")
    ref = models.CharField(max_length=200, blank=True)
    names = narratives_field()
    descriptions = narratives_field()
    latitude = models.DecimalField(
        max_digits=10,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=10,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    exactness = models.CharField(max_length=4, blank=True)
    location_reach = models.CharField(max_length=4, blank=True)
    feature_designation = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_valid",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_valid",
            ),
        ]


class RelatedActivity(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="related_activities"
    )
    ref = models.CharField(max_length=300)
    type = models.CharField(
        max_length=2, blank=True, choices=codes.choices(codes.RELATED_ACTIVITY_TYPES)
    )

    class Meta:
        verbose_name_plural = "related activities"
        constraints = [
            code_check("type", codes.RELATED_ACTIVITY_TYPES, "relatedactivity", empty=True)
        ]
        # Finding the parents of activities just imported, whose flags depend on them.
        indexes = [models.Index(fields=["ref", "type"])]
