"""The quota-shortfall reminder's record (rule 1), and rule 4 applied to the articles already sent.

Rule 4 now covers articles about an event as it always covered news items ("Tin, bài về các sự
kiện"). Articles sent before this change that carry an event date get their due time and late flag
computed as the submit service computes them (``submissions.services.drafts.apply_timeliness``):
the working-day calendar with the administrators' days off, and the allowance of the committee's
own plan in force on the event date (1 working day without one). Tallies count published items
whatever their lateness, so no tally changes; the review queue's "late" filter and the editors'
count of late items read the flag.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q
from django.utils import timezone

from schedule.workdays import WorkingCalendar


def flag_late_articles(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    Plan = apps.get_model("schedule", "Plan")
    CalendarDay = apps.get_model("schedule", "CalendarDay")
    articles = Submission.objects.filter(
        kind="article", event_date__isnull=False, first_submitted_at__isnull=False
    ).order_by("committee_id", "pk")
    calendars: dict[int, WorkingCalendar] = {}
    for item in articles.iterator():
        if item.committee_id not in calendars:
            rows = CalendarDay.objects.filter(Q(committee__isnull=True) | Q(committee_id=item.committee_id))
            calendars[item.committee_id] = WorkingCalendar.build(
                days_off=[r.date for r in rows if not r.is_working_day],
                working_days=[r.date for r in rows if r.is_working_day],
            )
        plan = (
            Plan.objects.filter(Q(issuing_unit__isnull=True) | Q(issuing_unit=F("committee")))
            .filter(committee_id=item.committee_id, period_start__lte=item.event_date, period_end__gte=item.event_date)
            .order_by("-period_start", "-pk")
            .first()
        )
        due_day = calendars[item.committee_id].event_news_due(
            item.event_date, allowance=plan.event_news_allowance_days if plan else 1
        )
        item.due_at = timezone.make_aware(
            datetime.datetime.combine(due_day + datetime.timedelta(days=1), datetime.time.min)
        )
        item.is_late = item.first_submitted_at >= item.due_at
        item.save(update_fields=["due_at", "is_late"])


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0001_initial"),
        ("portal", "0004_outbox"),
        ("schedule", "0006_column_air_date_and_quota_reminder"),
        ("submissions", "0004_item_version_lock"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuotaReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="First day of the month.", verbose_name="month")),
                ("news_missing", models.PositiveSmallIntegerField(default=0, verbose_name="news items missing")),
                ("articles_missing", models.PositiveSmallIntegerField(default=0, verbose_name="articles missing")),
                ("sent_at", models.DateTimeField(verbose_name="sent at")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="schedule.plan"
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="portal.unit"),
                ),
            ],
            options={
                "verbose_name": "quota reminder",
                "verbose_name_plural": "quota reminders",
                "ordering": ["-month", "unit"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "unit", "month"), name="one_quota_reminder_per_unit_month")
                ],
            },
        ),
        migrations.RunPython(flag_late_articles, migrations.RunPython.noop),
    ]
