import pytest

from portal.models import Role, Unit, UnitChange, User

pytestmark = pytest.mark.django_db


def _unit_form(unit: Unit, **changes) -> dict:
    data = {
        "code": unit.code, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
        "level_label": unit.level_label, "parent": unit.parent_id or "", "carries_quota": "on" if unit.carries_quota else "",
        "active_from": "", "active_until": "", "merged_into": "", "sort_order": unit.sort_order,
        "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0, "changes-MIN_NUM_FORMS": 0, "changes-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_unit_added_in_the_admin_belongs_to_its_committee(client, admin_user, unit):
    client.force_login(admin_user)
    new = Unit(code="an-lac-thon", name="Xã An Lạc Thôn", kind=Unit.Kind.COMMUNE, parent=unit)
    response = client.post("/admin/portal/unit/add/", _unit_form(new))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Unit.objects.get(code="an-lac-thon")
    assert created.committee == unit.committee
    assert created.changes.filter(kind=UnitChange.Kind.CREATED).exists()


def test_renaming_and_merging_in_the_admin_keep_the_units_history(client, admin_user, unit, other_unit, alice):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/portal/unit/{unit.pk}/change/",
        _unit_form(unit, name="Ủy ban MTTQ xã Kế Sách", active_until="30/06/2025", merged_into=other_unit.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    alice.refresh_from_db()
    assert unit.name == "Ủy ban MTTQ xã Kế Sách" and unit.merged_into == other_unit
    assert set(unit.changes.values_list("kind", flat=True)) >= {UnitChange.Kind.RENAMED, UnitChange.Kind.MERGED}
    assert alice.unit == other_unit


def test_the_role_decides_who_is_staff_when_an_account_is_edited_in_the_admin(admin_user, editor):
    from django.contrib.admin.sites import site

    from portal.admin import PortalUserAdmin

    editor.role = Role.ADMIN
    PortalUserAdmin(User, site).save_model(None, editor, None, True)
    editor.refresh_from_db()
    assert editor.is_staff and editor.is_superuser
    editor.role = Role.EDITOR
    PortalUserAdmin(User, site).save_model(None, editor, None, True)
    editor.refresh_from_db()
    assert not editor.is_staff and not editor.is_superuser
