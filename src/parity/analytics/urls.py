from django.urls import path

from parity.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.json", views.figures_json, name="figures-json"),
    path("figures/<slug:name>.<str:fmt>", views.figure_download, name="figure"),
    path("activities.xml", views.activities_xml, name="activities-xml"),
]
