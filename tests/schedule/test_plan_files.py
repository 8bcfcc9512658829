"""A plan's page lists its files and its "Nơi nhận", and hands out a file to whoever may read the plan."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from portal import services
from portal.models import Unit, User
from schedule.models import PlanAttachment, PlanRecipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def outline(plan) -> PlanAttachment:
    return PlanAttachment.objects.create(
        plan=plan,
        kind=PlanAttachment.Kind.OUTLINE,
        title="Đề cương tuyên truyền",
        file=ContentFile(b"%PDF-1.4 de cuong", name="de-cuong.pdf"),
        original_name="De cuong 2023.pdf",
        size=17,
        uploaded_at=timezone.now(),
    )


def test_the_plan_page_lists_files_and_recipients(client, alice, plan, outline, unit):
    PlanRecipient.objects.create(plan=plan, name="Ban Tuyên giáo Tỉnh ủy", receives_reports=True, sort_order=1)
    PlanRecipient.objects.create(plan=plan, unit=unit, sort_order=2)
    client.force_login(alice)
    html = client.get(f"/schedule/plans/{plan.pk}/").content.decode()
    assert "Đề cương tuyên truyền" in html and "De cuong 2023.pdf" in html
    assert "Ban Tuyên giáo Tỉnh ủy (b/c)" in html and unit.name in html

    response = client.get(f"/schedule/plans/{plan.pk}/files/{outline.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 de cuong"
    assert "De cuong 2023.pdf" in response["Content-Disposition"]


def test_another_committee_cannot_fetch_the_file(client, plan, outline):
    other = services.unit_create(code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    stranger = User.objects.create_user("stranger", password="a-Strong-passw0rd", unit=other)
    client.force_login(stranger)
    assert client.get(f"/schedule/plans/{plan.pk}/files/{outline.pk}/").status_code == 404
