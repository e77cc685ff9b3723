from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "parity.site"
    label = "site"
    verbose_name = "Site"
