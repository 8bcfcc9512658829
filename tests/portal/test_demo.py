import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Role, Unit, User
from schedule.models import ColumnMonth, Plan

pytestmark = pytest.mark.django_db

DISTRICTS = {
    "tp-soc-trang", "vinh-chau", "nga-nam", "chau-thanh", "cu-lao-dung", "ke-sach",
    "long-phu", "my-tu", "my-xuyen", "thanh-tri", "tran-de",
}  # fmt: skip


def test_load_demo_is_idempotent_and_builds_soc_trang(demo, capsys):
    before = (Unit.objects.count(), User.objects.count(), Plan.objects.count())
    call_command("load_demo")  # the run loaded it once already; a second run adds nothing
    assert (Unit.objects.count(), User.objects.count(), Plan.objects.count()) == before
    out = capsys.readouterr().out
    assert "demo12345" in out and "ctv.ke-sach" in out
    soc_trang = Unit.objects.get(code="soc-trang")
    districts = Unit.objects.filter(committee=soc_trang, kind=Unit.Kind.DISTRICT)
    assert set(districts.values_list("code", flat=True)) == DISTRICTS
    assert all(d.carries_quota for d in districts)
    assert Unit.objects.filter(committee=soc_trang, kind=Unit.Kind.MEMBER_ORG).count() >= 5
    assert Unit.objects.filter(code="sam-son", parent=None).exists()
    assert User.objects.filter(username__startswith="ctv.").count() == 11
    assert User.objects.get(username="bientap").role == Role.EDITOR
    assert User.objects.get(username="tuyengiao").role == Role.PROPAGANDA
    assert Plan.objects.filter(committee=soc_trang, year=2023).count() == 1


def test_the_demo_has_a_plan_in_force_today_and_a_published_2023_archive(demo):
    from django.utils import timezone

    from schedule.selectors import plan_for
    from submissions.models import Submission

    call_command("load_demo", quiet_logins=True)  # a second run adds nothing
    soc_trang = Unit.objects.get(code="soc-trang")
    plan = plan_for(soc_trang, timezone.localdate())
    assert plan is not None and plan.quota_units.count() == 11
    archive = Submission.objects.filter(committee=soc_trang, quota_month__year=2023, state="published")
    assert archive.values("unit").distinct().count() == 11
    assert all(item.photos.exists() for item in archive[:5])


def test_the_sam_son_plan_implements_two_outside_plans(demo):
    plan = Plan.objects.get(committee__code="sam-son", year=2023)
    assert sorted(plan.references.values_list("number", flat=True)) == ["195-KH/TU", "616/MTTQ-BTT"]
    assert plan.quota_news == 0 and plan.quota_articles == 0


def test_the_demo_plan_has_the_seed_column_table(demo):
    plan = Plan.objects.get(committee__code="soc-trang", year=2023)
    assert (plan.quota_news, plan.quota_articles, plan.coordination_day) == (2, 1, 5)
    assert plan.quota_units.count() == 11
    months = {m.month: m for m in plan.column_months.prefetch_related("units")}
    assert sorted(months) == list(range(1, 13))
    assert months[1].plan_note == "Đã thực hiện" and months[1].state == ColumnMonth.State.AIRED
    assert months[2].plan_note == "Đã thực hiện"
    assert months[3].state == ColumnMonth.State.SUGGESTED
    assert [u.code for u in months[3].units.all()] == ["ke-sach"]
    assert months[4].topic.startswith("MTTQ các cấp chăm lo cho đồng bào dân tộc Khmer")
    assert months[12].all_quota_units


@pytest.mark.parametrize("username", ["admin", "bientap", "tuyengiao", "ctv.ke-sach", "btt.ke-sach"])
def test_each_demo_account_logs_in_to_its_home_page(client, demo, username):
    response = client.post(reverse("account_login"), {"login": username, "password": "demo12345"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home:home")
    assert response.context["user"].username == username


def test_member_organizations_and_the_office_carry_no_quota_unless_set(demo):
    """Rule 6 (docs/rules.md): only the district-level committees carry the 2023 quota."""
    plan = Plan.objects.get(committee__code="soc-trang", year=2023)
    kinds = set(plan.quota_units.values_list("kind", flat=True))
    assert kinds == {Unit.Kind.DISTRICT}
    assert not plan.quota_units.filter(kind__in=[Unit.Kind.MEMBER_ORG, Unit.Kind.OFFICE]).exists()


def test_the_plans_content_focus_becomes_the_topics(demo):
    """Rule 7 (docs/rules.md): the content focus of the plan is offered as topics."""
    topics = set(Plan.objects.get(committee__code="soc-trang", year=2023).topics.values_list("name", flat=True))
    assert {"Phòng chống tội phạm", "Bảo vệ môi trường", "Xây dựng nông thôn mới", "An sinh xã hội"} <= topics
