"""Rule 4: items about an event, news items and articles alike ("Tin, bài về các sự kiện"), are due
1 working day after it; late items are flagged, not refused; an item without an event date has no
due time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schedule.models import CalendarDay
from submissions import services
from submissions.models import Submission

from .conftest import ARTICLE_BODY, make_draft

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


def test_an_article_about_an_event_is_due_like_a_news_item(monkeypatch, alice):
    # "Tin, bài về các sự kiện": the same working day as news, the same flag when it is missed.
    on_time = _submit_at(monkeypatch, alice, local(2026, 1, 12, 17, 0), kind="article", body=ARTICLE_BODY)
    assert not on_time.is_late and timezone.localtime(on_time.due_at) == local(2026, 1, 13, 0, 0)
    late = _submit_at(monkeypatch, alice, local(2026, 1, 13, 8, 0), kind="article", body=ARTICLE_BODY)
    assert late.is_late and late.state == "submitted"


@pytest.mark.parametrize("kind", ["news", "article"])
def test_an_item_without_an_event_date_is_about_no_event_and_never_late(monkeypatch, alice, kind):
    draft = make_draft(alice, kind=kind, body=ARTICLE_BODY)
    monkeypatch.setattr("django.utils.timezone.now", lambda: local(2026, 2, 20, 9, 0))
    item = services.submission_submit(submission=draft, by=alice)
    assert item.event_date is None and item.due_at is None and not item.is_late


def test_a_late_article_sent_through_the_page_is_flagged_in_the_review_queue(client, alice, editor):
    long_ago = timezone.localdate() - datetime.timedelta(days=10)
    late = make_draft(alice, kind="article", body=ARTICLE_BODY, title="Bài về hội nghị đã qua lâu", event_date=long_ago)
    fresh = make_draft(alice, kind="article", body=ARTICLE_BODY, title="Bài về hội nghị hôm nay",
                       event_date=timezone.localdate())  # fmt: skip
    client.force_login(alice)
    for item in (late, fresh):
        response = client.post(reverse("submissions:item_action", args=[item.pk, "submit"]))
        assert response.status_code == 302
    assert Submission.objects.get(pk=late.pk).is_late
    assert not Submission.objects.get(pk=fresh.pk).is_late
    client.force_login(editor)
    queue = client.get(reverse("submissions:review_queue"), {"late": "1"}).content.decode()
    assert "Bài về hội nghị đã qua lâu" in queue and "Bài về hội nghị hôm nay" not in queue
    page = client.get(reverse("submissions:item_detail", args=[late.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Trễ hạn" in page
    page = client.get(reverse("submissions:item_detail", args=[fresh.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Trễ hạn" not in page


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
