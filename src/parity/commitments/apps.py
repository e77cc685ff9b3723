from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "parity.commitments"
    verbose_name = "Commitments"
