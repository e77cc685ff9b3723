"""Frameworks and their pillars, events, pledges with money and output targets.

Every fact entered from a source document carries that source, so a reader can check it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from parity.activities.models import Activity
from parity.activities.validators import validate_currency, validate_positive
from parity.commitments.scope_rule import CODELISTS, ScopeRuleError, parse_scope_rule
from parity.iati import codelists
from parity.money.deflators import MAX_INDEX
from parity.money.rates import MAX_RATE
from parity.progress import Period


class Framework(models.Model):
    """A policy or plan: a charter, a strategy, a national action plan, priority areas."""

    KINDS = [
        ("charter", _("Charter")),
        ("strategy", _("Strategy")),
        ("action_plan", _("Action plan")),
        ("guideline", _("Guideline")),
        ("priority_areas", _("Priority areas")),
        ("principles", _("Guiding principles")),
    ]
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=KINDS)
    owner = models.CharField(max_length=200, blank=True, help_text="Who adopted it")
    adopted_on = models.DateField(null=True, blank=True)
    adopted_precision = models.CharField(
        max_length=5,
        default="day",
        choices=[("day", _("Day")), ("month", _("Month")), ("year", _("Year"))],
        help_text="How precisely the source gives the adoption date",
    )
    summary = models.TextField(blank=True)
    monitoring = models.TextField(blank=True, help_text="How the framework is monitored")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["adopted_on", "name"]

    def __str__(self) -> str:
        return self.name


class Pillar(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    slug = models.SlugField(max_length=100)
    number = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "slug"], name="pillar_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}: {self.number}) {self.name}"


class PillarTag(models.Model):
    """An activity under a pillar or priority area, by hand or by a rule (then marked automatic)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="pillar_tags")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="tags")
    automatic = models.BooleanField(default=False)
    rule = models.CharField(
        max_length=200, blank=True, help_text="The rule that set an automatic tag"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "pillar"], name="pillartag_unique"),
        ]


class Event(models.Model):
    KINDS = [
        ("summit", _("Summit")),
        ("conference", _("Conference")),
        ("ministerial", _("Ministerial meeting")),
        ("assembly", _("Assembly")),
        ("workshop", _("Workshop")),
        ("other", _("Other")),
    ]
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=KINDS)
    series = models.CharField(max_length=100, blank=True, help_text="e.g. G7, TICAD, WAW!")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5,
        default="day",
        choices=[("day", _("Day")), ("month", _("Month")), ("year", _("Year"))],
    )
    date_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="The date in the source's words when it gives no exact date",
    )
    place = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=3, blank=True)
    participants_total = models.PositiveIntegerField(null=True, blank=True)
    participants_female = models.PositiveIntegerField(null=True, blank=True)
    participants_male = models.PositiveIntegerField(null=True, blank=True)
    participants_note = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    outcome_documents = models.TextField(blank=True, help_text="One per line")
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="event_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})
        known = [self.participants_female, self.participants_male]
        counted = all(v is not None for v in known)
        if self.participants_total is not None and counted and sum(known) > self.participants_total:
            raise ValidationError({"participants_total": "Fewer than the women and men counted."})


class Pledge(models.Model):
    """A commitment announced by someone at an event: a money target and/or output targets."""

    COMMITMENTS = "commitments"
    DISBURSEMENTS = "disbursements"
    BASES = [
        (COMMITMENTS, _("Outgoing commitments (IATI type 2)")),
        (DISBURSEMENTS, _("Disbursements and expenditures (IATI types 3 and 4)")),
    ]
    MARKER_CONDITIONS = [
        ("focused", _("Gender marker 1 or 2 (the OECD DAC's gender-equality focused aid)")),
        ("principal", _("Gender marker 2 only (principal)")),
        ("any", _("Any marker: every payment in scope counts (e.g. a contribution to a fund)")),
    ]
    PRECISIONS = [("day", _("Day")), ("month", _("Month")), ("year", _("Year"))]
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    announced_by = models.CharField(max_length=200, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    announced_precision = models.CharField(
        max_length=5,
        default="day",
        choices=PRECISIONS,
        help_text="How precisely the source dates it",
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.SET_NULL, null=True, blank=True, related_name="pledges"
    )
    pillars = models.ManyToManyField(Pillar, blank=True, related_name="pledges")
    description = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_precision = models.CharField(
        max_length=5,
        default="day",
        choices=PRECISIONS,
        help_text="How precisely the source gives the period (2016-2018 is years)",
    )
    money_amount = models.DecimalField(
        max_digits=22,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Empty when the pledge has no money target",
    )
    money_currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    money_qualifier = models.CharField(
        max_length=40, blank=True, help_text='As the source words it: "in excess of", "about"'
    )
    money_basis = models.CharField(max_length=20, choices=BASES, default=COMMITMENTS)
    basis_from_source = models.BooleanField(
        default=False,
        help_text="The source says whether commitments or disbursements count; "
        "otherwise the basis is the editor's choice and is shown as such",
    )
    marker_condition = models.CharField(
        max_length=10,
        choices=MARKER_CONDITIONS,
        default="focused",
        help_text="Which gender-marker scores count towards the money target",
    )
    reported_status = models.CharField(
        max_length=300, blank=True, help_text="The status as the pledge's source reports it"
    )
    source = models.TextField(blank=True)
    # Scope: an explicit list of activities and/or a saved rule (see parity.commitments.scope_rule).
    scope_activities = models.ManyToManyField(Activity, blank=True, related_name="pledges")
    scope_rule = models.JSONField(default=dict, blank=True)
    scope_reasoning = models.TextField(
        blank=True, help_text="Why this scope counts the pledge's money: the editor's reasoning"
    )
    editor_links = models.TextField(
        blank=True,
        help_text="Links to pillars or frameworks the source does not make, each with its "
        "reason: shown as the editor's, not the source's",
    )

    class Meta:
        ordering = ["announced_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="pledge_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(money_amount__isnull=True) | Q(money_amount__gt=0),
                name="pledge_money_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(money_amount__isnull=True) | ~Q(money_currency=""),
                name="pledge_money_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period ends before it starts."
        if self.money_amount is not None and self.money_amount <= 0:
            errors["money_amount"] = "A money target must be more than zero."
        if self.money_amount is not None and not self.money_currency:
            errors["money_currency"] = "A money target needs a currency."
        errors.update(self._scope_rule_errors())
        if self.marker_condition not in dict(self.MARKER_CONDITIONS):
            errors["marker_condition"] = "Choose which gender-marker scores count."
        if errors:
            raise ValidationError(errors)

    def _scope_rule_errors(self) -> dict[str, str]:
        try:
            rule = parse_scope_rule(
                self.scope_rule,
                known_countries=codelists.codes("Country"),
                known_codes={key: codelists.codes(name) for key, name in CODELISTS.items()},
            )
        except ScopeRuleError as error:
            return {"scope_rule": f"The scope rule is not valid: {error}"}
        if rule.dates and not (self.period_start and self.period_end):
            return {"scope_rule": "A scope by dates needs the pledge's period (start and end)."}
        return {}

    @property
    def has_money_target(self) -> bool:
        return self.money_amount is not None

    @property
    def period(self) -> Period | None:
        """The dates between which transactions and actuals count; None unless both are known."""
        if self.period_start and self.period_end:
            return Period(self.period_start, self.period_end)
        return None


class OutputTarget(models.Model):
    """A non-money target of a pledge, e.g. 5,000 female administrative officials trained."""

    SEXES = [("", _("Everyone")), ("female", _("Women and girls")), ("male", _("Men and boys"))]
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="output_targets")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=[validate_positive]
    )
    quantity_qualifier = models.CharField(max_length=40, blank=True, help_text='e.g. "roughly"')
    unit = models.CharField(max_length=100, blank=True, help_text="e.g. officials trained")
    sex = models.CharField(max_length=10, blank=True, choices=SEXES)
    indicator_keywords = models.CharField(
        max_length=300,
        blank=True,
        help_text="Words that identify matching indicators in activities' results",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0),
                name="outputtarget_quantity_positive",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=["", "female", "male"]), name="outputtarget_sex_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class RateQuerySet(models.QuerySet["ExchangeRate"]):
    def usable(self) -> RateQuerySet:
        """Rates a figure may use. The import refuses anything else, but a value written
        behind it (SQL by hand, SQLite's infinity for 1e400) must cost only the rows that
        would need it, listed as without a rate, never the whole figure."""
        return self.filter(units_per_usd__gt=0, units_per_usd__lt=MAX_RATE)


class DeflatorQuerySet(models.QuerySet["Deflator"]):
    def usable(self) -> DeflatorQuerySet:
        """Deflators a figure may use (see ``RateQuerySet.usable``)."""
        return self.filter(index__gt=0, index__lt=MAX_INDEX)


class ExchangeRate(models.Model):
    """A published rate: ``units_per_usd`` units of ``currency`` buy one US dollar.

    The period is a year (``month`` and ``day`` empty), a month (``day`` empty) or a day, as in
    ``parity.money.RatePeriod``; a conversion uses the day's rate, else the month's, else the
    year's. One rate per currency and period: a re-import replaces it.
    """

    currency = models.CharField(max_length=3, validators=[validate_currency])
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    units_per_usd = models.DecimalField(max_digits=28, decimal_places=10)
    source = models.CharField(max_length=300)
    imported_at = models.DateTimeField(auto_now=True)

    objects = RateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "year", "month", "day"]
        constraints = [
            # NULLs are distinct in a plain unique constraint, so compare the periods with
            # 0 standing for "the whole year / month".
            models.UniqueConstraint(
                "currency",
                "year",
                Coalesce("month", 0),
                Coalesce("day", 0),
                name="exchangerate_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="exchangerate_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="exchangerate_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(month__isnull=False, day__gte=1, day__lte=31),
                name="exchangerate_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.period_text}: {self.units_per_usd} per USD"

    @property
    def period_text(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class Deflator(models.Model):
    """A price index: for ``key`` (a DAC donor code or a currency), ``index`` in ``year`` where
    ``base_year`` = 100, for amounts in ``currency`` (see ``parity.money.deflators``)."""

    key = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    index = models.DecimalField(max_digits=20, decimal_places=8)
    base_year = models.PositiveSmallIntegerField()
    currency = models.CharField(max_length=3, validators=[validate_currency])
    source = models.CharField(max_length=300)
    imported_at = models.DateTimeField(auto_now=True)

    objects = DeflatorQuerySet.as_manager()

    class Meta:
        ordering = ["key", "year"]
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="deflator_unique_year"),
            models.CheckConstraint(condition=Q(index__gt=0), name="deflator_index_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.index} ({self.base_year} = 100)"


class PledgeProgressSnapshot(models.Model):
    """A pledge's money progress as last computed, with the fingerprint of its inputs.

    Computing progress reads every transaction in scope (seconds with a million in the
    database); the page reads this row instead whenever the fingerprint of the inputs
    (``parity.commitments.stored_progress.fingerprint``) still equals ``fingerprint``, and
    recomputes it otherwise. Only figures and transaction ids are stored: the evidence rows
    themselves are read from the transactions a page at a time. Amounts are kept as decimal
    strings, so a figure read back is exactly the one computed.
    """

    pledge = models.OneToOneField(
        Pledge, on_delete=models.CASCADE, primary_key=True, related_name="progress_snapshot"
    )
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    # {"total", "by_year", "by_pillar", "without_pillar", "principal_only"}: decimal strings.
    figures = models.JSONField(default=dict)
    # The contributing transactions in evidence order (date, id), and those without a rate.
    transaction_ids = models.JSONField(default=list)
    unconverted_ids = models.JSONField(default=list)
    # {reason key: count} of transactions in scope left out, as in ``MONEY_REASONS``.
    reasons = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Progress of {self.pledge_id} computed {self.computed_at:%Y-%m-%d %H:%M}"
