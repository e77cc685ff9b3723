"""The orchestrator: one pledge's scope, money progress, output progress and status.

``pledge_report`` is what the pledge page, its exports, the API and the framework pages
show; ``refresh_progress`` brings a pledge's stored money progress up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from parity.activities.models import Organisation
from parity.commitments import stored_progress
from parity.commitments.coverage import scope_gaps
from parity.commitments.models import OutputTarget, Pillar, Pledge
from parity.commitments.scope import scope_activities
from parity.commitments.scope_rule import CODELISTS, describe_rule, parse_scope_rule
from parity.commitments.tracking.money import MoneyReport, money_report, pillar_keys
from parity.commitments.tracking.money_rows import money_target
from parity.commitments.tracking.outputs import OutputReport, output_report
from parity.iati import codelists
from parity.money import RateTable
from parity.progress import Period, PledgeError, Status
from parity.providers import member_country


@dataclass(frozen=True)
class ScopeSummary:
    description: str
    listed: int  # activities listed one by one
    matched: int  # activities in the union of the list and the rule
    warnings: tuple[str, ...]
    gaps: tuple[str, ...] = ()  # parts of the scope the loaded data cannot cover


@dataclass
class PledgeReport:
    pledge: Pledge
    today: date
    scope: ScopeSummary
    period: Period | None
    money: MoneyReport | None
    money_problem: str
    outputs: list[OutputReport] = field(default_factory=list)
    output_problems: list[tuple[OutputTarget, str]] = field(default_factory=list)

    @property
    def statuses(self) -> list[Status]:
        found = [self.money.status] if self.money else []
        return found + [o.status for o in self.outputs]


def scope_summary(pledge: Pledge, matched: int | None = None) -> ScopeSummary:
    rule = parse_scope_rule(pledge.scope_rule)
    orgs = Organisation.objects.filter(ref__in=(*rule.reporting_orgs, *rule.channels))
    org_names = dict(orgs.values_list("ref", "name"))
    for ref in (*rule.reporting_orgs, *rule.channels):
        # A DAC member's agency not loaded yet is named by its country, as the gaps name it.
        iso = member_country(ref) or member_country("-".join(ref.split("-")[:3]))
        if not org_names.get(ref) and iso:
            org_names[ref] = (codelists.name("Country", iso) or "").removesuffix(" (the)")
    pillar_names = {
        f"{fw}:{slug}": f"{name} ({fw_name})"
        for fw, slug, name, fw_name in Pillar.objects.values_list(
            "framework__slug", "slug", "name", "framework__name"
        )
    }
    description = describe_rule(
        rule,
        org_names=org_names,
        country_names=codelists.codes("Country"),
        pillar_names=pillar_names,
        code_names={key: codelists.codes(name) for key, name in CODELISTS.items()},
        gettext=gettext,
    )
    listed = pledge.scope_activities.count()
    if matched is None:
        matched = scope_activities(pledge).count()
    warnings = []
    if matched == 0:
        warnings.append(
            gettext(
                "The scope matches no activity: progress is 0 for want of data, not for want "
                "of effort. Add activities to the list or change the rule."
            )
        )
    if rule.dates and not pledge.period:
        warnings.append(gettext("The rule's date condition is ignored: the pledge has no period."))
    gaps = () if rule.is_empty else scope_gaps(rule, (pledge.period_start, pledge.period_end))
    return ScopeSummary(description, listed, matched, tuple(warnings), tuple(gaps))


def _missing(scope: ScopeSummary, wanted: str) -> str:
    """The words after "cannot be verified": the data a figure would need and lacks."""
    if scope.matched == 0:
        wanted = gettext("any activity in the scope")
    # The gaps are sentences of their own: after the one that names the data wanted, not
    # inside it (Japanese puts "no data for" after its object).
    sentence = gettext("cannot be verified: no data for %(missing)s") % {"missing": wanted}
    return "; ".join((sentence, *scope.gaps))


def _money_wanted(pledge: Pledge, period: Period, matched: int) -> str:
    words = {"start": period.start, "end": period.end, "n": matched}
    if pledge.money_basis == Pledge.COMMITMENTS:
        text = gettext(
            "outgoing commitments dated %(start)s to %(end)s of the %(n)s activities in scope"
        )
    else:
        text = gettext(
            "disbursements and expenditure dated %(start)s to %(end)s of the %(n)s activities "
            "in scope"
        )
    return text % words


def pledge_report(
    pledge: Pledge,
    *,
    today: date | None = None,
    rates: RateTable | None = None,
    stored: bool = True,
) -> PledgeReport:
    """Scope, money and output progress, and status of one pledge, with its evidence.

    The money progress comes from the pledge's snapshot while the fingerprint of its inputs
    is unchanged (``stored=False`` always recomputes it; see ``stored_progress``). Output
    progress reads only the matching indicators, so it is computed every time.
    """
    today = today or timezone.localdate()
    period = pledge.period
    names = pillar_keys(pledge)
    found = stored_progress.fingerprint(pledge, scope_activities(pledge), names)
    report = PledgeReport(pledge, today, scope_summary(pledge, found.matched), period, None, "")
    if period is None:
        report.money_problem = gettext(
            "The source gives no period for this pledge, so progress and status cannot be "
            "computed: a figure needs the dates between which transactions count."
        )
        return report
    try:
        digest = found.digest if stored else ""
        report.money = money_report(pledge, period, today, rates, fingerprint=digest, names=names)
        if report.money and report.money.status is Status.CANNOT_VERIFY:
            wanted = _money_wanted(pledge, period, report.scope.matched)
            report.money.missing = _missing(report.scope, wanted)
    except PledgeError as error:
        report.money_problem = gettext("The money target cannot be tracked: %(error)s") % {
            "error": error
        }
    for target in pledge.output_targets.all():
        try:
            output = output_report(target, period, today)
        except PledgeError as error:
            problem = gettext("cannot be tracked: %(error)s") % {"error": error}
            report.output_problems.append((target, problem))
            continue
        if output is None:
            problem = gettext("has no quantity, so no share can be given")
            report.output_problems.append((target, problem))
        else:
            if output.status is Status.CANNOT_VERIFY:
                wanted = gettext(
                    "indicator actuals on %(words)s reported for %(start)s to %(end)s by the "
                    "activities in scope"
                ) % {
                    "words": target.indicator_keywords or gettext("this target"),
                    "start": period.start,
                    "end": period.end,
                }
                output.missing = _missing(report.scope, wanted)
            report.outputs.append(output)
    return report


def refresh_progress(pledge: Pledge) -> bool:
    """Recompute and store the pledge's money progress if its snapshot is out of date (or
    missing); True when it was recomputed."""
    period, target = pledge.period, money_target(pledge)
    if period is None or target is None:
        stored_progress.forget(pledge)
        return False
    names = pillar_keys(pledge)
    digest = stored_progress.fingerprint(pledge, scope_activities(pledge), names).digest
    if stored_progress.read(pledge, digest) is not None:
        return False
    money_report(pledge, period, timezone.localdate(), fingerprint=digest, names=names)
    return True
