from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parity.web"
    verbose_name = "Web"
