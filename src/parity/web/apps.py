from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "parity.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from parity.web import freshness

        connection_created.connect(freshness.watch, dispatch_uid="parity-data-generation")
        pre_migrate.connect(freshness.migrations_started, dispatch_uid="parity-migrating")
        post_migrate.connect(freshness.migrations_finished, dispatch_uid="parity-migrated")
