"""Every schedule page renders for the demo installation, for each role, in both languages."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import User
from schedule.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", quiet_logins=True)
    return Plan.objects.get(committee__code="soc-trang", year=2023)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("username", ["btt.ke-sach", "ctv.ke-sach", "tuyengiao", "admin", "bientap"])
def test_the_schedule_pages_render_for_every_role(client, demo, username, language):
    user = User.objects.get(username=username)
    user.language = language
    user.save()
    client.force_login(user)
    march = demo.column_months.get(month=3)
    for url in (
        reverse("schedule:year_of", args=[2023]),
        reverse("schedule:month_detail", args=[march.pk]),
        reverse("schedule:plan_detail", args=[demo.pk]),
        reverse("schedule:feeds"),
        reverse("home:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    is_lead = username == "btt.ke-sach"
    assert (reverse("schedule:month_register", args=[march.pk]) in html) is is_lead
    assert (reverse("schedule:month_transition", args=[march.pk]) in html) is (username in ("tuyengiao", "admin"))


def test_the_month_page_is_in_english_for_an_english_reader(client, demo):
    user = User.objects.get(username="tuyengiao")
    user.language = "en"
    user.save()
    client.force_login(user)
    html = client.get(reverse("schedule:year_of", args=[2023])).content.decode()
    assert "Planned content" in html and "Coordination deadline" in html


def test_the_plan_forms_render_for_the_department(client, demo):
    client.force_login(User.objects.get(username="tuyengiao"))
    assert client.get(reverse("schedule:plan_create")).status_code == 200
    assert client.get(reverse("schedule:plan_edit", args=[demo.pk])).status_code == 200
    assert client.get(reverse("schedule:month_edit", args=[demo.column_months.get(month=3).pk])).status_code == 200
