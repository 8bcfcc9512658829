"""Plans (kế hoạch), their settings, topics and the monthly radio-TV column / newspaper page table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Unit


class Plan(models.Model):
    """A committee's plan for a year, with the settings the rest of the portal reads from it."""

    committee = models.ForeignKey(Unit, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="plans")
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 616/MTTQ-BTT"))
    title = models.CharField(_("title"), max_length=400)
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    year = models.PositiveIntegerField(_("year"))
    implements = models.ManyToManyField(
        "self", verbose_name=_("implements"), symmetrical=False, blank=True, related_name="implemented_by"
    )
    document = models.FileField(_("document"), upload_to="plans/%Y/", blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)

    # Settings from the plan's text (Sóc Trăng 2023, section II.1 and the note to II.2).
    quota_news = models.PositiveSmallIntegerField(_("news items per month"), default=2)
    quota_articles = models.PositiveSmallIntegerField(_("articles per month"), default=1)
    quota_units = models.ManyToManyField(
        Unit, verbose_name=_("units that carry the quota"), blank=True, related_name="+"
    )
    coordination_day = models.PositiveSmallIntegerField(_("coordination day of the month"), default=5)
    holidays_move_deadline = models.BooleanField(
        _("public holidays also move the coordination deadline"),
        default=False,
        help_text=_("The plan moves the deadline only off Saturdays and Sundays; turn on to skip holidays too."),
    )
    event_news_allowance_days = models.PositiveSmallIntegerField(_("working days allowed for event news"), default=1)
    reminder_days_before = models.PositiveSmallIntegerField(_("remind this many days before the deadline"), default=3)

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Topic(models.Model):
    """A content focus of a plan (rule 7): what items are written about."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class ColumnMonth(models.Model):
    """One month of the radio-TV column and newspaper page table of a plan."""

    class Media(models.TextChoices):
        COLUMN = "column", _("Radio-TV column")
        PAGE = "page", _("Newspaper page")
        BOTH = "both", _("Radio-TV column and newspaper page")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        AGREED = "agreed", _("Agreed")
        PRODUCED = "produced", _("Produced")
        AIRED = "aired", _("Aired/printed")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="column_months")
    month = models.PositiveSmallIntegerField(_("month"))
    topic = models.TextField(_("suggested topic"))
    media = models.CharField(_("media"), max_length=10, choices=Media.choices, default=Media.BOTH)
    units = models.ManyToManyField(Unit, verbose_name=_("coordinating units"), blank=True, related_name="column_months")
    all_quota_units = models.BooleanField(_("all district-level units"), default=False)
    units_label = models.CharField(_("coordinating units as the plan prints them"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUGGESTED)
    plan_note = models.CharField(_("note in the plan"), max_length=200, blank=True)
    agreed_content = models.TextField(_("agreed content"), blank=True)
    air_date = models.DateField(_("air or print date"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "month"]
        unique_together = [("plan", "month")]
        verbose_name = _("column month")
        verbose_name_plural = _("column months")

    def __str__(self) -> str:
        return f"{self.month}/{self.plan.year}"


class CalendarDay(models.Model):
    """A day that differs from the usual calendar: an extra day off, or a make-up working day
    (ngày làm bù) on a weekend. Entered by administrators; read by ``schedule.selectors``."""

    committee = models.ForeignKey(
        Unit,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        help_text=_("Leave empty for every committee."),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: a make-up working day; not ticked: a day off.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        unique_together = [("committee", "date")]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.note}".strip()
