"""Subscribable iCalendar feeds of deadlines and air dates, behind a revocable secret token."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from schedule.models import CalendarFeedToken

pytestmark = pytest.mark.django_db


def make_feed(client, user) -> CalendarFeedToken:
    client.force_login(user)
    assert client.post(reverse("schedule:feeds")).status_code == 302
    return CalendarFeedToken.objects.get(owner=user, revoked_at__isnull=True)


def fetch(client, token: CalendarFeedToken):
    client.logout()
    return client.get(reverse("schedule:feed", args=[token.token]))


def events(response) -> list:
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_units_feed_lists_its_months_deadlines_as_all_day_events(client, lead, march):
    token = make_feed(client, lead)
    assert token.unit == lead.unit
    response = fetch(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    found = events(response)
    # Kế Sách has month 3 and the all-units month 12.
    starts = sorted(e.decoded("DTSTART") for e in found)
    assert starts == [datetime.date(2023, 3, 3), datetime.date(2023, 12, 5)]
    for event in found:
        assert type(event.decoded("DTSTART")) is datetime.date  # all-day, no time zone needed
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(days=1)
        assert event["UID"] and event["DTSTAMP"]


def test_uids_are_stable_across_fetches_and_air_dates_are_added(client, lead, propaganda, march):
    token = make_feed(client, lead)
    first = {str(e["UID"]) for e in events(fetch(client, token))}
    client.force_login(propaganda)
    client.post(
        reverse("schedule:month_transition", args=[march.pk]),
        {"action": "agree", "agreed_content": "Phóng sự", "air_date": "2023-03-20"},
    )
    # The agreed date is in the calendar as soon as it is agreed.
    agreed = events(fetch(client, token))
    uids = {str(e["UID"]) for e in agreed}
    assert first < uids and len(uids) == 3
    air = next(e for e in agreed if "air" in str(e["UID"]))
    assert air.decoded("DTSTART") == datetime.date(2023, 3, 20)
    client.force_login(propaganda)  # fetching signed out
    client.post(reverse("schedule:month_transition", args=[march.pk]), {"action": "produce"})
    client.post(reverse("schedule:month_transition", args=[march.pk]), {"action": "air", "air_date": "2023-03-21"})
    second = events(fetch(client, token))
    assert {str(e["UID"]) for e in second} == uids  # the same event, moved to the real date
    air = next(e for e in second if "air" in str(e["UID"]))
    assert air.decoded("DTSTART") == datetime.date(2023, 3, 21)


def test_the_committee_feed_of_the_department_lists_every_month(client, propaganda, plan):
    token = make_feed(client, propaganda)
    assert token.unit is None
    assert len(events(fetch(client, token))) == 12


def test_a_revoked_token_no_longer_answers(client, lead, march):
    token = make_feed(client, lead)
    client.force_login(lead)
    assert client.post(reverse("schedule:feed_revoke", args=[token.pk])).status_code == 302
    assert fetch(client, token).status_code == 404


def test_regenerating_gives_a_new_address_and_kills_the_old_one(client, lead, march):
    token = make_feed(client, lead)
    client.force_login(lead)
    client.post(reverse("schedule:feed_regenerate", args=[token.pk]))
    new = CalendarFeedToken.objects.get(owner=lead, revoked_at__isnull=True)
    assert new.token != token.token
    assert fetch(client, token).status_code == 404
    assert fetch(client, new).status_code == 200


def test_nobody_else_can_revoke_my_feed(client, lead, charlie, march):
    token = make_feed(client, lead)
    client.force_login(charlie)
    assert client.post(reverse("schedule:feed_revoke", args=[token.pk])).status_code == 404
    assert fetch(client, token).status_code == 200


def test_an_unknown_token_or_a_deactivated_owner_gives_404(client, lead, march):
    assert client.get(reverse("schedule:feed", args=["not-a-token"])).status_code == 404
    token = make_feed(client, lead)
    lead.is_active = False
    lead.save()
    assert fetch(client, token).status_code == 404


def test_a_feed_stops_when_its_owner_moves_to_another_unit(client, lead, other_unit, march):
    token = make_feed(client, lead)
    lead.unit = other_unit
    lead.save()
    assert fetch(client, token).status_code == 404
