"""A committee's public news site lives at /<code>/: a code that is already an address of the portal
(/reports/, /items/, /accounts/...) would hide it, so it is refused."""

import pytest
from django.urls import reverse

from portal import services
from portal.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["reports", "items", "schedule", "review", "home"])
def test_a_committee_code_that_is_a_portal_address_is_refused(code):
    with pytest.raises(ValueError, match="already an address"):
        services.unit_create(code=code, name="Ủy ban thử", kind=Unit.Kind.COMMITTEE)
    assert not Unit.objects.filter(code=code).exists()


def test_a_unit_below_a_committee_may_use_any_code(committee):
    unit = services.unit_create(code="reports", name="Ban thử", kind=Unit.Kind.DEPARTMENT, parent=committee)
    assert unit.committee == committee


def test_the_admin_says_why_a_committee_code_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:portal_unit_add"),
        {"code": "reports", "name": "Ủy ban thử", "kind": "committee", "sort_order": 0},
    )
    assert response.status_code == 200
    assert "Trang tin của một Ủy ban nằm ở địa chỉ mang mã của nó" in response.content.decode()
    assert not Unit.objects.filter(code="reports").exists()
