"""The protection module's own menu: only the pages the member's role may open, so nobody is
sent to a refusal from the menu itself."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from parity.protection import services
from parity.protection.core import access

register = template.Library()


@register.inclusion_tag("protection/_menu.html", takes_context=True)
def protection_menu(context: template.Context) -> dict:
    user = context["request"].user
    membership = services.membership_of(user) if user.is_authenticated else None
    role = membership.role if membership else None

    def allowed(action: str) -> bool:
        return access.decide_agency(role, action) == access.ALLOW

    # A role that may only read counts has no cases page (it redirects to the statistics).
    entries = [
        (allowed(access.LIST), "protection:home", _("Cases")),
        (allowed(access.INTAKE), "protection:contact-new", _("Log a contact")),
        (allowed(access.INTAKE), "protection:contacts", _("Contacts")),
        (allowed(access.STATS), "protection:statistics", _("Statistics")),
    ]
    return {"links": [(name, label) for shown, name, label in entries if shown]}
