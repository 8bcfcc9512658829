"""Registering for a month, appointing staff, and moving a month through its states, over HTTP."""

import datetime

import pytest
from django.urls import reverse

from portal.models import Notification
from schedule.models import ColumnMonth, ColumnRegistration, ColumnStaff, ColumnTransition

pytestmark = pytest.mark.django_db


def register(client, month, **data):
    return client.post(reverse("schedule:month_register", args=[month.pk]), data)


def appoint(client, month, **data):
    return client.post(reverse("schedule:staff_add", args=[month.pk]), data)


def move(client, month, **data):
    return client.post(reverse("schedule:month_transition", args=[month.pk]), data)


def test_a_unit_lead_registers_their_unit_with_an_adjusted_topic(client, lead, march, propaganda):
    client.force_login(lead)
    response = register(client, march, proposed_topic="Giám sát và phản biện xã hội ở xã An Lạc Thôn")
    assert response.status_code == 302
    registration = ColumnRegistration.objects.get(column_month=march)
    assert registration.unit == lead.unit and registration.registered_by == lead
    assert registration.proposed_topic == "Giám sát và phản biện xã hội ở xã An Lạc Thôn"
    # The department hears about it.
    assert Notification.objects.filter(recipient=propaganda, kind="column-registered").exists()
    # Registering again updates the same registration.
    register(client, march, proposed_topic="")
    assert ColumnRegistration.objects.get(column_month=march).proposed_topic == ""


def test_a_unit_lead_appoints_staff_for_their_own_month(client, lead, alice, march):
    client.force_login(lead)
    response = appoint(
        client, march, name="Nguyễn Văn An", position="Phó Chủ tịch", phone="0912 345 678", user=alice.pk
    )
    assert response.status_code == 302
    staff = ColumnStaff.objects.get(column_month=march)
    assert (staff.name, staff.position, staff.phone, staff.user, staff.unit) == (
        "Nguyễn Văn An", "Phó Chủ tịch", "0912 345 678", alice, lead.unit
    )  # fmt: skip
    page = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "0912 345 678" in page


def test_a_unit_lead_cannot_register_or_appoint_for_another_units_month(client, lead, october):
    client.force_login(lead)
    assert register(client, october).status_code == 403
    assert appoint(client, october, name="Trần Thị B").status_code == 403
    assert not ColumnRegistration.objects.exists() and not ColumnStaff.objects.exists()


def test_another_units_lead_cannot_touch_my_month(client, other_lead, march):
    client.force_login(other_lead)
    assert register(client, march).status_code == 403
    assert appoint(client, march, name="X").status_code == 403


def test_every_quota_unit_may_register_for_the_all_units_month(client, lead, other_lead, plan):
    december = plan.column_months.get(month=12)
    for user in (lead, other_lead):
        client.force_login(user)
        assert register(client, december).status_code == 302
    assert ColumnRegistration.objects.filter(column_month=december).count() == 2


def test_a_lead_cannot_link_an_account_of_another_unit(client, lead, charlie, march):
    client.force_login(lead)
    response = appoint(client, march, name="Trần Văn C", user=charlie.pk)
    assert response.status_code == 400
    assert not ColumnStaff.objects.exists()


def test_a_missing_name_or_a_bad_phone_is_explained_and_the_form_kept(client, lead, march):
    client.force_login(lead)
    response = appoint(client, march, name="", position="Cán bộ Ban PT-TG", phone="gọi tôi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cán bộ Ban PT-TG" in html  # the rest of the form is kept
    assert "Nhập số điện thoại" in html  # in Vietnamese
    assert not ColumnStaff.objects.exists()


def test_a_lead_withdraws_an_appointment_which_stays_in_the_history(client, lead, march):
    client.force_login(lead)
    appoint(client, march, name="Nguyễn Văn An")
    staff = ColumnStaff.objects.get()
    assert client.post(reverse("schedule:staff_withdraw", args=[staff.pk])).status_code == 302
    staff.refresh_from_db()
    assert staff.withdrawn_at is not None and staff.withdrawn_by == lead
    page = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    staff_table = page.split('id="staff"', 1)[1].split("</table>", 1)[0]
    assert "Nguyễn Văn An" not in staff_table


def test_another_lead_cannot_withdraw_my_staff(client, lead, other_lead, plan):
    december = plan.column_months.get(month=12)
    client.force_login(lead)
    appoint(client, december, name="Nguyễn Văn An")
    client.force_login(other_lead)
    assert client.post(reverse("schedule:staff_withdraw", args=[ColumnStaff.objects.get().pk])).status_code == 404
    assert ColumnStaff.objects.get().withdrawn_at is None


def test_correspondents_read_but_cannot_change_anything(client, alice, march):
    client.force_login(alice)
    assert client.get(reverse("schedule:month_detail", args=[march.pk])).status_code == 200
    assert register(client, march).status_code == 403
    assert appoint(client, march, name="X").status_code == 403
    assert move(client, march, action="agree", agreed_content="X").status_code == 403
    assert client.get(reverse("schedule:month_edit", args=[march.pk])).status_code == 403
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.SUGGESTED
    assert not ColumnRegistration.objects.exists()


def test_a_unit_lead_cannot_move_the_state(client, lead, march):
    client.force_login(lead)
    assert move(client, march, action="agree", agreed_content="X").status_code == 403


def test_the_department_moves_a_month_through_its_states_and_each_step_is_recorded(client, propaganda, lead, march):
    client.force_login(propaganda)
    agreed = move(client, march, action="agree", agreed_content="Phóng sự về giám sát ở Kế Sách", air_date="20/03/2023")
    assert agreed.status_code == 302
    march.refresh_from_db()
    assert march.air_date == datetime.date(2023, 3, 20)  # the agreed date, as a date
    assert move(client, march, action="produce", comment="Đã quay xong").status_code == 302
    # The real date, when it differs from the agreed one.
    assert move(client, march, action="air", air_date="21/03/2023").status_code == 302
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.AIRED
    assert march.air_date == datetime.date(2023, 3, 21)
    assert march.agreed_content.startswith("Phóng sự về giám sát")
    steps = list(ColumnTransition.objects.filter(column_month=march).values_list("from_state", "to_state", "by"))
    assert steps == [
        ("suggested", "agreed", propaganda.pk),
        ("agreed", "produced", propaganda.pk),
        ("produced", "aired", propaganda.pk),
    ]
    assert ColumnTransition.objects.get(to_state="produced").comment == "Đã quay xong"
    # The unit's lead is told of each step.
    assert Notification.objects.filter(recipient=lead, kind="column-state").count() == 3
    # An aired month cannot move again.
    assert move(client, march, action="reschedule", comment="?").status_code == 400


def test_agreeing_needs_the_agreed_content_and_airing_needs_a_date(client, propaganda, march):
    client.force_login(propaganda)
    response = move(client, march, action="agree", agreed_content="  ", air_date="20/03/2023")
    assert response.status_code == 400
    assert "nội dung đã thống nhất" in response.content.decode()
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.SUGGESTED and not ColumnTransition.objects.exists()


def test_agreeing_needs_the_agreed_air_or_print_date_as_a_date(client, propaganda, march):
    client.force_login(propaganda)
    response = move(client, march, action="agree", agreed_content="Phóng sự về giám sát, phát cuối tháng")
    assert response.status_code == 400
    page = response.content.decode()
    assert "ngày phát sóng hoặc đăng báo đã thống nhất" in page
    assert "Phóng sự về giám sát, phát cuối tháng" in page  # what was typed is kept
    response = move(client, march, action="agree", agreed_content="Phóng sự về giám sát", air_date="cuối tháng 3")
    assert response.status_code == 400
    assert "15/06/2023" in response.content.decode()  # the example of the expected form
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.SUGGESTED and march.air_date is None
    assert not ColumnTransition.objects.exists()


def test_the_department_changes_the_agreed_date_and_the_lead_is_told(client, propaganda, lead, march):
    client.force_login(propaganda)
    move(client, march, action="agree", agreed_content="Phóng sự về giám sát", air_date="2023-03-20")
    assert (
        move(client, march, action="amend", agreed_content="Phóng sự về giám sát", air_date="24/03/2023").status_code
        == 302
    )
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.AGREED and march.air_date == datetime.date(2023, 3, 24)
    assert [t.action for t in ColumnTransition.objects.filter(column_month=march)] == ["agree", "amend"]
    told = Notification.objects.filter(recipient=lead, kind="column-state").order_by("pk")
    assert [n.message.split(" ")[-1] for n in told] == ["20/03/2023.", "24/03/2023."]


def test_a_month_agreed_before_the_date_was_a_date_shows_the_migrations_note_until_a_date_is_given(
    client, propaganda, march
):
    march.state, march.agreed_content = ColumnMonth.State.AGREED, "Chờ Đài xếp lịch"
    march.air_date_note = "Chưa ghi được ngày phát sóng/đăng: nội dung đã thống nhất không có ngày."
    march.save()
    client.force_login(propaganda)
    page = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    assert "Chưa ghi được ngày phát sóng/đăng" in page
    move(client, march, action="amend", agreed_content="Chờ Đài xếp lịch", air_date="27/03/2023")
    page = client.get(reverse("schedule:month_detail", args=[march.pk])).content.decode()
    assert "Chưa ghi được ngày phát sóng/đăng" not in page and "27/03/2023" in page


def test_rescheduling_needs_a_reason_and_a_rescheduled_month_can_be_agreed_again(client, propaganda, march):
    client.force_login(propaganda)
    assert move(client, march, action="reschedule").status_code == 400
    assert move(client, march, action="reschedule", comment="Đài đổi lịch phát sóng").status_code == 302
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.RESCHEDULED
    assert move(client, march, action="agree", agreed_content="Phóng sự").status_code == 400  # a new date is needed
    assert move(client, march, action="agree", agreed_content="Phóng sự", air_date="27/03/2023").status_code == 302
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.AGREED and march.air_date == datetime.date(2023, 3, 27)


def test_rescheduling_an_agreed_month_drops_its_agreed_date(client, propaganda, march):
    client.force_login(propaganda)
    move(client, march, action="agree", agreed_content="Phóng sự", air_date="20/03/2023")
    move(client, march, action="reschedule", comment="Đài đổi lịch phát sóng")
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.RESCHEDULED and march.air_date is None


def test_an_action_that_does_not_apply_to_the_state_is_refused(client, propaganda, march):
    client.force_login(propaganda)
    assert move(client, march, action="air", air_date="20/03/2023").status_code == 400
    march.refresh_from_db()
    assert march.state == ColumnMonth.State.SUGGESTED


def test_the_department_edits_a_months_topic_and_units(client, propaganda, march, other_unit):
    client.force_login(propaganda)
    response = client.post(
        reverse("schedule:month_edit", args=[march.pk]),
        {"topic": "Chủ đề mới", "media": "column", "units": [other_unit.pk], "units_label": ""},
    )
    assert response.status_code == 302
    march.refresh_from_db()
    assert march.topic == "Chủ đề mới" and march.media == "column"
    assert list(march.units.all()) == [other_unit]


def test_anonymous_users_are_sent_to_login(client, march):
    for url in (
        reverse("schedule:year"),
        reverse("schedule:month_detail", args=[march.pk]),
        reverse("schedule:plan_list"),
        reverse("schedule:feeds"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(reverse("schedule:month_register", args=[march.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_month_of_another_committee_is_not_found(client, lead, march):
    from portal import services as portal_services
    from portal.models import Role, Unit

    sam_son = portal_services.unit_create(
        code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )
    outsider = portal_services.account_create(
        username="ss", email="ss@example.com", role=Role.PROPAGANDA, committee=sam_son, password="x-Strong-pass1"
    )
    client.force_login(outsider)
    assert client.get(reverse("schedule:month_detail", args=[march.pk])).status_code == 404
    assert move(client, march, action="agree", agreed_content="X").status_code == 404
