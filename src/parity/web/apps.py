from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parity.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from parity.web import freshness

        connection_created.connect(freshness.watch, dispatch_uid="parity-data-generation")
