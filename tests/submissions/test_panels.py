"""The home-page panels and the unit's list: requests to act on, drafts, and this month's quota
progress counted by rule 2 (the month of first submission, once published)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import Submission
from submissions.selectors import quota_progress

from .conftest import make_draft, make_published, make_submitted

pytestmark = pytest.mark.django_db


def test_quota_progress_counts_published_items_by_the_month_of_first_submission(alice, editor, unit):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    make_published(alice, editor, title="Tin tháng này đã đăng")
    old = make_published(alice, editor, title="Tin gửi tháng trước, đăng tháng này")
    Submission.objects.filter(pk=old.pk).update(quota_month=last_month)
    make_submitted(alice, title="Tin đã gửi nhưng chưa đăng")
    progress = quota_progress(unit)
    assert (progress.news, progress.articles, progress.quota_news, progress.quota_articles) == (1, 0, 2, 1)
    assert not progress.met
    assert quota_progress(unit, last_month).news == 1


def test_quota_progress_reads_the_plans_numbers_and_quota_units(alice, editor, unit, other_unit):
    from schedule.models import Plan

    today = timezone.localdate()
    plan = Plan.objects.create(
        committee=unit.committee, title="Kế hoạch", year=today.year, quota_news=1, quota_articles=0,
        period_start=datetime.date(today.year, 1, 1), period_end=datetime.date(today.year, 12, 31),
    )  # fmt: skip
    plan.quota_units.set([unit])
    make_published(alice, editor, title="Tin đã đăng")
    progress = quota_progress(unit)
    assert (progress.carries_quota, progress.quota_news, progress.quota_articles, progress.met) == (True, 1, 0, True)
    other = quota_progress(other_unit)
    assert (other.carries_quota, other.quota_news, other.quota_articles) == (False, 0, 0)


def test_the_correspondents_home_shows_requests_drafts_and_quota(client, alice, editor):
    make_draft(alice, title="Bản nháp đang viết dở")
    asked = make_submitted(alice, title="Tin được yêu cầu sửa")
    from submissions import services

    services.submission_transition(submission=asked, by=editor, action="request_changes", comment="Sửa tiêu đề.")
    client.force_login(alice)
    html = client.get(reverse("home:home")).content.decode()
    assert "Bản nháp đang viết dở" in html and "Tin được yêu cầu sửa" in html
    items = client.get(reverse("submissions:item_list")).content.decode()
    assert "Sửa tiêu đề." in items
    assert "Tin, bài đã đăng tải tính cho tháng" in items  # the unit's progress (home has the emulation panel)


def test_the_editors_home_shows_the_queue_and_held_items(client, alice, editor):
    item = make_submitted(alice, title="Tin bạn đang giữ để duyệt")
    from submissions import services

    services.submission_transition(submission=item, by=editor, action="claim")
    client.force_login(editor)
    html = client.get(reverse("home:home")).content.decode()
    assert "Hàng chờ duyệt" in html and "Tin bạn đang giữ để duyệt" in html


def test_the_propaganda_home_shows_this_months_published_items(client, alice, editor, propaganda):
    make_published(alice, editor, title="Tin đã đăng trong tháng này")
    client.force_login(propaganda)
    assert "Tin đã đăng trong tháng này" in client.get(reverse("home:home")).content.decode()


def test_the_public_site_answers_anonymous_readers_even_when_empty(client, committee):
    response = client.get(reverse("submissions:public_index", args=[committee.code]))
    assert response.status_code == 200
    assert "Chưa có tin, bài nào được đăng tải." in response.content.decode()
