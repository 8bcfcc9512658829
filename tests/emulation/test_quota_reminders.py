"""Rule 1 near a month's end: a quota unit still short of the month's quota (2 news items, 1 article,
counted as the tally counts them) is reminded once, a set number of working days before the month
ends: its lead and correspondents, each in their own language, told exactly what is missing."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse

from emulation.models import QuotaReminder
from emulation.tasks import send_quota_reminders
from portal import services as portal_services
from portal.models import Notification, Role
from portal.periodic import BEAT_SCHEDULE
from schedule.models import CalendarDay
from submissions.models import Submission
from tests.conftest import PASSWORD, wait_for

from .conftest import local, make_item

pytestmark = pytest.mark.django_db

N, A = Submission.Kind.NEWS, Submission.Kind.ARTICLE
# March 2023 ends on Friday the 31st: with 3 working days left (the plan's default) the reminder is
# due on Wednesday the 29th (the 29th, 30th and 31st are left).


@pytest.fixture
def march(plan, unit, other_unit, alice, lead, charlie):
    """Kế Sách: 1 news item published, 1 waiting for the editorial board, no article: short by 1 news
    item and 1 article. Mỹ Tú: 2 news items and 1 article published: its quota is met. Châu Thành
    (no accounts): nothing."""
    make_item(unit, alice, kind=N, submitted=local(2023, 3, 2))
    make_item(unit, alice, kind=N, submitted=local(2023, 3, 20), state=Submission.State.SUBMITTED)
    make_item(unit, alice, kind=A, submitted=local(2023, 2, 27))  # February's: does not count for March
    for kind in (N, N, A):
        make_item(other_unit, charlie, kind=kind, submitted=local(2023, 3, 6))
    return plan


def reminded(**filters):
    return Notification.objects.filter(kind="quota-reminder", **filters)


def test_a_unit_short_of_its_quota_is_reminded_once_three_working_days_before_the_month_ends(
    march, unit, alice, lead, charlie, editor, django_capture_on_commit_callbacks
):
    portal_services.account_create(
        username="gone", email="gone@example.com", role=Role.CORRESPONDENT, unit=unit, password=PASSWORD
    ).__class__.objects.filter(username="gone").update(is_active=False)
    assert send_quota_reminders.delay("2023-03-28").get() == 0  # four working days left: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert send_quota_reminders.delay("2023-03-29").get() == 2  # Kế Sách and Châu Thành
        assert send_quota_reminders.delay("2023-03-29").get() == 0
        assert send_quota_reminders.delay("2023-03-31").get() == 0
    assert sorted(reminded().values_list("recipient__username", flat=True)) == ["alice", "lead"]
    message = reminded(recipient=alice).get().message
    assert "còn thiếu 1 tin, 1 bài" in message
    assert "chỉ tiêu 2 tin, 1 bài" in message and "31/03/2023" in message
    assert "Đang chờ Ban Biên tập duyệt: 1 tin." in message
    row = QuotaReminder.objects.get(unit=unit)
    assert (row.month, row.news_missing, row.articles_missing) == (datetime.date(2023, 3, 1), 1, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "lead@example.com"]
    assert "còn thiếu 1 tin, 1 bài" in mail.outbox[0].body


def test_a_unit_whose_published_items_meet_the_quota_is_not_reminded(march, other_unit, charlie):
    send_quota_reminders.delay("2023-03-29")
    assert not reminded(recipient=charlie).exists()
    assert not QuotaReminder.objects.filter(unit=other_unit).exists()


def test_a_unit_with_nothing_published_is_told_the_whole_quota(plan, unit, alice):
    send_quota_reminders.delay("2023-04-26")  # April 2023: the 26th, 27th and 28th are left
    assert "còn thiếu 2 tin, 1 bài" in reminded(recipient=alice).get().message
    assert "Đang chờ" not in reminded(recipient=alice).get().message


def test_the_day_follows_the_working_day_calendar_and_the_plans_setting(march, committee, alice):
    CalendarDay.objects.create(committee=committee, date=datetime.date(2023, 3, 30), is_working_day=False)
    send_quota_reminders.delay("2023-03-28")  # the 28th, 29th and 31st are the last working days
    assert reminded(recipient=alice).count() == 1


def test_a_plan_set_to_one_working_day_reminds_on_the_last_one_and_zero_never(march, alice):
    march.quota_reminder_working_days = 1
    march.save()
    assert send_quota_reminders.delay("2023-03-30").get() == 0
    march.quota_reminder_working_days = 0
    march.save()
    assert send_quota_reminders.delay("2023-03-31").get() == 0
    march.quota_reminder_working_days = 1
    march.save()
    assert send_quota_reminders.delay("2023-03-31").get() == 2


def test_a_missed_day_is_caught_up_until_the_month_ends_but_not_after(march, alice):
    assert send_quota_reminders.delay("2023-04-01").get() == 0  # March is over; April is not due yet
    assert send_quota_reminders.delay("2023-03-31").get() == 2


def test_the_reminder_is_written_in_each_recipients_language(march, alice, lead):
    lead.language = "en"
    lead.save()
    send_quota_reminders.delay("2023-03-29")
    assert "still lacks 1 news item, 1 article" in reminded(recipient=lead).get().message
    assert "còn thiếu 1 tin, 1 bài" in reminded(recipient=alice).get().message


def test_the_reminder_links_to_the_units_quota_page(client, march, alice):
    send_quota_reminders.delay("2023-03-29")
    client.force_login(alice)
    html = client.get(reverse("portal:notifications")).content.decode()
    assert "còn thiếu 1 tin, 1 bài" in html and reverse("emulation:my_unit") in html


def test_the_beat_schedule_runs_the_reminder_every_morning():
    entry = BEAT_SCHEDULE["emulation-quota-reminders"]
    assert entry["task"] == "emulation.tasks.send_quota_reminders"
    assert entry["schedule"].hour == {7}


@pytest.mark.redis
def test_a_real_worker_on_redis_reminds_each_unit_once_when_the_task_runs_twice(
    celery_worker_on_redis, march, unit, alice, lead
):
    mail.outbox = []
    send_quota_reminders.delay("2023-03-29")
    send_quota_reminders.delay("2023-03-29")
    wait_for(lambda: reminded().count() == 2 and len(mail.outbox) == 2)
    send_quota_reminders.delay("2023-03-30")  # after both: nothing more is sent
    time.sleep(2)
    assert reminded().count() == 2 and QuotaReminder.objects.filter(unit=unit).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "lead@example.com"]
