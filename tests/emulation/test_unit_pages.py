"""A unit's page (the items behind each cell) and a unit member's own quota."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MAR = datetime.date(2023, 3, 1)


def _unit_page(client, user, code):
    client.force_login(user)
    return client.get(reverse("emulation:unit", args=[code]), {"year": 2023})


def test_the_unit_page_lists_the_items_behind_each_cell(client, propaganda, scenario):
    response = _unit_page(client, propaganda, "ke-sach")
    assert response.status_code == 200
    months = dict(response.context["items"])
    assert [len(months[m]) for m in sorted(months)] == [3, 3, 3]
    march = [item.title for item in months[MAR]]
    assert "Sent on the last evening of March" in march
    item = months[MAR][0]
    assert item.url == reverse("submissions:item_detail", args=[item.pk])
    row = response.context["row"]
    cell = next(c for c in row.cells if c.month == MAR)
    assert (cell.news, cell.articles) == (2, 1)  # the page's cell matches the items listed
    assert (row.score.earned, row.score.possible) == (8, 36)


def test_a_correspondent_sees_their_own_unit_page_but_not_anothers(client, alice, scenario):
    assert _unit_page(client, alice, "ke-sach").status_code == 200
    assert _unit_page(client, alice, "my-tu").status_code == 404
    assert _unit_page(client, alice, "no-such-unit").status_code == 404


def test_a_unit_lead_cannot_open_another_units_page(client, lead, scenario):
    assert _unit_page(client, lead, "chau-thanh").status_code == 404


def test_my_unit_shows_the_members_row_and_this_months_progress(client, alice, unit, plan):
    from django.utils import timezone

    from tests.emulation.conftest import make_item

    today = timezone.localdate()
    plan.year, plan.period_start, plan.period_end = (
        today.year,
        today.replace(month=1, day=1),
        today.replace(month=12, day=31),
    )
    plan.save()
    now = timezone.now()
    make_item(unit, alice, submitted=now, published=now)
    client.force_login(alice)
    response = client.get(reverse("emulation:my_unit"))
    assert response.status_code == 200
    assert [row.unit.code for row in response.context["matrix"].rows] == ["ke-sach"]
    current = response.context["current"]
    assert current.month == today.replace(day=1)
    assert (current.news, current.articles, current.compliant) == (1, 0, False)
    assert 'id="this-month"' in response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "propaganda"])
def test_my_unit_is_for_unit_members_only(client, persona, request, scenario):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("emulation:my_unit")).status_code == 403


def test_the_home_page_shows_unit_members_their_progress_and_the_department_a_summary(
    client, alice, propaganda, unit, plan
):
    from django.utils import timezone

    today = timezone.localdate()
    plan.year, plan.period_start, plan.period_end = (
        today.year,
        today.replace(month=1, day=1),
        today.replace(month=12, day=31),
    )
    plan.save()
    client.force_login(alice)
    templates = [t.name for t in client.get(reverse("home:home")).templates]
    assert "emulation/panel_progress.html" in templates
    client.force_login(propaganda)
    response = client.get(reverse("home:home"))
    assert "emulation/panel_compliance.html" in [t.name for t in response.templates]
