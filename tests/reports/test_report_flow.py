"""A ward's quarterly report: pre-filled counts, draft, submitted, returned with a comment,
resubmitted, accepted; every step recorded and the people concerned notified (rule 8: "Định kỳ báo cáo
kết quả", docs/rules.md)."""

import datetime

import pytest

from portal.models import Notification
from reports.models import Report
from tests.reports.conftest import make_activity

pytestmark = pytest.mark.django_db

SECTIONS = {
    "then": "submit",
    "results": "Tổ chức 1 buổi tọa đàm, 1 đợt phát loa.",
    "mobilised_count": "45",
    "mobilisation": "Giám sát việc xây dựng nông thôn mới.",
    "ideological_situation": "Cán bộ, hội viên phấn khởi, tin tưởng.",
    "difficulties": "Kinh phí hạn chế.",
    "proposals": "Đề nghị Đảng ủy hỗ trợ kinh phí loa.",
}


@pytest.fixture
def activities(city_plan, ward):
    make_activity(city_plan, ward, "seminar", datetime.date(2023, 8, 15), place="Hội trường", topic="Xây dựng Đảng",
                  organizer="MTTQ phường", attendance=80, broadcast="Không phát sóng")  # fmt: skip
    make_activity(city_plan, ward, "loudspeakers", datetime.date(2023, 9, 30), period_from="2023-09-01",
                  broadcasts=20, minutes=300, content="Nghị quyết")  # fmt: skip
    # Outside the quarter: not counted.
    make_activity(city_plan, ward, "seminar", datetime.date(2023, 10, 2), place="x", topic="x", organizer="x",
                  attendance=10, broadcast="Không phát sóng")  # fmt: skip


def _open(client, user) -> Report:
    client.force_login(user)
    response = client.post("/reports/reports/open/2023-Q3/?year=2023")
    assert response.status_code == 302
    return Report.objects.get()


def test_the_report_is_prefilled_with_the_quarters_counts_by_form(client, activities, ward_lead):
    report = _open(client, ward_lead)
    assert report.state == "draft" and report.due_on == datetime.date(2023, 10, 5)
    assert report.counts["seminar"] == 1 and report.counts["loudspeakers"] == 1 and report.counts["rebuttal"] == 0
    page = client.get(f"/reports/reports/{report.pk}/").content.decode()
    assert 'data-form="seminar"' in page and "Tọa đàm, diễn đàn" in page


def test_a_report_goes_back_and_forth_and_every_step_is_recorded(
    client, activities, ward_lead, ward_ctv, city_propaganda
):
    report = _open(client, ward_ctv)
    response = client.post(f"/reports/reports/{report.pk}/", SECTIONS)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.mobilised_count == 45 and report.first_submitted_at
    assert Notification.objects.filter(recipient=city_propaganda, kind="report_submit").exists()

    client.force_login(city_propaganda)
    # A return needs a comment: refused without one, and nothing changes.
    client.post(f"/reports/reports/{report.pk}/do/return/", {"comment": " "})
    report.refresh_from_db()
    assert report.state == "submitted"
    client.post(f"/reports/reports/{report.pk}/do/return/", {"comment": "Bổ sung số người dự tọa đàm."})
    report.refresh_from_db()
    assert report.state == "returned"
    assert Notification.objects.filter(recipient=ward_lead, kind="report_return").exists()

    client.force_login(ward_lead)
    page = client.get(f"/reports/reports/{report.pk}/").content.decode()
    assert "Bổ sung số người dự tọa đàm." in page
    client.post(f"/reports/reports/{report.pk}/", {**SECTIONS, "then": "resubmit", "results": "Đã bổ sung: 80 người."})
    report.refresh_from_db()
    assert report.state == "submitted" and report.results == "Đã bổ sung: 80 người."

    client.force_login(city_propaganda)
    client.post(f"/reports/reports/{report.pk}/do/accept/")
    report.refresh_from_db()
    assert report.state == "accepted" and report.accepted_at
    steps = list(report.transitions.values_list("action", "from_state", "to_state", "comment", "by__username"))
    assert steps == [
        ("submit", "draft", "submitted", "", "ctv.bac-son-sam-son"),
        ("return", "submitted", "returned", "Bổ sung số người dự tọa đàm.", "tuyengiao.sam-son"),
        ("resubmit", "returned", "submitted", "", "btt.bac-son-sam-son"),
        ("accept", "submitted", "accepted", "", "tuyengiao.sam-son"),
    ]


def test_a_submitted_report_cannot_be_changed_by_the_ward(client, activities, ward_lead):
    report = _open(client, ward_lead)
    client.post(f"/reports/reports/{report.pk}/", SECTIONS)
    response = client.post(f"/reports/reports/{report.pk}/", {**SECTIONS, "results": "Sửa lén"})
    report.refresh_from_db()
    assert response.status_code == 403 and report.results != "Sửa lén"


def test_a_period_the_plan_does_not_ask_for_is_refused(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    client.post("/reports/reports/open/2023-M07/?year=2023")
    assert not Report.objects.exists()


def test_late_and_missing_reports_are_flagged_for_the_ward(client, city_plan, ward, ward_lead, monkeypatch):
    from reports import selectors

    settings = selectors.settings_of(city_plan)
    rows = {
        r.period.key: r for r in selectors.unit_period_rows(city_plan, settings, ward, today=datetime.date(2023, 10, 9))
    }
    assert rows["2023-Q3"].missing and rows["2023-Q2"].missing and not rows["2023-Q4"].missing
