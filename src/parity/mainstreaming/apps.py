from django.apps import AppConfig


class MainstreamingConfig(AppConfig):
    name = "parity.mainstreaming"
    verbose_name = "Gender mainstreaming"

    def ready(self) -> None:
        from parity.activities.signals import (
            activities_imported,
            activities_written,
            crs_projects_written,
            import_starting,
        )
        from parity.mainstreaming.receivers import (
            catch_up_flags_before_import,
            refresh_flags_after_import,
            store_flags_of_crs_projects,
            store_flags_of_written,
        )

        activities_imported.connect(refresh_flags_after_import, dispatch_uid="mainstreaming-flags")
        activities_written.connect(store_flags_of_written, dispatch_uid="mainstreaming-written")
        crs_projects_written.connect(store_flags_of_crs_projects, dispatch_uid="mainstreaming-crs")
        import_starting.connect(catch_up_flags_before_import, dispatch_uid="mainstreaming-catch-up")
