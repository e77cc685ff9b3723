"""Which activities count towards a pledge: an explicit list, a saved rule, or both (union).

A rule is stored as JSON on the pledge (``Pledge.scope_rule``)::

    {
      "reporting_orgs": ["XM-DAC-701-8"],        # reported by any of these organisations
      "gender_markers": [1, 2],                  # scored 1 and/or 2 on the DAC gender marker
      "pillars": ["jica-priority-areas:governance"],   # tagged with any of these pillars
      "countries": ["TH", "VN"],                 # any of these recipient countries
      "sectors": ["151", "15170"],               # DAC sector codes; shorter codes are prefixes
      "dates": "activity",                       # "activity": the activity runs during the
                                                 # pledge period; "transactions": it has a
                                                 # transaction dated in the period
      "flows": ["10"],                           # flow type (CRS category): 10 ODA, 20/21 OOF
      "finance_types": ["110"],                  # finance type: 110 grant, 421 loan, 510 equity
      "aid_types": ["B02"],                      # aid type; shorter codes are prefixes
      "channels": ["47000", "XM-DAC-41146"],     # CRS channel code, or the receiving or
                                                 # implementing organisation's IATI identifier,
                                                 # or a CRS channel name (a text with spaces)
      "include_sample": false                    # the synthetic sample data counts (tests, demos)
    }

Flows, finance and aid types and channels are facts of each transaction (a CRS row, an IATI
transaction, else its activity's default): they pick the transactions that count, and an
activity is in scope when at least one of its transactions qualifies.

An activity matches when it meets every criterion given (and, within one criterion, any of
the values). A rule with no criterion matches nothing, never everything. Sample activities
never match a rule unless it says ``include_sample``: sample data must not leak into the
progress of a real pledge.

This module is pure (validation and plain-words description, no database): the model
checks a rule with it, and ``scope`` builds the query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from parity.i18n_marker import gettext_noop

DATE_RULES = {
    "activity": gettext_noop("running during the pledge period"),
    "transactions": gettext_noop("with a transaction dated in the pledge period"),
}
TRANSACTION_CRITERIA = ("flows", "finance_types", "aid_types", "channels")
CRITERIA = (
    "reporting_orgs",
    "gender_markers",
    "pillars",
    "countries",
    "sectors",
    "dates",
    *TRANSACTION_CRITERIA,
)
KNOWN_KEYS = frozenset((*CRITERIA, "include_sample"))
# The IATI codelist each coded criterion is checked against.
CODELISTS = {"flows": "FlowType", "finance_types": "FinanceType", "aid_types": "AidType"}
_CHANNEL = re.compile(r"[^\s].{0,199}")
_PILLAR_KEY = re.compile(r"[-a-zA-Z0-9_]+:[-a-zA-Z0-9_]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_SECTOR = re.compile(r"\d{1,5}")


class ScopeRuleError(ValueError):
    """A rule that cannot be saved; ``problems`` maps each criterion to what is wrong."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{key}: {message}" for key, message in self.problems.items()))


@dataclass(frozen=True)
class ScopeRule:
    reporting_orgs: tuple[str, ...] = ()
    gender_markers: tuple[int, ...] = ()
    pillars: tuple[str, ...] = ()  # "framework-slug:pillar-slug"
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    dates: str = ""
    include_sample: bool = False
    flows: tuple[str, ...] = ()
    finance_types: tuple[str, ...] = ()
    aid_types: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in CRITERIA)

    @property
    def by_transaction(self) -> bool:
        """Whether the rule picks transactions, not only activities."""
        return any(getattr(self, name) for name in TRANSACTION_CRITERIA)

    def as_json(self) -> dict[str, Any]:
        """The rule as stored: only the criteria given."""
        data: dict[str, Any] = {
            name: list(getattr(self, name))
            for name in CRITERIA
            if name != "dates" and getattr(self, name)
        }
        if self.dates:
            data["dates"] = self.dates
        if self.include_sample:
            data["include_sample"] = True
        return data


def _strings(value: Any, key: str, problems: dict[str, str]) -> tuple[str, ...]:
    if value in (None, "", []):
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems[key] = "must be a list of texts"
        return ()
    return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))


def parse_scope_rule(
    data: Mapping[str, Any] | None,
    *,
    known_countries: Collection[str] | None = None,
    known_codes: Mapping[str, Collection[str]] | None = None,
) -> ScopeRule:
    """Check a stored or submitted rule; ``ScopeRuleError`` names every criterion that is wrong."""
    if not data:
        return ScopeRule()
    if not isinstance(data, Mapping):
        raise ScopeRuleError({"scope_rule": "must be an object of criteria"})
    problems: dict[str, str] = {}
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        problems["scope_rule"] = f"unknown criteria {', '.join(unknown)}"

    orgs = _strings(data.get("reporting_orgs"), "reporting_orgs", problems)

    markers: tuple[int, ...] = ()
    raw_markers = data.get("gender_markers") or []
    if not isinstance(raw_markers, list) or any(
        isinstance(m, bool) or m not in (1, 2, "1", "2") for m in raw_markers
    ):
        problems["gender_markers"] = (
            "only 1 (significant) and 2 (principal) can be chosen: activities scored 0 or "
            "not screened never count towards a gender pledge"
        )
    else:
        markers = tuple(sorted({int(m) for m in raw_markers}))

    pillars = _strings(data.get("pillars"), "pillars", problems)
    if any(not _PILLAR_KEY.fullmatch(p) for p in pillars):
        problems["pillars"] = 'each pillar is written "framework-slug:pillar-slug"'

    countries = tuple(c.upper() for c in _strings(data.get("countries"), "countries", problems))
    bad = [c for c in countries if not _COUNTRY.fullmatch(c)]
    if known_countries is not None:
        bad += [c for c in countries if _COUNTRY.fullmatch(c) and c not in known_countries]
    if bad:
        problems["countries"] = f"not ISO 3166 country codes: {', '.join(bad)}"

    sectors = _strings(data.get("sectors"), "sectors", problems)
    bad = [s for s in sectors if not _SECTOR.fullmatch(s)]
    if bad:
        problems["sectors"] = f"DAC sector codes are 1 to 5 digits: {', '.join(bad)}"

    dates = data.get("dates") or ""
    if dates not in ("", *DATE_RULES):
        problems["dates"] = 'must be "activity" or "transactions"'

    include_sample = data.get("include_sample", False)
    if not isinstance(include_sample, bool):
        problems["include_sample"] = "must be true or false"

    coded: dict[str, tuple[str, ...]] = {}
    for key in CODELISTS:
        values = tuple(v.upper() for v in _strings(data.get(key), key, problems))
        known = (known_codes or {}).get(key)
        if key == "aid_types":  # a prefix: B02 stands for B02, B021, B022...
            bad = [
                v for v in values if known is not None and not any(k.startswith(v) for k in known)
            ]
        else:
            bad = [v for v in values if known is not None and v not in known]
        if bad:
            problems[key] = f"not in the IATI {CODELISTS[key]} codelist: {', '.join(bad)}"
        coded[key] = values
    channels = _strings(data.get("channels"), "channels", problems)
    bad = [c for c in channels if not _CHANNEL.fullmatch(c)]
    if bad:
        problems["channels"] = f"at most 200 characters each: {', '.join(bad)}"

    if problems:
        raise ScopeRuleError(problems)
    return ScopeRule(
        orgs,
        markers,
        pillars,
        countries,
        sectors,
        dates,
        include_sample,
        coded["flows"],
        coded["finance_types"],
        coded["aid_types"],
        channels,
    )


def _same(text: str) -> str:
    return text


def _either(words: list[str], gettext: Callable[[str], str] = _same) -> str:
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(items)s or %(last)s") % {
        "items": gettext(", ").join(words[:-1]),
        "last": words[-1],
    }


def _coded(codes: tuple[str, ...], names: Mapping[str, str], gettext: Callable[[str], str]) -> str:
    named = [f"{c} {gettext(names[c])}" if names.get(c) else f"{c}…" for c in codes]
    return _either(named, gettext)


def describe_rule(
    rule: ScopeRule,
    *,
    org_names: Mapping[str, str] | None = None,
    country_names: Mapping[str, str] | None = None,
    pillar_names: Mapping[str, str] | None = None,
    code_names: Mapping[str, Mapping[str, str]] | None = None,
    gettext: Callable[[str], str] = _same,
) -> str:
    """The rule in plain words, e.g. "Activities reported by XM-DAC-701-8, scored 1 or 2 on
    the gender marker, in Thailand or Viet Nam."; ``gettext`` translates it (this module
    imports no Django)."""
    _ = gettext
    if rule.is_empty:
        return _("No rule: only the activities listed one by one count.")
    org_names, country_names = org_names or {}, country_names or {}
    pillar_names = pillar_names or {}
    parts = []
    if rule.reporting_orgs:
        named = [
            f"{_(org_names[ref])} ({ref})" if org_names.get(ref) else ref
            for ref in rule.reporting_orgs
        ]
        parts.append(_("reported by %(orgs)s") % {"orgs": _either(named, _)})
    if rule.gender_markers:
        scores = _either([str(m) for m in rule.gender_markers], _)
        parts.append(_("scored %(scores)s on the gender marker") % {"scores": scores})
    if rule.pillars:
        pillars = _either([pillar_names.get(p, p) for p in rule.pillars], _)
        parts.append(_("under %(pillars)s") % {"pillars": pillars})
    if rule.countries:
        countries = _either([_(country_names.get(c, c)) for c in rule.countries], _)
        parts.append(_("in %(countries)s") % {"countries": countries})
    if rule.sectors:
        codes = [s if len(s) == 5 else f"{s}…" for s in rule.sectors]
        parts.append(_("in sector %(codes)s") % {"codes": _either(codes, _)})
    if rule.dates:
        parts.append(_(DATE_RULES[rule.dates]))
    names = code_names or {}
    kept = []
    for key, words in (
        ("flows", _("of flow %(codes)s")),
        ("finance_types", _("of finance type %(codes)s")),
        ("aid_types", _("of aid type %(codes)s")),
    ):
        if getattr(rule, key):
            kept.append(words % {"codes": _coded(getattr(rule, key), names.get(key, {}), _)})
    if rule.channels:
        named = [f"{org_names[c]} ({c})" if org_names.get(c) else c for c in rule.channels]
        kept.append(_("channelled to %(channels)s") % {"channels": _either(named, _)})
    if kept:
        parts.append(
            _("counting only the transactions %(conditions)s")
            % {"conditions": _(" and ").join(kept)}
        )
    text = _("Activities %(conditions)s.") % {"conditions": _(", ").join(parts)}
    if rule.include_sample:
        return text + " " + _("Synthetic sample data is included (for tests and demonstrations).")
    return text + " " + _("Synthetic sample data is left out.")
