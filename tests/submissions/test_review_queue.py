"""The editors' queue: oldest first, filters, claims and take-overs, bulk actions, and a constant
number of queries per page however many items wait."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import services as portal_services
from portal.models import Role, Unit
from submissions.models import Photo, ReviewAction, Submission

from .conftest import make_submitted

pytestmark = pytest.mark.django_db


def _fill(committee, author, count: int) -> None:
    units = [
        portal_services.unit_create(code=f"u{i}", name=f"Đơn vị {i}", kind=Unit.Kind.DISTRICT, parent=committee)
        for i in range(5)
    ]
    start = timezone.now() - datetime.timedelta(days=30)
    items = Submission.objects.bulk_create(
        Submission(
            committee=committee, unit=units[i % 5], author=author, kind="news" if i % 3 else "article",
            title=f"Tin số {i:04d}", state=("submitted", "in_review", "approved")[i % 3],
            held_by=author if i % 3 == 1 else None, first_submitted_at=start + datetime.timedelta(minutes=i),
            quota_month=start.date().replace(day=1),
        )
        for i in range(count)
    )  # fmt: skip
    Photo.objects.bulk_create(
        Photo(submission=s, file=f"photos/{s.pk}/x.jpg", verdict=("pass", "warn", "fail")[s.pk % 3]) for s in items
    )


@pytest.mark.parametrize("count", [10, 120])
def test_the_queue_costs_the_same_queries_with_10_or_120_items(client, committee, alice, editor, count,
                                                               django_assert_max_num_queries):  # fmt: skip
    _fill(committee, alice, count)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("submissions:review_queue"))
    assert response.status_code == 200
    assert response.content.decode().count('data-item="') == min(count, 50)


def test_the_queue_is_oldest_first_and_paginated(client, committee, alice, editor):
    _fill(committee, alice, 120)
    client.force_login(editor)
    html = client.get(reverse("submissions:review_queue")).content.decode()
    assert html.index("Tin số 0000") < html.index("Tin số 0001")
    assert "Tin số 0050" not in html
    assert "Tin số 0050" in client.get(reverse("submissions:review_queue") + "?page=2").content.decode()
    newest = client.get(reverse("submissions:review_queue") + "?order=newest").content.decode()
    assert "Tin số 0119" in newest and "Tin số 0000" not in newest


def test_the_queue_filters_by_unit_kind_state_late_and_title(client, committee, unit, alice, lead, editor):
    news = make_submitted(alice, title="Tin về phòng chống tội phạm")
    article = make_submitted(lead, kind="article", title="Bài về nông thôn mới kiểu mẫu",
                             body="<p>" + "Nông thôn mới. " * 60 + "</p>")  # fmt: skip
    Submission.objects.filter(pk=news.pk).update(is_late=True)
    client.force_login(editor)

    def shown(query: str) -> set[str]:
        html = client.get(reverse("submissions:review_queue") + "?" + query).content.decode()
        return {s.title for s in (news, article) if s.title in html}

    assert shown("") == {news.title, article.title}
    assert shown("kind=article") == {article.title}
    assert shown("late=1") == {news.title}
    assert shown("q=nông thôn") == {article.title}
    assert shown("unit=ke-sach") == {news.title, article.title}
    assert shown("unit=my-tu") == set()
    assert shown("state=approved") == set()


def test_the_queue_shows_who_holds_an_item_and_another_editor_must_take_it_over(client, committee, alice, editor):
    other = portal_services.account_create(username="eve", email="eve@example.com", role=Role.EDITOR,
                                           committee=committee, password="x-Strong-passw0rd")  # fmt: skip
    item = make_submitted(alice)
    client.force_login(editor)
    client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    client.force_login(other)
    assert str(editor) in client.get(reverse("submissions:review_queue")).content.decode()
    response = client.post(reverse("submissions:item_action", args=[item.pk, "approve"]))
    assert response.status_code == 409
    assert Submission.objects.get(pk=item.pk).state == "in_review"
    client.post(reverse("submissions:item_action", args=[item.pk, "take_over"]))
    client.post(reverse("submissions:item_action", args=[item.pk, "approve"]))
    item.refresh_from_db()
    assert item.state == "approved"
    take_over = ReviewAction.objects.get(submission=item, action="take_over")
    assert take_over.actor == other
    assert editor.notifications.filter(kind="submission_taken_over").exists()


def test_bulk_actions_check_and_record_each_item(client, alice, editor):
    first = make_submitted(alice, title="Tin thứ nhất gửi duyệt")
    second = make_submitted(alice, title="Tin thứ hai gửi duyệt")
    published = make_submitted(alice, title="Tin đã đăng từ trước")
    Submission.objects.filter(pk=published.pk).update(state="published")
    client.force_login(editor)
    response = client.post(
        reverse("submissions:review_bulk"),
        {"action": "request_changes", "items": [first.pk, second.pk, published.pk], "comment": "Thêm ảnh."},
        follow=True,
    )
    states = dict(Submission.objects.values_list("title", "state"))
    assert states == {first.title: "changes_requested", second.title: "changes_requested", published.title: "published"}
    steps = ReviewAction.objects.filter(action="request_changes", comment="Thêm ảnh.", actor=editor)
    assert sorted(steps.values_list("submission_id", flat=True)) == [first.pk, second.pk]
    assert published.title in response.content.decode()  # told which one could not be done


def test_bulk_request_changes_needs_a_comment(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    client.post(reverse("submissions:review_bulk"), {"action": "request_changes", "items": [item.pk], "comment": ""})
    assert Submission.objects.get(pk=item.pk).state == "submitted"


@pytest.mark.parametrize(
    "back", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)"]
)
def test_bulk_actions_never_send_the_editor_off_site(client, alice, editor, back):
    item = make_submitted(alice)
    client.force_login(editor)
    response = client.post(
        reverse("submissions:review_bulk"), {"action": "approve", "items": [item.pk], "comment": "", "back": back}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:review_queue")


def test_bulk_actions_return_to_the_filtered_queue_they_came_from(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    back = reverse("submissions:review_queue") + "?kind=news&page=2"
    response = client.post(
        reverse("submissions:review_bulk"), {"action": "approve", "items": [item.pk], "comment": "", "back": back}
    )
    assert response["Location"] == back
