"""Plans and topics in the Django admin go through the same services as the portal's pages: a plan
added there gets its twelve months; topics are retired, never deleted."""

import pytest
from django.urls import reverse

from schedule.models import ColumnMonth, Plan, Topic

pytestmark = pytest.mark.django_db


def _plan_form(committee, **changes) -> dict:
    data = {
        "committee": committee.pk, "number": "01/KH-MTTQ", "title": "Kế hoạch năm 2024", "year": 2024,
        "period_start": "01/01/2024", "period_end": "31/12/2024", "quota_news": 3, "quota_articles": 1,
        "coordination_day": 5, "event_news_allowance_days": 1, "reminder_days_before": 3,
        "references-TOTAL_FORMS": 1, "references-INITIAL_FORMS": 0, "references-MIN_NUM_FORMS": 0,
        "references-MAX_NUM_FORMS": 1000, "references-0-number": "616/MTTQ-BTT",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_plan_added_in_the_admin_gets_its_twelve_months_and_references(client, admin_user, committee, unit):
    client.force_login(admin_user)
    response = client.post(reverse("admin:schedule_plan_add"), _plan_form(committee, quota_units=[unit.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert list(plan.column_months.values_list("month", flat=True)) == list(range(1, 13))
    assert list(plan.references.values_list("number", flat=True)) == ["616/MTTQ-BTT"]
    assert (plan.quota_news, list(plan.quota_units.all())) == (3, [unit])


def test_editing_a_plan_in_the_admin_keeps_its_months_and_committee(client, admin_user, committee, plan):
    client.force_login(admin_user)
    months_before = list(plan.column_months.values_list("pk", "topic"))
    data = _plan_form(committee, title="Kế hoạch đã sửa", year=2023, period_start="01/01/2023", period_end="31/12/2023")
    data.update({"topics-TOTAL_FORMS": 0, "topics-INITIAL_FORMS": 0, "column_months-TOTAL_FORMS": 12,
                 "column_months-INITIAL_FORMS": 12})  # fmt: skip
    for i, (pk, _topic) in enumerate(months_before):
        data[f"column_months-{i}-id"] = pk
        data[f"column_months-{i}-plan"] = plan.pk
    response = client.post(reverse("admin:schedule_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa" and plan.committee == committee
    assert list(plan.column_months.values_list("pk", "topic")) == months_before
    assert ColumnMonth.objects.filter(plan=plan).count() == 12


def test_the_admin_shows_the_months_without_letting_them_be_edited_there(client, admin_user, plan):
    client.force_login(admin_user)
    html = client.get(reverse("admin:schedule_plan_change", args=[plan.pk])).content.decode()
    assert "Chủ đề tháng 3" in html
    assert 'name="column_months-2-topic"' not in html


def test_topics_added_and_renamed_in_the_admin_are_checked_like_on_the_portal(client, admin_user, plan):
    client.force_login(admin_user)
    add = reverse("admin:schedule_topic_add")
    assert client.post(add, {"plan": plan.pk, "name": "Nông thôn mới"}).status_code == 302
    assert client.post(add, {"plan": plan.pk, "name": "Đô thị văn minh"}).status_code == 302
    refused = client.post(add, {"plan": plan.pk, "name": "NÔNG THÔN MỚI"})
    assert refused.status_code == 200 and "Kế hoạch đã có một chủ đề tên này." in refused.content.decode()
    assert list(plan.topics.order_by("sort_order").values_list("name", "sort_order")) == [
        ("Nông thôn mới", 0),
        ("Đô thị văn minh", 1),
    ]
    topic = plan.topics.get(name="Nông thôn mới")
    response = client.post(reverse("admin:schedule_topic_change", args=[topic.pk]), {"name": "Xây dựng nông thôn mới"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Xây dựng nông thôn mới"


def test_topics_are_retired_in_the_admin_never_deleted(client, admin_user, plan):
    topic = Topic.objects.create(plan=plan, name="Gương người tốt việc tốt")
    client.force_login(admin_user)
    changelist = reverse("admin:schedule_topic_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [topic.pk], "post": "yes"})
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert client.get(reverse("admin:schedule_topic_delete", args=[topic.pk])).status_code == 403
    client.post(changelist, {"action": "retire", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.retired_at is not None
