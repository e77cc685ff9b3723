from django.urls import path

from parity.pagekit import views

app_name = "pagekit"
urlpatterns = [
    path("assets/plotly.min.js", views.plotly_js, name="plotly-js"),
    path("favicon.ico", views.favicon, name="favicon"),
]
