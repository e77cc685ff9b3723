from django.apps import AppConfig


class PagekitConfig(AppConfig):
    name = "parity.pagekit"
    # The label of the app this kit was split from: the data generation's table
    # (web_datageneration) and its migration history stay as they are.
    label = "web"
    verbose_name = "Page kit"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.urls import register_converter

        from parity.pagekit import freshness
        from parity.pagekit.converters import IatiIdentifierConverter

        register_converter(IatiIdentifierConverter, "iati_identifier")

        connection_created.connect(freshness.watch, dispatch_uid="parity-data-generation")
        pre_migrate.connect(freshness.migrations_started, dispatch_uid="parity-migrating")
        post_migrate.connect(freshness.migrations_finished, dispatch_uid="parity-migrated")
