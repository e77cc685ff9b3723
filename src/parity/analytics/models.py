"""The figures' fact table: one row per counted transaction, rebuilt by ``facts.facts_refresh``.

Why a copy: every figure filters on the activity (organisation, marker, priority area, scheme),
on the transaction (year, flow, aid type) and on a converted value. Asked of the activities'
own tables, each figure would join four tables and convert a million values in Python on every
page view. Here the value is converted once, at build time, to whole cents of the reporting
currency (integers add up exactly in SQLite and PostgreSQL alike), and the multi-valued parts
of an activity (its countries, sectors and pillar tags) are reduced to "allocation sets":
each distinct split (e.g. "AF 60%, PK 40%") is stored once in ``FigureShare`` and rows point
at it by number. A filter on a country becomes ``place_set IN (sets that contain it)``,
and a breakdown by country is a GROUP BY on ``place_set`` over a few thousand sets.

The cost: figures are as fresh as the last ``parity refresh-figures`` (imports and the demo run
it; the dashboard says when the figures were built and warns when activities changed since).
See docs/analytics.md.
"""

from __future__ import annotations

from django.db import models

from parity.activities.models import Activity

PLACE, SECTOR, PILLAR = "place", "sector", "pillar"
SET_KINDS = [(PLACE, "Recipient countries and regions"), (SECTOR, "Sectors"), (PILLAR, "Pillars")]
COMMITMENT, DISBURSEMENT = "c", "d"


class FigureBuild(models.Model):
    """When the fact table was last built, in which currency, and what was left out."""

    built_at = models.DateTimeField()
    currency = models.CharField(max_length=3, default="USD")
    transactions = models.PositiveIntegerField(default=0, help_text="Rows written")
    unconverted = models.PositiveIntegerField(default=0, help_text="Rows without a rate")
    undated = models.PositiveIntegerField(default=0, help_text="Left out: no transaction date")
    activities = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    # Which source each provider and year came from, and what the other source had that was
    # left out (facts.facts_refresh; docs/analytics.md "One flow, one count").
    sources = models.JSONField(default=list, blank=True)
    # The provider groups the build holds: the default view is DAC members' when any is here.
    provider_groups = models.JSONField(default=list, blank=True)
    # The base years of the constant-price amounts CRS files gave (constant prices without a
    # deflator series are possible in those years).
    constant_base_years = models.JSONField(default=list, blank=True)
    # What the figures hold, per source, provider group, flow and prices (analytics.coverage).
    coverage = models.JSONField(default=list, blank=True)
    # Rows of the summary table (FigureSummary) built with the fact table; NULL: a build made
    # before the summary existed, whose figures are then summed from the fact table.
    summary_rows = models.PositiveIntegerField(null=True, blank=True)
    # Rows of the summary spread over the place and sector sets (FigureSpread); NULL: none was
    # built, and the breakdowns join the summary with the sets' parts as they are asked.
    spread_rows = models.PositiveIntegerField(null=True, blank=True)
    # Rows of the summary without the place and sector sets (FigureWideSummary); NULL: none
    # was built, and every figure sums the summary.
    wide_rows = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-built_at", "-id"]


class FigureShare(models.Model):
    """One part of an allocation set: ``code`` gets ``numerator/denominator`` of the value.

    Codes: a country "AF" or a region "region:298" (kind place); a DAC purpose code "15170"
    (kind sector); a pillar id as text (kind pillar, always 1/1: a tag carries no percentage).
    Set 0 of every kind is the empty set (value with no country, sector or pillar).
    """

    kind = models.CharField(max_length=6, choices=SET_KINDS)
    set_id = models.IntegerField()
    code = models.CharField(max_length=40)
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "code", "set_id"]),
            models.Index(fields=["kind", "set_id"]),
        ]


class FigureRow(models.Model):
    """One outgoing commitment, disbursement or expenditure, as the figures see it."""

    transaction_id = models.BigIntegerField(help_text="The activities' Transaction row")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    reporting_org_id = models.BigIntegerField()
    flow = models.CharField(
        max_length=1, choices=[(COMMITMENT, "Commitment"), (DISBURSEMENT, "Disbursement")]
    )
    year = models.SmallIntegerField()
    # The activity's gender marker at build time; NULL = not screened.
    marker = models.SmallIntegerField(null=True)
    scheme = models.CharField(max_length=100, blank=True, help_text="Scheme that set the marker")
    aid_type = models.CharField(max_length=6, blank=True)
    allocable = models.BooleanField()
    flow_type = models.CharField(max_length=4, blank=True)
    provider = models.CharField(
        max_length=200, default="", help_text="CRS provider code, else org identifier"
    )
    provider_group = models.CharField(
        max_length=12, default="other", help_text="dac, multilateral or other"
    )
    source = models.CharField(max_length=4, default="iati", help_text="iati or crs")
    # The other source covers the same provider and year and is the one counted (kept so that
    # a figure can say what it left out).
    superseded = models.BooleanField(default=False)
    # Whole cents of FigureBuild.currency; NULL = could not be converted (never 0).
    amount = models.BigIntegerField(null=True)
    # A CRS row's constant-price amount as its file states it (whole US cents of that base
    # year), used as it is at constant prices of the same base year; NULL for IATI.
    amount_constant = models.BigIntegerField(null=True)
    constant_base_year = models.SmallIntegerField(null=True)
    place_set = models.IntegerField(default=0)
    sector_set = models.IntegerField(default=0)
    pillar_set = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # The headline figures: one flow, grouped by year, marker and aid-type class.
            # The default view filters on flow type (ODA) and provider group (DAC members).
            models.Index(
                fields=[
                    "flow",
                    "flow_type",
                    "provider_group",
                    "superseded",
                    "year",
                    "marker",
                    "allocable",
                    "amount",
                    "source",  # the sources figure reads it with the rest
                ],
                name="figrow_default",
            ),
            models.Index(
                fields=["flow", "year", "marker", "allocable", "amount"], name="figrow_headline"
            ),
            models.Index(fields=["flow", "place_set"], name="figrow_place"),
            models.Index(fields=["flow", "sector_set"], name="figrow_sector"),
            models.Index(fields=["flow", "pillar_set"], name="figrow_pillar"),
            models.Index(fields=["flow", "reporting_org_id"], name="figrow_org"),
            models.Index(fields=["activity"], name="figrow_activity"),
        ]


class SummaryColumns(models.Model):
    """The columns the summary tables share: every column a filter or a figure reads except the
    place and sector sets, and the sums (exact integers: ``converted`` and ``row_count`` count
    what ``Count("amount")`` and ``Count("id")`` count in the fact table). ``has_constant``
    keeps the rows with a constant-price amount apart, so that constant prices can count a
    file's own amounts in their base year exactly as the fact table does."""

    reporting_org_id = models.BigIntegerField()
    flow = models.CharField(max_length=1)
    year = models.SmallIntegerField()
    marker = models.SmallIntegerField(null=True)
    scheme = models.CharField(max_length=100, blank=True)
    aid_type = models.CharField(max_length=6, blank=True)
    allocable = models.BooleanField()
    flow_type = models.CharField(max_length=4, blank=True)
    provider_group = models.CharField(max_length=12)
    source = models.CharField(max_length=4)
    superseded = models.BooleanField()
    has_constant = models.BooleanField(help_text="The rows give a constant-price amount")
    constant_base_year = models.SmallIntegerField(null=True)
    pillar_set = models.IntegerField()
    amount = models.BigIntegerField(null=True, help_text="Sum of the rows' cents")
    converted = models.BigIntegerField(help_text="Rows with an amount")
    row_count = models.BigIntegerField(help_text="Rows summed")
    constant = models.BigIntegerField(null=True, help_text="Sum of the constant-price cents")

    class Meta:
        abstract = True


class FigureSummary(SummaryColumns):
    """The fact table summed at build time: one row per combination of every column a filter
    or a figure reads (``summary.build_summary``), far fewer rows than ``FigureRow``.

    A figure under any dashboard filter sums these rows instead of the transactions. The
    activity and the transaction are not kept: what needs them (the results by sex, the IATI
    export) reads the fact table.
    """

    place_set = models.IntegerField()
    sector_set = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["flow", "flow_type", "provider_group", "superseded", "year"],
                name="figsum_default",
            ),
        ]


class FigureWideSummary(SummaryColumns):
    """The summary summed again without the place and sector sets (``summary.build_summary``):
    what a view that chooses no country, region or sector reads for the figures that do not
    break down by them. An IATI activity's own country and sector split keeps its rows apart
    in the summary; here they fall together, so the headline, the priority areas and the
    sources of such a view read a few thousand rows instead of most of the summary."""

    class Meta:
        indexes = [
            models.Index(
                fields=["flow", "flow_type", "provider_group", "superseded", "year"],
                name="figwide_default",
            ),
        ]


class FigureSpread(models.Model):
    """The summary spread at build time over the parts of its place or sector sets
    (``prespread.build_spreads``): per kind, the summary's sums joined with each set's parts and
    summed again by the columns the wide views filter on (not the organisation, the scheme or
    the aid type), the part's code and its share's denominator.

    ``amount`` and ``constant`` are sums of cents times the share's numerator (exact integers:
    a country's amount is their sum over the denominator); ``converted`` and ``row_count`` count
    every part. A set's unconverted rows are counted once, with its first part: ``first_part``
    marks it (and the empty set's row, whose ``code`` is NULL), ``first_dedicated`` the first
    of its gender equality purpose codes (the purpose-code figure's).
    """

    kind = models.CharField(max_length=6, choices=SET_KINDS)
    flow = models.CharField(max_length=1)
    year = models.SmallIntegerField()
    marker = models.SmallIntegerField(null=True)
    allocable = models.BooleanField()
    flow_type = models.CharField(max_length=4, blank=True)
    provider_group = models.CharField(max_length=12)
    source = models.CharField(max_length=4)
    superseded = models.BooleanField()
    has_constant = models.BooleanField()
    constant_base_year = models.SmallIntegerField(null=True)
    code = models.CharField(max_length=40, null=True, help_text="NULL: the empty set")
    denominator = models.BigIntegerField(null=True)
    first_part = models.BooleanField()
    first_dedicated = models.BooleanField()
    amount = models.DecimalField(max_digits=60, decimal_places=0, null=True)
    constant = models.DecimalField(max_digits=60, decimal_places=0, null=True)
    converted = models.BigIntegerField()
    row_count = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "flow", "flow_type", "provider_group", "superseded", "marker"],
                name="figspread_default",
            ),
        ]


class FigureCache(models.Model):
    """One computed figure for one build and one set of filters (``parity.analytics.cache``).

    Exact, not time-limited: ``build`` names the fact table's build (and the few other inputs
    a figure reads, such as a deflator series), so an entry can only ever be read for the data
    it was computed from. ``facts_refresh`` empties the table.
    """

    build = models.CharField(max_length=64, help_text="Build and inputs the figure was made from")
    filters = models.TextField(help_text="Canonical JSON of the parsed filters")
    digest = models.CharField(max_length=64, help_text="SHA-256 of build, filters and name")
    name = models.CharField(max_length=40)
    payload = models.TextField(help_text="The figure's table as JSON (key order kept)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["digest"], name="figurecache_digest")]


class FigureRefresh(models.Model):
    """A rebuild asked for by a change (``refresh.refresh_request``) and its progress."""

    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
