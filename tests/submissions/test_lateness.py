"""Rule 4: news about an event is due 1 working day after it; late items are flagged, not refused."""

import datetime

import pytest
from django.utils import timezone

from schedule.models import CalendarDay
from submissions import services

from .conftest import make_draft

pytestmark = pytest.mark.django_db

# Friday 9 January 2026; the next working day is Monday 12 January.
EVENT = datetime.date(2026, 1, 9)


def _submit_at(monkeypatch, author, when: datetime.datetime, **fields):
    draft = make_draft(author, event_date=EVENT, event_place="Hội trường huyện", **fields)
    monkeypatch.setattr("django.utils.timezone.now", lambda: when)
    return services.submission_submit(submission=draft, by=author)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_news_of_a_friday_event_is_on_time_until_the_end_of_monday(monkeypatch, alice):
    item = _submit_at(monkeypatch, alice, local(2026, 1, 12, 23, 59))
    assert not item.is_late
    assert timezone.localtime(item.due_at) == local(2026, 1, 13, 0, 0)


def test_news_sent_after_the_working_day_is_flagged_late_but_accepted(monkeypatch, alice):
    item = _submit_at(monkeypatch, alice, local(2026, 1, 13, 8, 0))
    assert item.is_late and item.state == "submitted"


def test_a_day_off_moves_the_due_day(monkeypatch, alice, committee):
    CalendarDay.objects.create(committee=committee, date=datetime.date(2026, 1, 12), is_working_day=False)
    item = _submit_at(monkeypatch, alice, local(2026, 1, 13, 15, 0))
    assert not item.is_late


def test_articles_are_never_late(monkeypatch, alice):
    item = _submit_at(
        monkeypatch, alice, local(2026, 2, 20, 9, 0), kind="article", body="<p>" + "Bài viết. " * 80 + "</p>"
    )
    assert not item.is_late and item.due_at is None


def test_the_quota_month_is_the_local_month_of_the_first_submission(monkeypatch, alice):
    # 31 January 23:30 in Hà Nội is still January there, though it is 16:30 UTC.
    item = _submit_at(monkeypatch, alice, local(2026, 1, 31, 23, 30))
    assert item.quota_month == datetime.date(2026, 1, 1)


def test_sending_an_item_again_keeps_the_month_and_lateness_of_its_first_submission(monkeypatch, alice, editor):
    first = local(2026, 1, 31, 23, 30)
    item = _submit_at(monkeypatch, alice, first)
    assert item.is_late  # the event was on 9 January
    services.submission_transition(submission=item, by=editor, action="claim")
    services.submission_transition(submission=item, by=editor, action="request_changes", comment="Thêm ảnh.")
    monkeypatch.setattr("django.utils.timezone.now", lambda: local(2026, 2, 3, 9, 0))
    item.refresh_from_db()
    again = services.submission_submit(submission=item, by=alice)
    again.refresh_from_db()
    assert again.state == "submitted"
    assert again.first_submitted_at == first and again.quota_month == datetime.date(2026, 1, 1)
    assert again.is_late
