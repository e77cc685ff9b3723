from django.urls import path

from parity.mainstreaming import suggestion_views, views

app_name = "mainstreaming"
urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export.<str:fmt>", views.portfolio_export, name="portfolio-export"),
    path("reviews/<int:pk>/", views.review_edit, name="review"),
    path("reviews/<int:pk>/<str:action>/", views.review_transition, name="transition"),
    path("activity/<int:pk>/start/", views.review_start, name="start"),
    path("activity/<int:pk>/tags/", views.tag_change, name="tags"),
    path("activities/<iati_identifier:identifier>/", views.activity_reviews, name="activity"),
    path(
        "activity/<int:pk>/suggestion/",
        suggestion_views.suggestion_decision,
        name="suggestion-decide",
    ),
]
