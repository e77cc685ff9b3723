"""A supervisor issues enrolment codes for the second factor of their agency's members."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parity.protection import audit, enrolment, forms, services
from parity.protection.audit import Actor
from parity.protection.core import access
from parity.protection.models import Factor, Membership
from parity.protection.views.common import need_reauth, protection_view, recently_reauthenticated


@protection_view
@require_http_methods(["GET", "POST"])
def enrolment_codes(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.ENROL)
    issued = None
    if request.method == "POST":
        if not recently_reauthenticated(request):
            return need_reauth(request, actor, "auth.enrol_code")
        form = forms.IssueCodeForm(request.POST, agency_id=actor.agency_id)
        if not form.is_valid():
            audit.record(actor, "auth.enrol_code", "", audit.NOT_FOUND, "not a member here")
            raise Http404(_("There is no such member in your agency."))
        member = form.cleaned_data["member"]
        # Shown in this answer only: the database keeps a hash.
        issued = (member, enrolment.issue(member.user, request.user))
        audit.record(actor, "auth.enrol_code", "", note=f"member {member.pk}")
    members = Membership.objects.filter(agency_id=actor.agency_id).select_related("user")
    confirmed = set(
        Factor.objects.filter(
            user__in=[m.user_id for m in members], confirmed_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    rows = [(m, m.user_id in confirmed) for m in members.order_by("user__username")]
    return render(request, "protection/enrolment.html", {"rows": rows, "issued": issued})
