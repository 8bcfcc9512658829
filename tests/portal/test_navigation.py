"""Every navigation entry names the same group as its view's guard: for each role, the link is
shown exactly when the page answers 200. And the one committee-scope policy of ``portal.roles``:
an account with no committee, a superuser's included, sees no committee's work, only a message."""

import pytest
from django.urls import reverse

from portal.models import User
from portal.navigation import NAV_ITEMS
from submissions.models import Submission

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "lead", "editor", "propaganda", "admin_user"]
NO_COMMITTEE_VI = "quản trị viên"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_navigation_link_is_shown_exactly_to_the_roles_its_page_answers(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    shown = {item["name"] for item in client.get(reverse("home:home")).context["nav_items"]}
    for item in NAV_ITEMS:
        status = client.get(reverse(item.url_name)).status_code
        assert (item.url_name in shown) == (status == 200), f"{item.url_name} for {persona}: {status}"


def test_a_correspondent_sees_the_links_of_a_unit_and_not_those_of_the_staff(client, alice):
    client.force_login(alice)
    shown = {item["name"] for item in client.get(reverse("home:home")).context["nav_items"]}
    assert {"submissions:item_list", "submissions:item_create", "emulation:my_unit", "units:unit_list"} <= shown
    assert not shown & {"submissions:review_queue", "schedule:plan_list", "emulation:dashboard", "portal:invite"}


@pytest.fixture
def lone_superuser(db) -> User:
    return User.objects.create_superuser("root-without-committee", "r@example.com", "a-Strong-passw0rd")


@pytest.mark.parametrize(
    "url_name",
    [
        "home:home",
        "submissions:review_queue",
        "schedule:year",
        "schedule:plan_list",
        "emulation:dashboard",
        "units:unit_list",
        "portal:invite",
    ],
)
def test_a_superuser_without_a_committee_is_asked_to_have_it_set(client, lone_superuser, unit, url_name):
    client.force_login(lone_superuser)
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="no-committee"' in html and NO_COMMITTEE_VI in html
    assert unit.name not in html


def test_a_superuser_without_a_committee_opens_no_item_of_any_committee(client, lone_superuser, alice):
    from tests.submissions.conftest import make_submitted

    item = make_submitted(alice)
    client.force_login(lone_superuser)
    response = client.get(reverse("submissions:item_detail", args=[item.pk]))
    assert response.status_code == 403 and item.title not in response.content.decode()
    response = client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    assert response.status_code == 403
    assert Submission.objects.get(pk=item.pk).state == Submission.State.SUBMITTED


def test_a_department_account_without_a_committee_sees_nothing_published_anywhere(client, alice, editor):
    from portal import services
    from portal.models import Role
    from tests.submissions.conftest import make_published

    item = make_published(alice, editor)
    lone = services.account_create(
        username="lone-tg", email="tg@example.com", role=Role.PROPAGANDA, password="x-Strong-1"
    )
    client.force_login(lone)
    response = client.get(reverse("home:home"))
    assert response.status_code == 403 and 'id="no-committee"' in response.content.decode()
    assert item.title not in response.content.decode()
