"""Rule 8's periodic reports (docs/rules.md): reminders before a report's due day: once per unit and period, none for a filed report."""

import datetime

import pytest

from portal.models import Notification
from portal.periodic import BEAT_SCHEDULE
from reports import services
from reports.periods import QUARTERLY, Period
from reports.tasks import send_report_reminders

pytestmark = pytest.mark.django_db


def test_units_are_reminded_once_from_three_working_days_before_the_due_day(
    city_plan, ward_lead, ward_ctv, other_ward_lead
):
    # Q3 2023 is due Thursday 5 October; three working days before is Monday 2 October.
    assert send_report_reminders.delay(as_of="2023-09-29").get() == 0
    assert send_report_reminders.delay(as_of="2023-10-02").get() == 4  # two wards, a commune, an organization
    assert send_report_reminders.delay(as_of="2023-10-03").get() == 0
    assert send_report_reminders.delay(as_of="2023-10-02").get() == 0
    reminded = Notification.objects.filter(kind="report_reminder")
    assert sorted(reminded.values_list("recipient__username", flat=True)) == [
        "btt.bac-son-sam-son",
        "btt.trung-son-sam-son",
        "ctv.bac-son-sam-son",
    ]
    assert "05/10/2023" in reminded.first().message


def test_a_unit_that_filed_its_report_is_not_reminded(city_plan, ward, ward_lead, other_ward_lead):
    report = services.report_open(plan=city_plan, unit=ward, period=Period(2023, QUARTERLY, 3), by=ward_lead)
    services.report_act(report=report, by=ward_lead, action="submit")
    send_report_reminders.delay(as_of="2023-10-04")
    assert list(Notification.objects.filter(kind="report_reminder").values_list("recipient__username", flat=True)) == [
        "btt.trung-son-sam-son"
    ]


def test_the_reminder_runs_every_morning():
    assert BEAT_SCHEDULE["reports-due-reminders"]["task"] == "reports.tasks.send_report_reminders"


def test_a_day_off_moves_the_due_day(city_plan, ward_lead):
    from schedule.models import CalendarDay

    CalendarDay.objects.create(committee=city_plan.committee, date=datetime.date(2023, 10, 5), is_working_day=False)
    # Due Friday 6 October; three working days before (skipping the 5th) is still Monday 2 October.
    send_report_reminders.delay(as_of="2023-09-29")
    assert not Notification.objects.filter(kind="report_reminder").exists()
    send_report_reminders.delay(as_of="2023-10-06")
    assert "06/10/2023" in Notification.objects.get(kind="report_reminder").message
