import datetime

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
    plan = Plan.objects.committee_own().get(committee__code="sam-son", year=2023)
    refs = {r.number: r for r in plan.references.all()}
    assert sorted(refs) == ["195-KH/TU", "616/MTTQ-BTT"]
    assert refs["616/MTTQ-BTT"].issued_on == datetime.date(2023, 6, 2)
    assert refs["195-KH/TU"].issued_on == datetime.date(2023, 6, 1)
    assert refs["195-KH/TU"].issuer == "Ban Thường vụ Thành ủy Sầm Sơn"
    assert plan.quota_news == 0 and plan.quota_articles == 0


def test_the_sam_son_plan_holds_what_the_seed_prints_and_nothing_invented(demo):
    """The seed's header carries no number and no date of issue: both stay empty."""
    plan = Plan.objects.committee_own().get(committee__code="sam-son", year=2023)
    assert plan.number == "" and plan.issued_on is None
    assert plan.signed_by == "TM. BAN THƯỜNG TRỰC, PHÓ CHỦ TỊCH Trịnh Quang Huy"
    assert list(plan.topics.values_list("name", flat=True)) == [
        "Công tác xây dựng Đảng, xây dựng hệ thống chính trị",
        "Thực hiện thắng lợi 6 nhiệm vụ trọng tâm, 3 giải pháp đột phá",
        "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh, phản bác các thông tin, quan điểm sai trái, thù địch",
        "Mô hình mới, cách làm sáng tạo, hiệu quả",
        "Gương người tốt, việc tốt",
    ]


def test_the_sam_son_plans_recipients_are_as_printed_with_those_that_receive_reports_marked():
    from home.demo_data import sam_son_plan_recipients

    recipients = sam_son_plan_recipients()
    assert [r["printed"] for r in recipients] == [
        "- Ban Thường trực UB MTTQ tỉnh(b/c);",
        "- Ban Tuyên giáo UB MTTQ tỉnh(b/c);",
        "- Thường trực Thành ủy (b/c);",
        "- Ban Tổ chức, Ban Tuyên giáo, Ban Dân vận Thành ủy (b/c);",
        "- Ban Thường trực Ủy ban MTTQ thành phố;",
        "- Các tổ chức thành viên của Mặt trận thành phố;",
        "- Ban Thường trực UBMTTQ các phường, xã;",
        "- Lưu MTTQ thành phố.",
    ]
    assert [r["name"] for r in recipients if r["reports"]] == [
        "Ban Thường trực UB MTTQ tỉnh",
        "Ban Tuyên giáo UB MTTQ tỉnh",
        "Thường trực Thành ủy",
        "Ban Tổ chức, Ban Tuyên giáo, Ban Dân vận Thành ủy",
    ]
    assert all(("(b/c)" in r["printed"]) == r["reports"] and r["name"] in r["printed"] for r in recipients)


def test_the_demo_stores_the_sam_son_plans_recipients_on_the_plan(demo):
    plan = Plan.objects.committee_own().get(committee__code="sam-son", year=2023)
    stored = [(r.name, r.receives_reports) for r in plan.recipients.all()]
    from home.demo_data import sam_son_plan_recipients

    assert stored == [(r["name"], r["reports"]) for r in sam_son_plan_recipients()]


SAM_SON_WARDS = {
    "bac-son-sam-son": ("phường", "Bắc Sơn"),
    "trung-son-sam-son": ("phường", "Trung Sơn"),
    "truong-son-sam-son": ("phường", "Trường Sơn"),
    "quang-tien-sam-son": ("phường", "Quảng Tiến"),
    "quang-cu-sam-son": ("phường", "Quảng Cư"),  # a phường since 2017
    "quang-chau-sam-son": ("phường", "Quảng Châu"),
    "quang-tho-sam-son": ("phường", "Quảng Thọ"),
    "quang-vinh-sam-son": ("phường", "Quảng Vinh"),
    "dai-hung-sam-son": ("xã", "Đại Hùng"),  # Quảng Đại and Quảng Hùng, merged on 1/1/2020
    "quang-minh-sam-son": ("xã", "Quảng Minh"),
}


def test_sam_son_has_its_eight_wards_two_communes_and_member_organizations(demo):
    sam_son = Unit.objects.get(code="sam-son", parent=None)
    assert sam_son.name == "Ủy ban MTTQ Việt Nam thành phố Sầm Sơn"
    wards = {u.code: u for u in Unit.objects.filter(committee=sam_son, kind=Unit.Kind.COMMUNE)}
    assert set(wards) == set(SAM_SON_WARDS)
    for code, (level, name) in SAM_SON_WARDS.items():
        assert wards[code].level_label == level and wards[code].name == f"Ủy ban MTTQ Việt Nam {level} {name}"
        assert wards[code].parent == sam_son and not wards[code].carries_quota
    orgs = set(Unit.objects.filter(committee=sam_son, kind=Unit.Kind.MEMBER_ORG).values_list("code", flat=True))
    assert orgs == {"hoi-lhpn-sam-son", "hoi-nong-dan-sam-son", "doan-tn-sam-son", "hoi-ccb-sam-son"}
    assert Unit.objects.get(code="doan-tn-sam-son").name == "Thành Đoàn Sầm Sơn"


def test_sam_son_has_its_propaganda_staff_its_editor_and_a_standing_board_account_per_ward(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    sam_son = Unit.objects.get(code="sam-son")
    propaganda = User.objects.get(username="tuyengiao.sam-son")
    assert propaganda.role == Role.PROPAGANDA and propaganda.committee == sam_son
    editor = User.objects.get(username="bientap.sam-son")
    assert editor.role == Role.EDITOR and editor.committee == sam_son
    for code in SAM_SON_WARDS:
        lead = User.objects.get(username=f"btt.{code}")
        assert lead.role == Role.UNIT_LEAD and lead.unit.code == code and lead.committee == sam_son
        assert lead.check_password("demo12345")
    # The logins are printed grouped by committee, the city's after the province's.
    province, city = out.index("Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng:"), out.index("thành phố Sầm Sơn:")
    assert province < out.index("ctv.ke-sach") < city < out.index("btt.quang-cu-sam-son")
    assert out.index("tuyengiao.sam-son") > city


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


@pytest.mark.parametrize(
    "username",
    ["admin", "bientap", "tuyengiao", "ctv.ke-sach", "btt.ke-sach", "tuyengiao.sam-son", "btt.quang-cu-sam-son"],
)
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
