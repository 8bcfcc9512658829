"""What an item needs before it can reach the editorial board, and when it is late (plain Python,
no Django).

The plan asks for "tin, bài" with at least one illustrative photo (rule 3); the length limits are
ours: a news item of a few sentences, an article of a few paragraphs.

Timeliness (rule 4): "Tin, bài về các sự kiện phải được gửi đến Ban Biên tập chậm nhất sau 01 ngày
làm việc." The plan says news items *and* articles ("tin, bài") about an event; an item is about an
event when it carries the event's date. An item without an event date (a portrait, a model, a
report on a campaign) is about no single event and has no due time: it is never late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# Characters of visible text in the body (tags removed).
MIN_BODY_CHARS = {"news": 150, "article": 600}
MAX_BODY_CHARS = 60_000
MIN_TITLE_CHARS = 10


@dataclass(frozen=True)
class ItemFacts:
    kind: str
    title: str
    body_text: str
    usable_photos: int
    blocking_photos: int
    # Photos whose slower check has not finished: their verdict may still change.
    checking_photos: int = 0


@dataclass(frozen=True)
class Missing:
    """Something that stops submission; ``code`` keys the message the Django layer shows."""

    code: str
    params: dict


def missing_for_submission(facts: ItemFacts) -> list[Missing]:
    """Everything that stops the item from being submitted; empty when it may be submitted."""
    problems: list[Missing] = []
    if len(facts.title.strip()) < MIN_TITLE_CHARS:
        problems.append(Missing("title", {"min": MIN_TITLE_CHARS}))
    length = len(" ".join(facts.body_text.split()))
    minimum = MIN_BODY_CHARS.get(facts.kind, MIN_BODY_CHARS["news"])
    if length < minimum:
        problems.append(Missing("body_short", {"min": minimum, "length": length}))
    elif length > MAX_BODY_CHARS:
        problems.append(Missing("body_long", {"max": MAX_BODY_CHARS, "length": length}))
    if facts.blocking_photos:
        problems.append(Missing("photo_blocking", {"count": facts.blocking_photos}))
    elif facts.checking_photos:
        problems.append(Missing("photo_checking", {"count": facts.checking_photos}))
    elif facts.usable_photos < 1:
        problems.append(Missing("photo_missing", {}))
    return problems


def has_event_deadline(*, kind: str, event_date: datetime.date | None) -> bool:
    """Whether rule 4's due time applies: to any item, news or article, that is about an event
    (has an event date). ``kind`` is accepted so that callers need not know that it does not matter."""
    del kind  # "Tin, bài về các sự kiện": both kinds alike
    return event_date is not None


def is_late(*, first_submitted_at: datetime.datetime | None, due_at: datetime.datetime | None) -> bool:
    """Late: first reached the editorial board at or after the due time. Sending an item again
    after requested changes does not change it (the first submission counts, as for rule 2)."""
    return due_at is not None and first_submitted_at is not None and first_submitted_at >= due_at
