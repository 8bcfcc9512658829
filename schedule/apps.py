from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Plans and column schedule")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from schedule.models import CalendarDay

        # The cached calendar days (schedule.selectors.calendar_for) are read again after any change.
        post_save.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="schedule.calendar_saved")
        post_delete.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="schedule.calendar_deleted")


def _calendar_changed(sender, **kwargs) -> None:
    from portal import versions
    from schedule.selectors import CALENDAR_VERSION

    versions.bump(CALENDAR_VERSION)
