from django.urls import path

from parity.site import views

urlpatterns = [path("", views.home, name="home")]
