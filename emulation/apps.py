from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Quota tallies and emulation")

    def ready(self) -> None:
        from emulation import dashboard_cache

        dashboard_cache.connect()  # changes to plans and units invalidate the cached dashboard
