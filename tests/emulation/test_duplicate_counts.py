"""The department's dashboard counts, per unit, the items the editors returned or rejected as duplicates."""

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import ReviewAction, Submission
from tests.emulation.conftest import local, make_item

pytestmark = pytest.mark.django_db


def _decide(item: Submission, editor, action: str) -> None:
    Submission.objects.filter(pk=item.pk).update(duplicate_status="suspected")
    item.refresh_from_db()
    services.submission_transition(submission=item, by=editor, action=action, comment="Trùng với tin đã đăng.")
    ReviewAction.objects.filter(submission=item, action=action).update(created_at=local(2023, 5, 2))


def test_the_dashboard_counts_items_returned_and_rejected_as_duplicates_per_unit(
    client, propaganda, editor, scenario, unit, other_unit, alice, charlie
):
    submitted = Submission.State.SUBMITTED
    _decide(make_item(unit, alice, submitted=local(2023, 5, 1), state=submitted), editor, "return_duplicate")
    _decide(make_item(unit, alice, submitted=local(2023, 5, 1), state=submitted), editor, "reject_duplicate")
    _decide(make_item(unit, alice, submitted=local(2023, 5, 1), state=submitted), editor, "return_duplicate")
    # An ordinary rejection is not counted.
    services.submission_transition(
        submission=make_item(other_unit, charlie, submitted=local(2023, 5, 1), state=submitted),
        by=editor,
        action="reject",
        comment="Chưa đạt.",
    )
    client.force_login(propaganda)
    html = client.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    section = html[html.index('id="duplicates"') :]
    assert (
        f'<tr data-unit="{unit.code}"><td>{unit.name}</td><td class="text-end">2</td><td class="text-end">1</td></tr>'
        in section
    )
    assert f'data-unit="{other_unit.code}"' not in section
