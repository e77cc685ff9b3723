"""What the loaded data covers, compared with what a pledge's scope asks for.

A pledge's figure is only as complete as the data loaded: a scope naming a provider, years or
sectors the database holds nothing for gives 0 for want of data, not for want of effort. This
module says which providers, years and sectors each loaded source covers, and which parts of
a scope the loaded data cannot cover, in words a page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext

from parity.activities.models import Activity, ActivitySector, Organisation, Transaction
from parity.commitments.scope import transaction_q, with_default_aid_text
from parity.commitments.scope_rule import ScopeRule
from parity.pagekit.templatetags.parity import organisation_name
from parity.providers import member_country

SOURCE_LABELS = {"iati": "IATI files", "crs": "OECD CRS", "sample": "synthetic sample data"}
PROVIDERS_SHOWN = 8
# An extract by purpose (the demo's CRS housing rows) holds a handful of sector codes; a whole
# provider's reporting holds well over a hundred. Below this, a scope over every sector is
# said to be covered only in part.
FEW_SECTORS = 20
_DAC_MEMBER = re.compile(r"^XM-DAC-\d+")  # XM-DAC-701 of a Japanese agency's XM-DAC-701-8


@dataclass(frozen=True)
class SourceCoverage:
    """One loaded source: its providers (ref, name), transaction years and sectors."""

    source: str
    activities: int
    providers: tuple[tuple[str, str], ...]
    first_year: int | None
    last_year: int | None
    sectors: int

    @property
    def label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def years(self) -> str:
        if self.first_year is None:
            return "no dated transactions"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year} to {self.last_year}"

    @property
    def provider_text(self) -> str:
        shown = [f"{name} ({ref})" if name else ref for ref, name in self.providers]
        more = len(shown) - PROVIDERS_SHOWN
        text = ", ".join(shown[:PROVIDERS_SHOWN])
        return f"{text} and {more} more" if more > 0 else text


def _source_filter(source: str) -> Q:
    if source == "sample":
        return Q(is_sample=True)
    return Q(is_sample=False, source=source)


def loaded_coverage() -> list[SourceCoverage]:
    """Every source with data loaded: IATI, CRS, and the sample data apart."""
    found = []
    for source in ("iati", "crs", "sample"):
        activities = Activity.objects.filter(_source_filter(source))
        count = activities.count()
        if not count:
            continue
        providers = (
            activities.values_list("reporting_org__ref", "reporting_org__name")
            .annotate(n=Count("id"))
            .order_by("-n", "reporting_org__ref")
        )
        span = Transaction.objects.filter(activity__in=activities, date__isnull=False).aggregate(
            first=Min("date"), last=Max("date")
        )
        sectors = (
            ActivitySector.objects.filter(activity__in=activities, vocabulary="1")
            .values("code")
            .distinct()
            .count()
        )
        found.append(
            SourceCoverage(
                source,
                count,
                tuple((ref, name) for ref, name, _ in providers),
                span["first"].year if span["first"] else None,
                span["last"].year if span["last"] else None,
                sectors,
            )
        )
    return found


def _loaded(rule: ScopeRule) -> Q:
    return Q() if rule.include_sample else Q(is_sample=False)


def _providers_named(refs: list[str]) -> str:
    """Providers as a reader knows them: "Japan (XM-DAC-701-8)", the organisation's name where
    one is loaded, else the DAC member country of the identifier; the bare identifier else."""
    names = dict(Organisation.objects.filter(ref__in=refs).values_list("ref", "name"))
    named = []
    for ref in refs:
        name = organisation_name(ref, names.get(ref, ""))
        member = _DAC_MEMBER.match(ref)
        if name == ref and member and member_country(member.group(0)):
            name = organisation_name(member.group(0), "")
        named.append(ref if name == ref else f"{name} ({ref})")
    return ", ".join(named)


def scope_gaps(rule: ScopeRule, period: tuple[date | None, date | None]) -> list[str]:
    """The parts of the scope the loaded data cannot cover, each in words ("no data loaded
    for ..."); empty when every criterion has some data loaded."""
    activities = Activity.objects.filter(_loaded(rule))
    gaps: list[str] = []
    if rule.reporting_orgs:
        present = set(
            activities.filter(reporting_org__ref__in=rule.reporting_orgs).values_list(
                "reporting_org__ref", flat=True
            )
        )
        absent = [ref for ref in rule.reporting_orgs if ref not in present]
        if absent:
            gaps.append(
                gettext("no data loaded for the provider %(refs)s")
                % {"refs": _providers_named(absent)}
            )
        activities = activities.filter(reporting_org__ref__in=rule.reporting_orgs)
    if rule.sectors:
        codes = Q()
        for code in rule.sectors:
            codes |= Q(code=code) if len(code) == 5 else Q(code__startswith=code)
        loaded = ActivitySector.objects.filter(codes, vocabulary="1", activity__in=activities)
        if not loaded.exists():
            gaps.append(
                gettext("no data loaded in sector %(codes)s") % {"codes": ", ".join(rule.sectors)}
            )
    if not rule.sectors:
        codes = sorted(
            set(
                ActivitySector.objects.filter(activity__in=activities, vocabulary="1")
                .values_list("code", flat=True)
                .distinct()[: FEW_SECTORS + 1]
            )
        )
        if 0 < len(codes) < FEW_SECTORS:
            gaps.append(
                gettext(
                    "the data loaded covers only sector %(codes)s, "
                    "and the scope counts every sector"
                )
                % {"codes": ", ".join(codes)}
            )
    if rule.by_transaction:
        rows = with_default_aid_text(Transaction.objects.filter(activity__in=activities))
        if not rows.filter(transaction_q(rule)).exists():
            gaps.append(
                gettext(
                    "no transaction loaded matches the scope's flow, finance type, aid type or "
                    "channel"
                )
            )
    in_countries = activities.filter(recipient_countries__code__in=rule.countries)
    if rule.countries and not in_countries.exists():
        gaps.append(
            gettext("no data loaded for %(countries)s") % {"countries": ", ".join(rule.countries)}
        )
    start, end = period
    if start and end and activities.exists():
        span = Transaction.objects.filter(activity__in=activities, date__isnull=False).aggregate(
            first=Min("date"), last=Max("date")
        )
        if span["first"] is None:
            gaps.append(
                gettext("no dated transactions loaded for these providers")
                if rule.reporting_orgs
                else gettext("no dated transactions loaded")
            )
        elif span["first"] > start or span["last"] < end:
            years = {
                "first": span["first"].year,
                "last": span["last"].year,
                "start": start.year,
                "end": end.year,
            }
            gaps.append(
                (
                    gettext(
                        "transactions loaded for these providers are dated %(first)s to "
                        "%(last)s, the pledge period %(start)s to %(end)s"
                    )
                    if rule.reporting_orgs
                    else gettext(
                        "transactions loaded are dated %(first)s to %(last)s, the pledge "
                        "period %(start)s to %(end)s"
                    )
                )
                % years
            )
    return gaps
