"""One case: its page, its JSON, revealing identifying details, the forms that change it, and its
audit trail. Every view reaches the case through ``services.open_case`` or a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from parity.protection import forms, selectors, services
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.models import Agency
from parity.protection.views.common import (
    back,
    invalid,
    need_reauth,
    post_form,
    protection_view,
    recently_reauthenticated,
)


@protection_view
@require_GET
def case_detail(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    return case_page(request, actor, number)


def case_page(
    request: HttpRequest,
    actor: Actor,
    number: str,
    *,
    referral_form: forms.ReferralForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; a refused referral comes back with what was typed (``referral_form``)."""
    case, rel = services.open_case(actor, number)
    can = {a: access.decide(actor.role, rel, a) == access.ALLOW for a in access.CASE_ACTIONS}
    view = selectors.case_view(case, rel, actor.role, actor.agency_id)
    team = case.team if case.team_id else None
    return render(
        request,
        "protection/case.html",
        {
            "case": case,
            "rel": rel,
            "can": can,
            "v": view,
            "identity_form": forms.IdentityForm(),
            "profile_form": forms.ProfileForm(
                initial={
                    "sex": case.sex,
                    "age_band": case.age_band,
                    "nationality": case.nationality,
                }
            ),
            "screening_form": forms.ScreeningForm(initial={"indicators": case.indicators}),
            "decision_form": forms.DecisionForm(team=team) if can["decide"] else None,
            "service_form": forms.ServiceForm(),
            "followup_form": forms.FollowUpForm(),
            "consent_form": forms.ConsentForm(),
            "referral_form": referral_form or forms.ReferralForm(),
            "close_form": forms.CloseForm(),
        },
        status=status,
    )


@protection_view
@require_GET
def case_api(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """The case as JSON, with the same field-level rules (identity never included)."""
    case, rel = services.open_case(actor, number)
    visible = {s: access.section_visible(actor.role, rel, s) for s in vocab.SECTIONS}
    body: dict = {"number": case.number, "status": case.status}
    if visible["profile"]:
        body.update(sex=case.sex, age_band=case.age_band, nationality=case.nationality)
        body["exploitation"] = case.exploitation
    if visible["screening"]:
        body["indicators"] = case.indicators
    if visible["identification"]:
        body["identification"] = case.identification
        body["reflection_end"] = case.reflection_end.isoformat() if case.reflection_end else None
    if visible["services"]:
        body["services"] = list(case.services.values("kind", "status", "start", "end"))
    return JsonResponse(body, json_dumps_params={"default": str})


@protection_view
@require_GET
def case_reveal(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    services.open_case(actor, number, access.REVEAL)  # 404/403 before asking to re-authenticate
    if not recently_reauthenticated(request):
        return need_reauth(request, actor, "case.reveal", number)
    identity = services.reveal_identity(actor, number)
    labels = {name: f.label for name, f in forms.IdentityForm.base_fields.items()}
    rows = [(labels[k], identity.get(k, "")) for k in services.IDENTITY_FIELDS]
    return render(request, "protection/reveal.html", {"number": number, "rows": rows})


@post_form(forms.IdentityForm)
def case_identity(actor: Actor, number: str, data: dict) -> None:
    services.case_edit(actor, number, identity=data)


@post_form(forms.ProfileForm)
def case_profile(actor: Actor, number: str, data: dict) -> None:
    services.case_edit(actor, number, profile=data)


@post_form(forms.ScreeningForm)
def case_screen(actor: Actor, number: str, data: dict) -> None:
    services.case_screen(actor, number, data["indicators"])


@protection_view
@require_POST
def case_decide(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    case, _rel = services.open_case(actor, number, access.DECIDE)
    form = forms.DecisionForm(request.POST, team=case.team)
    if not form.is_valid():
        return invalid(request, form)
    services.case_decide(
        actor, number, member_ids=form.cleaned_data.pop("members"), **form.cleaned_data
    )
    messages.success(request, _("Decision recorded."))
    return back(number)


@post_form(forms.ServiceForm)
def case_service(actor: Actor, number: str, data: dict) -> None:
    services.service_add(actor, number, **data)


@post_form(forms.FollowUpForm)
def case_followup(actor: Actor, number: str, data: dict) -> None:
    services.followup_add(actor, number, **data)


@post_form(forms.CloseForm)
def case_close(actor: Actor, number: str, data: dict) -> None:
    services.case_close(actor, number, data["reason"])


# The audit trail's action and outcome codes in words; a code not listed is shown as stored.
AUDIT_ACTIONS = {
    "case.open": gettext_lazy("Case opened"),
    "case.read": gettext_lazy("Case read"),
    "case.reveal": gettext_lazy("Identifying details shown"),
    "case.edit": gettext_lazy("Case edited"),
    "case.screen": gettext_lazy("Screening recorded"),
    "case.decide": gettext_lazy("Identification decided"),
    "case.service": gettext_lazy("Service recorded"),
    "case.followup": gettext_lazy("Follow-up recorded"),
    "case.consent": gettext_lazy("Consent recorded"),
    "case.refer": gettext_lazy("Referral"),
    "case.override": gettext_lazy("Referral without consent"),
    "case.close": gettext_lazy("Case closed"),
    "case.audit": gettext_lazy("Audit trail read"),
    "case.anonymise": gettext_lazy("Case anonymised"),
    "referral.send": gettext_lazy("Referral sent"),
    "referral.accept": gettext_lazy("Referral accepted"),
    "referral.decline": gettext_lazy("Referral declined"),
    "referral.revoke": gettext_lazy("Referral revoked"),
    "referral.withdraw": gettext_lazy("Referral withdrawn (consent withdrawn)"),
}
AUDIT_OUTCOMES = {
    "ok": gettext_lazy("done"),
    "refused": gettext_lazy("refused"),
    "not_found": gettext_lazy("not found"),
    "forbidden": gettext_lazy("not allowed"),
    "withdrawn": gettext_lazy("consent withdrawn"),
}


@protection_view
@require_GET
def case_audit(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    services.open_case(actor, number, access.AUDIT)
    entries = selectors.audit_trail(number)
    names = dict(
        User.objects.filter(pk__in={e.user_id_ref for e in entries}).values_list("pk", "username")
    )
    agencies = dict(Agency.objects.values_list("pk", "name"))
    rows = [
        (
            e,
            names.get(e.user_id_ref, "-"),
            agencies.get(e.agency_id_ref, "-"),
            AUDIT_ACTIONS.get(e.action, e.action),
            AUDIT_OUTCOMES.get(e.outcome, e.outcome),
        )
        for e in entries
    ]
    return render(request, "protection/audit.html", {"number": number, "rows": rows})
