from django.apps import AppConfig


class MainstreamingConfig(AppConfig):
    name = "parity.mainstreaming"
    verbose_name = "Gender mainstreaming"

    def ready(self) -> None:
        from parity.activities.signals import activities_imported, import_starting
        from parity.mainstreaming.receivers import (
            catch_up_flags_before_import,
            refresh_flags_after_import,
        )

        activities_imported.connect(refresh_flags_after_import, dispatch_uid="mainstreaming-flags")
        import_starting.connect(catch_up_flags_before_import, dispatch_uid="mainstreaming-catch-up")
