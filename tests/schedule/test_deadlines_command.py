"""`manage.py deadlines`: docs/rules.md, rule 5, the coordination deadline of each month."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from schedule.models import CalendarDay, Plan

pytestmark = pytest.mark.django_db


def deadlines(capsys, *args) -> list[dict]:
    call_command("deadlines", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_it_prints_2023s_twelve_deadlines_as_json_without_any_committee(capsys):
    rows = deadlines(capsys, "2023")
    assert [r["month"] for r in rows] == list(range(1, 13))
    assert all(r["year"] == 2023 for r in rows)
    by_month = {r["month"]: r["deadline"] for r in rows}
    assert by_month[2] == "2023-02-03"
    assert by_month[3] == "2023-03-03"
    assert by_month[11] == "2023-11-03"
    assert by_month[8] == "2023-08-04"
    assert by_month[1] == "2023-01-05"
    assert rows[1] == {"year": 2023, "month": 2, "deadline": "2023-02-03"}


def test_a_committees_plan_with_holidays_move_and_a_day_off_apply(capsys, committee):
    Plan.objects.create(
        committee=committee,
        title="Kế hoạch 2023",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        holidays_move_deadline=True,
    )
    CalendarDay.objects.create(committee=committee, date=datetime.date(2023, 6, 5), is_working_day=False)
    by_month = {r["month"]: r["deadline"] for r in deadlines(capsys, "2023", "--committee", "soc-trang")}
    assert by_month[6] == "2023-06-02"
    # Without the setting the plan's plain rule keeps the 5th.
    Plan.objects.update(holidays_move_deadline=False)
    by_month = {r["month"]: r["deadline"] for r in deadlines(capsys, "2023")}
    assert by_month[6] == "2023-06-05"


def test_an_unknown_committee_is_an_error(committee):
    with pytest.raises(CommandError):
        call_command("deadlines", "2023", "--committee", "nowhere")


def test_the_text_format_prints_dates_day_first(capsys):
    call_command("deadlines", "2023")
    out = capsys.readouterr().out
    assert "03/02/2023" in out and len(out.strip().splitlines()) == 12


def test_the_administrator_enters_a_day_off_in_the_admin_and_it_moves_event_news(client, admin_user, committee):
    from django.urls import reverse

    from schedule.selectors import event_news_due_at

    client.force_login(admin_user)
    assert client.get(reverse("admin:schedule_calendarday_changelist")).status_code == 200
    response = client.post(
        reverse("admin:schedule_calendarday_add"),
        {"committee": committee.pk, "date": "2023-03-07", "is_working_day": "", "note": "Nghỉ bù"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert CalendarDay.objects.get().is_working_day is False
    # Monday's event news is now due by the end of Wednesday (midnight into Thursday), not Tuesday.
    assert event_news_due_at(committee, datetime.date(2023, 3, 6)).date() == datetime.date(2023, 3, 9)


def test_people_who_are_not_administrators_cannot_open_the_calendar_admin(client, propaganda):
    from django.urls import reverse

    client.force_login(propaganda)
    response = client.get(reverse("admin:schedule_calendarday_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]
