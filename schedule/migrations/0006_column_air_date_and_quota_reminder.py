"""The column month's agreed air or print date becomes a date (rule 5), and the plan's setting of
the quota-shortfall reminder (rule 1).

Until now the department typed the agreed timing into the free text "agreed content and timing".
For each month agreed, produced or aired that has agreed content but no date, this reads the date
out of that text: ``15/6/2023``, ``15-06-2023``, ``15.6.2023``, ``2023-06-15``, ``ngày 15 tháng 6
năm 2023``, or a day and month without the year (``phát ngày 20/3``: the plan's year). When the
text holds exactly one such date of the plan's year or the next, it becomes ``air_date``; otherwise
(none, several, or one that is not a real day) the month keeps no date and gets a note saying so,
shown on its page until the department gives the date. The text itself is left as it was.
"""

import datetime
import re

from django.db import migrations, models

DAY_MONTH_YEAR = re.compile(
    r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/.-]*\d)"  # 15/6/2023, 20/3
    r"|(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"  # 2023-06-15
    r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?",  # ngày 15 tháng 6 năm 2023
    re.IGNORECASE,
)
NOTE = (
    "Chưa ghi được ngày phát sóng/đăng: nội dung đã thống nhất {what}. "
    "Ban Phong trào – Tuyên giáo nhập ngày khi sửa nội dung đã thống nhất hoặc khi ghi nhận đã phát sóng, đăng báo."
)


def dates_in_text(text: str, *, year: int) -> tuple[set[datetime.date], int]:
    """The real dates written in ``text`` (a date without its year is of ``year``), and how many
    date-like groups were not real dates (31/2/2023)."""
    found: set[datetime.date] = set()
    invalid = 0
    for match in DAY_MONTH_YEAR.finditer(text or ""):
        g = match.groups()
        if g[0]:
            day, month, full_year = g[0], g[1], g[2]
        elif g[3]:
            full_year, month, day = g[3], g[4], g[5]
        else:
            day, month, full_year = g[6], g[7], g[8]
        try:
            found.add(datetime.date(int(full_year) if full_year else year, int(month), int(day)))
        except ValueError:
            invalid += 1
    return found, invalid


def agreed_date(text: str, *, year: int) -> tuple[datetime.date | None, str]:
    """The one date of ``year`` or the next that ``text`` agrees, or None with what the note says."""
    found, invalid = dates_in_text(text, year=year)
    plausible = sorted(d for d in found if year <= d.year <= year + 1)
    if len(plausible) == 1:
        return plausible[0], ""
    if len(plausible) > 1:
        listed = ", ".join(d.strftime("%d/%m/%Y") for d in plausible)
        return None, f"có nhiều ngày ({listed}), không rõ ngày nào"
    if found or invalid:
        return None, "có ngày không hợp lệ hoặc không thuộc năm của kế hoạch"
    return None, "không có ngày"


def convert_timing(apps, schema_editor):
    ColumnMonth = apps.get_model("schedule", "ColumnMonth")
    months = (
        ColumnMonth.objects.filter(state__in=["agreed", "produced", "aired"], air_date__isnull=True)
        .exclude(agreed_content="")
        .select_related("plan")
    )
    for month in months:
        day, what = agreed_date(month.agreed_content, year=month.plan.year)
        if day is not None:
            month.air_date, month.air_date_note = day, ""
        else:
            month.air_date_note = NOTE.format(what=what)[:500]
        month.save(update_fields=["air_date", "air_date_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("schedule", "0005_topic_retired_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="columnmonth",
            name="air_date_note",
            field=models.CharField(blank=True, max_length=500, verbose_name="note on the air or print date"),
        ),
        migrations.AddField(
            model_name="plan",
            name="quota_reminder_working_days",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="0: no reminder.",
                verbose_name="remind units short of the quota this many working days before the month ends",
            ),
        ),
        migrations.AlterField(
            model_name="plan",
            name="event_news_allowance_days",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="working days allowed for items about an event"
            ),
        ),
        migrations.RunPython(convert_timing, migrations.RunPython.noop),
    ]
