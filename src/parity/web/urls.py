from django.urls import path

from parity.web import views

urlpatterns = [path("", views.home, name="home")]
