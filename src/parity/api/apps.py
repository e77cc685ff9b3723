from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "parity.api"
    label = "api"
    verbose_name = "JSON API"
