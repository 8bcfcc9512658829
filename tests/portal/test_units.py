import datetime

import pytest

from portal import services
from portal.models import Unit, UnitChange, User

pytestmark = pytest.mark.django_db


def test_a_root_unit_is_its_own_committee(committee):
    assert committee.committee_id == committee.pk
    assert committee.is_committee


def test_units_below_a_committee_are_scoped_to_it(committee, unit):
    assert unit.committee == committee
    commune = services.unit_create(code="an-lac-thon", name="Xã An Lạc Thôn", kind=Unit.Kind.COMMUNE, parent=unit)
    assert commune.committee == committee


def test_renaming_a_unit_keeps_its_code_and_history(unit):
    services.unit_rename(unit=unit, name="Ủy ban MTTQ Việt Nam xã Kế Sách")
    unit.refresh_from_db()
    assert unit.code == "ke-sach"
    change = unit.changes.get(kind=UnitChange.Kind.RENAMED)
    assert change.old_value == "Ủy ban MTTQ Việt Nam huyện Kế Sách"


def test_merging_a_unit_moves_its_people_and_keeps_its_items(unit, other_unit, alice):
    from submissions.models import Submission

    item = Submission.objects.create(committee=unit.committee, unit=unit, author=alice, title="Tin cũ")
    services.unit_merge(unit=unit, into=other_unit, on=datetime.date(2025, 6, 30))
    unit.refresh_from_db()
    alice.refresh_from_db()
    assert unit.merged_into == other_unit
    assert not unit.is_active_on(datetime.date(2025, 7, 1))
    assert unit.is_active_on(datetime.date(2025, 6, 30))
    assert alice.unit == other_unit
    item.refresh_from_db()
    assert item.unit == unit  # the item stays with the unit it belonged to at the time


def test_a_unit_cannot_be_merged_into_another_committee(unit):
    other = services.unit_create(code="sam-son", name="Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    with pytest.raises(ValueError):
        services.unit_merge(unit=unit, into=other, on=datetime.date(2025, 6, 30))


def test_deactivated_units_drop_out_of_the_active_list(unit, other_unit):
    services.unit_deactivate(unit=unit, on=datetime.date(2025, 6, 30))
    active = Unit.objects.active_on(datetime.date(2025, 7, 1))
    assert other_unit in active and unit not in active


def test_units_with_history_cannot_be_deleted(unit, alice):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        unit.delete()
    assert User.objects.filter(pk=alice.pk).exists()
