from django.urls import path

from parity.commitments import scope_views, views

app_name = "commitments"
urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/<slug:slug>/", views.pledge_detail, name="pledge-detail"),
    path("pledges/<slug:slug>/scope/", scope_views.pledge_scope_edit, name="pledge-scope"),
    path(
        "pledges/<slug:slug>/evidence/<slug:kind>.<str:fmt>",
        views.pledge_evidence,
        name="pledge-evidence",
    ),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("frameworks/<slug:slug>/report/", views.framework_report, name="framework-report"),
    path(
        "frameworks/<slug:slug>/report.pdf",
        views.framework_report,
        {"fmt": "pdf"},
        name="framework-report-pdf",
    ),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/report/", views.event_report, name="event-report"),
    path(
        "events/<slug:slug>/report.pdf", views.event_report, {"fmt": "pdf"}, name="event-report-pdf"
    ),
]
