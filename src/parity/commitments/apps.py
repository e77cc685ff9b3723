from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "parity.commitments"
    verbose_name = "Commitments"

    def ready(self) -> None:
        # Connects the handlers that keep stored pledge progress honest (see signals.py).
        from parity.commitments import signals  # noqa: F401
