"""News items and articles sent by units to the editorial board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Unit
from schedule.models import Topic


class Submission(models.Model):
    """A news item (tin) or an article (bài) of one unit, through its whole review workflow."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News item")
        ARTICLE = "article", _("Article")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        UNPUBLISHED = "unpublished", _("Unpublished")

    committee = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL)
    event_date = models.DateField(_("event date"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Rule 2: an item counts for the month it was first submitted in, once it is published.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    quota_month = models.DateField(
        _("counts for month"), null=True, blank=True, help_text=_("First day of the month of first submission.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Rule 4: event news is due one working day after the event; late items are flagged, not refused.
    due_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [
            models.Index(fields=["committee", "state", "first_submitted_at"]),
            models.Index(fields=["unit", "quota_month", "state"]),
            models.Index(fields=["state", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title or str(_("(untitled)"))
