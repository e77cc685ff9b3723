from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "parity.protection"
    verbose_name = _("Protection (anti-trafficking cases)")

    def ready(self) -> None:
        # Registers the key check and the login-throttle signal handlers.
        from parity.protection import checks, throttle  # noqa: F401
