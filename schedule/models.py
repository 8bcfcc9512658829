"""Plans (kế hoạch), their settings, topics and the monthly radio-TV column / newspaper page table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Unit


class PlanQuerySet(models.QuerySet):
    def committee_own(self) -> PlanQuerySet:
        """The committee's own plans: issued by the committee itself (or with no issuer recorded).

        A ward's, commune's or member organization's plan is stored under the same committee (it
        belongs to that committee's tree) with the lower unit as its ``issuing_unit``; it never
        stands in for the committee's plan of the year, its quota or its tally.
        """
        return self.filter(Q(issuing_unit__isnull=True) | Q(issuing_unit=F("committee")))

    def lower_level(self) -> PlanQuerySet:
        """Plans of units below the committee (wards, communes, member organizations)."""
        return self.exclude(issuing_unit__isnull=True).exclude(issuing_unit=F("committee"))


class Plan(models.Model):
    """A plan for a year, with the settings the rest of the portal reads from it.

    ``committee`` is the committee whose tree the plan belongs to. The committee's own plan is
    issued by the committee; a lower unit's plan (a ward implementing the city's) names that unit
    as its ``issuing_unit`` and implements the committee's plan (see ``PlanQuerySet``).
    """

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
    # Rule 4: news items and articles about an event ("Tin, bài về các sự kiện").
    event_news_allowance_days = models.PositiveSmallIntegerField(
        _("working days allowed for items about an event"), default=1
    )
    reminder_days_before = models.PositiveSmallIntegerField(_("remind this many days before the deadline"), default=3)
    # Rule 1: a quota unit still short of the month's quota is reminded once, this many working
    # days before the month ends (``schedule.workdays.WorkingCalendar.quota_reminder_day``).
    quota_reminder_working_days = models.PositiveSmallIntegerField(
        _("remind units short of the quota this many working days before the month ends"),
        default=3,
        help_text=_("0: no reminder."),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_committee_plan(self) -> bool:
        return self.issuing_unit_id is None or self.issuing_unit_id == self.committee_id


class PlanAttachment(models.Model):
    """A file of a plan: the plan itself, its propaganda outline ("đề cương"), or an annex.
    Kept when replaced: uploads are never lost."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("The plan")
        OUTLINE = "outline", _("Propaganda outline")
        ANNEX = "annex", _("Annex")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="plans/attachments/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["plan", "kind", "uploaded_at", "pk"]
        verbose_name = _("plan attachment")
        verbose_name_plural = _("plan attachments")

    def __str__(self) -> str:
        return self.title or self.original_name


class PlanRecipient(models.Model):
    """A line of the plan's "Nơi nhận": a unit of the portal or a body named in free text.
    ``receives_reports`` is the "(b/c)" mark: those the committee reports its results to."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("recipient"), max_length=300, blank=True)
    receives_reports = models.BooleanField(_("receives reports (b/c)"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "sort_order", "pk"]
        verbose_name = _("plan recipient")
        verbose_name_plural = _("plan recipients")

    def __str__(self) -> str:
        label = self.name or (self.unit.name if self.unit_id else "")
        return f"{label} (b/c)" if self.receives_reports else label


class Topic(models.Model):
    """A content focus of a plan (rule 7): what items are written about."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # A retired topic is no longer offered for new items; items that point at it keep it.
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

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
    topic = models.TextField(_("suggested topic"), blank=True)
    media = models.CharField(_("media"), max_length=10, choices=Media.choices, default=Media.BOTH)
    units = models.ManyToManyField(Unit, verbose_name=_("coordinating units"), blank=True, related_name="column_months")
    all_quota_units = models.BooleanField(_("all district-level units"), default=False)
    units_label = models.CharField(_("coordinating units as the plan prints them"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUGGESTED)
    plan_note = models.CharField(_("note in the plan"), max_length=200, blank=True)
    agreed_content = models.TextField(_("agreed content"), blank=True)
    # The date agreed with the propaganda department when the month is agreed (rule 5: "thống nhất
    # nội dung và thời gian"), corrected to the real one when the month is recorded as aired.
    air_date = models.DateField(_("air or print date"), null=True, blank=True)
    # Left by the conversion of the free-text timing into ``air_date`` (migration 0006) when the
    # text held no single readable date; cleared once a date is given.
    air_date_note = models.CharField(_("note on the air or print date"), max_length=500, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)

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


class PlanReference(models.Model):
    """A plan of a body outside the installation that a plan implements, e.g. the provincial
    committee's 616/MTTQ-BTT or the city party committee's 195-KH/TU (rule 8)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    number = models.CharField(_("number"), max_length=60, help_text=_("e.g. 195-KH/TU"))
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=400, blank=True)

    class Meta:
        ordering = ["plan", "issued_on", "number"]
        verbose_name = _("referenced plan")
        verbose_name_plural = _("referenced plans")

    def __str__(self) -> str:
        issued = f", {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        issuer = f" ({self.issuer})" if self.issuer else ""
        return f"{self.number}{issued}{issuer}"


class ColumnRegistration(models.Model):
    """A unit's lead confirms that the unit takes the month, possibly with an adjusted topic
    (the plan's topics are suggestions). Month 12 has one registration per district-level unit."""

    column_month = models.ForeignKey(ColumnMonth, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    proposed_topic = models.TextField(_("proposed topic"), blank=True)
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["column_month", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["column_month", "unit"], name="one_registration_per_unit")]
        verbose_name = _("column registration")
        verbose_name_plural = _("column registrations")

    def __str__(self) -> str:
        return f"{self.column_month} · {self.unit}"


class ColumnStaff(models.Model):
    """A person a unit appointed to produce its month of the column or page. Withdrawn, never deleted."""

    column_month = models.ForeignKey(ColumnMonth, on_delete=models.CASCADE, related_name="staff")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="column_appointments",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appointed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["column_month", "unit__sort_order", "appointed_at"]
        verbose_name = _("column staff")
        verbose_name_plural = _("column staff")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


class ColumnTransition(models.Model):
    """One step of a month through its states: who, when, from what to what, and why."""

    column_month = models.ForeignKey(ColumnMonth, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=ColumnMonth.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ColumnMonth.State.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["column_month", "at", "pk"]
        verbose_name = _("column state change")
        verbose_name_plural = _("column state changes")


class CalendarFeedToken(models.Model):
    """The secret in a calendar subscription address. ``unit`` empty: the whole committee's feed.
    Revoked tokens stay (revoked_at set) so an old address keeps answering 404."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
