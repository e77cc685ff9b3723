from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "parity.analytics"
    verbose_name = "Analytics: dashboard figures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from parity.activities.signals import figures_outdated
        from parity.analytics.refresh import figures_outdated_received

        figures_outdated.connect(figures_outdated_received, dispatch_uid="analytics-refresh")
