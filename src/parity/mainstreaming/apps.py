from django.apps import AppConfig


class MainstreamingConfig(AppConfig):
    name = "parity.mainstreaming"
    verbose_name = "Gender mainstreaming"
