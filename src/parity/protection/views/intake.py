"""The agency's own lists and intake: the case list, hotline contacts, opening a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parity.pagekit.pages import page_or_404
from parity.protection import audit, forms, selectors, services
from parity.protection.audit import Actor
from parity.protection.core import access
from parity.protection.models import Contact
from parity.protection.views.common import PAGE_SIZE, back, invalid, protection_view


@protection_view
@require_GET
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    # A statistics viewer sees no case: the module's entry in the menu opens their page.
    listing = access.decide_agency(actor.role, access.LIST) == access.ALLOW
    if not listing and access.decide_agency(actor.role, access.STATS) == access.ALLOW:
        return redirect("protection:statistics")
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
            return invalid(request, form)
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
            return invalid(request, form)
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
        return back(case.number)
    return render(request, "protection/case_form.html", {"form": form, "contact": contact})
