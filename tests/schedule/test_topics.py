"""Topics (docs/rules.md rule 7, the plan's content focus): the propaganda department adds, renames,
reorders and retires them on the plan's page; a retired topic is never deleted, is no longer offered
for new items, and the items that have it keep it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schedule.models import Plan, Topic
from submissions.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_plan(committee) -> Plan:
    """A plan in force today, so the item form offers its topics."""
    today = timezone.localdate()
    return Plan.objects.create(
        committee=committee,
        title="Kế hoạch thông tin tuyên truyền",
        year=today.year,
        period_start=datetime.date(today.year, 1, 1),
        period_end=datetime.date(today.year, 12, 31),
    )


def _add(client, plan, name):
    return client.post(reverse("schedule:topic_list", args=[plan.pk]), {"name": name})


def _names(plan, *, retired=False):
    return list(
        Topic.objects.filter(plan=plan, retired_at__isnull=not retired)
        .order_by("sort_order")
        .values_list("name", flat=True)
    )


def test_the_department_adds_topics_that_the_plan_page_lists_in_order(client, propaganda, alice, current_plan):
    client.force_login(propaganda)
    assert _add(client, current_plan, "Phòng, chống tội phạm").status_code == 302
    assert _add(client, current_plan, "  Bảo vệ   môi trường ").status_code == 302
    assert _names(current_plan) == ["Phòng, chống tội phạm", "Bảo vệ môi trường"]
    client.force_login(alice)
    html = client.get(reverse("schedule:plan_detail", args=[current_plan.pk])).content.decode()
    assert html.index("Phòng, chống tội phạm") < html.index("Bảo vệ môi trường")
    assert reverse("schedule:topic_list", args=[current_plan.pk]) not in html


def test_a_topic_with_the_name_of_another_is_refused_in_vietnamese_and_keeps_what_was_typed(
    client, propaganda, current_plan
):
    client.force_login(propaganda)
    _add(client, current_plan, "Nông thôn mới")
    response = _add(client, current_plan, "nông thôn MỚI")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kế hoạch đã có một chủ đề tên này." in html
    assert 'value="nông thôn MỚI"' in html
    assert _names(current_plan) == ["Nông thôn mới"]


def test_an_empty_name_is_refused(client, propaganda, current_plan):
    client.force_login(propaganda)
    response = _add(client, current_plan, "   ")
    assert response.status_code == 400
    assert "Hãy đặt tên cho chủ đề." in response.content.decode()
    assert not Topic.objects.exists()


def test_renaming_shows_the_new_name_on_the_items_that_have_the_topic(client, propaganda, alice, current_plan):
    client.force_login(propaganda)
    _add(client, current_plan, "An sinh xã hoi")
    topic = Topic.objects.get()
    item = Submission.objects.create(
        kind="news",
        title="Trao nhà đại đoàn kết",
        unit=alice.unit,
        committee=alice.committee,
        author=alice,
        topic=topic,
    )
    response = client.post(reverse("schedule:topic_rename", args=[topic.pk]), {"name": "An sinh xã hội"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.topic.name == "An sinh xã hội"


def test_a_refused_rename_says_why_on_that_topics_row(client, propaganda, current_plan):
    client.force_login(propaganda)
    _add(client, current_plan, "Đô thị văn minh")
    _add(client, current_plan, "Chăm sóc sức khỏe nhân dân")
    second = Topic.objects.get(name="Chăm sóc sức khỏe nhân dân")
    response = client.post(reverse("schedule:topic_rename", args=[second.pk]), {"name": "Đô thị văn minh"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="topic-error-{second.pk}"' in html and "Kế hoạch đã có một chủ đề tên này." in html
    assert _names(current_plan) == ["Đô thị văn minh", "Chăm sóc sức khỏe nhân dân"]


def test_moving_a_topic_up_and_down_changes_the_order(client, propaganda, current_plan):
    client.force_login(propaganda)
    for name in ("Một", "Hai", "Ba"):
        _add(client, current_plan, name)
    ba = Topic.objects.get(name="Ba")
    client.post(reverse("schedule:topic_move", args=[ba.pk]), {"direction": "up"})
    assert _names(current_plan) == ["Một", "Ba", "Hai"]
    client.post(reverse("schedule:topic_move", args=[ba.pk]), {"direction": "up"})
    client.post(reverse("schedule:topic_move", args=[ba.pk]), {"direction": "up"})  # already first: stays
    assert _names(current_plan) == ["Ba", "Một", "Hai"]
    mot = Topic.objects.get(name="Một")
    client.post(reverse("schedule:topic_move", args=[mot.pk]), {"direction": "down"})
    assert _names(current_plan) == ["Ba", "Hai", "Một"]
    assert client.post(reverse("schedule:topic_move", args=[mot.pk]), {"direction": "sideways"}).status_code == 400


def test_a_retired_topic_is_kept_no_longer_offered_and_stays_on_its_items(client, propaganda, alice, current_plan):
    client.force_login(propaganda)
    _add(client, current_plan, "Mô hình kinh tế hiệu quả")
    _add(client, current_plan, "Gương người tốt việc tốt")
    retired = Topic.objects.get(name="Mô hình kinh tế hiệu quả")
    item = Submission.objects.create(
        kind="news", title="Hợp tác xã", unit=alice.unit, committee=alice.committee, author=alice, topic=retired
    )
    assert client.post(reverse("schedule:topic_retire", args=[retired.pk])).status_code == 302
    retired.refresh_from_db()
    assert retired.retired_at is not None
    assert _names(current_plan) == ["Gương người tốt việc tốt"]
    assert (
        "Mô hình kinh tế hiệu quả"
        in client.get(reverse("schedule:topic_list", args=[current_plan.pk])).content.decode()
    )

    client.force_login(alice)
    new_form = client.get(reverse("submissions:item_create")).content.decode()
    assert "Gương người tốt việc tốt" in new_form and "Mô hình kinh tế hiệu quả" not in new_form
    edit_form = client.get(reverse("submissions:item_edit", args=[item.pk])).content.decode()
    assert "Mô hình kinh tế hiệu quả" in edit_form
    item.refresh_from_db()
    assert item.topic == retired


def test_a_retired_topic_can_be_offered_again(client, propaganda, current_plan):
    client.force_login(propaganda)
    _add(client, current_plan, "Phòng, chống tội phạm")
    topic = Topic.objects.get()
    client.post(reverse("schedule:topic_retire", args=[topic.pk]))
    client.post(reverse("schedule:topic_restore", args=[topic.pk]))
    assert _names(current_plan) == ["Phòng, chống tội phạm"]


def test_only_the_department_of_the_plans_committee_manages_its_topics(
    client, alice, lead, editor, propaganda, admin_user, current_plan
):
    client.force_login(propaganda)
    _add(client, current_plan, "Nông thôn mới")
    topic = Topic.objects.get()
    for person in (alice, lead, editor):
        client.force_login(person)
        assert client.get(reverse("schedule:topic_list", args=[current_plan.pk])).status_code == 403
        assert _add(client, current_plan, "Khác").status_code == 403
        assert client.post(reverse("schedule:topic_retire", args=[topic.pk])).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("schedule:topic_list", args=[current_plan.pk])).status_code == 200
    assert _names(current_plan) == ["Nông thôn mới"]


def test_another_committees_topics_are_not_found(client, propaganda):
    from portal import services as portal_services
    from portal.models import Unit

    elsewhere = portal_services.unit_create(
        code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )
    plan = Plan.objects.create(
        committee=elsewhere,
        title="KH",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    topic = Topic.objects.create(plan=plan, name="Tọa đàm")
    client.force_login(propaganda)
    assert client.get(reverse("schedule:topic_list", args=[plan.pk])).status_code == 404
    assert client.post(reverse("schedule:topic_rename", args=[topic.pk]), {"name": "Khác"}).status_code == 404
