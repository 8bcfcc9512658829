"""The nightly refresh, the freeze at each month's close and the logged recompute (rule 2)."""

import datetime

import pytest
from django.urls import reverse

from emulation.models import MonthlyTally, TallyRecompute
from emulation.tasks import freeze_closed_tallies, freeze_month, refresh_open_tallies
from submissions.models import Submission
from tests.emulation.conftest import local, make_item

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR, DEC = (datetime.date(2023, m, 1) for m in (1, 2, 3, 4, 12))


def _figures(plan, month) -> dict:
    return {
        t.unit.code: (t.news, t.articles, t.compliant, t.frozen_at is not None)
        for t in MonthlyTally.objects.filter(plan=plan, month=month).select_related("unit")
    }


def test_the_nightly_job_stores_the_open_months_of_the_units_that_existed(scenario):
    refresh_open_tallies.delay(as_of="2023-07-10")
    assert _figures(scenario, MAR) == {
        "ke-sach": (2, 1, True, False),
        "my-tu": (0, 0, False, False),
        "chau-thanh": (0, 0, False, False),
    }
    # Châu Thành merged on 15/06: it has a June tally but none for July; August has not begun.
    assert set(_figures(scenario, datetime.date(2023, 7, 1))) == {"ke-sach", "my-tu"}
    assert not MonthlyTally.objects.filter(month__gte=datetime.date(2023, 8, 1)).exists()
    assert MonthlyTally.objects.count() == 3 * 6 + 2 * 1


def test_the_nightly_job_is_idempotent_and_follows_new_items(scenario, unit, alice):
    refresh_open_tallies.delay(as_of="2023-07-10")
    first = {t.pk: (t.news, t.computed_at) for t in MonthlyTally.objects.all()}
    assert refresh_open_tallies.delay(as_of="2023-07-10").get() == {"created": 0, "updated": 0}
    assert {t.pk: (t.news, t.computed_at) for t in MonthlyTally.objects.all()} == first
    make_item(unit, alice, submitted=local(2023, 7, 2))
    assert refresh_open_tallies.delay(as_of="2023-07-10").get() == {"created": 0, "updated": 1}
    assert _figures(scenario, datetime.date(2023, 7, 1))["ke-sach"] == (1, 0, False, False)


def test_each_month_freezes_after_the_next_months_coordination_deadline(scenario):
    # February closes on Friday 03/03/2023 (the 5th is a Sunday), March on Wednesday 05/04/2023.
    freeze_closed_tallies.delay(as_of="2023-03-03")
    assert set(MonthlyTally.objects.filter(frozen_at__isnull=False).values_list("month", flat=True)) == {JAN}
    freeze_closed_tallies.delay(as_of="2023-03-04")
    assert set(MonthlyTally.objects.filter(frozen_at__isnull=False).values_list("month", flat=True)) == {JAN, FEB}
    freeze_closed_tallies.delay(as_of="2023-04-05")
    assert not MonthlyTally.objects.filter(month=MAR, frozen_at__isnull=False).exists()
    freeze_closed_tallies.delay(as_of="2023-04-06")
    assert _figures(scenario, MAR) == {
        "ke-sach": (2, 1, True, True),
        "my-tu": (0, 0, False, True),
        "chau-thanh": (0, 0, False, True),
    }


def test_december_closes_on_januarys_deadline_without_a_plan_for_the_next_year(scenario):
    # 05/01/2024 is a Friday.
    freeze_closed_tallies.delay(as_of="2024-01-05")
    assert not MonthlyTally.objects.filter(month=DEC, frozen_at__isnull=False).exists()
    freeze_closed_tallies.delay(as_of="2024-01-06")
    assert set(_figures(scenario, DEC)) == {"ke-sach", "my-tu"}
    assert all(frozen for *_, frozen in _figures(scenario, DEC).values())


def test_freezing_twice_freezes_once(scenario):
    assert freeze_closed_tallies.delay(as_of="2023-04-06").get() == 9
    stamps = dict(MonthlyTally.objects.values_list("pk", "frozen_at"))
    assert freeze_closed_tallies.delay(as_of="2023-04-06").get() == 0
    assert freeze_month.delay(scenario.pk, 2023, 3).get() == 0
    assert dict(MonthlyTally.objects.values_list("pk", "frozen_at")) == stamps


def test_a_frozen_month_shows_later_changes_but_keeps_its_figures(client, propaganda, scenario, unit, alice):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    # First sent in March, published only in May: it now counts for March, after the freeze.
    make_item(unit, alice, submitted=local(2023, 3, 28), published=local(2023, 5, 2))
    refresh_open_tallies.delay(as_of="2023-05-03")
    assert _figures(scenario, MAR)["ke-sach"] == (2, 1, True, True)
    client.force_login(propaganda)
    response = client.get(reverse("emulation:dashboard"), {"year": 2023})
    cell = next(
        c for r in response.context["matrix"].rows if r.unit.code == "ke-sach" for c in r.cells if c.month == MAR
    )
    assert (cell.news, cell.live_news, cell.frozen, cell.changed_since_freeze) == (2, 3, True, True)
    assert MAR in response.context["matrix"].frozen_months
    html = response.content.decode()
    assert 'aria-label="Đã chốt"' in html  # the frozen-month mark
    assert "3/1" in html  # "now 3/1" beside the frozen 2/1


def test_a_propaganda_user_recomputes_a_frozen_month_and_it_is_logged(client, propaganda, scenario, unit, alice):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    frozen_at = MonthlyTally.objects.get(unit=unit, month=MAR).frozen_at
    make_item(unit, alice, submitted=local(2023, 3, 28), published=local(2023, 5, 2))
    client.force_login(propaganda)
    response = client.post(
        reverse("emulation:recompute"), {"year": 2023, "month": "2023-03", "reason": "Tin đăng muộn được tính bù"}
    )
    assert response.status_code == 302
    tally = MonthlyTally.objects.get(unit=unit, month=MAR)
    assert (tally.news, tally.articles, tally.compliant, tally.frozen_at) == (3, 1, True, frozen_at)
    log = TallyRecompute.objects.get()
    assert (log.by, log.month, log.reason) == (propaganda, MAR, "Tin đăng muộn được tính bù")
    assert log.before["ke-sach"] == {"news": 2, "articles": 1, "compliant": True}
    assert log.after["ke-sach"] == {"news": 3, "articles": 1, "compliant": True}
    assert [code for code, _b, _a in log.changes] == ["ke-sach"]
    from portal.models import AuditEntry

    entry = AuditEntry.objects.get(event="tally_recomputed")
    assert (entry.actor_name, entry.ip, entry.details["month"], entry.details["frozen"]) == (
        "dana",
        "127.0.0.1",
        "2023-03-01",
        True,
    )
    assert entry.details["changed"] == ["ke-sach"]
    page = client.get(reverse("emulation:dashboard"), {"year": 2023})
    assert "Tin đăng muộn được tính bù" in page.content.decode()
    assert not page.context["matrix"].has_changes_since_freeze


def test_a_recompute_without_a_reason_changes_nothing_and_keeps_the_form(client, propaganda, scenario, unit, alice):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    make_item(unit, alice, submitted=local(2023, 3, 28), published=local(2023, 5, 2))
    client.force_login(propaganda)
    response = client.post(reverse("emulation:recompute"), {"year": 2023, "month": "2023-03", "reason": "  "})
    assert response.status_code == 400
    assert response.context["form"]["month"].value() == "2023-03"
    assert "Hãy cho biết lý do tính lại" in response.content.decode()
    assert not TallyRecompute.objects.exists()
    assert MonthlyTally.objects.get(unit=unit, month=MAR).news == 2


@pytest.mark.parametrize("persona", ["editor", "admin_user", "alice", "lead"])
def test_only_the_propaganda_department_may_recompute(client, persona, request, scenario):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("emulation:recompute"), {"year": 2023, "month": "2023-03", "reason": "Tính lại"})
    assert response.status_code == 403
    assert not TallyRecompute.objects.exists()


def test_the_recompute_form_is_not_offered_to_editors(client, editor, scenario):
    client.force_login(editor)
    assert 'id="recompute"' not in client.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()


def test_items_of_other_states_never_count(scenario, unit, alice):
    for state in (Submission.State.WITHDRAWN, Submission.State.APPROVED, Submission.State.IN_REVIEW):
        make_item(unit, alice, submitted=local(2023, 2, 9), state=state)
    freeze_closed_tallies.delay(as_of="2023-03-04")
    assert _figures(scenario, FEB)["ke-sach"] == (3, 0, False, True)


def test_the_recompute_service_refuses_anyone_but_the_propaganda_department(editor, scenario):
    from django.core.exceptions import PermissionDenied

    from emulation.services import tally_recompute

    freeze_closed_tallies.delay(as_of="2023-04-06")
    with pytest.raises(PermissionDenied):
        tally_recompute(plan=scenario, month=MAR, by=editor, reason="Tính lại")
    assert not TallyRecompute.objects.exists()
