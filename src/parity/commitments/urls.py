from django.urls import path

from parity.commitments import views

app_name = "commitments"
urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/<slug:slug>/", views.pledge_detail, name="pledge-detail"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
]
