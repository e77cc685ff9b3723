"""The pledge editor's scope form: every criterion of a scope rule as a field of its own."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parity.commitments.models import Pledge
from parity.commitments.scope_rule import (
    CODELISTS,
    DATE_RULES,
    ScopeRuleError,
    parse_scope_rule,
)
from parity.iati import codelists

_SEPARATORS = re.compile(r"[\s,;]+")
_LINES = re.compile(r"[\n;]+")  # channels: a CRS channel name holds spaces and commas
_TEXT_LISTS = ("reporting_orgs", "pillars", "countries", "sectors", "channels")


def _choices(codelist: str) -> list[tuple[str, Any]]:
    """(code, "code name") with the name in the reader's language (evaluated when shown)."""
    names = sorted(codelists.codes(codelist).items())
    return [(code, format_lazy("{} {}", code, _(name))) for code, name in names]


def _text(help_text: Any, label: Any) -> forms.CharField:
    return forms.CharField(
        required=False, label=label, help_text=help_text, max_length=2000, strip=True
    )


class PledgeScopeForm(forms.Form):
    """Fields for each criterion; ``rule()`` is the scope rule they make."""

    reporting_orgs = _text(
        _("IATI identifiers of the providers, e.g. XM-DAC-701-8 (separated by spaces or commas)"),
        _("Providers (reporting organisations)"),
    )
    countries = _text(_("ISO 3166 codes, e.g. TH VN"), _("Recipient countries"))
    sectors = _text(_("DAC 5-digit codes; a shorter code is a prefix (151 = 151…)"), _("Sectors"))
    pillars = _text(_('Written "framework-slug:pillar-slug"'), _("Pillars or priority areas"))
    gender_markers = forms.MultipleChoiceField(
        required=False,
        label=_("Activities scored"),
        choices=[("1", _("1 significant")), ("2", _("2 principal"))],
        widget=forms.CheckboxSelectMultiple,
    )
    dates = forms.ChoiceField(
        required=False,
        label=_("Dates"),
        choices=[("", _("No date condition")), *((k, _(v)) for k, v in DATE_RULES.items())],
    )
    flows = forms.MultipleChoiceField(
        required=False,
        label=_("Flows"),
        choices=_choices("FlowType"),
        help_text=_("10 ODA; 20, 21 and 22 other official flows (OOF)"),
        widget=forms.CheckboxSelectMultiple,
    )
    finance_types = forms.MultipleChoiceField(
        required=False, label=_("Finance types"), choices=_choices("FinanceType")
    )
    aid_types = forms.MultipleChoiceField(
        required=False,
        label=_("Aid types"),
        choices=_choices("AidType"),
        help_text=_("B02 (core contributions to multilateral institutions) takes in B021 and B022"),
    )
    channels = forms.CharField(
        required=False,
        label=_("Channels or receiving organisations"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: a CRS channel code (5 digits), a CRS channel name, or the IATI "
            "identifier of the receiving or implementing organisation (e.g. a fund)"
        ),
    )
    include_sample = forms.BooleanField(
        required=False, label=_("Let the synthetic sample data count (tests, demonstrations)")
    )
    marker_condition = forms.ChoiceField(
        label=_("Which gender-marker scores count"), choices=Pledge.MARKER_CONDITIONS
    )
    money_basis = forms.ChoiceField(label=_("Money basis"), choices=Pledge.BASES)
    scope_reasoning = forms.CharField(
        required=False,
        label=_("Why this scope"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reasoning a reader sees beside the scope"),
    )

    @classmethod
    def for_pledge(cls, pledge: Pledge, data: Any = None) -> PledgeScopeForm:
        rule = parse_scope_rule(pledge.scope_rule)
        initial: dict[str, Any] = {key: " ".join(getattr(rule, key)) for key in _TEXT_LISTS} | {
            "gender_markers": [str(m) for m in rule.gender_markers],
            "dates": rule.dates,
            "flows": list(rule.flows),
            "finance_types": list(rule.finance_types),
            "aid_types": list(rule.aid_types),
            "include_sample": rule.include_sample,
            "marker_condition": pledge.marker_condition,
            "money_basis": pledge.money_basis,
            "scope_reasoning": pledge.scope_reasoning,
        }
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        data: dict[str, Any] = {
            key: [v for v in _SEPARATORS.split(cleaned.get(key) or "") if v] for key in _TEXT_LISTS
        }
        data["gender_markers"] = [int(m) for m in cleaned.get("gender_markers") or []]
        for key in CODELISTS:
            data[key] = list(cleaned.get(key) or [])
        data["dates"] = cleaned.get("dates") or ""
        data["include_sample"] = bool(cleaned.get("include_sample"))
        try:
            rule = parse_scope_rule(
                data,
                known_countries=codelists.codes("Country"),
                known_codes={key: codelists.codes(name) for key, name in CODELISTS.items()},
            )
        except ScopeRuleError as error:
            for key, message in error.problems.items():
                self.add_error(key if key in self.fields else None, message)
            return cleaned
        cleaned["rule"] = rule.as_json()
        return cleaned
