"""The iCalendar (.ics) feeds of coordination deadlines and air dates.

Events are all-day (VALUE=DATE), so no VTIMEZONE is needed and every calendar app shows them on the
right day in Vietnam. UIDs depend only on the month's id and the event kind, so a re-fetched feed
updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from schedule.models import CalendarFeedToken
from schedule.selectors import ScheduleRow, feed_rows


def feed_path(token: CalendarFeedToken) -> str:
    return reverse("schedule:feed", args=[token.token])


def _event(*, uid: str, day: datetime.date, summary: str, description: str, url: str, stamp) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    return event


def _events_for(row: ScheduleRow, *, host: str, base_url: str, stamp) -> list[Event]:
    month = row.month
    units = ", ".join(u.short_name or u.name for u in row.units) or month.units_label
    url = base_url + reverse("schedule:month_detail", args=[month.pk]) if base_url else ""
    events = [
        _event(
            uid=f"column-deadline-{month.pk}@{host}",
            day=row.deadline,
            summary=_("Column %(month)s: coordination deadline (%(units)s)") % {"month": month, "units": units},
            description=month.topic,
            url=url,
            stamp=stamp,
        )
    ]
    if month.air_date:
        events.append(
            _event(
                uid=f"column-air-{month.pk}@{host}",
                day=month.air_date,
                summary=_("Column %(month)s airs/prints (%(units)s)") % {"month": month, "units": units},
                description=month.agreed_content or month.topic,
                url=url,
                stamp=stamp,
            )
        )
    return events


def build_feed(token: CalendarFeedToken, *, host: str) -> bytes:
    """The feed's bytes, in the owner's language."""
    from django.conf import settings

    owner = token.owner
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        scope = token.unit.name if token.unit_id else token.committee.name
        calendar = Calendar()
        calendar.add("prodid", "-//MTTQ portal//column schedule//VI")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Column schedule: %(scope)s") % {"scope": scope})
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        for row in feed_rows(committee=token.committee, unit=token.unit):
            for event in _events_for(row, host=host, base_url=settings.PORTAL_BASE_URL, stamp=stamp):
                calendar.add_component(event)
    return calendar.to_ical()
