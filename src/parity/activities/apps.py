from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "parity.activities"
    verbose_name = "Activities"
