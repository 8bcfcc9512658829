from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("News items and articles")

    def ready(self) -> None:
        from submissions import public_cache

        public_cache.connect()  # publishing and unpublishing invalidate the cached public pages
