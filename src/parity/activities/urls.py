from django.urls import include, path

from parity.activities import views

activity_patterns = [
    path("", views.activity_list, name="list"),
    path("export.csv", views.activity_export, {"kind": "csv"}, name="export-csv"),
    path("export.xlsx", views.activity_export, {"kind": "xlsx"}, name="export-xlsx"),
    path("<iati_identifier:identifier>/", views.activity_detail, name="detail"),
]
# Imports keep the names they had before they moved here from the root (no namespace).
urlpatterns = [
    path("activities/", include((activity_patterns, "activities"))),
    path("imports/", views.import_list, name="import-list"),
    path("imports/upload/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import-retry"),
]
