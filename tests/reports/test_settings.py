"""The city's propaganda department sets the reporting period and adds forms of propaganda."""

import pytest

from reports.models import ActivityForm, ReportSettings

pytestmark = pytest.mark.django_db


def _settings(**extra):
    data = {
        "s-period": "monthly",
        "s-due_day": "10",
        "s-reminder_days_before": "2",
        "s-place_name": "Sầm Sơn",
        "s-document_symbol": "BC-MTTQ",
        "s-signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
        "s-signer_position": "Phó Chủ tịch",
        "s-signer_name": "Trịnh Quang Huy",
        "recipients": "- Thường trực Thành ủy (b/c);",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "10",
    }
    return data | extra


def test_the_department_sets_the_period_and_the_recipients(client, city_plan, city_propaganda):
    client.force_login(city_propaganda)
    assert client.post("/reports/settings/?year=2023", _settings()).status_code == 302
    settings = ReportSettings.objects.get(plan=city_plan)
    assert (settings.period, settings.due_day, settings.signer_name) == ("monthly", 10, "Trịnh Quang Huy")
    assert [(r.name, r.receives_reports) for r in city_plan.recipients.all()] == [("Thường trực Thành ủy", True)]


def test_a_bad_due_day_is_refused_in_vietnamese(client, city_plan, city_propaganda):
    client.force_login(city_propaganda)
    response = client.post("/reports/settings/?year=2023", _settings(**{"s-due_day": "40"}))
    assert response.status_code == 400 and "từ 1 đến 31" in response.content.decode()
    assert ReportSettings.objects.get(plan=city_plan).due_day == 5


def test_the_department_adds_a_form_and_wards_can_record_it(client, city_plan, city_propaganda, ward_lead):
    client.force_login(city_propaganda)
    spec = "date | Ngày | date | yes\nvillage | Khu dân cư | text | yes\nhouseholds | Số hộ | number | no"
    response = client.post(
        "/reports/forms/new/?year=2023",
        {"code": "village-talk", "name": "Nói chuyện ở khu dân cư", "fields_spec": spec, "is_active": "on"},
    )
    assert response.status_code == 302
    form = ActivityForm.objects.get(code="village-talk")
    assert [f["name"] for f in form.fields] == ["date", "village", "households"]
    client.force_login(ward_lead)
    response = client.post(
        "/reports/activities/new/village-talk/?year=2023", {"date": "2023-07-07", "village": "Khu phố 3"}
    )
    assert response.status_code == 302


def test_a_form_without_a_date_is_refused(client, city_plan, city_propaganda):
    client.force_login(city_propaganda)
    response = client.post(
        "/reports/forms/new/?year=2023",
        {"code": "x", "name": "X", "fields_spec": "place | Nơi | text | yes", "is_active": "on"},
    )
    assert response.status_code == 400 and not ActivityForm.objects.filter(code="x").exists()
    assert "date" in response.content.decode()


def test_the_seed_command_gives_a_plan_its_seven_forms_once(city_plan):
    from django.core.management import call_command

    call_command("seed_activity_forms", "sam-son", "2023")
    call_command("seed_activity_forms", "sam-son", "2023")
    assert city_plan.activity_forms.count() == 7
