"""Monthly quota tallies, their freezing and recomputation, and a plan's scoring weights."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Unit
from schedule.models import Plan


class PlanScoring(models.Model):
    """Points per counted item for a plan's emulation scoring. A plan without a row uses 1 and 1
    (the documented default in ``emulation.scoring``)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="scoring", verbose_name=_("plan"))
    news_weight = models.PositiveSmallIntegerField(_("points per news item up to the quota"), default=1)
    article_weight = models.PositiveSmallIntegerField(_("points per article up to the quota"), default=1)

    class Meta:
        verbose_name = _("scoring weights")
        verbose_name_plural = _("scoring weights")

    def __str__(self) -> str:
        return str(self.plan)


class MonthlyTally(models.Model):
    """One quota unit's published items counted toward one month of a plan (rule 2).

    Refreshed nightly while the month is open; ``frozen_at`` is set once at the month's close,
    after which only a propaganda-department recompute (logged in ``TallyRecompute``) changes it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tallies")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tallies")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    news = models.PositiveIntegerField(_("news items"), default=0)
    articles = models.PositiveIntegerField(_("articles"), default=0)
    compliant = models.BooleanField(_("quota met"), default=False)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["plan", "month", "unit"]
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        constraints = [models.UniqueConstraint(fields=["plan", "unit", "month"], name="tally_one_per_unit_month")]
        indexes = [models.Index(fields=["plan", "month"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y}"

    def figures(self) -> dict:
        return {"news": self.news, "articles": self.articles, "compliant": self.compliant}


class TallyRecompute(models.Model):
    """A propaganda-department user recomputed a frozen month: who, when, why, before and after.

    ``before`` and ``after`` map unit codes to ``{"news", "articles", "compliant"}``.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tally_recomputes")
    month = models.DateField(_("month"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("tally recompute")
        verbose_name_plural = _("tally recomputes")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.at:%d/%m/%Y %H:%M}"

    @property
    def changes(self) -> list[tuple[str, dict, dict]]:
        """(unit code, before, after) for the units whose figures changed."""
        codes = sorted(set(self.before) | set(self.after))
        return [
            (code, self.before.get(code, {}), self.after.get(code, {}))
            for code in codes
            if self.before.get(code) != self.after.get(code)
        ]


class QuotaReminder(models.Model):
    """A unit short of its quota near a month's end was reminded (rule 1): the unique row makes
    the reminder task idempotent, and keeps what the unit was told it lacked."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    news_missing = models.PositiveSmallIntegerField(_("news items missing"), default=0)
    articles_missing = models.PositiveSmallIntegerField(_("articles missing"), default=0)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-month", "unit"]
        verbose_name = _("quota reminder")
        verbose_name_plural = _("quota reminders")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "month"], name="one_quota_reminder_per_unit_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y}"
