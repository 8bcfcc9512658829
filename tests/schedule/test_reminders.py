"""Coordination-deadline reminders: N days before and on the day, to the unit's lead and the
propaganda department, each sent once even when the task runs twice."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from schedule import services
from schedule.models import ColumnMonth
from schedule.tasks import send_column_reminders
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db

D = datetime.date
# March 2023's deadline is Friday 3/3/2023 (the 5th is a Sunday); the plan reminds 3 days before.
MARCH_DEADLINE = D(2023, 3, 3)


def reminders(kind: str):
    return Notification.objects.filter(kind=f"column-reminder-{kind}")


def test_the_lead_and_the_department_are_reminded_n_days_before_the_deadline_once(
    lead, propaganda, alice, march, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_column_reminders.delay("2023-02-28")
    with django_capture_on_commit_callbacks(execute=True):
        send_column_reminders.delay("2023-02-28")
        send_column_reminders.delay("2023-03-01")  # still before: catching up does not resend
    assert sorted(n.recipient.username for n in reminders("before")) == ["dana", "lead"]
    assert not reminders("due").exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["dana@example.com", "lead@example.com"]
    message = mail.outbox[0]
    assert "03/03/2023" in message.subject and "03/03/2023" in message.body
    assert message.alternatives and "Chủ đề tháng 3" in message.alternatives[0][0]
    # Correspondents are not reminded.
    assert not Notification.objects.filter(recipient=alice).exists()


def test_nothing_is_sent_earlier_than_the_settings_days(lead, propaganda, march):
    assert services.send_column_reminders(today=MARCH_DEADLINE - datetime.timedelta(days=4)) == 0
    march.plan.reminder_days_before = 5
    march.plan.save()
    assert services.send_column_reminders(today=MARCH_DEADLINE - datetime.timedelta(days=4)) == 2


def test_on_the_deadline_day_a_month_not_yet_agreed_gets_one_more_reminder(lead, propaganda, march):
    services.send_column_reminders(today=D(2023, 2, 28))
    services.send_column_reminders(today=MARCH_DEADLINE)
    services.send_column_reminders(today=MARCH_DEADLINE)
    assert reminders("before").count() == 2 and reminders("due").count() == 2
    assert "Hôm nay" in reminders("due").get(recipient=lead).message
    assert services.send_column_reminders(today=MARCH_DEADLINE + datetime.timedelta(days=1)) == 0


def test_an_agreed_month_is_not_reminded(client, lead, propaganda, march):
    client.force_login(propaganda)
    client.post(
        reverse("schedule:month_transition", args=[march.pk]),
        {"action": "agree", "agreed_content": "Đã thống nhất", "air_date": "20/03/2023"},
    )
    assert ColumnMonth.objects.get(pk=march.pk).state == ColumnMonth.State.AGREED
    assert services.send_column_reminders(today=MARCH_DEADLINE) == 0
    assert not reminders("due").exists()


def test_the_all_units_month_reminds_every_quota_units_lead(lead, other_lead, propaganda, plan):
    # December 2023: the 5th is a Tuesday.
    services.send_column_reminders(today=D(2023, 12, 5))
    assert sorted(n.recipient.username for n in reminders("due")) == ["dana", "lead", "olead"]


def test_reminders_appear_in_the_notification_list(client, lead, march):
    services.send_column_reminders(today=D(2023, 2, 28))
    client.force_login(lead)
    html = client.get(reverse("portal:notifications")).content.decode()
    assert "03/03/2023" in html and reverse("schedule:month_detail", args=[march.pk]) in html


def test_reminders_are_written_in_each_recipients_language(lead, propaganda, march):
    propaganda.language = "en"
    propaganda.save()
    services.send_column_reminders(today=D(2023, 2, 28))
    assert "coordination deadline" in reminders("before").get(recipient=propaganda).message
    assert "Hạn thống nhất" in reminders("before").get(recipient=lead).message


def test_the_beat_schedule_runs_the_reminders_every_morning():
    from portal.periodic import BEAT_SCHEDULE

    entry = next(e for e in BEAT_SCHEDULE.values() if e["task"] == "schedule.tasks.send_column_reminders")
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


@pytest.mark.redis
def test_a_real_worker_on_redis_sends_each_reminder_once_when_the_task_runs_twice(
    celery_worker_on_redis, plan, lead, propaganda
):
    mail.outbox = []
    send_column_reminders.delay("2023-02-28")
    send_column_reminders.delay("2023-02-28")
    wait_for(lambda: reminders("before").count() == 2 and len(mail.outbox) == 2)
    # A third run after both have finished proves nothing more is queued.
    send_column_reminders.delay("2023-03-01")
    time.sleep(2)
    assert reminders("before").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["dana@example.com", "lead@example.com"]


# --- the agreed air or print date (rule 5) ---------------------------------------------------------


def agree(client, propaganda, month, air_date: str) -> None:
    client.force_login(propaganda)
    response = client.post(
        reverse("schedule:month_transition", args=[month.pk]),
        {
            "action": "agree" if month.state == "suggested" else "amend",
            "agreed_content": "Phóng sự",
            "air_date": air_date,
        },
    )
    assert response.status_code == 302
    month.refresh_from_db()


def test_an_agreed_month_reminds_its_lead_staff_and_the_department_before_its_air_date_once(
    client, lead, alice, propaganda, march, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    client.post(reverse("schedule:staff_add", args=[march.pk]), {"name": "Nguyễn Thị Alice", "user": alice.pk})
    agree(client, propaganda, march, "20/03/2023")
    assert services.send_column_reminders(today=D(2023, 3, 16)) == 0  # 4 days before: not yet
    with django_capture_on_commit_callbacks(execute=True):
        send_column_reminders.delay("2023-03-17")
        send_column_reminders.delay("2023-03-17")
        send_column_reminders.delay("2023-03-19")  # catching up does not resend
    soon = reminders("air-soon")
    assert sorted(n.recipient.username for n in soon) == ["alice", "dana", "lead"]
    assert "20/03/2023" in soon.get(recipient=alice).message and "còn 3 ngày" in soon.get(recipient=alice).message
    assert sorted(m.to[0] for m in mail.outbox if "20/03/2023" in m.body) == [
        "alice@example.com",
        "dana@example.com",
        "lead@example.com",
    ]


def test_the_department_is_asked_to_record_a_month_still_not_aired_the_day_after_its_date(
    client, lead, propaganda, march
):
    agree(client, propaganda, march, "20/03/2023")
    assert services.send_column_reminders(today=D(2023, 3, 20)) == 0  # the day itself
    services.send_column_reminders(today=D(2023, 3, 21))
    services.send_column_reminders(today=D(2023, 3, 22))
    record = reminders("air-record")
    assert [n.recipient.username for n in record] == ["dana"]
    assert "ghi nhận đã phát sóng" in record.get().message


def test_an_aired_month_is_not_reminded_and_a_changed_date_is_reminded_again(client, lead, propaganda, march):
    agree(client, propaganda, march, "20/03/2023")
    services.send_column_reminders(today=D(2023, 3, 18))
    agree(client, propaganda, march, "27/03/2023")
    services.send_column_reminders(today=D(2023, 3, 25))
    messages = sorted(n.message for n in reminders("air-soon").filter(recipient=lead))
    assert len(messages) == 2 and "20/03/2023" in messages[0] and "27/03/2023" in messages[1]
    client.post(reverse("schedule:month_transition", args=[march.pk]), {"action": "produce"})
    client.post(reverse("schedule:month_transition", args=[march.pk]), {"action": "air", "air_date": "27/03/2023"})
    assert services.send_column_reminders(today=D(2023, 3, 28)) == 0
