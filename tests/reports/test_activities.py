"""Wards record activities by form (the forms of propaganda of rule 8, docs/rules.md), with the facts
each form asks for, photos and links."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Activity
from tests.submissions.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

SEMINAR = {
    "date": "2023-08-15",
    "place": "Hội trường phường Bắc Sơn",
    "topic": "Xây dựng Đảng, xây dựng hệ thống chính trị",
    "organizer": "Ban Thường trực UB MTTQ phường",
    "experts": "Nguyễn Văn A, Giảng viên Trường Chính trị tỉnh\nTrần Thị B, Báo cáo viên Thành ủy",
    "attendance": "120",
    "broadcast": "Loa phát thanh phường, xã",
    "links": "https://example.vn/toa-dam",
}


def test_a_ward_lead_records_a_seminar_with_its_experts(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    response = client.post("/reports/activities/new/seminar/?year=2023", SEMINAR)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.unit == ward_lead.unit and activity.occurred_on == datetime.date(2023, 8, 15)
    assert activity.values["attendance"] == 120
    assert activity.values["experts"][0] == {"name": "Nguyễn Văn A", "position": "Giảng viên Trường Chính trị tỉnh"}
    assert activity.links == ["https://example.vn/toa-dam"]
    page = client.get(response["Location"]).content.decode()
    assert "Trần Thị B" in page and "120" in page


def test_a_correspondent_of_the_ward_records_a_loudspeaker_period(client, city_plan, ward_ctv):
    client.force_login(ward_ctv)
    response = client.post(
        "/reports/activities/new/loudspeakers/?year=2023",
        {
            "period_from": "2023-07-01",
            "date": "2023-07-31",
            "broadcasts": "20",
            "minutes": "300",
            "content": "Nghị quyết",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().values == {
        "period_from": "2023-07-01",
        "date": "2023-07-31",
        "broadcasts": 20,
        "minutes": 300,
        "content": "Nghị quyết",
    }


def test_bad_values_are_refused_in_vietnamese_and_the_form_is_kept(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    data = {**SEMINAR, "attendance": "nhiều", "date": "2024-02-01", "place": "", "links": "không phải địa chỉ"}
    response = client.post("/reports/activities/new/seminar/?year=2023", data)
    page = response.content.decode()
    assert response.status_code == 400 and not Activity.objects.exists()
    assert "Hãy nhập một số nguyên" in page
    assert "Trường này là bắt buộc" in page
    assert "trong phạm vi kế hoạch" in page
    assert "không phải là địa chỉ web" in page
    assert "Xây dựng Đảng, xây dựng hệ thống chính trị" in page  # what was typed stays


def test_a_rebuttal_records_counts_and_no_personal_data(client, city_plan, ward_lead):
    fields = city_plan.activity_forms.get(code="rebuttal").fields
    assert {f["type"] for f in fields} <= {"choice", "date", "url", "number"}
    client.force_login(ward_lead)
    client.post(
        "/reports/activities/new/rebuttal/?year=2023",
        {
            "platform": "Facebook",
            "date": "2023-09-02",
            "kind": "Bình luận",
            "participants": "35",
            "items_reported": "4",
        },
    )
    assert Activity.objects.get().values["participants"] == 35


def test_a_sharp_photo_is_kept_and_a_blurred_one_refused_with_the_reason(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    good = SimpleUploadedFile("toa-dam.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post("/reports/activities/new/seminar/?year=2023", {**SEMINAR, "photo": good, "caption": "Quang cảnh"})
    activity = Activity.objects.get()
    assert activity.photos.count() == 1
    blurred = SimpleUploadedFile("mo.jpg", jpeg_bytes(blurred=True, seed=4), content_type="image/jpeg")
    response = client.post(f"/reports/activities/{activity.pk}/photos/", {"photo": blurred}, follow=True)
    assert activity.photos.count() == 1
    assert "Ảnh chưa được lưu" in response.content.decode() and "mờ" in response.content.decode()
    photo = activity.photos.get()
    assert client.get(f"/reports/photos/{photo.pk}/").status_code == 200


def test_a_district_correspondent_is_told_these_pages_are_for_wards(client, city_plan, alice):
    client.force_login(alice)
    response = client.get("/reports/")
    assert response.status_code == 200 and "phường, xã" in response.content.decode()
    assert client.get("/reports/activities/new/seminar/").status_code == 403
