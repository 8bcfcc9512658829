import pytest
from django.urls import reverse

from tests.conftest import page_heading

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["home:home", "portal:preferences", "portal:invite", "units:unit_list"])
def test_anonymous_users_are_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_correspondent_cannot_open_the_admin(client, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/portal/user/").status_code == 302


def test_a_correspondent_cannot_open_another_units_page(client, alice, other_unit):
    client.force_login(alice)
    assert page_heading(client, reverse("units:unit_detail", args=["ke-sach"])) == "Ủy ban MTTQ Việt Nam huyện Kế Sách"
    assert client.get(reverse("units:unit_detail", args=[other_unit.code])).status_code == 404


def test_a_correspondent_sees_only_their_own_unit_in_the_list(client, alice, other_unit):
    client.force_login(alice)
    html = client.get(reverse("units:unit_list")).content.decode()
    assert "Kế Sách" in html
    assert "Mỹ Tú" not in html


def test_an_editor_cannot_manage_accounts(client, editor):
    client.force_login(editor)
    assert client.get(reverse("portal:invite")).status_code == 403
    assert client.get("/admin/portal/user/").status_code == 302


def test_an_editor_sees_every_unit_of_the_committee(client, editor, unit, other_unit):
    client.force_login(editor)
    assert page_heading(client, reverse("units:unit_detail", args=[other_unit.code])) == other_unit.name


def test_an_editor_cannot_see_units_of_another_committee(client, editor):
    from portal import services
    from portal.models import Unit

    sam_son = services.unit_create(
        code="sam-son", name="Ủy ban MTTQ Việt Nam thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )
    ward = services.unit_create(code="bac-son", name="Phường Bắc Sơn", kind=Unit.Kind.COMMUNE, parent=sam_son)
    client.force_login(editor)
    assert client.get(reverse("units:unit_detail", args=[ward.code])).status_code == 404


def test_an_administrator_opens_the_admin_in_vietnamese(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "Quản trị" in response.content.decode() or "quản trị" in response.content.decode()


def test_the_navigation_shows_each_role_what_it_may_do(client, alice, admin_user):
    client.force_login(alice)
    html = client.get(reverse("home:home")).content.decode()
    assert reverse("portal:invite") not in html
    client.force_login(admin_user)
    html = client.get(reverse("home:home")).content.decode()
    assert reverse("portal:invite") in html


def test_the_health_check_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"
