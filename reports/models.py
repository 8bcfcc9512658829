"""Propaganda activities by form, periodic reports from wards, communes and member organizations,
and the report settings of a plan (Sầm Sơn 2023, rule 8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Unit
from reports import periods, workflow
from schedule.models import Plan


class ActivityForm(models.Model):
    """A form of propaganda of a plan (a seminar, a loudspeaker period, ...) and the facts an
    activity of that form records: ``fields`` is a list of {name, label, type, required, choices?}
    (types in ``reports.fields``). Data of the plan, so the city can add a form without code."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activity_forms")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fields = models.JSONField(_("fields"), default=list)
    # The field whose date places an activity in a reporting period.
    date_field = models.CharField(_("date field"), max_length=40, default="date")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["plan", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="one_activity_form_code_per_plan")]
        verbose_name = _("activity form")
        verbose_name_plural = _("activity forms")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """One propaganda activity a unit recorded, with the facts its form asks for in ``values``."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="activities")
    form = models.ForeignKey(ActivityForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="activities")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities")
    occurred_on = models.DateField(_("date"))
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    values = models.JSONField(_("facts"), default=dict)
    links = models.JSONField(_("links"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["plan", "unit", "occurred_on"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.form} · {self.occurred_on:%d/%m/%Y}"


class ActivityPhoto(models.Model):
    """A photo of an activity, checked on upload like an item's photos."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="activities/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    quality = models.JSONField(_("quality report"), default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "uploaded_at", "pk"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")


class PeriodKind(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("Monthly")
    QUARTERLY = periods.QUARTERLY, _("Quarterly")
    HALF_YEARLY = periods.HALF_YEARLY, _("Six-monthly")
    YEARLY = periods.YEARLY, _("Yearly")


class ReportSettings(models.Model):
    """How often the plan's lower units report, by when, and how the compilation is signed.
    The Sầm Sơn plan says "định kỳ" and gives no period: the city sets it here."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="report_settings")
    period = models.CharField(
        _("reporting period"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.QUARTERLY
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"), default=5, help_text=_("Reports are due on this day of the month after the period.")
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind this many working days before the due day"), default=3
    )
    place_name = models.CharField(
        _("place name in the date line"), max_length=100, blank=True, help_text=_("e.g. Sầm Sơn")
    )
    document_symbol = models.CharField(_("document symbol"), max_length=40, default="BC-MTTQ")
    signer_on_behalf = models.CharField(_("signing on behalf of"), max_length=100, default="TM. BAN THƯỜNG TRỰC")
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.plan)


class Report(models.Model):
    """A unit's periodic report to the city's standing board for one period of a plan."""

    class State(models.TextChoices):
        DRAFT = workflow.State.DRAFT, _("Draft")
        SUBMITTED = workflow.State.SUBMITTED, _("Submitted")
        RETURNED = workflow.State.RETURNED, _("Returned for correction")
        ACCEPTED = workflow.State.ACCEPTED, _("Accepted")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="unit_reports")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="periodic_reports")
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_key = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)

    results = models.TextField(_("results"), blank=True)
    mobilised_count = models.PositiveIntegerField(
        _("members mobilised for supervision and social criticism"), null=True, blank=True
    )
    mobilisation = models.TextField(_("supervision and social criticism"), blank=True)
    ideological_situation = models.TextField(_("ideological situation of cadres and members"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals to the party committee"), blank=True)
    # The period's activity counts by form code, taken when the report is submitted.
    counts = models.JSONField(_("activity counts"), default=dict, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "period_key"], name="one_report_per_unit_and_period")
        ]
        indexes = [models.Index(fields=["plan", "period_key", "state"])]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_key}"

    @property
    def period(self) -> periods.Period:
        return periods.parse_key(self.period_key)

    @property
    def is_late(self) -> bool:
        """Filed after its due day (the first submission counts)."""
        if self.first_submitted_at is None:
            return False
        return timezone.localtime(self.first_submitted_at).date() > self.due_on


class ReportTransition(models.Model):
    """One step of a report: who, when, from what to what, and the comment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=Report.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Report.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")


class ReportReminder(models.Model):
    """A reminder sent to a unit for a period; the unique row makes the reminder task idempotent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(max_length=10)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "period_key"], name="one_report_reminder_per_period")
        ]
