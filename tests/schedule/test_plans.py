"""Plans: list, create, edit, references to other plans (docs/rules.md, rule 8: plans reference plans),
and the attached document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schedule.models import Plan
from tests.conftest import page_heading

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan_data(committee, **extra) -> dict:
    data = {
        "number": "123/KH-MTTQ-BTT",
        "title": "Kế hoạch thông tin tuyên truyền năm 2024",
        "issuing_unit": committee.pk,
        "issued_on": "15/01/2024",
        "signed_by": "Phó Chủ tịch",
        "year": 2024,
        "period_start": "01/01/2024",
        "period_end": "31/12/2024",
        "quota_news": 2,
        "quota_articles": 1,
        "coordination_day": 5,
        "event_news_allowance_days": 1,
        "reminder_days_before": 3,
        "refs-TOTAL_FORMS": 2,
        "refs-INITIAL_FORMS": 0,
        "refs-MIN_NUM_FORMS": 0,
        "refs-MAX_NUM_FORMS": 20,
        "refs-0-number": "616/MTTQ-BTT",
        "refs-0-issued_on": "02/06/2023",
        "refs-0-issuer": "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
        "refs-1-number": "195-KH/TU",
        "refs-1-issued_on": "01/06/2023",
        "refs-1-issuer": "Ban Thường vụ Thành ủy Sầm Sơn",
    }
    data.update(extra)
    return data


def test_the_department_creates_a_plan_with_references_a_document_and_twelve_months(
    client, propaganda, committee, unit, plan
):
    client.force_login(propaganda)
    document = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    data = plan_data(
        committee, quota_units=[unit.pk], implements=[plan.pk], holidays_move_deadline="on", document=document
    )
    response = client.post(reverse("schedule:plan_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Plan.objects.get(year=2024)
    assert new.number == "123/KH-MTTQ-BTT" and new.holidays_move_deadline
    assert list(new.implements.all()) == [plan]
    assert list(new.quota_units.all()) == [unit]
    assert sorted(r.number for r in new.references.all()) == ["195-KH/TU", "616/MTTQ-BTT"]
    assert new.column_months.count() == 12
    html = client.get(reverse("schedule:plan_detail", args=[new.pk])).content.decode()
    assert "616/MTTQ-BTT" in html and "02/06/2023" in html and "195-KH/TU" in html
    download = client.get(reverse("schedule:plan_document", args=[new.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_document_is_served_only_through_the_access_check(client, propaganda, charlie, committee):
    client.force_login(propaganda)
    document = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    client.post(reverse("schedule:plan_create"), plan_data(committee, document=document))
    new = Plan.objects.get(year=2024)
    client.logout()
    assert client.get(reverse("schedule:plan_document", args=[new.pk])).status_code == 302
    from portal import services
    from portal.models import Role, Unit

    sam_son = services.unit_create(code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    outsider = services.account_create(
        username="ss", email="ss@example.com", role=Role.PROPAGANDA, committee=sam_son, password="x-Strong-pass1"
    )
    client.force_login(outsider)
    assert client.get(reverse("schedule:plan_document", args=[new.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.exe", b"MZ....", "PDF, DOC hoặc DOCX"),
        ("ke-hoach.pdf", b"not a pdf at all", "không phải là tệp PDF"),
    ],
)
def test_a_bad_document_is_refused_with_a_message_and_the_form_kept(
    client, propaganda, committee, name, content, message
):
    client.force_login(propaganda)
    response = client.post(
        reverse("schedule:plan_create"), plan_data(committee, document=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Kế hoạch thông tin tuyên truyền năm 2024" in html  # the rest of the form is kept
    assert not Plan.objects.filter(year=2024).exists()


def test_a_too_large_document_is_refused_and_nothing_stays_on_disk(client, propaganda, committee, settings):
    settings.PLAN_DOCUMENT_MAX_BYTES = 1024
    client.force_login(propaganda)
    big = SimpleUploadedFile("ke-hoach.pdf", PDF + b"0" * 2048)
    response = client.post(reverse("schedule:plan_create"), plan_data(committee, document=big))
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_a_failed_save_removes_the_uploaded_file(propaganda, committee, settings, monkeypatch):
    from schedule import services
    from schedule.models import PlanReference

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(PlanReference.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.plan_save(
            plan=None,
            committee=committee,
            by=propaganda,
            data={"title": "X", "year": 2024, "period_start": "2024-01-01", "period_end": "2024-12-31"},
            document=SimpleUploadedFile("ke-hoach.pdf", PDF),
        )
    assert not Plan.objects.exists()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_the_department_edits_a_plans_settings(client, propaganda, committee, plan):
    client.force_login(propaganda)
    data = plan_data(committee, year=2023, period_start="01/01/2023", period_end="31/12/2023", reminder_days_before=5)
    assert client.post(reverse("schedule:plan_edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.reminder_days_before == 5 and plan.column_months.count() == 12


def test_a_period_that_ends_before_it_starts_is_refused(client, propaganda, committee):
    client.force_login(propaganda)
    response = client.post(reverse("schedule:plan_create"), plan_data(committee, period_end="01/01/2023"))
    assert response.status_code == 400 and not Plan.objects.filter(year=2024).exists()


def test_only_the_department_and_administrators_manage_plans(client, alice, lead, editor, admin_user, plan):
    for user in (alice, lead, editor):
        client.force_login(user)
        assert client.get(reverse("schedule:plan_list")).status_code == 403
        assert client.get(reverse("schedule:plan_create")).status_code == 403
        assert client.get(reverse("schedule:plan_edit", args=[plan.pk])).status_code == 403
    client.force_login(admin_user)
    assert plan.title in client.get(reverse("schedule:plan_list")).content.decode()
    # Everyone of the committee reads a plan.
    client.force_login(alice)
    assert page_heading(client, reverse("schedule:plan_detail", args=[plan.pk])) == plan.title


def test_the_plan_list_shows_the_committees_plans(client, propaganda, plan):
    client.force_login(propaganda)
    html = client.get(reverse("schedule:plan_list")).content.decode()
    assert plan.title in html
