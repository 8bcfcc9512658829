"""An editor corrects an item's event date (rule 4): the due time and the late flag follow the new
date, the month it counts for does not move (rule 2), the step is in the history and the author told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification
from submissions.models import ReviewAction, Submission

from .conftest import make_submitted

pytestmark = pytest.mark.django_db


def test_an_editor_corrects_the_event_date_and_the_late_flag_follows(client, alice, editor):
    today = timezone.localdate()
    item = make_submitted(alice, event_date=today)
    assert not item.is_late
    month = item.quota_month
    client.force_login(editor)
    url = reverse("submissions:correct_event_date", args=[item.pk])
    assert f'value="{today.isoformat()}"' in client.get(url).content.decode()
    long_ago = today - datetime.timedelta(days=30)
    response = client.post(url, {"event_date": long_ago.isoformat(), "reason": "Đơn vị ghi nhầm tháng."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.event_date == long_ago and item.is_late and item.due_at < item.first_submitted_at
    assert item.quota_month == month  # rule 2: the month of the first submission stays
    step = ReviewAction.objects.get(submission=item, action="correct_event_date")
    assert step.actor == editor
    assert step.comment == f"{today:%d/%m/%Y} → {long_ago:%d/%m/%Y}. Đơn vị ghi nhầm tháng."
    detail = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert "đã sửa ngày diễn ra sự kiện" in detail and "Đơn vị ghi nhầm tháng." in detail
    assert Notification.objects.filter(recipient=alice, kind="submission_event_date").exists()

    # Corrected back: on time again.
    client.post(url, {"event_date": today.isoformat(), "reason": "Sửa lại đúng ngày."})
    item.refresh_from_db()
    assert not item.is_late and item.due_at > item.first_submitted_at


def test_a_wrong_date_is_refused_and_the_reason_typed_is_kept(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("submissions:correct_event_date", args=[item.pk]),
        {"event_date": tomorrow.isoformat(), "reason": "Lý do rất dài đã gõ"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày diễn ra sự kiện không thể ở tương lai" in html or "tương lai" in html
    assert "Lý do rất dài đã gõ" in html
    assert not ReviewAction.objects.filter(submission=item, action="correct_event_date").exists()


def test_the_unit_and_the_department_cannot_correct_the_date(client, alice, propaganda):
    item = make_submitted(alice)
    url = reverse("submissions:correct_event_date", args=[item.pk])
    for user in (alice, propaganda):
        client.force_login(user)
        assert client.post(url, {"event_date": "2024-01-02", "reason": "x"}).status_code == 403
    assert Submission.objects.get(pk=item.pk).event_date is None
