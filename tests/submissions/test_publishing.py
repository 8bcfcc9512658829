"""Publishing now or at a set time (a task, with a periodic sweep behind it), unpublishing, copy edits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions import services, tasks
from submissions.models import ReviewAction, Submission, SubmissionVersion

from .conftest import BODY, make_approved, make_published, make_submitted

pytestmark = pytest.mark.django_db


def test_a_scheduled_item_is_published_by_the_task_when_its_time_comes(client, alice, editor):
    item = make_approved(alice, editor)
    client.force_login(editor)
    at = timezone.localtime(timezone.now() + datetime.timedelta(hours=2))
    client.post(
        reverse("submissions:item_action", args=[item.pk, "schedule"]), {"publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    item.refresh_from_db()
    # The task ran at once (eager in tests) and found the time had not come: still approved.
    assert item.state == "approved" and item.publish_at is not None
    tasks.publish_scheduled(item.pk)
    assert Submission.objects.get(pk=item.pk).state == "approved"
    Submission.objects.filter(pk=item.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    tasks.publish_scheduled(item.pk)
    item.refresh_from_db()
    assert item.state == "published" and item.publish_at is None
    step = ReviewAction.objects.filter(submission=item).last()
    assert (step.action, step.actor) == ("publish", None)


def test_the_sweep_publishes_what_a_stopped_worker_missed_and_is_idempotent(alice, editor):
    due = make_approved(alice, editor, title="Tin hẹn giờ đã đến lúc đăng")
    later = make_approved(alice, editor, title="Tin hẹn giờ chưa đến lúc đăng")
    Submission.objects.filter(pk=due.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=5))
    Submission.objects.filter(pk=later.pk).update(publish_at=timezone.now() + datetime.timedelta(hours=5))
    assert tasks.publish_due_submissions() == 1
    assert tasks.publish_due_submissions() == 0
    assert dict(Submission.objects.values_list("title", "state")) == {due.title: "published", later.title: "approved"}
    assert ReviewAction.objects.filter(submission=due, action="publish").count() == 1


def test_scheduling_in_the_past_is_refused(client, alice, editor):
    item = make_approved(alice, editor)
    client.force_login(editor)
    past = timezone.localtime(timezone.now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("submissions:item_action", args=[item.pk, "schedule"]), {"publish_at": past}, follow=True
    )
    assert "Hãy chọn một thời điểm trong tương lai" in response.content.decode()
    assert Submission.objects.get(pk=item.pk).publish_at is None


def test_republishing_keeps_the_first_publishing_time(alice, editor):
    item = make_published(alice, editor)
    first = item.published_at
    services.submission_transition(submission=item, by=editor, action="unpublish")
    item = services.submission_transition(submission=item, by=editor, action="republish")
    assert item.state == "published" and item.published_at == first


def test_an_editors_copy_edit_is_a_version_the_unit_can_compare(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    client.post(
        reverse("submissions:copy_edit", args=[item.pk]),
        {"title": "Tiêu đề đã biên tập lại", "summary": "", "body": item.body + "<p>Câu biên tập thêm.</p>"},
    )
    item.refresh_from_db()
    assert item.title == "Tiêu đề đã biên tập lại" and item.version_count == 2
    assert SubmissionVersion.objects.get(submission=item, number=2).reason == "copy_edit"
    client.force_login(alice)
    html = client.get(reverse("submissions:compare", args=[item.pk]) + "?a=1&b=2").content.decode()
    assert "<ins>" in html and "biên tập lại" in html and "<del>" in html


def test_a_published_item_appears_on_the_public_site_search_and_filters(client, alice, editor):
    item = make_published(alice, editor, title="Mô hình dân vận khéo ở Kế Sách")
    other = make_published(alice, editor, kind="article", title="Bài khác về an sinh xã hội",
                           body="<p>" + "An sinh xã hội. " * 50 + "</p>")  # fmt: skip
    draft_title = make_submitted(alice, title="Tin chưa đăng không được lộ").title
    client.logout()
    site = reverse("submissions:public_index", args=["soc-trang"])
    home = client.get(site).content.decode()
    assert item.title in home and other.title in home and draft_title not in home
    assert home.index(other.title) < home.index(item.title)  # newest first
    assert other.title not in client.get(site + "?kind=news").content.decode()
    assert item.title not in client.get(site + "?q=an sinh").content.decode()
    assert other.title in client.get(site + "?q=an sinh").content.decode()
    assert item.title in client.get(site + "?unit=ke-sach").content.decode()
    assert draft_title not in client.get(reverse("submissions:rss", args=["soc-trang"])).content.decode()


def test_a_comparison_is_computed_once_per_pair_of_versions(client, alice, editor, monkeypatch):
    from submissions import selectors

    item = make_approved(alice, editor)
    services.submission_edit_copy(submission=item, by=editor, title=item.title + " (sửa)", summary="", body=BODY)
    calls = []
    real = selectors._compare_versions
    monkeypatch.setattr(selectors, "_compare_versions", lambda a, b: calls.append(1) or real(a, b))
    client.force_login(editor)
    for _ in range(3):
        assert client.get(reverse("submissions:compare", args=[item.pk]) + "?a=1&b=2").status_code == 200
    assert len(calls) == 1
