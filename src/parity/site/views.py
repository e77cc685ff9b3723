from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parity.activities.models import Activity
from parity.commitments.models import Event, Framework, Pledge


def home(request: HttpRequest) -> HttpResponse:
    counts = Activity.objects.aggregate(
        total=Count("id"),
        sample=Count("id", filter=Q(is_sample=True)),
        focused=Count("id", filter=Q(gender_marker__in=[1, 2])),
        screened=Count("id", filter=Q(gender_marker__isnull=False)),
    )
    return render(
        request,
        "site/home.html",
        {
            "counts": counts,
            "pledges": Pledge.objects.select_related("event").order_by("announced_on")[:12],
            "frameworks": Framework.objects.order_by("adopted_on")[:12],
            "events": Event.objects.order_by("-start_date")[:6],
        },
    )
