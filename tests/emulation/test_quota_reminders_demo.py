"""The demo installation: the quota-shortfall reminder (rule 1) tells each unit what the ``tally``
command counts for it, no more and no less."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from emulation.models import QuotaReminder
from emulation.services import send_quota_reminders
from portal.models import Notification, Unit
from schedule.selectors import calendar_for, plan_for

pytestmark = pytest.mark.django_db


def test_each_demo_unit_short_of_the_quota_is_told_what_the_tally_lacks(demo, capsys):
    today = timezone.localdate()
    committee = Unit.objects.get(code="soc-trang")
    plan = plan_for(committee, today)
    call_command("tally", str(today.year), str(today.month), "--format", "json", "--committee", "soc-trang")
    tally = {row["unit"]: row for row in json.loads(capsys.readouterr().out)}
    day = calendar_for(committee).quota_reminder_day(today.year, today.month, plan.quota_reminder_working_days)
    reminded = send_quota_reminders(today=day)
    short = {code for code, row in tally.items() if not row["compliant"]}
    assert reminded == len(short) and short
    rows = {r.unit.code: r for r in QuotaReminder.objects.filter(plan=plan).select_related("unit")}
    assert set(rows) == short
    for code in short:
        assert rows[code].news_missing == max(plan.quota_news - tally[code]["news"], 0)
        assert rows[code].articles_missing == max(plan.quota_articles - tally[code]["articles"], 0)
    # Kế Sách's correspondent reads it in Vietnamese.
    message = Notification.objects.get(kind="quota-reminder", recipient__username="ctv.ke-sach").message
    missing = rows["ke-sach"]
    parts = [f"{n} {word}" for n, word in ((missing.news_missing, "tin"), (missing.articles_missing, "bài")) if n]
    assert f"còn thiếu {', '.join(parts)}" in message
    assert send_quota_reminders(today=day) == 0
