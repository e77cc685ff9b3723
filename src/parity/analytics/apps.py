from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "parity.analytics"
    verbose_name = "Analytics: dashboard figures"
    default_auto_field = "django.db.models.BigAutoField"
