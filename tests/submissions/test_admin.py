"""The item admin reads items and corrects a few labels; an item's text, unit and committee, and a
photo's removal and acceptance, change only on the portal's pages (through the services)."""

import pytest
from django.urls import reverse

from .conftest import make_draft

pytestmark = pytest.mark.django_db


def test_the_item_admin_cannot_change_the_body_unit_or_committee(client, admin_user, alice, other_unit):
    item = make_draft(alice)
    body, unit, committee = item.body, item.unit, item.committee
    client.force_login(admin_user)
    url = reverse("admin:submissions_submission_change", args=[item.pk])
    html = client.get(url).content.decode()
    assert 'name="body"' not in html and 'name="unit"' not in html and 'name="committee"' not in html
    photo = item.photos.get()
    data = {
        "kind": item.kind, "title": "Tiêu đề đã sửa", "author": alice.pk, "summary": "", "event_place": "", "is_late": "",
        "body": "<p>Nội dung khác</p>", "unit": other_unit.pk, "committee": other_unit.pk,
        "photos-TOTAL_FORMS": 1, "photos-INITIAL_FORMS": 1, "photos-MIN_NUM_FORMS": 0, "photos-MAX_NUM_FORMS": 1000,
        "photos-0-id": photo.pk, "photos-0-submission": item.pk, "photos-0-caption": "Quang cảnh",
        "photos-0-credit": "CTV", "photos-0-removed": "on", "photos-0-acceptance_reason": "đã duyệt",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    photo.refresh_from_db()
    assert item.title == "Tiêu đề đã sửa"
    assert (item.body, item.unit, item.committee) == (body, unit, committee)
    assert not photo.removed and photo.acceptance_reason == ""


def test_the_admin_finds_items_and_units_typed_without_tones(client, admin_user, alice, editor, unit):
    """ "ke sach" finds "Kế Sách" in the item and unit lists, as every search of the portal does;
    typed with tones it still does, and a word nowhere finds nothing."""
    from portal.models import Unit
    from tests.submissions.conftest import make_published

    make_published(alice, editor, title="Kế Sách xây dựng nông thôn mới")
    make_published(alice, editor, title="Mỹ Tú biểu dương điển hình")
    Unit.objects.filter(pk=unit.pk).update(name="Ủy ban MTTQ huyện Kế Sách")
    Unit.objects.get(pk=unit.pk).save()  # refills name_folded
    client.force_login(admin_user)
    items = reverse("admin:submissions_submission_changelist")
    for typed in ("ke sach", "KE SACH", "Kế Sách"):
        html = client.get(items, {"q": typed}).content.decode()
        assert "Kế Sách xây dựng" in html and "Mỹ Tú biểu dương" not in html, typed
    assert "Kế Sách xây dựng" not in client.get(items, {"q": "khong ai viet"}).content.decode()
    units = client.get(reverse("admin:portal_unit_changelist"), {"q": "huyen ke sach"}).content.decode()
    assert "Ủy ban MTTQ huyện Kế Sách" in units
