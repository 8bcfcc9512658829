"""Every schedule page shows the demo installation to each role, in both languages."""

import pytest
from django.urls import reverse

from portal.models import User
from schedule.models import Plan
from tests.conftest import page_heading

pytestmark = pytest.mark.django_db

HEADINGS = {
    "vi": {
        "year": "Chuyên mục Đài PTTH và chuyên trang Báo năm 2023",
        "month": "Chuyên mục, chuyên trang tháng 3/2023",
        "feeds": "Đăng ký theo dõi lịch",
        "home": "Xin chào,",
    },
    "en": {
        "year": "Radio-TV column and newspaper page, 2023",
        "month": "Column and page of 3/2023",
        "feeds": "Calendar subscription",
        "home": "Hello,",
    },
}


@pytest.fixture
def demo_plan(demo) -> Plan:
    return Plan.objects.get(committee__code="soc-trang", year=2023)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("username", ["btt.ke-sach", "ctv.ke-sach", "tuyengiao", "admin", "bientap"])
def test_the_schedule_pages_show_every_role_the_plan_in_its_language(client, demo_plan, username, language):
    user = User.objects.get(username=username)
    user.language = language
    user.save()
    client.force_login(user)
    march = demo_plan.column_months.get(month=3)
    expected = HEADINGS[language]
    assert page_heading(client, reverse("schedule:year_of", args=[2023])) == expected["year"]
    assert page_heading(client, reverse("schedule:month_detail", args=[march.pk])) == expected["month"]
    assert page_heading(client, reverse("schedule:plan_detail", args=[demo_plan.pk])) == demo_plan.title
    assert page_heading(client, reverse("schedule:feeds")) == expected["feeds"]
    assert page_heading(client, reverse("home:home")) == f"{expected['home']} {user}"
    html = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    assert march.topic in html
    is_lead = username == "btt.ke-sach"
    assert (reverse("schedule:month_register", args=[march.pk]) in html) is is_lead
    assert (reverse("schedule:month_transition", args=[march.pk]) in html) is (username in ("tuyengiao", "admin"))


def test_the_month_page_is_in_english_for_an_english_reader(client, demo_plan):
    user = User.objects.get(username="tuyengiao")
    user.language = "en"
    user.save()
    client.force_login(user)
    html = client.get(reverse("schedule:year_of", args=[2023])).content.decode()
    assert "Planned content" in html and "Coordination deadline" in html


def test_the_plan_forms_open_filled_in_for_the_department(client, demo_plan):
    client.force_login(User.objects.get(username="tuyengiao"))
    march = demo_plan.column_months.get(month=3)
    assert page_heading(client, reverse("schedule:plan_create")) == "Kế hoạch mới"
    assert page_heading(client, reverse("schedule:plan_edit", args=[demo_plan.pk])) == "Sửa kế hoạch"
    form = client.get(reverse("schedule:plan_edit", args=[demo_plan.pk])).context["form"]
    assert form["title"].value() == demo_plan.title and form["quota_news"].value() == 2
    assert page_heading(client, reverse("schedule:month_edit", args=[march.pk])) == "Sửa chuyên mục tháng 3/2023"
    assert march.topic in client.get(reverse("schedule:month_edit", args=[march.pk])).content.decode()
