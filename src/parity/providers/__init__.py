"""Provider groups (pure): DAC members, multilateral organisations and other providers.

The OECD's gender statistics count DAC members' aid. A CRS row names its provider by CRS
provider code, whose group is in ``parity.crs.codes`` (private philanthropy counts among the
other providers here). An IATI file names its reporting organisation by identifier and type,
and the provider is derived from them (``provider_of_org``):

1. ``XM-DAC-<code>[-<agency>]`` (identifiers built from the DAC's own codes): the CRS provider
   of that code; a five-digit code beginning with 4 is a CRS channel code, which the DAC gives
   to multilateral organisations (``XM-DAC-41114`` is UNDP).
2. A known identifier prefix (the EU institutions' ``XI-IATI-EC_``): that DAC member.
3. Organisation type 40 (multilateral): a multilateral organisation.
4. A DAC member's country prefix (``GB-GOV-1``, ``SE-0``) on a government (type 10) or other
   public sector (15) organisation, or with ``GOV`` as its second part: that DAC member.
5. Anything else (governments outside the DAC, NGOs, foundations, companies, an unknown
   identifier): other providers, keyed by the identifier itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from parity.crs import codes
from parity.i18n_marker import gettext_noop

DAC, MULTILATERAL, OTHER = "dac", "multilateral", "other"
GROUPS: dict[str, str] = {
    DAC: gettext_noop("DAC members"),
    MULTILATERAL: gettext_noop("multilateral organisations"),
    OTHER: gettext_noop("other providers"),
}
# The CRS's own groups, in the three the figures use.
_CRS_GROUP = {"dac": DAC, "multilateral": MULTILATERAL, "private": OTHER, "other": OTHER}
_XM_DAC = re.compile(r"^XM-DAC-(\d+)(?:-|$)")
_PUBLIC_SECTOR = frozenset({"10", "15"})
MULTILATERAL_TYPE = "40"


@dataclass(frozen=True)
class Provider:
    """Who gives the money, as the figures compare sources: ``key`` is the CRS provider code
    where one is known (so an agency's IATI file and its country's CRS rows meet), else the
    organisation identifier."""

    key: str
    group: str


@cache
def _data() -> dict[str, Any]:
    path = resources.files("parity.providers").joinpath("data/dac_countries.json")
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def dac_member_countries() -> dict[str, str]:
    """ISO country -> CRS provider code of the DAC members that are countries."""
    countries: dict[str, str] = _data()["countries"]
    return {iso: code for code, iso in countries.items()}


def member_country(ref: str) -> str:
    """The ISO code of the DAC member country whose own identifier ``ref`` is
    (``XM-DAC-1`` is Austria, as a CRS row names its provider); "" for anything else,
    an agency's ``XM-DAC-1-2`` included."""
    whole = re.fullmatch(r"XM-DAC-(\d+)", ref.strip())
    countries: dict[str, str] = _data()["countries"]
    return countries.get(whole.group(1), "") if whole else ""


def crs_provider(code: str) -> Provider:
    """The provider of a CRS provider code (an unknown code: other providers)."""
    found = codes.provider(code)
    return Provider(code, _CRS_GROUP[found.group] if found else OTHER)


def provider_of_org(ref: str, org_type: str = "") -> Provider:
    """The provider behind an IATI reporting organisation (rules in the module docstring)."""
    ref = ref.strip()
    xm_dac = _XM_DAC.match(ref)
    if xm_dac:
        code = xm_dac.group(1)
        if codes.provider(code) is not None:
            return crs_provider(code)
        if len(code) == 5 and code.startswith("4"):
            return Provider(ref, MULTILATERAL)
    prefixes: dict[str, str] = _data()["identifier_prefixes"]
    for prefix, code in prefixes.items():
        if ref.startswith(prefix):
            return crs_provider(code)
    if org_type == MULTILATERAL_TYPE:
        return Provider(ref, MULTILATERAL)
    parts = ref.split("-")
    member = dac_member_countries().get(parts[0])
    if member and (org_type in _PUBLIC_SECTOR or (len(parts) > 1 and parts[1] == "GOV")):
        return crs_provider(member)
    return Provider(ref, OTHER)
