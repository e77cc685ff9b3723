"""The page for a refused request (403): what was refused, and who can grant access, in the
site's layout rather than Django's bare "403 Forbidden"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception is not None else ""
    context = {
        "exception": message,
        "protection": request.path.startswith("/protection/"),
    }
    return render(request, "403.html", context, status=403)
