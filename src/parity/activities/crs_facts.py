"""What a CRS project page shows beyond the IATI fields: the CRS codes with their names,
every marker (not screened apart from 0), and the amounts by year with their source."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parity.crs.codes import MARKERS
from parity.iati import codelists

GROUPS = {
    "dac": gettext_noop("DAC member"),
    "multilateral": gettext_noop("multilateral organisation"),
    "private": gettext_noop("private provider"),
    "other": gettext_noop("other provider"),
}
CATEGORIES = {
    "10": gettext_noop("ODA"),
    "21": gettext_noop("Other official flows (non export credit)"),
    "22": gettext_noop("Officially supported export credits"),
    "30": gettext_noop("Private development finance"),
    "60": gettext_noop("Private sector instruments"),
}


@dataclass(frozen=True)
class YearAmount:
    year: int
    measure: str
    current: Decimal | None
    constant: Decimal | None
    base_year: int | None
    source: str


def _coded(code: str, name: str) -> str:
    """ "Name (code)", the name in the reader's language."""
    name = _(name) if name else name
    if code and name:
        return f"{name} ({code})"
    return name or code or "—"


def facts(activity) -> list[tuple[str, str]]:
    """(label, value) rows of a CRS project."""
    crs = activity.crs or {}
    group = GROUPS.get(crs.get("provider_group", ""), "")
    finance = activity.default_finance_type
    aid_type = activity.default_aid_types[0] if activity.default_aid_types else ""
    bi_multi = activity.collaboration_type
    read = _("%(year)s (%(file)s, line %(line)s)") % {
        "year": crs.get("year", "—"),
        "file": activity.source_file,
        "line": crs.get("line", "?"),
    }
    return [
        (
            _("Provider"),
            _coded(crs.get("provider_code", ""), crs.get("provider_name", ""))
            + (f", {_(group)}" if group else ""),
        ),
        (_("Agency"), _coded(crs.get("agency_code", ""), crs.get("agency_name", ""))),
        (_("CRS id"), crs.get("crs_id") or "—"),
        (_("Project number"), crs.get("project_number") or "—"),
        (_("Recipient"), _coded(crs.get("recipient_code", ""), crs.get("recipient_name", ""))),
        (_("Channel"), _coded(crs.get("channel_code", ""), crs.get("channel_name", ""))),
        (
            _("Flow"),
            _coded(activity.default_flow_type, CATEGORIES.get(activity.default_flow_type, "")),
        ),
        (
            _("Bilateral or multilateral"),
            _coded(bi_multi, codelists.name("CollaborationType", bi_multi)),
        ),
        (_("Finance type"), _coded(finance, codelists.name("FinanceType", finance))),
        (_("Aid type"), _coded(aid_type, codelists.name("AidType", aid_type))),
        (_("Latest year read"), read),
    ]


def markers(activity) -> list[tuple[str, str]]:
    """Every CRS marker by name: its score, "not screened" (blank in the file), or absent."""
    given = (activity.crs or {}).get("markers", {})
    labels = {0: _("0 not targeted"), 1: _("1 significant"), 2: _("2 principal")}
    rows = []
    for code in dict.fromkeys(MARKERS.values()):
        name = codelists.name("PolicyMarker", code)
        if code not in given:
            value = _("not in the file")
        elif given[code] is None:
            value = _("not screened")
        else:
            value = labels.get(given[code], str(given[code]))
        rows.append((_(name) if name else code, value))
    return rows


def amounts(activity) -> list[YearAmount]:
    """The project's amounts by year and measure, each with the file and line it came from."""
    return [
        YearAmount(
            year=t.source_year,
            measure=_("commitment") if t.type == "2" else _("disbursement"),
            current=t.value if t.value_prices == "current" else None,
            constant=t.value_constant,
            base_year=t.constant_base_year,
            source=_("%(file)s, line %(line)s") % {"file": t.source_file, "line": t.source_line},
        )
        for t in activity.transactions.all()
        if t.source_year is not None
    ]


def context(activity) -> dict:
    """The activity page's extra context for a CRS project (empty for an IATI activity)."""
    if activity.source != "crs":
        return {}
    return {
        "crs_facts": facts(activity),
        "crs_markers": markers(activity),
        "crs_amounts": amounts(activity),
    }
