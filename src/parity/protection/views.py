"""Views: parse input, call one service or selector, render. Every case goes through
``services.open_case`` (the single access function); refusals become 404, 403 or a page that
says why (status 400)."""

from __future__ import annotations

import csv
import functools
import io
import json
import time

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parity import roles
from parity.pagekit.pages import page_or_404
from parity.protection import (
    audit,
    conf,
    factor,
    forms,
    results,
    selectors,
    services,
    stats,
    throttle,
)
from parity.protection.audit import Actor
from parity.protection.core import access, htcds, vocab
from parity.protection.middleware import REAUTH, VERIFIED
from parity.protection.models import Agency, Contact

PAGE_SIZE = 50


def actor_of(request: HttpRequest) -> Actor:
    return Actor(
        request.user, services.membership_of(request.user), throttle.client_ip(request) or None
    )


def protection_view(view):
    """Login, then a member of the module; domain refusals mapped to HTTP answers."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        actor = actor_of(request)
        if actor.membership is None:
            audit.record(actor, "module.enter", "", audit.NOT_FOUND, "no membership")
            raise Http404(_("There is no such page."))
        try:
            return view(request, actor, *args, **kwargs)
        except services.CaseNotFoundError as error:
            raise Http404(str(error)) from None
        except services.NotAllowedError as error:
            raise PermissionDenied(str(error)) from None
        except services.ProtectionError as error:
            return render(request, "protection/refused.html", {"message": str(error)}, status=400)

    return wrapped


def _back(request: HttpRequest, number: str) -> HttpResponse:
    return redirect("protection:case", number=number)


def _invalid(request: HttpRequest, form) -> HttpResponse:
    errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    return render(request, "protection/refused.html", {"message": errors}, status=400)


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH)
    return at is not None and time.time() - at < conf.reauth_minutes() * 60


def _need_reauth(request: HttpRequest, actor: Actor, action: str, number: str = "") -> HttpResponse:
    audit.record(actor, action, number, audit.REFUSED, "reauthentication required")
    messages.warning(request, _("Confirm it is you before this: enter your password and a code."))
    return redirect(f"{reverse('protection:reauth')}?next={request.get_full_path()}")


# -- lists and intake ---------------------------------------------------------------------------


@protection_view
@require_GET
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.LIST)
    page = page_or_404(Paginator(selectors.own_cases(actor.agency_id), PAGE_SIZE), request.GET)
    audit.record(actor, "case.list", "", note=f"page {page.number}")
    return render(
        request,
        "protection/home.html",
        {
            "page": page,
            "shared": selectors.shared_cases(actor.agency_id)[:100],
            "team": selectors.team_cases(actor.membership)[:100],
            "incoming": selectors.incoming(actor.agency_id),
            "membership": actor.membership,
            # One reverse() instead of one per row: the list is the busiest page.
            "case_base": reverse("protection:case", args=["X"])[:-2],
            "can_intake": access.decide_agency(actor.role, access.INTAKE) == access.ALLOW,
        },
    )


@protection_view
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.INTAKE)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _invalid(request, form)
        contact = services.contact_log(actor, **form.cleaned_data)
        messages.success(request, _("Contact logged."))
        if request.POST.get("open_case"):
            return redirect(f"{reverse('protection:case-new')}?contact={contact.pk}")
        return redirect("protection:contacts")
    return render(request, "protection/contact_form.html", {"form": form})


@protection_view
@require_GET
def contacts(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.INTAKE)
    rows = Contact.objects.filter(agency_id=actor.agency_id).select_related("case")
    page = page_or_404(Paginator(rows, PAGE_SIZE), request.GET)
    audit.record(actor, "contact.list", "")
    return render(request, "protection/contacts.html", {"page": page})


@protection_view
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.INTAKE)
    contact = None
    contact_id = request.GET.get("contact") or request.POST.get("contact")
    if contact_id:
        contact = Contact.objects.filter(
            pk=int(contact_id) if str(contact_id).isdigit() else 0, agency_id=actor.agency_id
        ).first()
        if contact is None:
            raise Http404(_("There is no such contact."))
    form = forms.CaseForm(
        request.POST or None,
        agency_id=actor.agency_id,
        initial={"exploitation": contact.topic} if contact else None,
    )
    if request.method == "POST":
        if not form.is_valid():
            return _invalid(request, form)
        data = form.cleaned_data
        identity = {k: data[k] for k in services.IDENTITY_FIELDS}
        case = services.case_open(
            actor,
            exploitation=data["exploitation"],
            sex=data["sex"],
            age_band=data["age_band"],
            nationality=data["nationality"],
            identity=identity,
            contact=contact,
            team=data["team"],
        )
        messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
        return _back(request, case.number)
    return render(request, "protection/case_form.html", {"form": form, "contact": contact})


# -- one case -----------------------------------------------------------------------------------


@protection_view
@require_GET
def case_detail(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
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
            "referral_form": forms.ReferralForm(),
            "close_form": forms.CloseForm(),
        },
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
        return _need_reauth(request, actor, "case.reveal", number)
    identity = services.reveal_identity(actor, number)
    labels = {name: f.label for name, f in forms.IdentityForm.base_fields.items()}
    rows = [(labels[k], identity.get(k, "")) for k in services.IDENTITY_FIELDS]
    return render(request, "protection/reveal.html", {"number": number, "rows": rows})


def _post_form(form_class, **kwargs):
    """A view for one POSTed form that calls ``call(actor, number, cleaned_data)``."""

    def decorator(call):
        @protection_view
        @require_POST
        @functools.wraps(call)
        def view(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
            form = form_class(request.POST, **kwargs)
            if not form.is_valid():
                services.open_case(actor, number)  # outsiders get 404, not a form error
                return _invalid(request, form)
            call(actor, number, form.cleaned_data)
            messages.success(request, _("Saved."))
            return _back(request, number)

        return view

    return decorator


@_post_form(forms.IdentityForm)
def case_identity(actor: Actor, number: str, data: dict) -> None:
    services.case_edit(actor, number, identity=data)


@_post_form(forms.ProfileForm)
def case_profile(actor: Actor, number: str, data: dict) -> None:
    services.case_edit(actor, number, profile=data)


@_post_form(forms.ScreeningForm)
def case_screen(actor: Actor, number: str, data: dict) -> None:
    services.case_screen(actor, number, data["indicators"])


@protection_view
@require_POST
def case_decide(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    case, _rel = services.open_case(actor, number, access.DECIDE)
    form = forms.DecisionForm(request.POST, team=case.team)
    if not form.is_valid():
        return _invalid(request, form)
    services.case_decide(
        actor, number, member_ids=form.cleaned_data.pop("members"), **form.cleaned_data
    )
    messages.success(request, _("Decision recorded."))
    return _back(request, number)


@_post_form(forms.ServiceForm)
def case_service(actor: Actor, number: str, data: dict) -> None:
    services.service_add(actor, number, **data)


@_post_form(forms.FollowUpForm)
def case_followup(actor: Actor, number: str, data: dict) -> None:
    services.followup_add(actor, number, **data)


@_post_form(forms.ConsentForm)
def case_consent(actor: Actor, number: str, data: dict) -> None:
    services.consent_record(actor, number, **data)


@_post_form(forms.ReferralForm)
def case_refer(actor: Actor, number: str, data: dict) -> None:
    services.referral_send(actor, number, **data)


@_post_form(forms.CloseForm)
def case_close(actor: Actor, number: str, data: dict) -> None:
    services.case_close(actor, number, data["reason"])


@protection_view
@require_GET
def case_audit(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    services.open_case(actor, number, access.AUDIT)
    entries = selectors.audit_trail(number)
    names = dict(
        User.objects.filter(pk__in={e.user_id_ref for e in entries}).values_list("pk", "username")
    )
    agencies = dict(Agency.objects.values_list("pk", "name"))
    rows = [(e, names.get(e.user_id_ref, "-"), agencies.get(e.agency_id_ref, "-")) for e in entries]
    return render(request, "protection/audit.html", {"number": number, "rows": rows})


# -- referrals ----------------------------------------------------------------------------------


@protection_view
@require_POST
def referral_respond(request: HttpRequest, actor: Actor, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404(_("There is no such page."))
    referral = services.referral_respond(actor, pk, accept=answer == "accept")
    if referral.status == "accepted":
        messages.success(request, _("Referral accepted."))
        return _back(request, referral.case.number)
    messages.success(request, _("Referral declined."))
    return redirect("protection:home")


@protection_view
@require_POST
def referral_revoke(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    referral = services.referral_revoke(actor, pk)
    messages.success(request, _("Referral revoked."))
    return _back(request, referral.case.number)


# -- statistics and export ----------------------------------------------------------------------


@protection_view
@require_GET
def statistics(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.STATS)
    measure = request.GET.get("measure", "cases")
    dimension = request.GET.get("by", "sex")
    if measure not in stats.MEASURES or dimension not in stats.DIMENSIONS:
        raise Http404(_("Unknown measure or dimension."))
    year_text = request.GET.get("year", "").strip()
    if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
        raise Http404(_("The year must be a year such as 2025."))
    year = int(year_text) if year_text else None
    audit.record(actor, "stats.read", "", note=f"{measure} by {dimension} {year_text}".strip())
    return render(
        request,
        "protection/statistics.html",
        {
            "table": stats.table(measure, dimension, year),
            "measures": stats.MEASURES,
            "dimensions": stats.DIMENSIONS,
            "k": conf.k_threshold(),
            "may_feed": roles.can(request.user, roles.EDIT),
            "feed_year": year or timezone.localdate().year - 1,
        },
    )


@protection_view
@require_POST
def statistics_feed(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Write one figure of the page into an activity's indicator (parity.protection.results)."""
    form = forms.FeedResultForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    data = form.cleaned_data
    fed = results.feed_indicator(
        actor,
        data["activity"],
        data["indicator"],
        measure=data["measure"],
        dimension=data["by"],
        value=data["value"],
        year=data["year"],
    )
    done = _("%(value)s written as the %(year)s actual of %(activity)s, indicator “%(indicator)s”.")
    names = {"value": fed.value, "year": fed.year, "activity": fed.activity}
    messages.success(request, done % {**names, "indicator": fed.indicator})
    return redirect(fed.link)


@protection_view
@require_GET
def export_htcds(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404(_("Export as csv or json."))
    services.require_agency(actor, access.EXPORT)
    if not recently_reauthenticated(request):
        return _need_reauth(request, actor, "export.htcds")
    rows = htcds.records(services.export_rows(actor))
    audit.record(actor, "export.htcds", "", note=f"{len(rows)} records {fmt}")
    if fmt == "json":
        response = HttpResponse(json.dumps(rows, indent=1), content_type="application/json")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=htcds.fields())
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="htcds.{fmt}"'
    return response


# -- second factor and re-authentication --------------------------------------------------------


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("protection:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return reverse("protection:home")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.membership is None:
        raise Http404(_("There is no such page."))
    current = factor.factor_of(request.user)
    secret = None
    if current is None:
        current, secret = factor.start_setup(request.user)
    elif current.confirmed_at is None:
        secret = factor.secret_of(current)  # set up but never confirmed: show it again
    form = forms.CodeForm(request.POST or None)
    ip = throttle.client_ip(request)
    if request.method == "POST" and form.is_valid():
        name = request.user.get_username() + "#2fa"
        if throttle.locked(name, ip):
            form.add_error("code", _("Too many wrong codes: wait 15 minutes."))
        elif factor.check(current, form.cleaned_data["code"]):
            throttle.reset(name, ip)
            request.session.cycle_key()
            request.session[VERIFIED] = request.user.pk
            audit.record(actor, "auth.2fa", "")
            return redirect(_next(request))
        else:
            throttle.fail(name, ip)
            audit.record(actor, "auth.2fa", "", audit.REFUSED, "wrong code")
            form.add_error("code", _("This code is not valid."))
    return render(
        request,
        "protection/second_factor.html",
        {
            "form": form,
            "secret": secret,
            "uri": factor.provisioning_uri(request.user, secret) if secret else "",
            "next": _next(request),
        },
    )


@protection_view
@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        current = factor.factor_of(request.user)
        if (
            user is not None
            and user.pk == request.user.pk
            and current
            and factor.check(current, form.cleaned_data["code"])
        ):
            request.session[REAUTH] = time.time()
            audit.record(actor, "auth.reauth", "")
            return redirect(_next(request))
        audit.record(actor, "auth.reauth", "", audit.REFUSED, "wrong password or code")
        form.add_error(None, _("The password or the code is wrong."))
    return render(request, "protection/reauth.html", {"form": form, "next": _next(request)})
