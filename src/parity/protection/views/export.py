"""The HTCDS export: de-identified records of consented cases, after re-authentication."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parity.protection import audit, services
from parity.protection.audit import Actor
from parity.protection.core import access, htcds
from parity.protection.views.common import need_reauth, protection_view, recently_reauthenticated


@protection_view
@require_GET
def export_htcds(request: HttpRequest, actor: Actor, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404(_("Export as csv or json."))
    services.require_agency(actor, access.EXPORT)
    if not recently_reauthenticated(request):
        return need_reauth(request, actor, "export.htcds")
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
