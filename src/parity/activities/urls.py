from django.urls import path

from parity.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<path:identifier>/", views.activity_detail, name="detail"),
]
