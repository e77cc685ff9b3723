from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from parity.api.api import api

urlpatterns = [
    path("", include("parity.site.urls")),
    path("", include("parity.pagekit.urls")),
    path("", include("parity.activities.urls")),
    path("api/", api.urls),
    path("", include("parity.commitments.urls")),
    path("mainstreaming/", include("parity.mainstreaming.urls")),
    path("protection/", include("parity.protection.urls")),
    path("dashboard/", include("parity.analytics.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A refused request gets the site's page naming who can grant access (parity.site.denied).
handler403 = "parity.site.denied.permission_denied"
