from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The role home pages and the demo data: the one place that composes every app."""

    name = "home"
    verbose_name = _("Home pages")
