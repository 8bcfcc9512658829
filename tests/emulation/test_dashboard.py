import datetime

import pytest
from django.urls import reverse

from emulation.scoring import QuotaRule
from tests.emulation.conftest import local, make_item

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR, JUN, JUL = (datetime.date(2023, m, 1) for m in (1, 2, 3, 4, 6, 7))


def _dashboard(client, user, year=2023):
    client.force_login(user)
    response = client.get(reverse("emulation:dashboard"), {"year": year})
    assert response.status_code == 200
    return response


def _cells(matrix) -> dict:
    return {(row.unit.code, c.month): c for row in matrix.rows for c in row.cells}


def test_the_matrix_counts_published_items_by_month_of_first_submission(client, propaganda, scenario):
    matrix = _dashboard(client, propaganda).context["matrix"]
    cells = _cells(matrix)
    figures = {key: (c.news, c.articles) for key, c in cells.items() if c.news or c.articles}
    assert figures == {
        ("ke-sach", JAN): (2, 1),
        ("ke-sach", FEB): (3, 0),
        # the rejected, unpublished and draft items do not count; the one sent at 23:30 on 31/03 does
        ("ke-sach", MAR): (2, 1),
        ("my-tu", JAN): (1, 1),
        ("my-tu", APR): (2, 2),
        ("chau-thanh", JAN): (2, 1),
        ("chau-thanh", JUN): (2, 1),
    }
    assert cells[("ke-sach", APR)].news == 0  # published in April, but first sent in March
    compliant = sorted((code, m.month) for (code, m), c in cells.items() if c.shown and c.compliant)
    assert compliant == [("chau-thanh", 1), ("chau-thanh", 6), ("ke-sach", 1), ("ke-sach", 3), ("my-tu", 4)]


def test_months_outside_a_merged_units_life_are_greyed_and_not_scored(client, propaganda, scenario):
    response = _dashboard(client, propaganda)
    cells = _cells(response.context["matrix"])
    assert cells[("chau-thanh", JUN)].active  # merged on 15/06: June still counts
    assert not cells[("chau-thanh", JUL)].active
    assert cells[("chau-thanh", JUL)].status == "inactive"
    html = response.content.decode()
    assert 'data-unit="chau-thanh" data-month="2023-07"' in html
    assert "sáp nhập vào Ủy ban MTTQ Việt Nam huyện Mỹ Tú ngày 15/06/2023" in html


def test_the_totals_and_the_ranking_match_the_hand_worked_numbers(client, propaganda, scenario):
    matrix = _dashboard(client, propaganda).context["matrix"]
    totals = {t.month: (t.news, t.articles, t.units, t.compliant) for t in matrix.month_totals}
    assert totals[JAN] == (5, 3, 3, 2)
    assert totals[JUN] == (2, 1, 3, 1)
    assert totals[JUL] == (0, 0, 2, 0)  # Châu Thành no longer exists
    assert (matrix.total_news, matrix.total_articles) == (14, 7)
    rows = {row.unit.code: (row.total_news, row.total_articles) for row in matrix.rows}
    assert rows == {"ke-sach": (7, 2), "my-tu": (3, 3), "chau-thanh": (4, 2)}
    ranking = [(s.unit.code, s.rank, s.earned, s.possible, s.percent, s.published) for s in matrix.ranking]
    assert ranking == [
        ("chau-thanh", 1, 6, 18, 33.3, 6),
        ("ke-sach", 2, 8, 36, 22.2, 9),
        ("my-tu", 3, 5, 36, 13.9, 6),
    ]


def test_the_page_explains_the_scoring_rule_with_the_plans_numbers(client, propaganda, scenario):
    scenario.quota_news = 3
    scenario.save(update_fields=["quota_news"])
    response = _dashboard(client, propaganda)
    assert response.context["matrix"].rule == QuotaRule(quota_news=3, quota_articles=1)
    html = response.content.decode()
    assert 'id="scoring-rules"' in html
    assert "<svg" in html and 'id="output-chart"' in html


def test_an_editor_and_an_administrator_may_read_the_dashboard(client, editor, admin_user, scenario):
    _dashboard(client, editor)
    _dashboard(client, admin_user)


@pytest.mark.parametrize("persona", ["alice", "lead", "charlie"])
def test_unit_members_cannot_open_the_committee_dashboard_or_exports(client, persona, request, scenario):
    client.force_login(request.getfixturevalue(persona))
    for name in ("emulation:dashboard", "emulation:export_xlsx", "emulation:print"):
        assert client.get(reverse(name), {"year": 2023}).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, scenario):
    response = client.get(reverse("emulation:dashboard"))
    assert response.status_code == 302


def test_a_year_without_a_plan_says_so(client, propaganda, scenario):
    response = _dashboard(client, propaganda, year=2031)
    assert response.templates[0].name == "emulation/no_plan.html"
    assert "2023" in response.content.decode()


def test_another_committees_staff_do_not_see_this_committees_plan(client, scenario):
    from portal import services
    from portal.models import Role, Unit

    sam_son = services.unit_create(code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    outsider = services.account_create(username="x", email="x@example.com", role=Role.PROPAGANDA, committee=sam_son)
    response = _dashboard(client, outsider)
    assert response.templates[0].name == "emulation/no_plan.html"


def _add_units_and_items(plan, committee, author, count: int) -> None:
    from portal import services
    from portal.models import Unit
    from submissions.models import Submission

    for i in range(count):
        extra = services.unit_create(code=f"xa-{i}", name=f"Xã {i}", kind=Unit.Kind.COMMUNE, parent=committee)
        plan.quota_units.add(extra)
        for month in (1, 5, 9):
            make_item(extra, author, kind=Submission.Kind.NEWS, submitted=local(2023, month, 2))
            make_item(extra, author, kind=Submission.Kind.ARTICLE, submitted=local(2023, month, 3))


def test_the_matrix_page_runs_the_same_number_of_queries_for_3_or_40_units(
    client, propaganda, scenario, committee, alice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(propaganda)
    url = reverse("emulation:dashboard")
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"year": 2023})
    _add_units_and_items(scenario, committee, alice, 37)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"year": 2023})
    assert len(response.context["matrix"].rows) == 40
    assert len(small.captured_queries) <= 20


def test_without_a_year_the_dashboard_opens_the_latest_year_with_a_plan(client, propaganda, scenario):
    client.force_login(propaganda)
    response = client.get(reverse("emulation:dashboard"))
    assert response.status_code == 200
    assert response.context["plan"] == scenario


def test_the_demo_installation_has_tallies_computed_from_its_items(client, demo):
    from emulation.models import MonthlyTally
    from home.demo_data import load_demo
    from portal.models import User

    load_demo()  # the run loaded it once already: a second run is idempotent, like the jobs
    frozen_2023 = MonthlyTally.objects.filter(month__year=2023, frozen_at__isnull=False)
    assert frozen_2023.count() == 11 * 12  # 11 districts, 2023 closed
    # The demo's 2023 archive of published items shows in the frozen figures.
    assert sum(t.news + t.articles for t in frozen_2023) > 11 * 12
    client.force_login(User.objects.get(username="tuyengiao"))
    response = client.get(reverse("emulation:dashboard"))
    assert len(response.context["matrix"].rows) == 11
