"""A ward records its own plan implementing the city's, with its files and recipients; the city
sees which units have issued theirs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schedule.models import Plan
from schedule.selectors import plan_of_year

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _files(**extra):
    data = {
        "files-TOTAL_FORMS": "3",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "10",
    }
    for i in range(3):
        data[f"files-{i}-kind"] = "plan"
    return data | extra


def _plan_data(**extra):
    return (
        _files(
            number="12/KH-MTTQ",
            title="Kế hoạch thông tin tuyên truyền năm 2023 của phường Bắc Sơn",
            issued_on="15/06/2023",
            signed_by="Chủ tịch UB MTTQ phường",
            recipients="- Ban Thường trực UB MTTQ thành phố (b/c);\n- Đảng ủy phường (b/c);\n- Lưu VP.",
        )
        | extra
    )


def test_a_ward_records_its_plan_with_files_and_recipients(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    data = _plan_data(
        **{
            "files-0-file": SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
            "files-1-kind": "outline",
            "files-1-file": SimpleUploadedFile("de-cuong.pdf", PDF, content_type="application/pdf"),
        }
    )
    assert client.post("/reports/our-plan/?year=2023", data).status_code == 302
    own = Plan.objects.get(issuing_unit=ward_lead.unit)
    assert list(own.implements.all()) == [city_plan] and own.committee == city_plan.committee
    assert sorted(own.attachments.values_list("kind", flat=True)) == ["outline", "plan"]
    assert [(r.name, r.receives_reports) for r in own.recipients.all()] == [
        ("Ban Thường trực UB MTTQ thành phố", True),
        ("Đảng ủy phường", True),
        ("Lưu VP", False),
    ]
    assert not own.column_months.exists()
    # The city's plan of the year is still the city's.
    assert plan_of_year(city_plan.committee, 2023) == city_plan
    attachment = own.attachments.get(kind="plan")
    assert client.get(f"/reports/plan-files/{attachment.pk}/").status_code == 200


def test_a_file_that_is_not_a_document_is_refused_and_the_form_kept(client, city_plan, ward_lead):
    client.force_login(ward_lead)
    data = _plan_data(**{"files-0-file": SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf")})
    response = client.post("/reports/our-plan/?year=2023", data)
    page = response.content.decode()
    assert response.status_code == 400 and not Plan.objects.filter(issuing_unit=ward_lead.unit).exists()
    assert "không phải là tài liệu PDF" in page or "PDF" in page
    assert "Kế hoạch thông tin tuyên truyền năm 2023 của phường Bắc Sơn" in page


def test_the_city_sees_who_has_issued_a_plan_and_who_has_not(client, city_plan, ward_lead, city_propaganda):
    client.force_login(ward_lead)
    client.post("/reports/our-plan/?year=2023", _plan_data())
    client.force_login(city_propaganda)
    page = client.get("/reports/ward-plans/?year=2023").content.decode()
    row = page[page.index('data-unit="bac-son-sam-son"') :][:600]
    assert "12/KH-MTTQ" in row and "15/06/2023" in row
    other = page[page.index('data-unit="trung-son-sam-son"') :][:400]
    assert "Chưa ban hành" in other
    assert "1/4 đơn vị đã ban hành kế hoạch." in page


def test_another_wards_plan_file_is_hidden(client, city_plan, ward_lead, other_ward_lead):
    client.force_login(ward_lead)
    client.post(
        "/reports/our-plan/?year=2023",
        _plan_data(**{"files-0-file": SimpleUploadedFile("ke-hoach.pdf", PDF)}),
    )
    attachment = Plan.objects.get(issuing_unit=ward_lead.unit).attachments.get()
    client.force_login(other_ward_lead)
    assert client.get(f"/reports/plan-files/{attachment.pk}/").status_code == 404


def test_a_ward_downloads_the_city_plans_outline_to_build_its_own(client, city_plan, ward_lead, city_propaganda):
    from schedule.services import plan_attachments_add

    outline = plan_attachments_add(
        plan=city_plan,
        by=city_propaganda,
        files=[{"kind": "outline", "file": SimpleUploadedFile("de-cuong.pdf", PDF, content_type="application/pdf")}],
    )[0]
    client.force_login(ward_lead)
    page = client.get("/reports/our-plan/?year=2023").content.decode()
    assert f"/reports/plan-files/{outline.pk}/" in page and "Đề cương tuyên truyền" in page
    response = client.get(f"/reports/plan-files/{outline.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
